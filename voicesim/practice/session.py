"""A practice interview: speak each question, record the answer until it is over, score it, keep everything.

This is the core of `voicesim practice`, with no terminal code: it reports
progress to a `PracticeUI` and reads key presses from a `Keys` object, both
supplied by the CLI (or a test).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from voicesim.question.bank import Bank, Concept, Question
from voicesim.errors import DeviceError, StoreError, VoicesimError
from voicesim.paths import default_recordings_dir, write_private
from voicesim.practice.records import (
    AnswerRecord, Keys, PracticeOptions, PracticeUI, SessionInterrupted, SessionRecord, new_session_dir,
)
from voicesim.practice.take import TICK_S, LiveStatus, Take, TakeInterrupted, TakeSettings, record_take
from voicesim.report.compare import Comparison, Figures, compare
from voicesim.report.schema import score_to_dict
from voicesim.scoring import Score, score_answer
from voicesim.scoring.follow_up import FollowUpReply, next_follow_up
from voicesim.transcript import Transcript
from voicesim.transcript.whisper import make_transcriber, Transcriber

if TYPE_CHECKING:  # the audio modules import sounddevice and numpy: loaded when a session runs
    from voicesim.store import Store
    from voicesim.recording.recorder import AnswerRecorder
    from voicesim.speech.interviewer import InterviewerVoice

log = logging.getLogger(__name__)

__all__ = ["Keys", "LiveStatus", "PracticeOptions", "PracticeSession", "SessionInterrupted", "SessionRecord"]

AUDIO_EXTENSIONS = (".wav", ".flac", ".mp3", ".ogg", ".opus", ".m4a", ".webm", ".aac")
LIVE_BACKLOG_SHOWN_S = 1.0  # audio left to transcribe after an answer that is worth a progress line


class PracticeSession:
    def __init__(self, bank: Bank, questions: list[Question], options: PracticeOptions, ui: PracticeUI, keys: Keys,
                 transcriber: Transcriber | None = None, voice: InterviewerVoice | None = None,
                 recorder_factory: Callable[..., AnswerRecorder] | None = None, store: Store | None = None):
        self.bank = bank
        self.questions = questions
        self.options = options
        self.ui = ui
        self.keys = keys
        self.transcriber = transcriber or make_transcriber(options.model, cpu_threads=options.threads, engine=options.engine)
        self._voice = voice  # the interviewer's; made when the session starts speaking
        self._model_preloading = False
        self._recorder_factory = recorder_factory
        self.store = store  # the history; None keeps only the session folder
        self._input_device: int | None = None
        self._output_device: int | None = None

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
                self._release_voice()

    def _preload_model(self) -> None:
        # Load Whisper before the first answer: the first scorecard comes sooner. When the question is spoken, once it
        # has been (_speak): loaded beside the neural voice and its synthesis, the session peaked over 400 MB.
        if self._model_preloading:
            return
        self._model_preloading = True

        def load():
            try:
                self.transcriber.load()
            except VoicesimError as exc:
                log.debug("model preload failed (reported when used): %s", exc)
        threading.Thread(target=load, name="voicesim-model-load", daemon=True).start()

    def run(self) -> SessionRecord:
        self._prepare_voice()  # first: the model loads while the devices are checked, before the first question is shown
        try:
            self._check_devices()
            root = self.options.recordings_dir or default_recordings_dir()
            session_id, directory = new_session_dir(root, self.store.session_exists if self.store else lambda _id: False)
            session = SessionRecord(session_id, self.bank, directory, datetime.now().astimezone().isoformat(timespec="seconds"))
            if self.store is not None:
                self.store.begin_session(session_id, "practice", self.bank, session.started_at, directory)
        except BaseException:
            self._release_voice()
            raise
        log.info("session %s in %s", session_id, directory)
        if not self.options.speak:
            self._preload_model()
        try:
            for index, question in enumerate(self.questions, start=1):
                self.ui.on_question(index, len(self.questions), question)
                if self.options.answers_dir is not None:
                    record = self._answer_from_file(question, directory)
                else:
                    record = self._live_answer(question, directory, session)
                    if record is None:  # quit after no speech
                        break
                answer_id = self._keep(session, record)
                if record.score is not None and not record.score.no_speech and self.options.follow_ups > 0:
                    self._follow_ups(session, record, answer_id)
                if index < len(self.questions):
                    # the next question's voice loads while this scorecard is read; never after the last answer,
                    # where it would only add its 89 MB to the session's peak (benchmarks/README.md)
                    self._prepare_voice()
                    if not self.ui.ready_for_next(index, len(self.questions)):
                        break
        except KeyboardInterrupt:
            session.interrupted = True
            self._save(session)
            raise SessionInterrupted(session) from None
        finally:
            self._release_voice()
            if self.store is not None:
                try:
                    self.store.end_session(session_id, interrupted=session.interrupted)
                except StoreError as exc:  # never hide the error that ended the session; its answers are stored
                    log.warning("could not record the end of session %s: %s", session_id, exc)
        return session

    # -- one answer
    def _prepare_voice(self) -> None:
        """Load the interviewer's voice in the background, so the next question sounds at once."""
        if not self.options.speak:
            return
        if self._voice is None:
            from voicesim.speech.interviewer import make_voice

            self._voice = make_voice(self.options.voice, self.options.rate)
        self._voice.prepare()

    def _release_voice(self) -> None:
        # waits for a load under way: ONNX Runtime aborts the process ("terminate called") if it is loading at exit
        if self._voice is not None:
            self._voice.release()

    def _speak(self, question: Question, text: str, name: str) -> None:
        """Speak `text` (the question has just been shown); Enter skips the rest of it."""
        if not self.options.speak:
            return
        self._prepare_voice()
        self.keys.clear()
        self.ui.on_speaking(question, True)
        try:
            spoken = self._voice.speak(text, self._output_device, stop=self.keys.enter.is_set)
        finally:
            # the neural voice's model is dropped while Whisper works on the answer (memory: neural.py)
            self._voice.release()
            self._preload_model()
        self.ui.on_speaking(question, False)
        first = "no sound" if spoken.first_sound_s is None else f"first sound {spoken.first_sound_s:.2f} s after it was shown"
        log.info("spoke %s with %s: %s, %.1f s%s", name, spoken.voice, first, spoken.seconds, " (skipped)" if spoken.skipped else "")

    def _prep(self) -> None:
        self.keys.clear()
        deadline = time.monotonic() + self.options.prep_s
        while (remaining := deadline - time.monotonic()) > 0 and not self.keys.any_key.is_set():
            self.ui.on_prep(remaining)
            time.sleep(min(TICK_S, remaining))

    def _take(self, question: Question, path: Path) -> Take:
        from voicesim.recording.recorder import Recorder

        o = self.options
        settings = TakeSettings(o.end_silence_s, o.no_speech_timeout_s, o.max_seconds, o.warn_before_s, o.streaming, coach=o.coach)
        self.keys.clear()
        return record_take(question, path, settings, self.ui, self.keys.enter.is_set, self._recorder_factory or Recorder,
                           self._input_device, self.transcriber)

    def _check_take(self, take: Take, keep: Callable[[], None]) -> None:
        """A take the recorder could not finish: keep what there is (`keep`), then say why, in one error."""
        if take.error is None and take.ended_by != "device_lost":
            return
        try:
            keep()
        except (OSError, StoreError) as exc:  # a full disk fails these too: the recording is what to report
            log.warning("could not keep the session record: %s", exc)
        if take.error is not None:
            raise VoicesimError(f"recording stopped: cannot write {take.path} ({take.error}); the audio up to {take.seconds:.1f} s is kept")
        raise DeviceError(f"the microphone stopped during the answer; the {take.seconds:.1f} s recorded are kept in {take.path}; "
                          "check `voicesim devices`, choose one with --device, or use --answers DIR")

    def _live_answer(self, question: Question, directory: Path, session: SessionRecord) -> AnswerRecord | None:
        self._speak(question, question.prompt, question.id)
        attempt = 1
        while True:
            self._prep()
            path = directory / (f"{question.id}.wav" if attempt == 1 else f"{question.id}-take{attempt}.wav")
            try:
                take = self._take(question, path)
            except TakeInterrupted as stop:
                take, score, comparison = stop.take, None, None
                if take.seconds > 0 and self.ui.ask_score_partial(question, take.seconds):
                    score, comparison = self._score_file(question, path)
                self._keep(session, AnswerRecord(question, path, "interrupted", take.seconds, score, take.overflows, comparison=comparison))
                raise
            ended = "write_error" if take.error is not None else take.ended_by
            self._check_take(take, lambda: self._keep(session, AnswerRecord(question, path, ended, take.seconds, None, take.overflows)))
            if take.ended_by == "no_speech":
                choice = self.ui.ask_after_no_speech(question, take.seconds)
                if choice == "retry":
                    attempt += 1
                    continue
                record = AnswerRecord(question, path, take.ended_by, take.seconds, None, take.overflows)
                if choice == "quit":
                    self._keep(session, record)
                    return None
                return record
            transcript = self._transcript_of(question, take)
            score, comparison = self._keep_score(question, transcript, path.with_suffix(".json"))
            delay = time.monotonic() - take.ended_at
            log.info("scorecard %.2f s after the end of the answer (%s)", delay, "streaming" if take.live else "one pass")
            return AnswerRecord(question, path, take.ended_by, take.seconds, score, take.overflows, comparison=comparison,
                                scorecard_delay_s=delay)

    def _transcript_of(self, question: Question, take: Take) -> Transcript:
        """The take's transcript: the live transcription finished (usually only its last moments are left), or the
        file transcribed now."""
        if take.live is None:
            return self._transcribe_file(question, take.path)
        shown = False

        def progress(remaining_s: float) -> None:
            nonlocal shown
            if remaining_s > LIVE_BACKLOG_SHOWN_S or shown:  # say so only when the wait is more than a moment
                if not shown:
                    self.ui.on_transcribing(question)
                    shown = True
                self.ui.on_transcribing_progress(question, remaining_s)

        started = time.monotonic()
        transcript = take.live.finish(progress, duration=take.seconds)
        log.info("live transcription: %d piece(s), %.2f s after the recording ended", take.live.pieces, time.monotonic() - started)
        return transcript

    def _transcribe_file(self, question: Question, path: Path) -> Transcript:
        self.ui.on_transcribing(question)
        started = time.monotonic()
        transcript = self.transcriber.transcribe_file(path, vocabulary=question.vocabulary)
        log.info("transcribed %.1f s of audio in %.2f s", transcript.duration, time.monotonic() - started)
        return transcript

    def _score_file(self, question: Question, path: Path, result_path: Path | None = None) -> tuple[Score, Comparison | None]:
        """Transcribe and score one answer file, keep the result (beside the audio unless told), show it
        with how it compares to the candidate's earlier attempts at the question."""
        return self._keep_score(question, self._transcribe_file(question, path), result_path or path.with_suffix(".json"))

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
        earlier = self.store.attempts(question.id, bank=self.bank.bank_of(question.id).name)
        return compare(Figures.of(score), [Figures.of(a.score) for a in earlier])

    def _answer_from_file(self, question: Question, directory: Path) -> AnswerRecord:
        answers = self.options.answers_dir
        found = _answer_file(answers, question.id)
        if found is None:
            self.ui.on_missing_answer(question, answers)
            return AnswerRecord(question, None, "missing", 0.0, None, audio_owned=False)
        # the candidate's file stays where it is; the result goes into the session folder
        score, comparison = self._score_file(question, found, directory / f"{question.id}.json")
        return AnswerRecord(question, found.resolve(), "file", score.transcript.duration, score, audio_owned=False, comparison=comparison)

    # -- follow-up questions
    def _follow_ups(self, session: SessionRecord, record: AnswerRecord, answer_id: int | None) -> None:
        """Ask about the must concepts the answer left out, one at a time, and rescore with each reply.

        Each reply is kept as it comes (session.json, the result JSON, the history) before the next is asked."""
        question, replies, asked = record.question, [], []
        for number in range(1, self.options.follow_ups + 1):
            concept = next_follow_up(question, record.score.coverage, asked)
            if concept is None:
                return
            asked.append(concept.name)
            reply = self._follow_up_reply(session, question, concept, number)
            if reply is None:
                return
            replies.append(reply)
            score = score_answer(record.score.transcript, question, pause_threshold_s=self.options.pause_threshold_s, follow_ups=replies)
            record = replace(record, score=score)
            session.answers[-1] = record
            self._save(session)
            write_private(_result_path(session.directory, record), json.dumps(score_to_dict(score), indent=2))
            if self.store is not None and answer_id is not None:
                self.store.add_follow_up(answer_id, reply, score)
            self.ui.on_follow_up_result(question, score.follow_ups[-1], score)

    def _follow_up_reply(self, session: SessionRecord, question: Question, concept: Concept, number: int) -> FollowUpReply | None:
        """The candidate's reply to one follow-up: from --answers (None when there is no reply file: nothing is asked),
        or spoken and recorded like an answer."""
        name = f"{question.id}.followup-{number}"
        if self.options.answers_dir is not None:
            found = _answer_file(self.options.answers_dir, name)
            if found is None:
                return None
            self.ui.on_follow_up(question, number, concept.follow_up)
            return FollowUpReply(concept.name, concept.follow_up, self._transcribe_file(question, found), str(found.resolve()))
        self.ui.on_follow_up(question, number, concept.follow_up)
        self._speak(question, concept.follow_up, name)
        self._prep()
        take = self._take(question, session.directory / f"{name}.wav")  # Ctrl+C: the answer and this audio are kept
        self._check_take(take, lambda: None)
        if take.ended_by == "no_speech":
            transcript = Transcript(words=(), duration=take.seconds, speech=(), model=self.transcriber.label)
        else:
            transcript = self._transcript_of(question, take)
        return FollowUpReply(concept.name, concept.follow_up, transcript, str(take.path))

    def _keep(self, session: SessionRecord, record: AnswerRecord) -> int | None:
        """One answer is over: into session.json and, committed at once, into the history (its id there)."""
        session.answers.append(record)
        self._save(session)
        if self.store is None:
            return None
        from voicesim.store import AnswerSettings

        transcript = record.score.transcript if record.score is not None else None
        recognition = asdict(self.transcriber.settings) if transcript is not None else {}
        return self.store.add_answer(
            session.session_id, record.question, ended_by=record.ended_by, audio_path=record.audio_path, audio_owned=record.audio_owned,
            recorded_s=record.recorded_s, input_overflows=record.overflows, transcript=transcript,
            settings=AnswerSettings(self.options.pause_threshold_s, recognition), score=record.score,
        )

    def _save(self, session: SessionRecord) -> None:
        write_private(session.directory / "session.json", json.dumps(session.to_dict(), indent=2))


def _answer_file(folder: Path, stem: str) -> Path | None:
    """`<stem>.<ext>` in `folder`, for the first audio extension that exists."""
    for ext in AUDIO_EXTENSIONS:
        if (folder / f"{stem}{ext}").is_file():
            return folder / f"{stem}{ext}"
    return None


def _result_path(directory: Path, record: AnswerRecord) -> Path:
    """Where an answer's result JSON is: beside the recording, or in the session folder for a file passed in."""
    if record.audio_owned and record.audio_path is not None:
        return record.audio_path.with_suffix(".json")
    return directory / f"{record.question.id}.json"
