"""Which library question a guide's question is, by meaning: TF-IDF over what each library question is about.

A library question is described by its prompt (weighted up: it says what is asked), its outline, its concepts'
names and phrases and its vocabulary: the words an answer and a paraphrase of the question share. Words are stemmed
as the scorer stems them (voicesim.text), common words dropped, and word pairs count beside single words, so
"rate limiting" weighs more than "rate" and "limiting" apart. A guide question takes the library question of highest
cosine similarity when that reaches MATCH_THRESHOLD; below it, the question is left unmatched, because a rubric
for another question scores the candidate on the wrong things (worse than no rubric). The threshold and the
weights were chosen on a development set of paraphrases written apart from the banks, and measured on a second one
(benchmarks/bench_matching.py, benchmarks/README.md "Matching a guide to the library"). Pure: no I/O.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from voicesim.question.library import LibraryQuestion
from voicesim.text import tokenize_phrase

MATCH_THRESHOLD = 0.2


@dataclass(frozen=True)
class MatcherWeights:
    prompt: float = 3.0
    outline: float = 1.0
    concepts: float = 1.0  # concept names and phrases
    vocabulary: float = 1.0
    pairs: bool = True  # word pairs beside single words
    prompt_share: float = 0.5  # of the similarity, from the prompt alone; the rest from all the fields


DEFAULT_WEIGHTS = MatcherWeights()

# Words every question and many answers use; they say nothing about which question it is.
_STOP = frozenset(tokenize_phrase(" ".join("""
a an the and or but if of to in on at by for from with without as into onto about over under between through
is are was were be been being am do does did doing have has had having can could would will should shall may might
must i me my we us our you your yours he she it its they them their this that these those there here what which who
whom whose when where why how not no yes so than then too very just also more most some any each every all both
one ones other such own same tell talk walk explain describe give share think time times thing things way ways
question answer example let like get got make made go going use used using want need know say said
""".split())))


@dataclass(frozen=True)
class Match:
    prompt: str
    closest: LibraryQuestion
    similarity: float  # cosine similarity to `closest`, 0..1
    matched: bool  # similarity reached the threshold: `closest` is the guide question's library question

    @property
    def question(self) -> LibraryQuestion | None:
        return self.closest if self.matched else None


def _terms(text: str, pairs: bool) -> list[str]:
    stems = [s for s in tokenize_phrase(text) if s not in _STOP and not s.isdigit() or s.isdigit() and len(s) > 2]
    return stems + ([f"{a} {b}" for a, b in zip(stems, stems[1:])] if pairs else [])


def _fields(q: LibraryQuestion, w: MatcherWeights) -> Counter[str]:
    question = q.question
    counts: Counter[str] = Counter()
    parts = [(question.prompt, w.prompt), (" . ".join(question.outline), w.outline),
             (" . ".join(c.name + " . " + " . ".join(c.phrases) for c in question.rubric.concepts), w.concepts),
             (" . ".join(question.vocabulary), w.vocabulary)]
    for text, weight in parts:
        for term, n in Counter(_terms(text, w.pairs)).items():
            counts[term] += weight * (1.0 + math.log(n))  # sublinear: a phrase list repeating a word is not more on topic
    return counts


class _TfidfSpace:
    """Documents as sublinear, IDF-weighted, unit-length term vectors."""

    def __init__(self, docs: Sequence[Counter[str]], pairs: bool):
        self.pairs = pairs
        df = Counter(term for d in docs for term in d)
        terms = sorted(df)
        self.index = {term: i for i, term in enumerate(terms)}
        self.idf = np.array([math.log((1 + len(docs)) / (1 + df[t])) + 1.0 for t in terms])
        matrix = np.zeros((len(docs), len(terms)))
        for row, d in enumerate(docs):
            for term, tf in d.items():
                matrix[row, self.index[term]] = tf
        matrix *= self.idf
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.docs = matrix / np.where(norms > 0, norms, 1.0)

    def cosines(self, text: str) -> np.ndarray:
        vector = np.zeros(len(self.index))
        for term, n in Counter(_terms(text, self.pairs)).items():
            i = self.index.get(term)
            if i is not None:
                vector[i] = 1.0 + math.log(n)
        vector *= self.idf
        norm = np.linalg.norm(vector)
        return self.docs @ (vector / norm) if norm else np.zeros(len(self.docs))


class TfidfMatcher:
    """Guide questions against a fixed library; build once, match many.

    The similarity mixes two cosines: to the library prompt alone (a guide asking the same thing in much the same
    words comes close to 1) and to everything the question is about (a paraphrase shares the answer's words).
    """

    def __init__(self, library: Sequence[LibraryQuestion], weights: MatcherWeights = DEFAULT_WEIGHTS,
                 threshold: float = MATCH_THRESHOLD):
        if not library:
            raise ValueError("an empty library")
        self.library = tuple(library)
        self.weights = weights
        self.threshold = threshold
        self._prompts = _TfidfSpace([Counter(_terms(q.question.prompt, weights.pairs)) for q in self.library], weights.pairs)
        self._about = _TfidfSpace([_fields(q, weights) for q in self.library], weights.pairs)

    def similarities(self, text: str) -> np.ndarray:
        """Similarity of `text` to each library question, in library order (0 where nothing is shared)."""
        share = self.weights.prompt_share
        return share * self._prompts.cosines(text) + (1.0 - share) * self._about.cosines(text)

    def match(self, text: str) -> Match:
        sims = self.similarities(text)
        best = int(np.argmax(sims))
        similarity = float(max(0.0, min(1.0, sims[best])))
        return Match(text, self.library[best], round(similarity, 4), similarity >= self.threshold)
