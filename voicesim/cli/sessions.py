"""`voicesim rescore`, `export` and `delete`: looking after the sessions kept."""

from __future__ import annotations

from pathlib import Path

import click

from voicesim.cli.app import cli, make_console, open_store


@cli.command()
@click.argument("session_ref", metavar="SESSION|last", required=False)
@click.option("--all", "all_sessions", is_flag=True, help="Rescore every session.")
@click.option("--bank", default=None, metavar="NAME|PATH", help="Score against this bank (default: where each session's bank came from).")
def rescore(session_ref: str | None, all_sessions: bool, bank: str | None) -> None:
    """Recompute scores from the stored transcripts with the bank as it is now; old scores are kept as versions."""
    from rich.table import Table
    from rich.text import Text

    from voicesim.report.compare import format_value
    from voicesim.store.maintenance import rescore_sessions

    if bool(session_ref) == all_sessions:
        raise click.UsageError("give a session (or 'last'), or --all")
    store = open_store()
    try:
        sessions = store.sessions() if all_sessions else [store.session(session_ref)]
        results = rescore_sessions(store, sessions, bank)
    finally:
        store.close()
    out = make_console()
    table = Table(title=f"Rescored {len(sessions)} session(s)", title_justify="left")
    for col in ("session", "question", "overall", "coverage", "fillers/min", "version"):
        table.add_column(col, justify="left" if col in ("session", "question") else "right")

    def change(key: str, old, new) -> Text:
        before = format_value(key, getattr(old, key)) if old else "-"
        if new is None:
            return Text(before)
        after = format_value(key, getattr(new, key))
        return Text(f"{before} → {after}", style="bold" if before != after else "")

    for r in results:
        version = Text(f"{r.old.version if r.old else '-'} → {r.new.version}") if r.new else Text(r.note, style="dim")
        table.add_row(Text(r.session_id), Text(r.question_id), change("overall", r.old, r.new), change("coverage", r.old, r.new),
                      change("fillers_per_minute", r.old, r.new), version)
    out.print(table)
    changed = sum(r.changed for r in results)
    out.print(f"{changed} answer(s) got a new score version; {len(results) - changed} unchanged or skipped. History shows the newest.")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to FILE (created 0600) instead of the terminal.")
def export(fmt: str, output: Path | None) -> None:
    """Every answer with its figures, oldest first, for spreadsheets (schema in README)."""
    from voicesim.paths import write_private
    from voicesim.store.maintenance import export_csv, export_json, export_rows

    store = open_store()
    try:
        rows = export_rows(store.sessions())
    finally:
        store.close()
    text = export_csv(rows) if fmt == "csv" else export_json(rows) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_private(output, text)
    except OSError as exc:
        from voicesim.errors import VoicesimError

        raise VoicesimError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Exported {len(rows)} answer(s) to {output}", err=True)


@cli.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def delete(session_ref: str, yes: bool) -> None:
    """Remove a session from the history, with the recordings voicesim made for it (never a file you passed in)."""
    from rich.text import Text

    from voicesim.store.maintenance import delete_session, plan_delete

    store = open_store()
    try:
        session = store.session(session_ref)
        plan = plan_delete(session)
        out = make_console()
        out.print(Text(f"Session {session.id} ({session.kind}, {session.started_at}): {len(session.answers)} answer(s); "
                       f"{len(plan.files)} file(s) voicesim wrote will be removed"
                       + (f"; {len(plan.kept)} file(s) you passed in are kept" if plan.kept else "")))
        if not yes:
            try:
                confirmed = click.confirm("Delete it?", default=False)
            except click.exceptions.Abort:  # no answer (end of input): nothing is deleted
                confirmed = False
            if not confirmed:
                out.print("Nothing deleted (confirm, or pass --yes).")
                raise SystemExit(1)
        removed = delete_session(store, session, plan)
    finally:
        store.close()
    out.print(Text(f"Deleted session {session.id} and {len(removed)} file(s)."))
