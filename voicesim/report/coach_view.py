"""The coach on screen (rich): its lines in the live recording panel, and the one line of final figures after the
answer. Transcript text is untrusted (a candidate can say "[bold]"): it goes into Text objects, never into markup."""

from __future__ import annotations

from rich.text import Text

from voicesim.practice.coach import CoachView
from voicesim.report.review_view import mmss

_PACE_STYLE = {"good": "green", "a little slow": "yellow", "a little fast": "yellow"}
_LENGTH_STYLE = {"on target": "green", "short": "dim", "long": "yellow"}


def _pace(view: CoachView) -> Text:
    if view.wpm is None:
        return Text("pace -", style="dim")
    return Text(f"{view.wpm:.0f} wpm ({view.pace_band})", style=_PACE_STYLE.get(view.pace_band or "", "red"))


def coach_lines(view: CoachView) -> list[Text]:
    """Two lines (three with a cue): what was heard last; pace, fillers and length so far; the cue."""
    heard = Text("heard  ", style="dim")
    heard.append(view.last_words or "(the words appear here as you speak, a few seconds behind)",
                 style="italic" if view.last_words else "dim")
    figures = Text("so far  ", style="dim")
    figures.append_text(_pace(view))
    figures.append(f" · fillers {view.fillers} ({view.fillers_per_minute:.1f}/min) · ")
    length = view.length
    figures.append(f"speaking {mmss(length.seconds)} of {mmss(length.min_s)}-{mmss(length.max_s)}: ")
    figures.append(length.verdict, style=_LENGTH_STYLE.get(length.verdict, ""))
    if view.wrap_up:
        figures.append(" · wrap up", style="bold yellow")
    lines = [heard, figures]
    if view.cue is not None:
        cue = Text("▶ ", style="bold magenta")
        cue.append(view.cue.kind.capitalize(), style="bold magenta")
        cue.append(f": {view.cue.detail}")
        lines.append(cue)
    return lines


def coach_summary(view: CoachView) -> Text:
    """The coach's figures for the whole answer, one line (the scorecard's figures, by the scorecard's code)."""
    line = Text("Coach, whole answer: ", style="bold")
    line.append_text(_pace(view))
    line.append(f" · {view.fillers} fillers ({view.fillers_per_minute:.1f}/min) · {view.length.seconds:.0f} s speaking: "
                f"{view.length.verdict}")
    return line
