"""Repetitive language: the same 2-4 word phrase said three times or more (as Microsoft Speaker Coach reports it).

A phrase may not start or end with a stopword ("of the", "and then" are how English works, not a habit),
and a shorter phrase inside a longer repeated one is not reported again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

from voicesim.text import surface_pieces
from voicesim.transcript import Word

MIN_REPEATS = 3
LENGTHS = (4, 3, 2)
STOPWORDS = frozenset("""
a an the and or but so if then than that this these those it its it's is are was were be been being am do does did
i i'm i'd i'll i've me my we we're we'd we'll our us you you're your he she they them their there here of to in on at
for with by from as into about over under up down out off not no yes very just also too can could would should will
shall may might must have has had what which who whom when where why how all any some each every more most other such
own same only both again once because while until after before well oh um uh er ah hmm like
""".split())


@dataclass(frozen=True)
class Repetition:
    phrase: str
    count: int
    starts: tuple[float, ...]


def find_repetitions(words: Sequence[Word]) -> tuple[Repetition, ...]:
    tokens = [(" ".join(surface_pieces(w.text)), w.start) for w in words]
    tokens = [(t, s) for t, s in tokens if t]
    found: list[Repetition] = []
    covered: set[int] = set()  # token positions already inside a reported longer phrase
    for n in LENGTHS:
        places: dict[str, list[int]] = defaultdict(list)
        for i in range(len(tokens) - n + 1):
            gram = [t for t, _ in tokens[i:i + n]]
            if gram[0] in STOPWORDS or gram[-1] in STOPWORDS:
                continue
            phrase = " ".join(gram)
            if places[phrase] and i < places[phrase][-1] + n:
                continue  # overlapping itself ("very very very")
            places[phrase].append(i)
        for phrase, starts in places.items():
            fresh = [i for i in starts if not set(range(i, i + n)) <= covered]
            if len(fresh) >= MIN_REPEATS:
                found.append(Repetition(phrase, len(starts), tuple(round(tokens[i][1], 2) for i in starts)))
                for i in starts:
                    covered.update(range(i, i + n))
    return tuple(sorted(found, key=lambda r: (-r.count, r.starts[0])))
