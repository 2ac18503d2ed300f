"""Coverage: which rubric concepts an answer touched, with the words that show it.

A phrase matches a stretch of the transcript when, after normalisation
(text.py), the stems are equal, or equal once spaces are ignored ("micro
services" = "microservices"), or within a small edit distance for long words.
A false hit is worse than a miss, so fuzzy matching is strict: it is judged word
by word, with no fuzziness for short words or numbers and the first letter
agreeing, and a concept's `exclude` phrases cancel any match they contain ("the
rest of" is not REST).

A question with no concepts yet (no rubric: `bank new` writes one for a guide question the library lacks)
gives a Coverage that is not `rated`: no concepts, a score of 0 that means nothing and is never shown, stored
or averaged as a coverage (overall.py scores such an answer without it; the history keeps NULL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rapidfuzz.distance import Levenshtein

from voicesim.question.bank import Concept, Rubric
from voicesim.text import Token, tokenize_phrase, tokenize_words
from voicesim.transcript import Transcript

MAX_EVIDENCE = 3  # per concept, earliest first
# A concept said only when the interviewer asked a follow-up earns half its weight: credit, but less than
# saying it unprompted (README, "Follow-up questions").
FOLLOW_UP_CREDIT = 0.5


def allowed_edits(stem: str) -> int:
    """Edits a fuzzy match of one word may differ by, for a word whose stem is this long."""
    n = len(stem)
    if n <= 6 or stem.isdigit():
        return 0
    return 1 if n <= 10 else 2


def _near(heard: str, wanted: str) -> bool:
    """One word heard is a near miss of one wanted: same first letter, few edits for its length."""
    if heard == wanted:
        return True
    edits = allowed_edits(wanted)
    return bool(edits) and heard[:1] == wanted[:1] and Levenshtein.distance(heard, wanted, score_cutoff=edits) <= edits


@dataclass(frozen=True)
class Evidence:
    phrase: str  # the rubric phrase that matched
    heard: str  # what the transcript says there
    start: float  # seconds into the answer
    exact: bool


@dataclass(frozen=True)
class ConceptResult:
    name: str
    weight: float
    hit: bool
    evidence: tuple[Evidence, ...]
    tier: str | None = None
    # Where it was said: "answer", or "follow_up" (recovered when the interviewer asked; partial credit,
    # scoring/follow_up.py). None for a concept not said.
    via: str | None = None

    @property
    def credit(self) -> float:
        """The share of the concept's weight it earns."""
        return 0.0 if not self.hit else FOLLOW_UP_CREDIT if self.via == "follow_up" else 1.0


@dataclass(frozen=True)
class Coverage:
    score: float  # weighted share of concepts hit, 0..1
    concepts: tuple[ConceptResult, ...]
    # Concepts matched only by single words in an answer where no phrase of two words or more matched:
    # everyday words ("consistent", "available", "partition", "rabbit", "420") never count alone.
    set_aside: tuple[str, ...] = ()

    @property
    def rated(self) -> bool:
        """False when the rubric has no concepts (a question with no rubric yet): there is no coverage to speak of."""
        return bool(self.concepts)

    @property
    def hits(self) -> tuple[ConceptResult, ...]:
        return tuple(c for c in self.concepts if c.hit)

    @property
    def misses(self) -> tuple[ConceptResult, ...]:
        return tuple(c for c in self.concepts if not c.hit)


@dataclass(frozen=True)
class _Match:
    first: int  # token index, inclusive
    last: int  # token index, inclusive
    exact: bool


class TokenWindows:
    """The transcript's stems joined over windows of each size, computed once per transcript."""

    def __init__(self, tokens: Sequence[Token]):
        self.tokens = tokens
        self._joined: dict[int, list[str]] = {}

    def joined(self, size: int) -> list[str]:
        if size not in self._joined:
            stems = [t.stem for t in self.tokens]
            self._joined[size] = ["".join(stems[i : i + size]) for i in range(len(stems) - size + 1)]
        return self._joined[size]


