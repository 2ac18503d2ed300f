"""`voicesim score` keeps its result as a one-answer session of kind "score"."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from voicesim.question.bank import Bank, Question
from voicesim.scoring import Score
from voicesim.store.database import Store
from voicesim.store.records import AnswerSettings
from voicesim.transcript import RecognitionSettings


def store_scored_file(store: Store, bank: Bank, question: Question, audio: Path, score: Score,
                      recognition: RecognitionSettings, pause_threshold_s: float) -> str:
    """Store the score of a file the user passed in (never deleted by voicesim). Returns the session id."""
    started = datetime.now().astimezone()
    started_at = started.isoformat(timespec="seconds")
    with store.transaction():  # the session and its answer together, or neither
        session_id = store.new_session_id(started)
        store.begin_session(session_id, "score", bank, started_at, None)
        store.add_answer(session_id, question, ended_by="file", audio_path=audio.resolve(), audio_owned=False,
                         recorded_s=score.transcript.duration, transcript=score.transcript,
                         settings=AnswerSettings(pause_threshold_s, asdict(recognition)), score=score, created_at=started_at)
        store.end_session(session_id, ended_at=started_at)
    return session_id
