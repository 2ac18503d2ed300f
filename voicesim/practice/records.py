"""What a practice session is made of, with no behaviour: its options, the keys it listens to, the record of
each answer and of the session (session.json), the interface it reports to, and its session folder."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from voicesim.errors import VoicesimError
from voicesim.paths import make_private_dir
from voicesim.practice.take import LiveStatus
from voicesim.question.bank import Bank, Question
from voicesim.report.compare import Comparison
from voicesim.scoring import Score

if TYPE_CHECKING:
    from voicesim.scoring.follow_up import FollowUpResult


@dataclass
class Keys:
    """Key presses, set by the CLI's input thread: Enter ends an answer, any key skips the thinking time."""

    enter: threading.Event = field(default_factory=threading.Event)
    any_key: threading.Event = field(default_factory=threading.Event)

    def clear(self) -> None:
        self.enter.clear()
        self.any_key.clear()


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
    follow_ups: int = 1  # follow-up questions at most per answer, one per missing must concept; 0: none
    coach: bool = True  # the coach in the live panel (practice/coach.py); it needs `streaming`


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
                    "coverage": a.score.coverage.score if a.score and a.score.coverage.rated else None,  # null: no rubric yet
                    "wpm": a.score.delivery.wpm if a.score else None,
                    "fillers": len(a.score.delivery.fillers) if a.score else None,
                    "follow_ups": [{"concept": f.concept, "prompt": f.prompt, "audio": f.audio, "recovered": [c.name for c in f.recovered]}
                                   for f in (a.score.follow_ups if a.score else ())],
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
    def on_follow_up(self, question: Question, number: int, prompt: str) -> None: ...  # the interviewer asks it
    def on_follow_up_result(self, question: Question, result: FollowUpResult, score: Score) -> None: ...
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
