"""Progress charts: one figure of trends over sessions, written as PNG or SVG (`progress --plot`) or
inlined as SVG in the HTML report. The same code draws both.

matplotlib is imported only when a chart is drawn (it costs about half a second), with the
non-interactive Agg backend: no display is needed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Sequence

from voicesim.errors import VoicesimError
from voicesim.report.compare import METRIC_BY_KEY, Point

SPARK = "▁▂▃▄▅▆▇█"
CHART_METRICS = ("overall", "coverage", "wpm", "fillers_per_minute", "pauses")
CHART_FORMATS = (".png", ".svg")
MAX_DOTS = 40


def sparkline(values: Sequence[float | None]) -> str:
    """"▂▄▆█" for a series; a gap for an unknown value; flat series sit in the middle."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif high == low:
            out.append(SPARK[len(SPARK) // 2])
        else:
            out.append(SPARK[round((v - low) / (high - low) * (len(SPARK) - 1))])
    return "".join(out)


def _when(started_at: str):
    from datetime import datetime

    try:
        return datetime.fromisoformat(started_at)
    except ValueError:
        return None


def trend_figure(series: dict[str, Sequence[Point]], metrics: Sequence[str] = CHART_METRICS, title: str = "Progress"):
    """A figure with one panel per metric; one line per series (e.g. "all questions", then each question).

    The x axis is the date of each session, so the series line up; when a start time is unknown
    (a folder imported without one) it is the attempt number instead. A point without a figure (no coverage: a
    question with no rubric yet) is left out of that figure's line."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure

    all_points = [p for points in series.values() for p in points]
    # A figure no point has (coverage, when every answer was to a question with no rubric yet) gets no empty panel.
    metrics = [k for k in metrics if any(METRIC_BY_KEY[k].get(p.figures) is not None for p in all_points)] or list(metrics[:1])
    by_date = all(_when(p.started_at) is not None for p in all_points)
    fig = Figure(figsize=(8.0, 1.9 * len(metrics) + 0.6), dpi=100, layout="constrained")
    axes = fig.subplots(len(metrics), 1, sharex=True, squeeze=False)[:, 0]
    for ax, key in zip(axes, metrics):
        metric = METRIC_BY_KEY[key]
        for n, (name, points) in enumerate(series.items()):
            known = [(i, p) for i, p in enumerate(points) if metric.get(p.figures) is not None]
            xs = [_when(p.started_at) if by_date else i + 1 for i, p in known]
            ys = [metric.get(p.figures) * (100 if key == "coverage" else 1) for _, p in known]
            if xs:
                # dots only where they can be told apart: they also cost about 100 bytes each in an SVG
                ax.plot(xs, ys, marker="o" if len(xs) <= MAX_DOTS else None, markersize=3, linewidth=1.8 if n == 0 else 1.0, label=name)
        ax.set_ylabel(metric.label + (" %" if key == "coverage" else ""), fontsize=8)
        ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1))
        ax.tick_params(labelsize=7)
        ax.grid(True, alpha=0.3)
        if key == "wpm":
            from voicesim.scoring.overall import PACE_IDEAL

            ax.axhspan(*PACE_IDEAL, color="green", alpha=0.08, label="good pace")
            ax.set_ylim(top=max(ax.get_ylim()[1], PACE_IDEAL[1] + 20))
    if by_date:
        from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

        locator = AutoDateLocator()
        axes[-1].xaxis.set_major_locator(locator)
        axes[-1].xaxis.set_major_formatter(ConciseDateFormatter(locator))
    else:
        axes[-1].set_xlabel("attempt", fontsize=8)
    if len(series) > 1:
        axes[0].legend(fontsize=7, loc="best")
    fig.suptitle(title, fontsize=10)
    return fig


def _render(fig, fmt: str) -> bytes:
    import matplotlib

    buffer = io.BytesIO()
    # A fixed salt and no date: the same data gives the same SVG; no metadata names the machine.
    with matplotlib.rc_context({"svg.hashsalt": "voicesim", "svg.fonttype": "path"}):
        fig.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else {"Software": None})
    return buffer.getvalue()


def write_chart(fig, path: Path) -> Path:
    """Write the figure as PNG or SVG (by the file's extension), created 0600."""
    fmt = path.suffix.lower()
    if fmt not in CHART_FORMATS:
        raise VoicesimError(f"{path}: a chart is written as .png or .svg")
    data = _render(fig, fmt[1:])
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise VoicesimError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def chart_svg(fig) -> str:
    """The figure as an `<svg>` element to inline in HTML (no XML prolog or DOCTYPE)."""
    text = _render(fig, "svg").decode("utf-8")
    return text[text.index("<svg"):]
