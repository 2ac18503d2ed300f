"""The JSON form of results (`--json`). Documented in README; keep it stable.

`SCHEMA_VERSION` changes only when a field is removed or changes meaning.
"""

from __future__ import annotations

from typing import Any

from voicesim.question.bank import Bank, Question
from voicesim.scoring import Score
from voicesim.scoring.delivery import TimedItem

SCHEMA_VERSION = 1


def _items(items: tuple[TimedItem, ...]) -> list[dict[str, Any]]:
    return [{"word": i.word, "start": i.start} for i in items]


def _evidence(evidence) -> list[dict[str, Any]]:
    return [{"phrase": e.phrase, "heard": e.heard, "start": e.start, "exact": e.exact} for e in evidence]


def _concept(c) -> dict[str, Any]:
    return {"name": c.name, "weight": c.weight, "tier": c.tier, "hit": c.hit, "via": c.via, "evidence": _evidence(c.evidence)}


def _structure(s) -> dict[str, Any] | None:
    if s is None:
        return None
    item = lambda i: {"hit": i.hit, "evidence": _evidence(i.evidence)}  # noqa: E731
    return {"star": {name: item(part) for name, part in s.star.items()}, "ownership_i_share": s.ownership_i_share,
            "i_count": s.i_count, "we_count": s.we_count, "quantified_result": item(s.quantified_result),
            "reflection": item(s.reflection), "score": s.score}


def _follow_up(f) -> dict[str, Any]:
    return {"concept": f.concept, "prompt": f.prompt, "audio": f.audio, "transcript": f.transcript.to_dict(),
            "recovered": [c.name for c in f.recovered], "evidence": {c.name: _evidence(c.evidence) for c in f.recovered}}


def score_to_dict(score: Score) -> dict[str, Any]:
    d = score.delivery
    return {
        "schema": SCHEMA_VERSION,
        "question": score.question_id,
        "no_speech": score.no_speech,
        "transcript": score.transcript.to_dict(),
        "coverage": {
            "score": score.coverage.score if score.coverage.rated else None,  # null: no rubric yet (no concepts)
            "set_aside": list(score.coverage.set_aside),
            "concepts": [_concept(c) for c in score.coverage.concepts],
        },
        "follow_ups": [_follow_up(f) for f in score.follow_ups],
        "structure": _structure(score.structure),
        "delivery": {
            "duration_s": d.duration_s,
            "speaking_s": d.speaking_s,
            "time_to_first_word_s": d.time_to_first_word_s,
            "word_count": d.word_count,
            "wpm": d.wpm,
            "articulation_wpm": d.articulation_wpm,
            "pace_band": d.pace_band,
            "fillers": {"count": len(d.fillers), "per_minute": d.fillers_per_minute, "share": d.filler_share, "band": d.filler_band,
                        "items": _items(d.fillers)},
            "hesitations": {"count": len(d.hesitations), "items": [{"start": h.start, "duration_s": h.duration_s} for h in d.hesitations]},
            "voice": ({"pitch_spread_semitones": d.voice.pitch_spread_semitones, "monotone": d.voice.monotone,
                       "loudness_spread_db": d.voice.loudness_spread_db} if d.voice is not None else None),
            "repetitions": [{"phrase": r.phrase, "count": r.count, "starts": list(r.starts)} for r in d.repetitions],
            "hedges": {"count": len(d.hedges), "items": _items(d.hedges)},
            "pauses": [{"start": p.start, "duration_s": p.duration_s} for p in d.pauses],
            "length": {"seconds": d.length.seconds, "min_s": d.length.min_s, "max_s": d.length.max_s, "verdict": d.length.verdict},
            "score": score.delivery_score,
        },
        "overall": score.overall,
    }


def questions_to_dict(bank: Bank) -> dict[str, Any]:
    return {"bank": bank.name, "title": bank.title, "questions": [question_to_dict(q) for q in bank.questions]}


def question_to_dict(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "prompt": q.prompt,
        "min_seconds": q.target.min_s,
        "max_seconds": q.target.max_s,
        "kind": q.kind,
        "concepts": [c.name for c in q.rubric.concepts],
    }


PROGRESS_SCHEMA = 1


def point_to_dict(point) -> dict[str, Any]:
    f = point.figures
    return {"session": point.session_id, "started_at": point.started_at, "overall": round(f.overall, 2),
            "coverage": round(f.coverage, 4) if f.coverage is not None else None,
            "wpm": round(f.wpm, 1) if f.wpm is not None else None, "fillers_per_minute": round(f.fillers_per_minute, 2),
            "pauses": round(f.pauses, 2)}


def progress_to_dict(overall: list, questions: dict[str, list]) -> dict[str, Any]:
    """`voicesim progress --json`: per session (averaged over its answers) and per question, oldest first."""
    return {"schema": PROGRESS_SCHEMA, "sessions": [point_to_dict(p) for p in overall],
            "questions": {qid: [point_to_dict(p) for p in points] for qid, points in questions.items()}}
