"""The shareable HTML report of a session: one self-contained file.

Per answer: the question, the recording (Ogg Opus, base64, played through a Blob URL), the transcript
marked as in `review` where a click on a word plays from that word, the scorecard, the vocabulary terms
maybe misheard (as in `review`: never counted), the comparison with earlier attempts and a progress chart
(inline SVG from the same code as `progress --plot`).

Safety: the template is rendered by Jinja2 with autoescape on, so every prompt, concept name and word
is text; the page's one script is ours, allowed by its sha256 in a Content-Security-Policy that
also forbids any network request (default-src 'none').
"""

from __future__ import annotations

import base64
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from importlib import resources

from markupsafe import Markup

from voicesim.errors import AudioFileError
from voicesim.report.annotate import Mark, annotate, evidence_ends
from voicesim.report.compare import Comparison, Figures, compare, format_value, per_question, per_session
from voicesim.report.review_view import answer_mishearings, concept_numbers, mmss
from voicesim.scoring import Score
from voicesim.scoring.mishearing import Mishearing
from voicesim.store.database import Store
from voicesim.store.records import AnswerDetail, StoredSession

log = logging.getLogger(__name__)

CHART_METRICS = ("overall", "coverage", "fillers_per_minute", "wpm")


@dataclass(frozen=True)
class AnswerView:
    detail: AnswerDetail
    score: Score | None
    marks: tuple[Mark, ...]
    numbers: dict[str, int]  # concept name -> the number shown after its evidence
    audio_b64: str | None
    audio_note: str  # why there is no player, when there is none
    comparison: Comparison | None
    chart: Markup | None  # inline SVG
    mishearings: tuple[Mishearing, ...] = ()  # vocabulary terms maybe heard as other words (not counted)

    @property
    def ends(self) -> dict[int, tuple[str, ...]]:
        return evidence_ends(list(self.marks))

    @property
    def question(self):
        return self.detail.scored_question or self.detail.question


@dataclass(frozen=True)
class ReportView:
    session: StoredSession
    answers: tuple[AnswerView, ...]
    chart: Markup | None  # the history per session, up to this one
    generated_at: str


def _svg(series, title: str) -> Markup | None:
    if not any(series.values()):
        return None
    from voicesim.report.charts import chart_svg, trend_figure

    # Our own matplotlib output: trusted markup. Every label in it (question ids) is escaped by matplotlib's SVG writer.
    return Markup(chart_svg(trend_figure(series, CHART_METRICS, title=title)))


def _audio(detail: AnswerDetail) -> tuple[str | None, str]:
    path = detail.answer.audio_path
    if path is None:
        return None, "No recording was kept for this answer."
    if not path.is_file():
        return None, f"The recording {path} is missing (moved or deleted)."
    from voicesim.audio.encode import encode_file_opus

    try:
        return base64.b64encode(encode_file_opus(path)).decode("ascii"), ""
    except AudioFileError as exc:
        log.warning("%s", exc)
        return None, str(exc)


def collect_report(store: Store, session: StoredSession, charts: bool = True) -> ReportView:
    """Everything the page shows, read from the history (and the recordings on disk)."""
    every = {a.answer_id: a for name in session.bank.split("+") for a in store.attempts(bank=name)}  # each of its banks
    history = sorted((a for a in every.values() if a.started_at <= session.started_at), key=lambda a: (a.started_at, a.answer_id))
    before = [a for a in history if a.session_id != session.id]
    by_question = per_question(history)
    answers = []
    for stored in session.answers:
        detail = store.answer_detail(stored, session)
        score = detail.rebuild_score()
        audio_b64, note = _audio(detail)
        comparison = None
        if score is not None and not score.no_speech:
            earlier = [Figures.of(a.score) for a in before if a.question_id == stored.question_id]
            comparison = compare(Figures.of(score), earlier)
        points = by_question.get(stored.question_id, [])
        chart = _svg({stored.question_id: points}, f"{stored.question_id}: your attempts") if charts and len(points) > 1 else None
        hints = answer_mishearings(score, detail.scored_question or detail.question) if score else ()
        answers.append(AnswerView(detail, score, tuple(annotate(score)) if score else (), concept_numbers(score) if score else {},
                                  audio_b64, note, comparison, chart, hints))
    sessions = per_session(history)
    chart = _svg({"all questions (per session)": sessions}, "Progress up to this session") if charts and len(sessions) > 1 else None
    return ReportView(session, tuple(answers), chart, datetime.now().astimezone().isoformat(timespec="seconds"))


def _script() -> str:
    return resources.files("voicesim.report").joinpath("templates/report.js").read_text(encoding="utf-8")


def render_html(report: ReportView) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("voicesim.report", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["mmss"] = mmss
    env.filters["value"] = lambda v, key: format_value(key, v)
    script = _script()
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; media-src blob:; img-src data:"
    return env.get_template("report.html.j2").render(report=report, script=Markup(script), csp=csp, mime="audio/ogg; codecs=opus")
