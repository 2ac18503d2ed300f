"""`voicesim banks` and `voicesim bank new --from GUIDE`: the banks there are, and a bank from a pasted guide."""

from __future__ import annotations

import json
from pathlib import Path

import click

from voicesim.cli.app import cli, make_console
from voicesim.cli.questions import bank


@cli.command("banks")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def banks(as_json: bool) -> None:
    """List the question banks: the shipped ones and your own, with their question counts."""
    from voicesim.question.library import list_banks
    from voicesim.question.locations import user_banks_dir

    listed = list_banks()
    if as_json:
        click.echo(json.dumps({"user_banks_dir": str(user_banks_dir()), "banks": [
            {"name": b.name, "title": b.title, "shipped": b.shipped, "questions": b.questions,
             "without_rubric": b.without_rubric, "path": str(b.path)} for b in listed]}, indent=2))
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Question banks (practise one with --bank NAME)", title_justify="left")
    for col in ("name", "title", "questions", "from"):
        table.add_column(col, justify="right" if col == "questions" else "left", no_wrap=col == "name")
    for b in listed:
        count = f"{b.questions}" + (f" ({b.without_rubric} without rubric)" if b.without_rubric else "")
        table.add_row(Text(b.name, style="bold cyan"), Text(b.title), count, Text("shipped" if b.shipped else "yours"))
    console = make_console()
    console.print(table)
    total = sum(b.questions for b in listed if b.shipped)
    console.print(f"{total} questions in the shipped library. Your own banks live in {user_banks_dir()} "
                  "(voicesim bank new --from GUIDE writes there).", soft_wrap=True, highlight=False, markup=False)


@bank.command("new")
@click.option("--from", "guide_path", required=True, type=click.Path(path_type=Path), metavar="GUIDE",
              help="A guide as pasted from a web page: plain text or Markdown (- reads it from standard input).")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, metavar="FILE.toml",
              help="Where to write the bank (default: your banks folder, named after the guide).")
@click.option("--title", default=None, help="The bank's title (default: the guide's first heading).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions found and their matches as JSON.")
@click.option("--matcher", type=click.Choice(["meaning", "words"]), default="meaning", show_default=True,
              help="Match by meaning (sentence embeddings with TF-IDF) or by words alone (TF-IDF).")
def bank_new(guide_path: Path, output: Path | None, title: str | None, force: bool, as_json: bool, matcher: str) -> None:
    """Write a bank from an interview guide: its questions, each with the closest library question's rubric."""
    from voicesim.errors import BankError
    from voicesim.paths import make_private_dir, write_private
    from voicesim.question.authoring import bank_name_for, bank_toml
    from voicesim.question.bank import load_bank
    from voicesim.question.guide import guide_from_bytes, load_guide
    from voicesim.question.library import library_questions
    from voicesim.question.locations import seeds_dir, shadowing_error, user_banks_dir
    from voicesim.question.matching import library_matcher, match_all

    pasted = str(guide_path) == "-"
    guide = guide_from_bytes(click.get_binary_stream("stdin").read(), "standard input") if pasted else load_guide(guide_path)
    if output is None:
        output = user_banks_dir() / f"{bank_name_for('guide' if pasted else guide_path.stem)}.toml"
        if (seeds_dir() / output.name).is_file():
            raise shadowing_error(output)
    elif output.suffix != ".toml":
        raise BankError(f"{output}: a bank file's name ends in .toml")
    if output.exists() and not force:
        raise BankError(f"{output} exists: give --force to overwrite it, or --output another file")
    matching = library_matcher(library_questions(), by=matcher)
    matches = match_all(matching, [q.prompt for q in guide.questions])
    source = "a guide pasted on standard input" if pasted else guide_path.name
    text = bank_toml(guide, matches, title or guide.title or (output.stem if pasted else guide_path.stem), source)
    make_private_dir(output.parent)
    write_private(output, text)
    written = load_bank(str(output))  # what practice will load: a bank that does not load is a bug here

    if as_json:
        click.echo(json.dumps({"bank": str(output), "matched_by": matching.name, "questions": [
            {"prompt": m.prompt, "matched": m.question.ref if m.question else None, "similarity": m.similarity}
            for m in matches]}, indent=2))
        return
    _print_matches(source, matches, output, written.name, matching.name)


def _print_matches(source: str, matches, output: Path, name: str, matched_by: str) -> None:
    from rich.table import Table
    from rich.text import Text

    from voicesim.question.locations import user_banks_dir

    table = Table(title=Text(f"{len(matches)} questions found in {source}, matched to the library by {matched_by}"),
                  title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("the guide asks")
    table.add_column("library question (its rubric is used)")
    table.add_column("similarity", justify="right")
    for n, m in enumerate(matches, start=1):
        if m.question:
            library = Text.assemble((m.question.ref, "bold cyan"), "\n", m.question.question.prompt)
        else:
            library = Text.assemble(("none close enough", "yellow"), f"\nclosest: {m.closest.ref}; no rubric yet")
        table.add_row(str(n), Text(m.prompt), library, f"{m.similarity:.2f}")
    console = make_console()
    console.print(table)
    without = sum(m.question is None for m in matches)
    note = f", {without} with no rubric yet (scored for delivery only until you add concepts)" if without else ""
    bank_arg = name if output.parent.resolve() == user_banks_dir().resolve() else str(output)
    console.print(f"Wrote {output}: {len(matches)} questions, {len(matches) - without} with a library rubric{note}.",
                  soft_wrap=True, highlight=False, markup=False)
    console.print(f"Practise it: voicesim practice --bank {bank_arg}", soft_wrap=True, highlight=False, markup=False)
