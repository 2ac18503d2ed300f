"""The overall 0-100 score: coverage weighs most, delivery the rest.

    overall = round(100 * (COVERAGE_SHARE * coverage + (1 - COVERAGE_SHARE) * delivery))
    behavioural questions: round(100 * (0.45 * coverage + 0.30 * structure + 0.25 * delivery))  (structure.py)
    delivery = weighted mean of the pace, filler, pause, length and voice scores below (each 0..1)

A question with no rubric yet (no concepts: `Coverage.rated` is False) is scored without coverage, the
other shares renormalised:

    technical:   overall = round(100 * delivery)
    behavioural: overall = round(100 * (0.30 * structure + 0.25 * delivery) / 0.55)

The filler score counts filler words and hesitations heard in the audio. The voice score ramps
with the pitch spread; a transcript without acoustics (older ones) leaves it out and the other
weights are renormalised, which gives exactly the figures voicesim gave before it measured the voice.
Coverage counts a concept recovered on a follow-up question at FOLLOW_UP_CREDIT of its weight (follow_up.py);
delivery is the main answer's alone. A question with no concepts has no follow-ups either.

README's "Scoring" section documents the same formula; keep them together.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicesim.question.bank import Question
from typing import Sequence

from voicesim.scoring.coverage import Coverage, score_coverage
from voicesim.scoring.delivery import PAUSE_THRESHOLD_S, Delivery, score_delivery
from voicesim.scoring.follow_up import FollowUpReply, FollowUpResult, apply_follow_ups
from voicesim.scoring.structure import Structure, score_structure
from voicesim.transcript import Transcript

COVERAGE_SHARE = 0.7
BEHAVIORAL_SHARES = {"coverage": 0.45, "structure": 0.30, "delivery": 0.25}
DELIVERY_WEIGHTS = {"pace": 0.315, "fillers": 0.27, "pauses": 0.135, "length": 0.18, "voice": 0.10}
PACE_IDEAL = (120.0, 160.0)  # wpm: full marks inside
PACE_ZERO = (80.0, 220.0)  # wpm: no marks at or beyond
FILLERS_FREE_PER_MIN = 2.0  # no penalty up to this rate
FILLERS_ZERO_PER_MIN = 12.0
PAUSE_PENALTY = 0.2  # per long pause
VOICE_ZERO_SEMITONES = 1.0  # pitch spread: no marks at or below (a flat voice)
VOICE_FULL_SEMITONES = 2.5  # full marks from here


def _ramp(value: float, zero: float, full: float) -> float:
    """0 at `zero`, 1 at `full`, linear between, clamped."""
    if zero == full:
        return 1.0
    return max(0.0, min(1.0, (value - zero) / (full - zero)))


def delivery_parts(d: Delivery) -> dict[str, float]:
    """Each part 0..1; "voice" is absent when the voice was not measured."""
    names = [n for n in DELIVERY_WEIGHTS if n != "voice" or d.voice is not None]
    if d.wpm is None:
        return {name: 0.0 for name in names}
    pace = _ramp(d.wpm, PACE_ZERO[0], PACE_IDEAL[0]) if d.wpm < PACE_IDEAL[0] else _ramp(d.wpm, PACE_ZERO[1], PACE_IDEAL[1])
    fillers = _ramp(d.disfluencies_per_minute, FILLERS_ZERO_PER_MIN, FILLERS_FREE_PER_MIN)
    pauses = max(0.0, 1.0 - PAUSE_PENALTY * len(d.pauses))
    s, lo, hi = d.length.seconds, d.length.min_s, d.length.max_s
    length = _ramp(s, 0.0, lo) if s < lo else _ramp(s, 2 * hi, hi) if s > hi else 1.0
    parts = {"pace": pace, "fillers": fillers, "pauses": pauses, "length": length}
    if d.voice is not None:
        parts["voice"] = _ramp(d.voice.pitch_spread_semitones, VOICE_ZERO_SEMITONES, VOICE_FULL_SEMITONES)
    return parts


@dataclass(frozen=True)
class Score:
    question_id: str
    transcript: Transcript
    coverage: Coverage
    delivery: Delivery
    delivery_score: float  # 0..1
    overall: int  # 0..100
    follow_ups: tuple[FollowUpResult, ...] = ()
    structure: Structure | None = None  # behavioural questions only

    @property
    def no_speech(self) -> bool:
        return not self.transcript.has_speech


def _weighted(coverage: Coverage, structure: Structure | None, delivery_score: float) -> float:
    """The overall score as 0..1: each part by its share; without a rubric, coverage left out and the rest renormalised."""
    if structure is not None:
        shares = BEHAVIORAL_SHARES
        if coverage.rated:
            return shares["coverage"] * coverage.score + shares["structure"] * structure.score + shares["delivery"] * delivery_score
        return (shares["structure"] * structure.score + shares["delivery"] * delivery_score) / (shares["structure"] + shares["delivery"])
    if coverage.rated:
        return COVERAGE_SHARE * coverage.score + (1 - COVERAGE_SHARE) * delivery_score
    return delivery_score


def score_answer(transcript: Transcript, question: Question, pause_threshold_s: float = PAUSE_THRESHOLD_S,
                 follow_ups: Sequence[FollowUpReply] = ()) -> Score:
    """The answer's score; `follow_ups` are the follow-up questions asked after it, with their replies, in order."""
    coverage = score_coverage(transcript, question.rubric)
    coverage, follow_up_results = apply_follow_ups(coverage, question, follow_ups)
    delivery = score_delivery(transcript, question.target, pause_threshold_s)
    parts = delivery_parts(delivery)
    delivery_score = sum(DELIVERY_WEIGHTS[k] * v for k, v in parts.items()) / sum(DELIVERY_WEIGHTS[k] for k in parts)
    structure = score_structure(transcript) if question.behavioral else None
    overall = round(100 * _weighted(coverage, structure, delivery_score)) if transcript.has_speech else 0
    return Score(question.id, transcript, coverage, delivery, round(delivery_score, 4), int(overall), follow_up_results, structure)
