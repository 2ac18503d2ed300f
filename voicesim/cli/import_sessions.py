"""`voicesim import`: bring session folders recorded before the history existed into it."""

from __future__ import annotations

from pathlib import Path

import click

from voicesim.cli.app import cli, make_console


@cli.command("import")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
def import_command(directory: Path | None) -> None:
    """Import session folders (default: the recordings folder) into the history. Safe to run again."""
    from rich.text import Text

    from voicesim.paths import default_recordings_dir
    from voicesim.store import Store
    from voicesim.store.importer import import_sessions

    root = directory or default_recordings_dir()
    store = Store.open()
    try:
        result = import_sessions(store, root)
    finally:
        store.close()
    out = make_console()
    for folder, why in result.failed:
        out.print(Text(f"Could not import {folder}: {why}", style="yellow"))
    out.print(Text(f"{root}: imported {len(result.imported)} session(s)"
                   + (f" ({', '.join(result.imported)})" if result.imported else "")
                   + f"; {len(result.skipped)} already in the history"))
