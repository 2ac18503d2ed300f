"""`voicesim history`: the sessions kept, newest first."""

from __future__ import annotations

import json

import click

from voicesim.cli.app import cli, make_console, open_store

HISTORY_SCHEMA = 1


def _answer_dict(answer) -> dict:
    s = answer.score
    return {
        "question": answer.question_id,
        "overall": s.overall if s else None,
        "coverage": s.coverage if s else None,
        "wpm": s.wpm if s else None,
        "fillers_per_minute": s.fillers_per_minute if s else None,
        "audio": str(answer.audio_path) if answer.audio_path else None,
        "follow_ups": answer.follow_ups,
    }


@cli.command()
@click.option("--question", "-q", "question_id", default=None, metavar="ID", help="Only sessions that asked this question.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=20, show_default=True, help="How many sessions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in README).")
def history(question_id: str | None, limit: int, as_json: bool) -> None:
    """Sessions, newest first: date, bank, questions, overall, coverage, pace and fillers."""
    store = open_store()
    try:
        sessions = store.sessions(limit=limit, question_id=question_id)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps({"schema": HISTORY_SCHEMA, "sessions": [
            {"id": s.id, "started_at": s.started_at, "kind": s.kind, "bank": s.bank, "answers": [_answer_dict(a) for a in s.answers]}
            for s in sessions]}, indent=2))
        return
    from statistics import mean

    from rich.table import Table
    from rich.text import Text

    out = make_console()
    if not sessions:
        out.print("No sessions yet: `voicesim practice` starts one, `voicesim score FILE -q ID` keeps a single answer.")
        return
    table = Table(title=f"History ({len(sessions)} newest sessions)", title_justify="left")
    for col in ("session", "kind", "bank", "questions", "overall", "coverage", "wpm", "fillers/min"):
        table.add_column(col, justify="right" if col in ("overall", "coverage", "wpm", "fillers/min") else "left", no_wrap=col == "session")
    for s in sessions:
        scored = [a.score for a in s.scored]
        paces = [x.wpm for x in scored if x.wpm is not None]
        coverages = [x.coverage for x in scored if x.coverage is not None]  # an answer to a question with no rubric has none
        figures = [f"{mean(x.overall for x in scored):.0f}", f"{mean(coverages):.0%}" if coverages else "-",
                   f"{mean(paces):.0f}" if paces else "-", f"{mean(x.fillers_per_minute for x in scored):.1f}"] if scored else ["-"] * 4
        table.add_row(Text(s.id), s.kind, Text(s.bank), Text(", ".join(a.question_id + (f" (+{a.follow_ups} follow-up)" if a.follow_ups else "") for a in s.answers)), *figures)
    out.print(table)
