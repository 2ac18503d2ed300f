"""`voicesim questions` and `voicesim bank check`: reading question banks (`bank new` and `banks`: banks.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from voicesim.cli.app import bank_option, cli, make_console


@cli.command()
@bank_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def questions(bank: str, as_json: bool) -> None:
    """List the questions of a bank: ids and prompts."""
    from voicesim.question.bank import load_bank
    from voicesim.report.schema import questions_to_dict

    b = load_bank(bank)
    if as_json:
        click.echo(json.dumps(questions_to_dict(b), indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"{b.title} ({b.name}, {len(b.questions)} questions)"), title_justify="left")
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("question")
    table.add_column("target", justify="right", no_wrap=True)
    for q in b.questions:
        table.add_row(Text(q.id), Text(q.prompt), f"{q.target.min_s:.0f}-{q.target.max_s:.0f} s")
    make_console().print(table)


@cli.group()
def bank() -> None:
    """Question bank tools."""


@bank.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def bank_check(file: Path) -> None:
    """Validate a question bank file."""
    from voicesim.question.bank import load_bank

    from voicesim.errors import BankError
    from voicesim.transcript.context import CONTEXT_MAX_TOKENS, context_tokens

    b = load_bank(str(file))
    for q in b.questions:
        tokens = context_tokens(q.vocabulary)
        if tokens > CONTEXT_MAX_TOKENS:
            raise BankError(f"{b.path}: question '{q.id}': vocabulary: {tokens} tokens with the filler prompt, and Whisper keeps "
                            f"{CONTEXT_MAX_TOKENS}: list fewer or shorter terms")
    concepts = sum(len(q.rubric.concepts) for q in b.questions)
    click.echo(f"{b.path}: ok, {len(b.questions)} questions, {concepts} concepts")
    bare = [q.id for q in b.questions if not q.has_rubric]
    if bare:
        click.echo(f"{len(bare)} question{'s' if len(bare) > 1 else ''} with no rubric yet (scored for delivery only until "
                   f"[[questions.concepts]] are added): {', '.join(bare)}")
