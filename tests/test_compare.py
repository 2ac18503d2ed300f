"""Comparisons with earlier attempts: pure, so a dense table."""

from __future__ import annotations

import pytest

from voicesim.report.compare import Figures, average, compare, describe, pace_distance


def f(overall=50, coverage=0.5, wpm=140.0, fillers=3.0, pauses=1) -> Figures:
    return Figures(overall, coverage, wpm, fillers, pauses)


def test_no_earlier_attempt_gives_no_comparison():
    assert compare(f(), []) is None


@pytest.mark.parametrize("key, current, earlier, last, best, new_best", [
    # higher is better
    ("overall", f(overall=80), [f(overall=60), f(overall=70)], 70, 70, True),
    ("overall", f(overall=70), [f(overall=60), f(overall=70)], 70, 70, False),  # equal is not a new best
    ("overall", f(overall=65), [f(overall=90), f(overall=70)], 70, 90, False),
    ("coverage", f(coverage=0.82), [f(coverage=0.5), f(coverage=0.8)], 0.8, 0.8, True),
    # lower is better
    ("fillers_per_minute", f(fillers=3.1), [f(fillers=2.4), f(fillers=5.0)], 5.0, 2.4, False),
    ("fillers_per_minute", f(fillers=1.0), [f(fillers=2.4), f(fillers=5.0)], 5.0, 2.4, True),
    ("pauses", f(pauses=0), [f(pauses=2), f(pauses=1)], 1, 1, True),
    ("pauses", f(pauses=3), [f(pauses=2), f(pauses=1)], 1, 1, False),
    # pace: closest to the 120-160 band; inside the band all are equally good
    ("wpm", f(wpm=150), [f(wpm=190), f(wpm=175)], 175, 175, True),
    ("wpm", f(wpm=165), [f(wpm=140), f(wpm=190)], 190, 140, False),
    ("wpm", f(wpm=130), [f(wpm=140), f(wpm=150)], 150, 150, False),  # both in band: no new best, latest best kept
    ("wpm", f(wpm=None), [f(wpm=140)], 140, 140, False),
    ("wpm", f(wpm=118), [f(wpm=None), f(wpm=100)], 100, 100, True),
])
def test_last_best_and_new_best(key, current, earlier, last, best, new_best):
    change = compare(current, earlier).change(key)
    assert (change.last, change.best, change.new_best) == (last, best, new_best)


@pytest.mark.parametrize("key, current, last, improved", [
    ("overall", 70, 60, True), ("overall", 50, 60, False), ("overall", 60, 60, None),
    ("fillers_per_minute", 3.1, 5.0, True), ("fillers_per_minute", 6.0, 5.0, False),
    ("wpm", 150, 190, True), ("wpm", 200, 190, False), ("wpm", 130, 150, None),
])
def test_improved_against_the_last_attempt(key, current, last, improved):
    kwargs = {"overall": "overall", "fillers_per_minute": "fillers", "wpm": "wpm"}[key]
    change = compare(f(**{kwargs: current}), [f(**{kwargs: last})]).change(key)
    assert change.improved is improved


def test_describe_reads_like_a_coach():
    change = compare(f(fillers=3.1), [f(fillers=2.4), f(fillers=5.0)]).change("fillers_per_minute")
    assert describe(change) == "fillers/min 3.1, last 5.0, best 2.4"
    cov = compare(f(coverage=0.82), [f(coverage=0.5)]).change("coverage")
    assert describe(cov) == "coverage 82%, last 50%, best 50%"


def test_new_bests_lists_only_the_metrics_beaten():
    comparison = compare(f(overall=90, coverage=0.4, fillers=1.0), [f(overall=80, coverage=0.6, fillers=2.0)])
    assert {c.key for c in comparison.new_bests} == {"overall", "fillers_per_minute"}
    assert comparison.earlier_attempts == 1


@pytest.mark.parametrize("wpm, distance", [(None, float("inf")), (119, 1), (120, 0), (160, 0), (171.5, 11.5)])
def test_pace_distance(wpm, distance):
    assert pace_distance(wpm) == distance


def test_average_skips_unknown_pace():
    avg = average([f(overall=60, wpm=None), f(overall=80, wpm=150)])
    assert avg.overall == 70 and avg.wpm == 150
    assert average([f(wpm=None)]).wpm is None
