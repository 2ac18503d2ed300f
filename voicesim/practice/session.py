"""A practice interview: speak each question, record the answer until it is over, score it, keep everything.

This is the core of `voicesim practice`, with no terminal code: it reports
progress to a `PracticeUI` and reads key presses from a `Keys` object, both
supplied by the CLI (or a test).
"""

from __future__ import annotations

import json
import logging
import math
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from voicesim.recording.endpoint import EndRules, Endpointer
from voicesim.question.bank import Bank, Question
from voicesim.errors import DeviceError, StoreError, VoicesimError
from voicesim.paths import default_recordings_dir, make_private_dir, write_private
from voicesim.report.compare import Comparison, Figures, compare
from voicesim.report.schema import score_to_dict
from voicesim.scoring import Score, score_answer
from voicesim.transcript.whisper import make_transcriber, Transcriber

if TYPE_CHECKING:  # the audio modules import sounddevice and numpy: loaded when a session runs
    from voicesim.transcript import Transcript
    from voicesim.transcript.streaming import LiveTranscription
    from voicesim.store import Store
    from voicesim.recording.recorder import AnswerRecorder
    from voicesim.speech.speaker import Speaker

log = logging.getLogger(__name__)

AUDIO_EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".webm", ".aac")
TICK_S = 0.1
LIVE_BACKLOG_SHOWN_S = 1.0  # audio left to transcribe after an answer that is worth a progress line
CAP_OVER_TARGET = 1.25  # default time cap: the question's longest target length plus a quarter


@dataclass
class Keys:
    """Key presses, set by the CLI's input thread: Enter ends an answer, any key skips the thinking time."""

    enter: threading.Event = field(default_factory=threading.Event)
    any_key: threading.Event = field(default_factory=threading.Event)

    def clear(self) -> None:
        self.enter.clear()
        self.any_key.clear()


@dataclass(frozen=True)
class LiveStatus:
    elapsed_s: float
    target_min_s: float
    target_max_s: float
    cap_s: float
    level_dbfs: float
    has_spoken: bool
    speech_s: float


@dataclass(frozen=True)
class PracticeOptions:
    speak: bool = True
    voice: str | None = None
    rate: int | None = None
    prep_s: float = 5.0
    end_silence_s: float = 3.0
    no_speech_timeout_s: float = 20.0
    max_seconds: float | None = None  # None: from the question
    warn_before_s: float = 15.0
    device: str | None = None
    output_device: str | None = None
    recordings_dir: Path | None = None
    answers_dir: Path | None = None
    pause_threshold_s: float = 2.0
    model: str | None = None
    threads: int | None = None
    engine: str | None = None  # "faster-whisper" (default) or "openai-whisper"
    streaming: bool = True  # transcribe while the candidate speaks (streaming.py); off: once the answer ends


@dataclass(frozen=True)
class AnswerRecord:
    question: Question
    audio_path: Path | None
    ended_by: str  # enter, silence, max_time, no_speech, interrupted, device_lost, file, missing
    recorded_s: float
    score: Score | None
    overflows: int = 0
    audio_owned: bool = True  # recorded by voicesim; False for a file the candidate passed in (--answers)
    comparison: Comparison | None = None  # with earlier attempts at this question
    scorecard_delay_s: float | None = None  # from the end of the answer (the end rule firing) to the scorecard shown


@dataclass
class SessionRecord:
    session_id: str
    bank: Bank
    directory: Path
    started_at: str
    answers: list[AnswerRecord] = field(default_factory=list)
    interrupted: bool = False

    def to_dict(self) -> dict:
        return {
            "schema": 1,
            "session": self.session_id,
            "bank": self.bank.name,
            "started_at": self.started_at,
            "interrupted": self.interrupted,
            "answers": [
                {
                    "question": a.question.id,
                    "audio": str(a.audio_path) if a.audio_path else None,
                    "ended_by": a.ended_by,
                    "recorded_s": round(a.recorded_s, 2),
                    "input_overflows": a.overflows,
                    "overall": a.score.overall if a.score else None,
                    "coverage": a.score.coverage.score if a.score else None,
                    "wpm": a.score.delivery.wpm if a.score else None,
                    "fillers": len(a.score.delivery.fillers) if a.score else None,
                }
                for a in self.answers
            ],
        }


