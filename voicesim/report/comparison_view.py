"""Rich renderables for comparisons with earlier attempts. Used only by the CLI."""

from __future__ import annotations

from rich.text import Text

from voicesim.report.compare import Comparison, MetricChange, describe, format_value


def _style(change: MetricChange) -> str:
    if change.new_best:
        return "bold green"
    return {True: "green", False: "yellow", None: ""}[change.improved]


def comparison_text(comparison: Comparison | None) -> Text:
    """"Compared with your 2 earlier attempts: overall 71, last 64, best 68 ..." and any new personal best."""
    if comparison is None:
        return Text("First attempt at this question: the next one will be compared with it.", style="dim")
    attempts = "your earlier attempt" if comparison.earlier_attempts == 1 else f"your {comparison.earlier_attempts} earlier attempts"
    text = Text(f"Compared with {attempts}:\n", style="bold")
    for change in comparison.changes:
        arrow = {True: "▲ ", False: "▼ ", None: "  "}[change.improved]
        text.append(f"  {arrow}{describe(change)}\n", style=_style(change))
    for change in comparison.new_bests:
        text.append(f"New personal best: {change.label} {format_value(change.key, change.current)} "
                    f"(best before: {format_value(change.key, change.best)})\n", style="bold green")
    text.rstrip()
    return text


def change_cell(comparison: Comparison | None, key: str) -> Text:
    """A summary-table cell: "3.1 (last 5.0, best 2.4)", green when better than last time."""
    if comparison is None:
        return Text("first")
    change = comparison.change(key)
    cell = Text(f"last {format_value(key, change.last)}, best {format_value(key, change.best)}", style=_style(change))
    if change.new_best:
        cell.append(" ★", style="bold green")
    return cell
