"""Rich renderables for results. Used only by the CLI."""

from __future__ import annotations

from collections import Counter

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from voicesim.question.bank import Question
from voicesim.scoring import Score


def _mmss(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _band_style(band: str | None) -> str:
    return {"good": "green", "a little slow": "yellow", "a little fast": "yellow"}.get(band or "", "red")


def structure_table(s) -> Table:
    """The story's structure (behavioural questions): STAR parts, ownership, a measurable result, a reflection."""
    table = Table(title=f"Structure {s.score:.0%}", title_justify="left", show_header=False, box=None, padding=(0, 1))
    table.add_column(width=2)
    table.add_column(style="bold")
    table.add_column()
    items = [*((name.capitalize(), part) for name, part in s.star.items()), ("Measurable result", s.quantified_result), ("Reflection", s.reflection)]
    for label, item in items:
        ev = "; ".join(f"\"{escape(e.heard)}\" at {_mmss(e.start)}" for e in item.evidence)
        table.add_row("[green]✓[/]" if item.hit else "[red]✗[/]", label, ev or "[dim]not heard[/]")
    share = s.ownership_i_share
    table.add_row("", "Ownership", f"\"I\" {s.i_count}, \"we\" {s.we_count} where the actions are told"
                  + (f": {share:.0%} I" if share is not None else ""))
    return table


def coverage_table(result: Score) -> Table:
    """The concepts of the rubric, each with the words that showed it (or not mentioned)."""
    cov = Table(title=f"Coverage {result.coverage.score:.0%}", title_justify="left", show_header=False, box=None, padding=(0, 1))
    cov.add_column(width=2)
    cov.add_column(style="bold")
    cov.add_column()
    for c in result.coverage.concepts:
        # Names, evidence and prompts come from a bank or a transcript: text, never markup.
        tier = f" [dim]({escape(c.tier)})[/]" if c.tier else ""
        if c.hit:
            ev = "; ".join(f"\"{escape(e.heard)}\" at {_mmss(e.start)}" + ("" if e.exact else " [dim](near match)[/]") for e in c.evidence)
            if c.via == "follow_up":
                cov.add_row("[yellow]½[/]", escape(c.name) + tier, ev + " [dim](in a follow-up reply: half credit)[/]")
                continue
            cov.add_row("[green]✓[/]", escape(c.name) + tier, ev)
        else:
            cov.add_row("[red]✗[/]", escape(c.name) + tier, "[dim]not mentioned[/]")
    return cov


def scorecard(result: Score, question: Question) -> Panel:
    parts: list = []
    if result.no_speech:
        parts.append(Text("No speech detected: nothing to score. Check the microphone (voicesim mic-check) or the file.", style="bold yellow"))
    else:
        parts.append(Text(result.transcript.text, style="italic"))

    if result.coverage.rated:
        parts += [Text(""), coverage_table(result)]
    else:  # a question with no rubric yet: nothing to cover, and no 0% that would read as a verdict
        parts += [Text(""), Text("Coverage: no rubric yet (this question is scored for delivery only)", style="bold")]
    if result.coverage.set_aside:
        parts.append(Text(f"Not counted: only single words matched ({', '.join(result.coverage.set_aside)}), and no phrase of two "
                          "words or more: everyday words never count alone.", style="yellow"))

    for number, f in enumerate(result.follow_ups, start=1):
        recovered = ", ".join(c.name for c in f.recovered) or "nothing the answer had left out"
        parts.append(Text(f"Follow-up {number}: \u201c{f.prompt}\u201d  Reply: \u201c{f.transcript.text or '(no speech)'}\u201d  "
                          f"Recovered: {recovered}", style="cyan"))
    if result.structure is not None:
        parts += [Text(""), structure_table(result.structure)]

    d = result.delivery
    dl = Table(title=f"Delivery {result.delivery_score:.0%}", title_justify="left", show_header=False, box=None, padding=(0, 1))
    dl.add_column(style="bold")
    dl.add_column()
    if d.wpm is not None:
        dl.add_row("Pace", f"[{_band_style(d.pace_band)}]{d.wpm:.0f} wpm ({d.pace_band})[/], articulation {d.articulation_wpm or 0:.0f} wpm")
        dl.add_row("Length", f"{d.length.seconds:.0f} s speaking of {d.duration_s:.0f} s recorded; target {d.length.min_s:.0f}-{d.length.max_s:.0f} s: {d.length.verdict}")
        dl.add_row("First word", f"after {d.time_to_first_word_s:.1f} s")
        fillers = ", ".join(f"{escape(w)} ×{n}" for w, n in Counter(f.word for f in d.fillers).most_common()) or "none"
        band = {"very good": "green", "fair": "yellow"}.get(d.filler_band, "red")
        line = f"{len(d.fillers)} ({d.fillers_per_minute:.1f}/min): {fillers}"
        if d.hesitations:
            where = ", ".join(_mmss(h.start) for h in d.hesitations[:6]) + (" ..." if len(d.hesitations) > 6 else "")
            line += (f"; a lower bound: {len(d.hesitations)} more hesitation(s) heard in the audio with no word written "
                     f"(at {where})")
        line += f"; [{band}]{d.filler_share:.1%} of words ({d.filler_band})[/]"
        dl.add_row("Fillers", line)
        hedges = ", ".join(f"{escape(w)} ×{n}" for w, n in Counter(h.word for h in d.hedges).most_common()) or "none"
        dl.add_row("Hedges", f"{len(d.hedges)}: {hedges}")
        pauses = ", ".join(f"{p.duration_s:.1f} s at {_mmss(p.start)}" for p in d.pauses) or "none"
        dl.add_row(f"Pauses ≥{d.pause_threshold_s:g} s", pauses)
        if d.voice is not None:
            tone = "[yellow]monotone[/]" if d.voice.monotone else "[green]varied[/]"
            loud = f"; loudness varies {d.voice.loudness_spread_db:.1f} dB" if d.voice.loudness_spread_db is not None else ""
            dl.add_row("Voice", f"pitch varies {d.voice.pitch_spread_semitones:.1f} semitones ({tone}){loud}")
        if d.repetitions:
            dl.add_row("Repeated", ", ".join(f"\"{escape(r.phrase)}\" ×{r.count}" for r in d.repetitions))
    else:
        dl.add_row("Recorded", f"{d.duration_s:.1f} s")
    parts += [Text(""), dl]

    if question.outline:
        parts += [Text(""), Text("A strong answer covers", style="bold"), *[Text(f"  • {line}") for line in question.outline]]
    style = "green" if result.overall >= 70 else "yellow" if result.overall >= 40 else "red"
    return Panel(Group(*parts), title=f"[bold]{escape(question.prompt)}[/]", subtitle=f"[bold {style}]Overall {result.overall}/100[/]", expand=True)