class PracticeUI(Protocol):
    def on_question(self, index: int, total: int, question: Question) -> None: ...
    def on_speaking(self, question: Question, speaking: bool) -> None: ...
    def on_prep(self, remaining_s: float) -> None: ...
    def on_recording(self, question: Question, status: LiveStatus, warn: bool) -> None: ...
    def on_recording_end(self, question: Question, ended_by: str, path: Path, seconds: float, overflows: int) -> None: ...
    def on_transcribing(self, question: Question) -> None: ...
    def on_transcribing_progress(self, question: Question, remaining_s: float) -> None: ...  # audio seconds left; 0 when done
    def on_score(self, question: Question, score: Score, comparison: Comparison | None) -> None: ...
    def on_missing_answer(self, question: Question, directory: Path) -> None: ...
    def ask_after_no_speech(self, question: Question, waited_s: float) -> str: ...  # "retry", "skip" or "quit"
    def ask_score_partial(self, question: Question, seconds: float) -> bool: ...
    def ready_for_next(self, done: int, total: int) -> bool: ...  # False ends the session early


class SessionInterrupted(VoicesimError):
    """Ctrl+C: the session ended early; what was recorded is kept."""

    exit_code = 130

    def __init__(self, session: SessionRecord):
        super().__init__("interrupted")
        self.session = session


def new_session_dir(root: Path, taken: Callable[[str], bool] = lambda _id: False) -> tuple[str, Path]:
    make_private_dir(root)
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")
    for n in range(1, 1000):
        session_id = stamp if n == 1 else f"{stamp}-{n}"
        directory = root / session_id
        if taken(session_id):  # a session of that id lives in another recordings folder
            continue
        try:
            directory.mkdir(mode=0o700)
            return session_id, directory
        except FileExistsError:
            continue
    raise VoicesimError(f"cannot create a session folder in {root}")


