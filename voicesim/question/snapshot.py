"""A question as it was asked: a JSON snapshot of its prompt, target and rubric, and a hash of it.

The history keeps the snapshot with every answer and every score, so an old answer is
always shown and rescored against the rubric it had, and a later edit of the bank is
visible as a different hash.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from voicesim.question.bank import Concept, Question, Rubric, TargetLength

SNAPSHOT_VERSION = 1


def question_snapshot(question: Question) -> dict[str, Any]:
    # Vocabulary, misheard, follow-up and a non-default kind appear only when present, so a question without them
    # keeps the hash it had.
    snapshot = {
        "snapshot": SNAPSHOT_VERSION,
        "id": question.id,
        "prompt": question.prompt,
        "min_seconds": question.target.min_s,
        "max_seconds": question.target.max_s,
        "outline": list(question.outline),
        "concepts": [
            {"name": c.name, "weight": c.weight, "tier": c.tier, "phrases": list(c.phrases), "exclude": list(c.exclude),
             **({"misheard": list(c.misheard)} if c.misheard else {}), **({"follow_up": c.follow_up} if c.follow_up else {})}
            for c in question.rubric.concepts
        ],
    }
    if question.vocabulary:
        snapshot["vocabulary"] = list(question.vocabulary)
    if question.kind != "technical":
        snapshot["kind"] = question.kind
    return snapshot


def snapshot_json(question: Question) -> str:
    """The canonical text of a snapshot: the same question always gives the same bytes."""
    return json.dumps(question_snapshot(question), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def question_hash(question: Question) -> str:
    return hashlib.sha256(snapshot_json(question).encode("utf-8")).hexdigest()


def question_from_snapshot(data: dict[str, Any]) -> Question:
    return Question(
        id=data["id"],
        prompt=data["prompt"],
        target=TargetLength(float(data["min_seconds"]), float(data["max_seconds"])),
        rubric=Rubric(tuple(
            Concept(name=c["name"], weight=float(c["weight"]), phrases=tuple(c["phrases"]), exclude=tuple(c.get("exclude", ())), tier=c.get("tier"),
                    misheard=tuple(c.get("misheard", ())), follow_up=c.get("follow_up"))
            for c in data["concepts"]
        )),
        outline=tuple(data.get("outline", ())),
        vocabulary=tuple(data.get("vocabulary", ())),
        kind=data.get("kind", "technical"),
    )