def find_phrase(windows: TokenWindows, phrase: str, fuzzy: bool = True) -> list[_Match]:
    """Every place in the transcript where `phrase` was said, earliest first, not overlapping."""
    stems = tokenize_phrase(phrase)
    if not stems:
        return []
    target = "".join(stems)
    # Near misses are judged word by word, so a one-letter slip in a short word ("user is" for
    # "user id", "any key" for "API key") never passes; spacing variants must match exactly.
    fuzzy = fuzzy and any(allowed_edits(s) for s in stems)
    k = len(stems)
    n = len(windows.tokens)
    matches: list[_Match] = []
    i = 0
    while i < n:
        found = None
        # Same number of words first, then one fewer or more ("micro services").
        for size in (k, k - 1, k + 1):
            if size < 1 or i + size > n:
                continue
            joined = windows.joined(size)[i]
            if joined == target:
                found = _Match(i, i + size - 1, exact=True)
                break
            if fuzzy and size == k and all(_near(t.stem, s) for t, s in zip(windows.tokens[i : i + k], stems)):
                found = _Match(i, i + size - 1, exact=False)
                break
        if found:
            matches.append(found)
            i = found.last + 1
        else:
            i += 1
    return matches


def heard_text(transcript: Transcript, first_word: int, last_word: int) -> str:
    """What the transcript says over words first_word..last_word, as written, without edge punctuation."""
    return "".join(w.word for w in transcript.words[first_word : last_word + 1]).strip(" ,.;:!?")


def _heard(transcript: Transcript, tokens: Sequence[Token], match: _Match) -> str:
    return heard_text(transcript, tokens[match.first].first_word, tokens[match.last].last_word)


def match_concept(transcript: Transcript, windows: TokenWindows, concept: Concept) -> ConceptResult:
    excluded: list[_Match] = []
    for phrase in concept.exclude:
        excluded.extend(find_phrase(windows, phrase, fuzzy=False))

    found: dict[int, Evidence] = {}  # first token index -> evidence: one per place
    # A known mis-hearing matches only exactly, and shows as a near match.
    candidates = [(phrase, False) for phrase in concept.phrases] + [(phrase, True) for phrase in concept.misheard]
    for phrase, misheard in candidates:
        for m in find_phrase(windows, phrase, fuzzy=not misheard):
            if any(x.first <= m.first and m.last <= x.last for x in excluded):
                continue
            exact = m.exact and not misheard
            previous = found.get(m.first)
            # At one place, exact beats near, then the longer phrase ("idempotency key" over "idempotency"): the
            # evidence shown is the most specific, and a phrase keeps the answer from being set aside as off-topic.
            longer = (previous is not None and previous.exact == exact
                      and len(tokenize_phrase(phrase)) > len(tokenize_phrase(previous.phrase)))
            if previous is None or (not previous.exact and exact) or longer:
                found[m.first] = Evidence(phrase=phrase, heard=_heard(transcript, windows.tokens, m), start=round(windows.tokens[m.first].start, 2), exact=exact)
    evidence = tuple(found[i] for i in sorted(found))[:MAX_EVIDENCE]
    return ConceptResult(name=concept.name, weight=concept.weight, hit=bool(evidence), evidence=evidence, tier=concept.tier,
                         via="answer" if evidence else None)


def is_phrase_evidence(evidence: Evidence) -> bool:
    return len(tokenize_phrase(evidence.phrase)) >= 2


def score_coverage(transcript: Transcript, rubric: Rubric) -> Coverage:
    windows = TokenWindows(tokenize_words([(w.word, w.start, w.end) for w in transcript.words]))
    results = tuple(match_concept(transcript, windows, c) for c in rubric.concepts)
    set_aside: tuple[str, ...] = ()
    if not any(is_phrase_evidence(e) for r in results for e in r.evidence):
        # Nothing but single words matched: an answer about something else ("a partition wall", "consistent
        # with my diet", "four hundred and twenty times"). On topic, a strong answer always holds a phrase.
        set_aside = tuple(r.name for r in results if r.hit)
        results = tuple(ConceptResult(r.name, r.weight, False, (), r.tier) for r in results)
    return Coverage(score=coverage_share(results, rubric), concepts=results, set_aside=set_aside)


def coverage_share(results: Sequence[ConceptResult], rubric: Rubric) -> float:
    """The weighted share of the rubric covered, each concept counted by its credit."""
    total = rubric.total_weight
    return round(sum(r.weight * r.credit for r in results) / total, 4) if total else 0.0
