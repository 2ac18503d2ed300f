"""Structure of a behavioural answer: the story's STAR parts, ownership, a measurable result, a reflection.

Each STAR part is found from the language people use for it, matched like rubric phrases (coverage.py):
"at my last job" sets a situation, "I was responsible for" a task, "I decided" an action, "as a result" a result.
Ownership is the share of "I" among "I" and "we" where the actions are told (from the first action to the first
result). A result is quantified when a number, a percentage or a multiple follows the first result phrase.
A reflection is "I learned", "next time", "looking back" and their kin.

    structure score = 0.15 per STAR part found + 0.15 x ownership + 0.15 if quantified + 0.10 if reflected
    ownership = 0 at an I-share of 0.25 or less, 1 at 0.60 or more, linear between

Pure: a transcript in, a Structure out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from voicesim.question.bank import Concept
from voicesim.scoring.coverage import Evidence, TokenWindows, heard_text, match_concept
from voicesim.text import Token, tokenize_words
from voicesim.transcript import Transcript

STAR_PARTS = ("situation", "task", "action", "result")
PART_WEIGHT = 0.15
OWNERSHIP_WEIGHT = 0.15
QUANTIFIED_WEIGHT = 0.15
REFLECTION_WEIGHT = 0.10
OWNERSHIP_ZERO, OWNERSHIP_FULL = 0.25, 0.60

_PHRASES: dict[str, tuple[str, ...]] = {
    "situation": (
        "at my last job", "at my last company", "in my last role", "on my last team", "my previous", "my former", "my old team",
        # the role itself says it, whatever Whisper made of "my" ("And I previous role our search page was slow")
        "previous role", "previous job", "previous company", "previous team", "previous employer", "former employer",
        "in my current role", "at my current company", "when i was at", "when i was working",
        "i was working at", "i was working on", "i was leading", "i was the only", "i was a senior", "i was the tech lead",
        "a few years ago", "a couple of years ago", "a year ago", "last year", "back when", "at the time", "the situation was",
        "the context was", "some context", "our team was", "my team was", "we were building", "we were running", "we were about to",
        "we had just", "we were migrating", "at a startup", "our service was", "our system was", "we had a",
    ),
    "task": (
        "my job was", "my task was", "my role was", "i was responsible", "i was asked to", "i was tasked", "i needed to",
        "i had to", "we needed to", "the goal was", "my goal was", "our goal was", "the challenge was", "the problem was",
        "the task was", "it was my responsibility", "it was up to me", "i was in charge", "i owned the", "i had to decide",
        "we had to decide", "the deadline was", "the objective was", "what i had to", "i was on the hook",
    ),
    "action": (
        "i decided", "i built", "i wrote", "i proposed", "i set up", "i talked to", "i spoke with", "i spoke to",
        "i met with", "i sat down with", "i reached out", "i organised", "i implemented", "i ran", "i started by",
        "i created", "i led", "i suggested", "i asked", "i told", "i gave", "i scheduled", "first i", "then i", "so i",
        "i analysed", "i pushed", "i made", "i put together", "i changed", "i rolled out", "i drafted", "i prototyped",
        "i measured", "i collected", "i looked at", "i dug into", "i worked with", "i paired", "i escalated", "i shipped",
        "i moved", "i went through", "i wrote down", "i took", "i called", "i brought",
    ),
    "result": (
        "as a result", "in the end", "the result was", "the result is", "the outcome was", "the outcome is", "it worked",
        "ended up", "we shipped", "we launched", "went from", "went down", "went up", "dropped from", "dropped to",
        "reduced", "improved", "increased", "saved", "by the end", "eventually", "the impact was", "within a week",
        "within a month", "a month later", "a week later", "weeks later", "months later", "that led to", "which led to",
        "it paid off", "we hit", "we met the", "we missed the", "turned out",
    ),
}
_REFLECTION = (
    "i learned", "i learnt", "the lesson", "lessons learned", "next time", "in hindsight", "looking back", "if i did it again",
    "if i had to do it again", "i would do differently", "i do differently", "taught me", "i realized", "i realised",
    "since then i", "now i always", "what i took away", "my takeaway", "the takeaway", "going forward", "i changed how i",
    "i now", "i would have",
)
_EXCLUDE = {"result": ("result in", "results in"), "action": ("so i think", "so i guess", "then i think")}

# A story told before its task or action sets the scene even where no situation phrase was heard ("And I previous
# roll our search page was slow" was "In my previous role" to its speaker): this many words at least, in the past tense.
OPENING_MIN_WORDS = 6
_SCENE_VERBS = {"was", "were", "had"}

_I = {"i", "im", "ive"}  # "I'd" is split into "i would" by text.py; "I'll" would read as "ill"
_WE = {"we", "weve"}
_MULTIPLE = re.compile(r"^\d+x$")
_QUANTITY_WORDS = {"percent", "percentage", "half", "halved", "doubled", "tripled", "twice", "thrice"}


def _concept(name: str, phrases: Sequence[str]) -> Concept:
    return Concept(name=name, weight=1.0, phrases=tuple(phrases), exclude=_EXCLUDE.get(name, ()))


_CONCEPTS = {name: _concept(name, phrases) for name, phrases in _PHRASES.items()} | {"reflection": _concept("reflection", _REFLECTION)}


@dataclass(frozen=True)
class StructureItem:
    hit: bool
    evidence: tuple[Evidence, ...]  # earliest first; times in seconds into the answer


@dataclass(frozen=True)
class Structure:
    situation: StructureItem
    task: StructureItem
    action: StructureItem
    result: StructureItem
    i_count: int  # "I" where the actions are told
    we_count: int
    quantified_result: StructureItem
    reflection: StructureItem
    score: float  # 0..1, by the formula above

    @property
    def star(self) -> dict[str, StructureItem]:
        return {name: getattr(self, name) for name in STAR_PARTS}

    @property
    def ownership_i_share(self) -> float | None:
        told = self.i_count + self.we_count
        return round(self.i_count / told, 3) if told else None


def _ramp(value: float, zero: float, full: float) -> float:
    return max(0.0, min(1.0, (value - zero) / (full - zero)))


def _is_quantity(tokens: Sequence[Token], i: int) -> bool:
    norm = tokens[i].norm
    if _MULTIPLE.match(norm) or norm in _QUANTITY_WORDS:
        return True
    if not norm.isdigit() or norm == "1":  # "one of us" is not a measure
        return False
    # a year sets the scene ("in 2019"), it does not measure the result
    return not (len(norm) == 4 and 1900 <= int(norm) <= 2099)


def _quantities(transcript: Transcript, tokens: Sequence[Token], after: float) -> tuple[Evidence, ...]:
    found = []
    for i, token in enumerate(tokens):
        if token.start >= after and _is_quantity(tokens, i):
            heard = heard_text(transcript, token.first_word, token.last_word)
            found.append(Evidence(phrase="a number", heard=heard, start=round(token.start, 2), exact=True))
    return tuple(found[:3])


def _opening(transcript: Transcript, tokens: Sequence[Token], items: dict[str, StructureItem]) -> tuple[Evidence, ...]:
    """The story's opening as its situation: the words before the first task or action phrase, when there are
    OPENING_MIN_WORDS of them and they tell the past ("was", "were", "had"). Nothing when no task or action follows."""
    later = [items[p].evidence[0].start for p in ("task", "action") if items[p].hit]
    if not later:
        return ()
    before = [t for t in tokens if t.start < min(later)]
    verbs = [i for i, t in enumerate(before) if t.norm in _SCENE_VERBS]
    if len(before) < OPENING_MIN_WORDS or not verbs:
        return ()
    last = before[min(verbs[0] + 2, len(before) - 1)]  # the scene's first verb and what it says ("was slow and")
    heard = heard_text(transcript, before[0].first_word, last.last_word)
    return (Evidence(phrase="the story's opening", heard=heard, start=round(before[0].start, 2), exact=True),)


def score_structure(transcript: Transcript) -> Structure:
    tokens = tokenize_words([(w.word, w.start, w.end) for w in transcript.words])
    windows = TokenWindows(tokens)
    items = {}
    for name, concept in _CONCEPTS.items():
        found = match_concept(transcript, windows, concept)
        items[name] = StructureItem(found.hit, found.evidence)
    if not items["situation"].hit and (opening := _opening(transcript, tokens, items)):
        items["situation"] = StructureItem(True, opening)
    action_from = items["action"].evidence[0].start if items["action"].hit else 0.0
    result_at = items["result"].evidence[0].start if items["result"].hit else None
    told = [t.norm for t in tokens if t.start >= action_from and (result_at is None or t.start < result_at or result_at <= action_from)]
    i_count, we_count = sum(n in _I for n in told), sum(n in _WE for n in told)
    quantities = _quantities(transcript, tokens, result_at) if result_at is not None else ()
    quantified = StructureItem(bool(quantities), quantities)
    share = i_count / (i_count + we_count) if i_count + we_count else 0.0
    score = (PART_WEIGHT * sum(items[p].hit for p in STAR_PARTS) + OWNERSHIP_WEIGHT * _ramp(share, OWNERSHIP_ZERO, OWNERSHIP_FULL)
             + QUANTIFIED_WEIGHT * quantified.hit + REFLECTION_WEIGHT * items["reflection"].hit)
    return Structure(items["situation"], items["task"], items["action"], items["result"], i_count, we_count, quantified,
                     items["reflection"], round(score, 4))