class PracticeSession:
    def __init__(self, bank: Bank, questions: list[Question], options: PracticeOptions, ui: PracticeUI, keys: Keys,
                 transcriber: Transcriber | None = None, speaker: Speaker | None = None,
                 recorder_factory: Callable[..., AnswerRecorder] | None = None, store: Store | None = None):
        self.bank = bank
        self.questions = questions
        self.options = options
        self.ui = ui
        self.keys = keys
        self.transcriber = transcriber or make_transcriber(options.model, cpu_threads=options.threads, engine=options.engine)
        self._speaker = speaker
        self._recorder_factory = recorder_factory
        self.store = store  # the history; None keeps only the session folder
        self._input_device: int | None = None
        self._output_device: int | None = None
        self._tmp: Path | None = None  # rendered question audio, for the length of run()

    # -- set-up
    def _check_devices(self) -> None:
        from voicesim.audio.devices import resolve_device

        if self.options.answers_dir is None:
            self._input_device = resolve_device(self.options.device, "input")
        if self.options.speak:
            try:
                self._output_device = resolve_device(self.options.output_device, "output")
            except DeviceError as exc:
                if self.options.output_device:
                    raise
                log.warning("%s: questions will be shown, not spoken", exc)
                self.options = replace(self.options, speak=False)

    def _preload_model(self) -> None:
        # Load Whisper while the first question is being spoken: the first scorecard comes sooner.
        def load():
            try:
                self.transcriber.load()
            except VoicesimError as exc:
                log.debug("model preload failed (reported when used): %s", exc)
        threading.Thread(target=load, name="voicesim-model-load", daemon=True).start()

    def run(self) -> SessionRecord:
        self._check_devices()
        root = self.options.recordings_dir or default_recordings_dir()
        session_id, directory = new_session_dir(root, self.store.session_exists if self.store else lambda _id: False)
        session = SessionRecord(session_id, self.bank, directory, datetime.now().astimezone().isoformat(timespec="seconds"))
        if self.store is not None:
            self.store.begin_session(session_id, "practice", self.bank, session.started_at, directory)
        log.info("session %s in %s", session_id, directory)
        self._preload_model()
        self._tmp = Path(tempfile.mkdtemp(prefix="voicesim-"))
        try:
            for index, question in enumerate(self.questions, start=1):
                self.ui.on_question(index, len(self.questions), question)
                if self.options.answers_dir is not None:
                    record = self._answer_from_file(question, directory)
                else:
                    record = self._live_answer(question, directory, session)
                    if record is None:  # quit after no speech
                        break
                self._keep(session, record)
                if index < len(self.questions) and not self.ui.ready_for_next(index, len(self.questions)):
                    break
        except KeyboardInterrupt:
            session.interrupted = True
            self._save(session)
            raise SessionInterrupted(session) from None
        finally:
            if self.store is not None:
                try:
                    self.store.end_session(session_id, interrupted=session.interrupted)
                except StoreError as exc:  # never hide the error that ended the session; its answers are stored
                    log.warning("could not record the end of session %s: %s", session_id, exc)
            for f in self._tmp.glob("*"):
                f.unlink(missing_ok=True)
            self._tmp.rmdir()
        return session

    # -- one answer
    def _speak(self, question: Question) -> None:
        if not self.options.speak:
            return
        from voicesim.speech.playback import play_wav
        from voicesim.speech.speaker import DEFAULT_RATE, DEFAULT_VOICE, Pyttsx3Speaker

        if self._speaker is None:
            self._speaker = Pyttsx3Speaker(voice=self.options.voice or DEFAULT_VOICE, rate=self.options.rate or DEFAULT_RATE)
        path = self._speaker.render(question.prompt, self._tmp / f"{question.id}.wav")
        self.ui.on_speaking(question, True)
        seconds = play_wav(path, self._output_device)
        self.ui.on_speaking(question, False)
        log.info("spoke the question in %.1f s", seconds)

    def _prep(self) -> None:
        self.keys.clear()
        deadline = time.monotonic() + self.options.prep_s
        while (remaining := deadline - time.monotonic()) > 0 and not self.keys.any_key.is_set():
            self.ui.on_prep(remaining)
            time.sleep(min(TICK_S, remaining))

    def _cap(self, question: Question) -> float:
        return self.options.max_seconds or math.ceil(question.target.max_s * CAP_OVER_TARGET)

    def _live_answer(self, question: Question, directory: Path, session: SessionRecord) -> AnswerRecord | None:
        from voicesim.recording.recorder import Recorder
        from voicesim.transcript.activity import VoiceActivity
        from voicesim.transcript.streaming import LiveTranscription

        make_recorder = self._recorder_factory or Recorder
        self._speak(question)
        attempt = 1
        while True:
            self._prep()
            name = f"{question.id}.wav" if attempt == 1 else f"{question.id}-take{attempt}.wav"
            path = directory / name
            rules = EndRules(self.options.end_silence_s, self.options.no_speech_timeout_s, self._cap(question), self.options.warn_before_s)
            activity = VoiceActivity()  # scored once, shared by the end rule and the live transcription
            endpointer = Endpointer(rules, activity)
            live = LiveTranscription(self.transcriber, activity, question.vocabulary) if self.options.streaming else None
            recorder = make_recorder(path, device=self._input_device,
                                     listeners=[activity.feed, endpointer.feed] + ([live.feed] if live else []))
            self.keys.clear()
            recorder.start()
            ended_by = None
            try:
                while ended_by is None:
                    time.sleep(TICK_S)
                    if self.keys.enter.is_set():
                        ended_by = "enter"
                    elif not recorder.running:
                        ended_by = "device_lost"
                    else:
                        ended_by = endpointer.decision()
                    status = LiveStatus(endpointer.elapsed_s, question.target.min_s, question.target.max_s, rules.max_seconds,
                                        endpointer.level_dbfs, endpointer.has_spoken, endpointer.speech_s)
                    self.ui.on_recording(question, status, warn=endpointer.time_left_s <= rules.warn_before_s)
            except KeyboardInterrupt:
                recorder.stop()
                if live is not None:
                    live.cancel()
                self.ui.on_recording_end(question, "interrupted", path, recorder.seconds, recorder.overflows)
                score = None
                comparison = None
                if recorder.seconds > 0 and self.ui.ask_score_partial(question, recorder.seconds):
                    score, comparison = self._score_file(question, path)
                self._keep(session, AnswerRecord(question, path, "interrupted", recorder.seconds, score, recorder.overflows, comparison=comparison))
                raise
            ended_at = time.monotonic()
            recorder.stop()
            self.ui.on_recording_end(question, ended_by, path, recorder.seconds, recorder.overflows)
            if live is not None and (recorder.error is not None or ended_by in ("device_lost", "no_speech")):
                live.cancel()
            if recorder.error is not None:
                try:
                    self._keep(session, AnswerRecord(question, path, "write_error", recorder.seconds, None, recorder.overflows))
                except (OSError, StoreError) as exc:  # a full disk fails these too: the recording is what to report
                    log.warning("could not keep the session record: %s", exc)
                raise VoicesimError(f"recording stopped: cannot write {path} ({recorder.error}); the audio up to {recorder.seconds:.1f} s is kept")
            if ended_by == "device_lost":
                self._keep(session, AnswerRecord(question, path, ended_by, recorder.seconds, None, recorder.overflows))
                raise DeviceError(f"the microphone stopped during the answer; the {recorder.seconds:.1f} s recorded are kept in {path}; "
                                  "check `voicesim devices`, choose one with --device, or use --answers DIR")
            if ended_by == "no_speech":
                choice = self.ui.ask_after_no_speech(question, recorder.seconds)
                if choice == "retry":
                    attempt += 1
                    continue
                record = AnswerRecord(question, path, ended_by, recorder.seconds, None, recorder.overflows)
                if choice == "quit":
                    self._keep(session, record)
                    return None
                return record
            if live is not None:
                score, comparison = self._score_live(question, path, live, recorder.seconds)
            else:
                score, comparison = self._score_file(question, path)
            delay = time.monotonic() - ended_at
            log.info("scorecard %.2f s after the end of the answer (%s)", delay, "streaming" if live else "one pass")
            return AnswerRecord(question, path, ended_by, recorder.seconds, score, recorder.overflows, comparison=comparison,
                                scorecard_delay_s=delay)

    def _score_live(self, question: Question, path: Path, live: LiveTranscription, seconds: float) -> tuple[Score, Comparison | None]:
        """Finish the live transcription (usually only its last moments are left) and score it."""
        shown = False

        def progress(remaining_s: float) -> None:
            nonlocal shown
            if remaining_s > LIVE_BACKLOG_SHOWN_S or shown:  # say so only when the wait is more than a moment
                if not shown:
                    self.ui.on_transcribing(question)
                    shown = True
                self.ui.on_transcribing_progress(question, remaining_s)

        started = time.monotonic()
        transcript = live.finish(progress, duration=seconds)
        log.info("live transcription: %d piece(s), %.2f s after the recording ended", live.pieces, time.monotonic() - started)
        return self._keep_score(question, transcript, path.with_suffix(".json"))

    def _score_file(self, question: Question, path: Path, result_path: Path | None = None) -> tuple[Score, Comparison | None]:
        """Transcribe and score one answer file, keep the result (beside the audio unless told), show it
        with how it compares to the candidate's earlier attempts at the question."""
        self.ui.on_transcribing(question)
        started = time.monotonic()
        transcript = self.transcriber.transcribe_file(path, vocabulary=question.vocabulary)
        log.info("transcribed %.1f s of audio in %.2f s", transcript.duration, time.monotonic() - started)
        return self._keep_score(question, transcript, result_path or path.with_suffix(".json"))

    def _keep_score(self, question: Question, transcript: Transcript, result_path: Path) -> tuple[Score, Comparison | None]:
        score = score_answer(transcript, question, pause_threshold_s=self.options.pause_threshold_s)
        write_private(result_path, json.dumps(score_to_dict(score), indent=2))
        comparison = self._compare(question, score)
        self.ui.on_score(question, score, comparison)
        return score, comparison

    def _compare(self, question: Question, score: Score) -> Comparison | None:
        if self.store is None or score.no_speech:
            return None
        # every stored attempt is earlier than this one, which is stored after it is shown
        earlier = self.store.attempts(question.id, bank=self.bank.name)
        return compare(Figures.of(score), [Figures.of(a.score) for a in earlier])

    def _answer_from_file(self, question: Question, directory: Path) -> AnswerRecord:
        answers = self.options.answers_dir
        found = [answers / f"{question.id}{ext}" for ext in AUDIO_EXTENSIONS if (answers / f"{question.id}{ext}").is_file()]
        if not found:
            self.ui.on_missing_answer(question, answers)
            return AnswerRecord(question, None, "missing", 0.0, None, audio_owned=False)
        # the candidate's file stays where it is; the result goes into the session folder
        score, comparison = self._score_file(question, found[0], directory / f"{question.id}.json")
        return AnswerRecord(question, found[0].resolve(), "file", score.transcript.duration, score, audio_owned=False, comparison=comparison)

    def _keep(self, session: SessionRecord, record: AnswerRecord) -> None:
        """One answer is over: into session.json and, committed at once, into the history."""
        session.answers.append(record)
        self._save(session)
        if self.store is None:
            return
        from voicesim.store import AnswerSettings

        transcript = record.score.transcript if record.score is not None else None
        recognition = asdict(self.transcriber.settings) if transcript is not None else {}
        self.store.add_answer(
            session.session_id, record.question, ended_by=record.ended_by, audio_path=record.audio_path, audio_owned=record.audio_owned,
            recorded_s=record.recorded_s, input_overflows=record.overflows, transcript=transcript,
            settings=AnswerSettings(self.options.pause_threshold_s, recognition), score=record.score,
        )

    def _save(self, session: SessionRecord) -> None:
        write_private(session.directory / "session.json", json.dumps(session.to_dict(), indent=2))
