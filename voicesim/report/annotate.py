"""A transcript marked up for review: which words covered which concept, which were fillers or hedges,
and where the long pauses fell. Shared by the terminal review and the HTML report.

Pure: it reads a Score (which holds its transcript) and returns typed marks in time order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Union

from voicesim.scoring import Score
from voicesim.text import surface_pieces

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
    # Whisper wrote it onto the word just before ("trade" + "-off"), with no mark between them: shown with no space
    joined: bool = False
    kind: ClassVar[str] = "word"


@dataclass(frozen=True)
class PauseMark:
    start: float
    duration_s: float
    kind: ClassVar[str] = "pause"


@dataclass(frozen=True)
class HesitationMark:
    """A hesitation heard in the audio with no word written for it."""

    start: float
    duration_s: float
    kind: ClassVar[str] = "hesitation"


Mark = Union[MarkedWord, PauseMark, HesitationMark]


def _word_indices(words, start: float, heard: str, taken: set[int]) -> range:
    """The words of `heard`, the first of which starts at `start`. Several words can share a start time
    (Whisper gives a short word like "a" no duration), so the first word's text decides among them, and
    a word already `taken` by an item of the same kind (two "um" at one time) is passed over."""
    wanted = surface_pieces(heard)
    candidates = [i for i, w in enumerate(words) if abs(w.start - start) <= _SAME_TIME]
    if not candidates:
        candidates = [next((i for i, w in enumerate(words) if w.start > start), len(words))]
    i = next((i for i in candidates if surface_pieces(words[i].text)[:1] == wanted[:1] and i not in taken),
             next((i for i in candidates if i not in taken), candidates[0]))
    # As many words as it takes to say `heard` again, written as Whisper wrote them: "at-least-once" is
    # three words ("at", "-least", "-once"), and "it" + "'s" one piece ("its"), so pieces are counted on the whole.
    end, said = i, ""
    while end < len(words) and (end == i or len(surface_pieces(said)) < len(wanted)):
        said += words[end].word
        end += 1
    found = range(i, end)
    taken.update(found)
    return found


def annotate(score: Score) -> list[Mark]:
    words = score.transcript.words
    concepts: dict[int, list[str]] = {}
    for concept in score.coverage.concepts:
        if concept.via != "answer":  # evidence from a follow-up reply has times in the reply, not in this transcript
            continue
        taken: set[int] = set()
        for ev in concept.evidence:
            for i in _word_indices(words, ev.start, ev.heard, taken):
                if concept.name not in concepts.setdefault(i, []):
                    concepts[i].append(concept.name)
    taken_fillers: set[int] = set()
    fillers = {i for item in score.delivery.fillers for i in _word_indices(words, item.start, item.word, taken_fillers)}
    taken_hedges: set[int] = set()
    hedges = {i for item in score.delivery.hedges for i in _word_indices(words, item.start, item.word, taken_hedges)}
    # Silences and hesitations go in time order between the words (a stretched-word hesitation shares its
    # word's start, and goes before it: the "uhh" was said first).
    between: list[Mark] = sorted([PauseMark(x.start, x.duration_s) for x in score.delivery.pauses]
                                 + [HesitationMark(h.start, h.duration_s) for h in score.delivery.hesitations], key=lambda m: m.start)
    marks: list[Mark] = []
    p = 0
    for i, w in enumerate(words):
        while p < len(between) and between[p].start <= w.start:
            marks.append(between[p])
            p += 1
        joined = w.joined and bool(marks) and isinstance(marks[-1], MarkedWord)
        marks.append(MarkedWord(i, w.text, w.start, w.end, tuple(concepts.get(i, ())), i in fillers, i in hedges, joined))
    marks.extend(between[p:])
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
