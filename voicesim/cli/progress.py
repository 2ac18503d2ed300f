"""`voicesim progress`: trends over sessions, per question and overall; --plot draws them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from voicesim.cli.app import cli, make_console, open_store


@cli.command()
@click.option("--question", "-q", "question_id", default=None, metavar="ID", help="Only this question.")
@click.option("--bank", default=None, metavar="NAME", help="Only sessions of this bank.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (schema in README).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE.png|.svg",
              help="Also draw the trends into a chart file.")
def progress(question_id: str | None, bank: str | None, as_json: bool, plot: Path | None) -> None:
    """Trends of overall, coverage, pace, fillers per minute and pauses over your sessions."""
    from voicesim.report.compare import per_question, per_session
    from voicesim.report.schema import progress_to_dict

    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise click.BadParameter("the chart file must end in .png or .svg", param_hint="--plot")
    store = open_store()
    try:
        attempts = store.attempts(question_id, bank=bank)
    finally:
        store.close()
    overall, questions = per_session(attempts), per_question(attempts)
    if as_json:
        click.echo(json.dumps(progress_to_dict(overall, questions), indent=2))
    else:
        from voicesim.report.progress_view import progress_table

        out = make_console()
        if not attempts:
            what = f" for '{question_id}'" if question_id else ""
            out.print(f"No scored answers{what} yet: practise a few times and come back.", markup=False)
        else:
            title = f"Progress over {len(overall)} session(s)" + (f", question {question_id}" if question_id else "") + (f", bank {bank}" if bank else "")
            # for one question the per-session row would only repeat it
            out.print(progress_table([] if question_id else overall, questions, title))
    if plot is not None:
        if not attempts:
            raise click.UsageError("nothing to plot yet: no scored answers")
        from voicesim.report.charts import trend_figure, write_chart

        series = {question_id: questions[question_id]} if question_id else {"all (per session)": overall, **questions}
        write_chart(trend_figure(series, title="voicesim progress" + (f": {question_id}" if question_id else "")), plot)
        click.echo(f"Chart written to {plot}", err=True)
