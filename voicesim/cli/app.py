"""The click group, the options shared by several commands, and the console every command prints to.

Command modules import this one; it imports none of them (voicesim/cli/__init__.py wires them up)."""

from __future__ import annotations

import logging
import sys

import click

from voicesim import __version__
from voicesim.question.bank import DEFAULT_BANK

log = logging.getLogger("voicesim")

bank_option = click.option(
    "--bank", default=DEFAULT_BANK, show_default=True, metavar="NAME|PATH",
    help="Question bank: a name (`voicesim banks` lists them) or a path to a TOML file.",
)
model_option = click.option(
    "--model", default=None, metavar="NAME|PATH",
    help="Whisper model: a CTranslate2 model folder or a model name (openai-whisper: also a .pt file). Default: the bundled tiny.en.",
)
engine_option = click.option(
    "--engine", type=click.Choice(["faster-whisper", "openai-whisper"]), default="faster-whisper", show_default=True,
    help="Speech recogniser. openai-whisper needs the extra: pip install 'voicesim[openai-whisper]'.",
)
threads_option = click.option("--threads", type=click.IntRange(1, 64), default=None, help="CPU threads for Whisper (default: half the cores).")


def make_console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voicesim")
@click.option("--debug", is_flag=True, help="Show debug logs and full tracebacks.")
@click.option("-v", "--verbose", is_flag=True, help="Show progress logs.")
def cli(debug: bool, verbose: bool) -> None:
    """voicesim: practise interview answers out loud, offline.

    It speaks each question, records your answer, transcribes it locally with
    Whisper and scores what you covered and how you said it.
    """
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="voicesim: %(message)s" if not debug else "%(asctime)s %(name)s %(levelname)s: %(message)s", stream=sys.stderr)
    # faster-whisper narrates every file at INFO; keep that for --debug.
    logging.getLogger("faster_whisper").setLevel(logging.DEBUG if debug else logging.WARNING)


def open_store():
    """The user's history database, with any session folders recorded before it imported (once)."""
    from voicesim.store import Store
    from voicesim.store.importer import import_default_recordings

    store = Store.open()
    import_default_recordings(store)
    return store
