"""`voicesim transcribe` and `voicesim score`: one recorded answer at a time."""

from __future__ import annotations

import json
from pathlib import Path

import click

from voicesim.cli.app import bank_option, cli, engine_option, make_console, model_option, open_store, threads_option


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path))
@click.option("--vocabulary", default=None, metavar="TERMS", help='Terms to expect, comma-separated ("Redis, token bucket, 429").')
@click.option("--question", "-q", "question_id", default=None, metavar="ID", help="Expect the terms of this question's vocabulary.")
@bank_option
@engine_option
@model_option
@threads_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def transcribe(audio: Path, vocabulary: str | None, question_id: str | None, bank: str, engine: str, model: str | None, threads: int | None,
               as_json: bool) -> None:
    """Transcribe an audio file: text, and words with their times. Without --vocabulary or --question,
    Whisper gets only the filler-style prompt."""
    from voicesim.transcript.whisper import make_transcriber

    terms: tuple[str, ...] = ()
    if question_id:
        from voicesim.question.bank import load_bank

        terms = load_bank(bank).question(question_id).vocabulary
    if vocabulary:
        terms += tuple(t.strip() for t in vocabulary.split(",") if t.strip())
    transcript = make_transcriber(model, cpu_threads=threads, engine=engine).transcribe_file(audio, vocabulary=tuple(dict.fromkeys(terms)))
    if as_json:
        click.echo(json.dumps(transcript.to_dict(), indent=2))
        return
    from rich.text import Text

    console = make_console()
    if not transcript.has_speech:
        console.print("[yellow]No speech detected.[/]")
        return
    console.print(Text(transcript.text))
    console.print()
    for w in transcript.words:
        console.print(Text.assemble((f"{w.start:7.2f}-{w.end:7.2f}", "dim"), "  ", w.text))


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path))
@click.option("--question", "-q", "question_id", required=True, help="Question id (see `voicesim questions`).")
@bank_option
@engine_option
@model_option
@threads_option
@click.option("--pause", "pause_s", type=click.FloatRange(0.2, 60), default=2.0, show_default=True, help="Silences at least this long (s) count as pauses.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--no-save", is_flag=True, help="Do not keep the result in the history.")
def score(audio: Path, question_id: str, bank: str, engine: str, model: str | None, threads: int | None, pause_s: float, as_json: bool, no_save: bool) -> None:
    """Transcribe and score a recorded answer to one question (kept in the history as a one-answer session)."""
    from voicesim.question.bank import load_bank
    from voicesim.report.compare import Figures, compare
    from voicesim.report.schema import score_to_dict
    from voicesim.scoring import score_answer
    from voicesim.store.one_answer import store_scored_file
    from voicesim.transcript.whisper import make_transcriber

    the_bank = load_bank(bank)
    question = the_bank.question(question_id)  # fail on a bad id before the slow part
    store = None if no_save else open_store()  # and on a locked or damaged history
    try:
        transcriber = make_transcriber(model, cpu_threads=threads, engine=engine)
        transcript = transcriber.transcribe_file(audio, vocabulary=question.vocabulary)
        result = score_answer(transcript, question, pause_threshold_s=pause_s)
        comparison = session_id = None
        if store is not None:
            if not result.no_speech:
                earlier = store.attempts(question.id, bank=the_bank.name)
                comparison = compare(Figures.of(result), [Figures.of(a.score) for a in earlier])
            session_id = store_scored_file(store, the_bank, question, audio, result, transcriber.settings, pause_s)
    finally:
        if store is not None:
            store.close()
    if as_json:
        click.echo(json.dumps(score_to_dict(result), indent=2))
        return
    from rich.text import Text

    from voicesim.report.comparison_view import comparison_text
    from voicesim.report.terminal import scorecard

    out = make_console()
    out.print(scorecard(result, question))
    if session_id is not None:
        if not result.no_speech:
            out.print(comparison_text(comparison))
        out.print(Text(f"Kept in the history as session {session_id} (voicesim review {session_id})", style="dim"))
