"""Sound-alike candidates for decoding (transcript/rescoring.py): runs of 1-3 words of a hypothesis that may be a
vocabulary term heard as other words ("readies" for Redis). Liberal on purpose: the model scores every candidate by
forced decoding and keeps it only where it and the bonus prefer the term. Off by default (Decoding.sound_alikes);
measured on the dev set only (benchmarks/README.md, issue 18). The stricter detector behind the review hints is
scoring/mishearing.py; sharing one phonetic core between the two is left to do."""

from __future__ import annotations

from typing import Sequence

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

MIN_SIMILARITY = 0.6  # 0.6 x metaphone similarity + 0.4 x letters
MIN_LETTERS = 0.45


def _norm(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum())


def sound_alike_runs(words: Sequence[str], terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first word, end word, term) for each run of `words` that sounds like one of `terms`, most alike first."""
    out = []
    for term in terms:
        target = _norm(term)
        if not target:
            continue
        code = jellyfish.metaphone(target)
        longest = len(term.split()) + 1
        for i in range(len(words)):
            for size in range(1, longest + 1):
                run = words[i:i + size]
                if len(run) < size or not all(_norm(w) for w in run):
                    break
                text = "".join(_norm(w) for w in run)
                if text == target:
                    continue
                letters = fuzz.ratio(target, text) / 100
                similarity = 0.6 * Levenshtein.normalized_similarity(code, jellyfish.metaphone(text)) + 0.4 * letters
                if similarity >= MIN_SIMILARITY and letters >= MIN_LETTERS:
                    out.append((similarity, i, i + size, term))
    out.sort(key=lambda c: -c[0])
    return [(a, b, term) for _, a, b, term in out]
