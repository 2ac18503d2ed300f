"""The command line: parses arguments, calls the library, renders. The only module that writes to the terminal."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from voicesim import __version__
from voicesim.bank import DEFAULT_BANK
from voicesim.errors import VoicesimError

log = logging.getLogger("voicesim")

bank_option = click.option(
    "--bank", default=DEFAULT_BANK, show_default=True, metavar="NAME|PATH",
    help="Question bank: a name from seeds/ or a path to a TOML file.",
)
model_option = click.option(
    "--model", default=None, metavar="NAME|PATH",
    help="Whisper model: a CTranslate2 model folder or a faster-whisper model name. Default: the bundled tiny.en.",
)
threads_option = click.option("--threads", type=click.IntRange(1, 64), default=None, help="CPU threads for Whisper (default: half the cores).")


def _console(stderr: bool = False):
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


@cli.command()
@bank_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def questions(bank: str, as_json: bool) -> None:
    """List the questions of a bank: ids and prompts."""
    from voicesim.bank import load_bank
    from voicesim.report import questions_to_dict

    b = load_bank(bank)
    if as_json:
        click.echo(json.dumps(questions_to_dict(b), indent=2))
        return
    from rich.table import Table

    table = Table(title=f"{b.title} ({b.name}, {len(b.questions)} questions)", title_justify="left")
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("question")
    table.add_column("target", justify="right", no_wrap=True)
    for q in b.questions:
        table.add_row(q.id, q.prompt, f"{q.target.min_s:.0f}-{q.target.max_s:.0f} s")
    _console().print(table)


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path))
@model_option
@threads_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def transcribe(audio: Path, model: str | None, threads: int | None, as_json: bool) -> None:
    """Transcribe an audio file: text, and words with their times."""
    from voicesim.transcribe import FasterWhisperTranscriber

    transcript = FasterWhisperTranscriber(model, cpu_threads=threads).transcribe_file(audio)
    if as_json:
        click.echo(json.dumps(transcript.to_dict(), indent=2))
        return
    console = _console()
    if not transcript.has_speech:
        console.print("[yellow]No speech detected.[/]")
        return
    console.print(transcript.text)
    console.print()
    for w in transcript.words:
        console.print(f"[dim]{w.start:7.2f}-{w.end:7.2f}[/]  {w.text}")


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path))
@click.option("--question", "-q", "question_id", required=True, help="Question id (see `voicesim questions`).")
@bank_option
@model_option
@threads_option
@click.option("--pause", "pause_s", type=click.FloatRange(0.2, 60), default=2.0, show_default=True, help="Silences at least this long (s) count as pauses.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def score(audio: Path, question_id: str, bank: str, model: str | None, threads: int | None, pause_s: float, as_json: bool) -> None:
    """Transcribe and score a recorded answer to one question."""
    from voicesim.bank import load_bank
    from voicesim.report import score_to_dict
    from voicesim.scoring import score_answer
    from voicesim.transcribe import FasterWhisperTranscriber

    question = load_bank(bank).question(question_id)  # fail on a bad id before the slow part
    transcript = FasterWhisperTranscriber(model, cpu_threads=threads).transcribe_file(audio)
    result = score_answer(transcript, question, pause_threshold_s=pause_s)
    if as_json:
        click.echo(json.dumps(score_to_dict(result), indent=2))
        return
    from voicesim.render import scorecard

    _console().print(scorecard(result, question))


@cli.group()
def bank() -> None:
    """Question bank tools."""


@bank.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def bank_check(file: Path) -> None:
    """Validate a question bank file."""
    from voicesim.bank import load_bank

    b = load_bank(str(file))
    concepts = sum(len(q.rubric.concepts) for q in b.questions)
    click.echo(f"{b.path}: ok, {len(b.questions)} questions, {concepts} concepts")


def _load_practice_commands() -> None:
    from voicesim import cli_practice  # noqa: F401 - registers practice, devices, mic-check


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    _load_practice_commands()
    try:
        code = cli.main(prog_name="voicesim", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except VoicesimError as exc:
        if debug:
            raise
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: one line unless --debug
        if debug:
            raise
        click.echo(f"Error: unexpected {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
        sys.exit(1)
