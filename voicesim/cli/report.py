"""`voicesim report`: a session as one self-contained HTML file to keep or share."""

from __future__ import annotations

from pathlib import Path

import click

from voicesim.cli.app import cli, open_store


@cli.command()
@click.argument("session_ref", metavar="SESSION|last")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FILE",
              help="Write the report here (created 0600).")
@click.option("--open", "open_it", is_flag=True, help="Open it in the web browser.")
def report(session_ref: str, html_file: Path, open_it: bool) -> None:
    """One self-contained HTML page: recordings, transcripts where a click on a word plays it, scorecards,
    comparisons with earlier attempts and progress charts. Nothing in it reaches the network."""
    from voicesim.errors import VoicesimError
    from voicesim.paths import write_private
    from voicesim.report.html import collect_report, render_html

    store = open_store()
    try:
        view = collect_report(store, store.session(session_ref))
    finally:
        store.close()
    page = render_html(view)
    try:
        write_private(html_file, page)
    except OSError as exc:
        raise VoicesimError(f"cannot write {html_file}: {exc.strerror or exc}") from None
    missing = sum(1 for a in view.answers if a.audio_b64 is None)
    click.echo(f"Report of session {view.session.id} ({len(view.answers)} answer(s), {len(page.encode()) / 1024:.0f} KB) written to {html_file}"
               + (f"; {missing} recording(s) missing" if missing else ""))
    if open_it:
        import webbrowser

        if not webbrowser.open(html_file.resolve().as_uri()):
            click.echo("No web browser found: open the file yourself.", err=True)
