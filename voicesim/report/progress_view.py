"""Rich renderables for `voicesim progress`: a table of trends with sparklines. Used only by the CLI."""

from __future__ import annotations

from typing import Sequence

from rich.table import Table
from rich.text import Text

from voicesim.report.charts import sparkline
from voicesim.report.compare import METRIC_BY_KEY, Point, format_value

TABLE_METRICS = ("overall", "coverage", "wpm", "fillers_per_minute", "pauses")


def trend_cell(points: Sequence[Point], key: str) -> Text:
    """"▂▄▆█ 52 → 71": the sparkline over the attempts, the first and the latest value, green when better."""
    metric = METRIC_BY_KEY[key]
    values = [metric.get(p.figures) for p in points]
    first, last = values[0], values[-1]
    cell = Text(sparkline(values) + " ", style="cyan")
    if len(values) == 1:
        return cell + Text(format_value(key, last))
    style = ""
    if first is not None and last is not None and metric.rank(first) != metric.rank(last):
        style = "green" if metric.rank(last) < metric.rank(first) else "yellow"
    return cell + Text(f"{format_value(key, first)} → {format_value(key, last)}", style=style)


def progress_table(overall: Sequence[Point], questions: dict[str, Sequence[Point]], title: str) -> Table:
    table = Table(title=Text(title), title_justify="left", caption="sparkline: oldest → newest; first → latest value; green = better",
                  caption_justify="left")
    table.add_column("")
    table.add_column("n", justify="right", min_width=2)
    for key in TABLE_METRICS:
        table.add_column(METRIC_BY_KEY[key].label)
    if overall:
        table.add_row(Text("all (per session)", style="bold"), str(len(overall)), *[trend_cell(overall, k) for k in TABLE_METRICS])
    for qid, points in sorted(questions.items()):
        table.add_row(Text(qid), str(len(points)), *[trend_cell(points, k) for k in TABLE_METRICS])
    return table
