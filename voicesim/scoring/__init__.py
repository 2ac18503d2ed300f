"""Scoring: a pure function of a transcript and a question (no I/O, no clock, no randomness)."""

from voicesim.scoring.overall import Score, score_answer

__all__ = ["Score", "score_answer"]
