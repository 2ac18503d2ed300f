"""A transcript marked up for review: which words covered which concept, which were fillers or hedges,
and where the long pauses fell. Shared by the terminal review and the HTML report.

Pure: it reads a Score (which holds its transcript) and returns typed marks in time order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from voicesim.scoring import Score

_SAME_TIME = 0.006  # evidence and filler times are rounded to 2 decimals; word times to 3


@dataclass(frozen=True)
class MarkedWord:
    index: int  # into the transcript's words
    text: str  # as heard, with Whisper's punctuation
    start: float
    end: float
    concepts: tuple[str, ...] = ()  # concepts this word is evidence for
    filler: bool = False
    hedge: bool = False


@dataclass(frozen=True)
class PauseMark:
    start: float
    duration_s: float


Mark = Union[MarkedWord, PauseMark]


def _word_indices(starts: list[float], start: float, count: int) -> range:
    """The `count` words from the one that starts at `start`."""
    for i, s in enumerate(starts):
        if abs(s - start) <= _SAME_TIME or s > start:
            return range(i, min(i + max(count, 1), len(starts)))
    return range(0)


def annotate(score: Score) -> list[Mark]:
    words = score.transcript.words
    starts = [w.start for w in words]
    concepts: dict[int, list[str]] = {}
    for concept in score.coverage.concepts:
        for ev in concept.evidence:
            for i in _word_indices(starts, ev.start, len(ev.heard.split())):
                if concept.name not in concepts.setdefault(i, []):
                    concepts[i].append(concept.name)
    fillers = {i for item in score.delivery.fillers for i in _word_indices(starts, item.start, len(item.word.split()))}
    hedges = {i for item in score.delivery.hedges for i in _word_indices(starts, item.start, len(item.word.split()))}
    marks: list[Mark] = []
    pauses = sorted(score.delivery.pauses, key=lambda p: p.start)
    p = 0
    for i, w in enumerate(words):
        while p < len(pauses) and pauses[p].start < w.start:
            marks.append(PauseMark(pauses[p].start, pauses[p].duration_s))
            p += 1
        marks.append(MarkedWord(i, w.text, w.start, w.end, tuple(concepts.get(i, ())), i in fillers, i in hedges))
    marks.extend(PauseMark(x.start, x.duration_s) for x in pauses[p:])
    return marks


def evidence_ends(marks: list[Mark]) -> dict[int, tuple[str, ...]]:
    """For each mark that ends a run of evidence, the concepts whose run it ends (where their number goes)."""
    ends: dict[int, tuple[str, ...]] = {}
    for i, mark in enumerate(marks):
        if not isinstance(mark, MarkedWord) or not mark.concepts:
            continue
        following = marks[i + 1] if i + 1 < len(marks) else None
        ending = tuple(c for c in mark.concepts if not (isinstance(following, MarkedWord) and c in following.concepts))
        if ending:
            ends[i] = ending
    return ends
