"""Comparisons with earlier attempts and trends over sessions: pure functions over stored figures.

"Best" means: the highest overall and coverage, the fewest fillers per minute and
pauses, and the pace closest to the good band (PACE_IDEAL in scoring/overall.py).
A new personal best needs at least one earlier attempt to beat.

An answer to a question with no rubric yet has no coverage (None): it is never compared, averaged or charted
as a coverage, and shows as "-".
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean
from typing import Callable, Sequence

from voicesim.scoring.overall import PACE_IDEAL


@dataclass(frozen=True)
class Figures:
    """The figures an attempt is compared and charted by."""

    overall: float
    coverage: float | None  # 0..1; None when the question had no rubric (scored for delivery only)
    wpm: float | None
    fillers_per_minute: float
    pauses: float

    @classmethod
    def of(cls, score) -> "Figures":
        """From a StoredScore (history) or a scoring Score (an answer just given)."""
        if hasattr(score, "delivery_score"):  # scoring.Score
            d = score.delivery
            coverage = score.coverage.score if score.coverage.rated else None
            return cls(score.overall, coverage, d.wpm, d.fillers_per_minute, len(d.pauses))
        return cls(score.overall, score.coverage, score.wpm, score.fillers_per_minute, score.pauses)


def pace_distance(wpm: float | None) -> float:
    """Words per minute outside the good band (0 inside it); unknown pace is the furthest."""
    if wpm is None:
        return float("inf")
    low, high = PACE_IDEAL
    return max(low - wpm, 0.0, wpm - high)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    get: Callable[[Figures], float | None]
    rank: Callable[[float | None], float]  # smaller is better


METRICS: tuple[Metric, ...] = (
    Metric("overall", "overall", lambda f: f.overall, lambda v: -v if v is not None else float("inf")),
    Metric("coverage", "coverage", lambda f: f.coverage, lambda v: -v if v is not None else float("inf")),
    Metric("wpm", "pace (wpm)", lambda f: f.wpm, pace_distance),
    Metric("fillers_per_minute", "fillers/min", lambda f: f.fillers_per_minute, lambda v: v if v is not None else float("inf")),
    Metric("pauses", "pauses", lambda f: f.pauses, lambda v: v if v is not None else float("inf")),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}


@dataclass(frozen=True)
class MetricChange:
    key: str
    label: str
    current: float | None
    last: float | None  # the previous attempt
    best: float | None  # the best earlier attempt
    new_best: bool  # strictly better than every earlier attempt

    @property
    def improved(self) -> bool | None:
        """Better than the previous attempt (None when there is none or it is equal)."""
        if self.last is None or self.current is None:
            return None
        metric = METRIC_BY_KEY[self.key]
        now, then = metric.rank(self.current), metric.rank(self.last)
        return None if now == then else now < then


@dataclass(frozen=True)
class Comparison:
    earlier_attempts: int
    changes: tuple[MetricChange, ...]

    def change(self, key: str) -> MetricChange:
        return next(c for c in self.changes if c.key == key)

    @property
    def new_bests(self) -> tuple[MetricChange, ...]:
        return tuple(c for c in self.changes if c.new_best)


def compare(current: Figures, earlier: Sequence[Figures]) -> Comparison | None:
    """The current attempt against earlier ones (oldest first). None when there are none."""
    if not earlier:
        return None
    changes = []
    for metric in METRICS:
        now = metric.get(current)
        values = [metric.get(f) for f in earlier]
        # the best earlier value; among equals the latest
        best = min(reversed(values), key=metric.rank)
        changes.append(MetricChange(metric.key, metric.label, now, values[-1], best,
                                    now is not None and metric.rank(now) < metric.rank(best)))
    return Comparison(len(earlier), tuple(changes))


def format_value(key: str, value: float | None) -> str:
    if value is None:
        return "-"
    if key == "coverage":
        return f"{value:.0%}"
    if key in ("overall", "wpm", "pauses"):
        return f"{value:.0f}"
    return f"{value:.1f}"


def describe(change: MetricChange) -> str:
    """"fillers/min 3.1, last 5.0, best 2.4"."""
    return (f"{change.label} {format_value(change.key, change.current)}, last {format_value(change.key, change.last)}, "
            f"best {format_value(change.key, change.best)}")


@dataclass(frozen=True)
class Point:
    """One session's figures for one question, or averaged over a session's answers."""

    session_id: str
    started_at: str
    figures: Figures


def average(figures: Sequence[Figures]) -> Figures:
    """The mean of each figure; pace and coverage over the answers that have one (None when none has)."""
    paces = [f.wpm for f in figures if f.wpm is not None]
    coverages = [f.coverage for f in figures if f.coverage is not None]
    return Figures(
        overall=mean(f.overall for f in figures), coverage=mean(coverages) if coverages else None,
        wpm=mean(paces) if paces else None, fillers_per_minute=mean(f.fillers_per_minute for f in figures),
        pauses=mean(f.pauses for f in figures),
    )


def per_session(attempts: Sequence) -> list[Point]:
    """Attempts (store.Attempt, oldest first) averaged per session, oldest first."""
    grouped: dict[str, list] = {}
    for a in attempts:
        grouped.setdefault(a.session_id, []).append(a)
    points = [Point(sid, group[0].started_at, average([Figures.of(a.score) for a in group])) for sid, group in grouped.items()]
    return sorted(points, key=lambda p: (p.started_at, p.session_id))


def per_question(attempts: Sequence) -> dict[str, list[Point]]:
    """Each question's attempts as points, oldest first (two answers in one session: both kept)."""
    out: dict[str, list[Point]] = {}
    for a in attempts:
        out.setdefault(a.question_id, []).append(Point(a.session_id, a.started_at, Figures.of(a.score)))
    return out
