"""What the history database gives back: frozen records, never raw rows or dicts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from voicesim.errors import StoreError
from voicesim.question.bank import Question
from voicesim.transcript import Transcript

if TYPE_CHECKING:
    from voicesim.scoring import Score
    from voicesim.scoring.follow_up import FollowUpReply


@dataclass(frozen=True)
class StoredScore:
    """One version of an answer's score: the figures history, progress and export show."""

    version: int
    scored_at: str
    question_hash: str  # the rubric it was scored against
    no_speech: bool
    overall: int
    coverage: float | None  # None when the question had no rubric yet (scored for delivery only)
    delivery: float
    wpm: float | None
    articulation_wpm: float | None
    speaking_s: float
    time_to_first_word_s: float | None
    fillers: int
    fillers_per_minute: float
    hedges: int
    pauses: int
    length_verdict: str
    result_json: str = field(repr=False)  # the whole score as `voicesim score --json` prints it

    @property
    def result(self) -> dict[str, Any]:
        return json.loads(self.result_json)


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    session_id: str
    position: int
    question_id: str
    question_hash: str  # the question as it was asked
    prompt: str
    audio_path: Path | None
    audio_owned: bool  # recorded by voicesim (so `delete` may remove it), not a file the user passed in
    ended_by: str
    recorded_s: float
    input_overflows: int
    created_at: str
    score: StoredScore | None  # the current (highest) version; None when nothing was scored
    follow_ups: int = 0  # follow-up questions asked after it


@dataclass(frozen=True)
class StoredSession:
    id: str
    kind: str  # "practice" or "score"
    bank: str
    bank_source: str  # a shipped bank's name or a bank file's path: where rescore reloads it from
    started_at: str
    ended_at: str | None
    interrupted: bool
    directory: Path | None
    imported_from: str | None
    answers: tuple[StoredAnswer, ...] = ()

    @property
    def scored(self) -> tuple[StoredAnswer, ...]:
        return tuple(a for a in self.answers if a.score is not None and not a.score.no_speech)

    def answers_to(self, question_id: str | None) -> tuple[StoredAnswer, ...]:
        """Every answer, or those to one question; a question the session did not ask is an error."""
        if question_id is None:
            if not self.answers:
                raise StoreError(f"session {self.id} holds no answers")
            return self.answers
        found = tuple(a for a in self.answers if a.question_id == question_id)
        if not found:
            asked = ", ".join(dict.fromkeys(a.question_id for a in self.answers)) or "none"
            raise StoreError(f"session {self.id} did not ask '{question_id}' (it asked: {asked})")
        return found


@dataclass(frozen=True)
class AnswerSettings:
    """How an answer was transcribed and scored (kept as JSON with the answer)."""

    pause_threshold_s: float
    recognition: dict[str, Any]  # RecognitionSettings as a dict, or {} when it was not transcribed

    def to_json(self) -> str:
        return json.dumps({"pause_threshold_s": self.pause_threshold_s, "recognition": self.recognition}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> "AnswerSettings":
        data = json.loads(text) if text else {}
        return cls(float(data.get("pause_threshold_s", 2.0)), dict(data.get("recognition", {})))


@dataclass(frozen=True)
class AnswerDetail:
    """One answer with everything needed to show it again or rescore it."""

    answer: StoredAnswer
    session: StoredSession
    question: Question  # as it was asked
    scored_question: Question | None  # the rubric of the current score (differs after a rescore with an edited bank)
    transcript: Transcript | None
    settings: AnswerSettings
    follow_ups: tuple[FollowUpReply, ...] = ()  # asked after the answer, in order, with the replies

    def rebuild_score(self) -> "Score | None":
        """The current score with all its detail (evidence, filler times...), recomputed from the stored
        transcript and the rubric it was scored against: scoring is pure, so the figures are the stored ones."""
        if self.transcript is None or self.answer.score is None:
            return None
        from voicesim.scoring import score_answer

        return score_answer(self.transcript, self.scored_question or self.question, pause_threshold_s=self.settings.pause_threshold_s,
                            follow_ups=self.follow_ups)


@dataclass(frozen=True)
class Attempt:
    """A scored answer to one question, with when it was given: the unit of comparisons and trends."""

    session_id: str
    started_at: str
    bank: str
    question_id: str
    answer_id: int
    score: StoredScore

