"""A question with no rubric yet (no concepts: `bank new --from GUIDE` writes one for a guide question the library
lacks): practice still runs it, scores it for delivery (and a story's structure) only, and says so; the history keeps
its coverage as NULL (migration 4 made the column nullable), and coverage averages, charts and --weakest leave it out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.helpers import concept, question, transcript_from_text
from voicesim.errors import StoreError
from voicesim.question.bank import Bank, Question, load_bank
from voicesim.question.snapshot import question_hash, snapshot_json
from voicesim.report.compare import Figures, average, compare, per_question, per_session
from voicesim.scoring import score_answer
from voicesim.scoring.coverage import Coverage, ConceptResult
from voicesim.scoring.follow_up import FollowUpReply, apply_follow_ups, next_follow_up
from voicesim.scoring.overall import BEHAVIORAL_SHARES, COVERAGE_SHARE, DELIVERY_WEIGHTS, _weighted, delivery_parts
from voicesim.store import AnswerSettings, Store
from voicesim.store.migrations import LATEST_VERSION, MIGRATIONS

GUIDE_BANK = """\
[bank]
title = "From a guide"

[[questions]]
id = "rate-limiting"
prompt = "How would you design a rate-limiting system?"
min_seconds = 10
max_seconds = 90
vocabulary = ["token bucket", "Redis", "API key"]

[[questions.concepts]]
name = "Algorithm"
tier = "must"
phrases = ["token bucket", "leaky bucket", "sliding window"]
follow_up = "Which counting scheme would you use, and why that one?"

[[questions.concepts]]
name = "Shared counters"
tier = "should"
phrases = ["redis", "shared counter"]

[[questions]]
id = "monolith-migration"
prompt = "How would you move a monolith to services?"
min_seconds = 10
max_seconds = 90
"""

# Two more questions for the history tests: a rubric'd one never practised, and a behavioural one with no rubric.
MORE_QUESTIONS = """
[[questions]]
id = "cap-theorem"
prompt = "What does the CAP theorem say?"
min_seconds = 10
max_seconds = 90

[[questions.concepts]]
name = "Partition"
tier = "must"
phrases = ["network partition"]

[[questions]]
id = "hard-decision"
kind = "behavioral"
prompt = "Tell me about a hard decision you made."
min_seconds = 10
max_seconds = 90
"""

RATED_TEXT = "I would use a token bucket per API key, with the counters kept in Redis so every instance sees the same numbers."
MIGRATION_TEXT = ("I would move one part at a time behind a facade, starting with the part that changes most, "
                  "and keep the old path running until the new service has carried real traffic for a while.")
STORY = ("At my last job I was responsible for the billing service. I decided to stop the launch for a week, "
         "and as a result we cut failed payments by 40 percent. I learned to say no early.")


def write_bank(path: Path, more: bool = False) -> Path:
    path.write_text(GUIDE_BANK + (MORE_QUESTIONS if more else ""), encoding="utf-8")
    return path


@pytest.fixture
def bank(tmp_path) -> Bank:
    return load_bank(str(write_bank(tmp_path / "guide.toml", more=True)))


# -- scoring (pure)

def _delivery(score) -> float:
    """The delivery score as the README gives it, recomputed from the parts (unrounded)."""
    parts = delivery_parts(score.delivery)
    return sum(DELIVERY_WEIGHTS[k] * v for k, v in parts.items()) / sum(DELIVERY_WEIGHTS[k] for k in parts)


TEXTS = {
    "on topic": MIGRATION_TEXT,
    "fillers": "So, um, I would, uh, you know, move, um, one part at a time, uh, basically behind a facade, um, that is it.",
    "a story": STORY,
    "one line": "I would split it up.",
    "long": " ".join([MIGRATION_TEXT] * 6),
}


@pytest.mark.parametrize("kind", ["technical", "behavioral"])
@pytest.mark.parametrize("wpm", [90.0, 140.0, 200.0])
@pytest.mark.parametrize("text", list(TEXTS), ids=list(TEXTS))
def test_a_question_without_rubric_is_scored_for_delivery_and_structure_only(kind, wpm, text):
    q = replace(question([], min_s=10, max_s=60), kind=kind)
    assert not q.has_rubric
    score = score_answer(transcript_from_text(TEXTS[text], wpm=wpm, with_speech=True), q)
    assert not score.coverage.rated and score.coverage.concepts == () and score.follow_ups == ()
    delivery = _delivery(score)
    if kind == "technical":
        assert score.structure is None
        assert score.overall == round(100 * delivery)
    else:
        shares = BEHAVIORAL_SHARES
        expected = (shares["structure"] * score.structure.score + shares["delivery"] * delivery) / (shares["structure"] + shares["delivery"])
        assert score.overall == round(100 * expected)
        assert score.overall == round(100 * (0.30 * score.structure.score + 0.25 * delivery) / 0.55)  # README's figures


@pytest.mark.parametrize("kind", ["technical", "behavioral"])
@pytest.mark.parametrize("text", list(TEXTS), ids=list(TEXTS))
def test_a_question_with_a_rubric_keeps_its_formula(kind, text):
    """Regression: the rubric'd formulas are untouched (a rescore of old answers gives the same figures)."""
    q = replace(question([concept("Facade", ("facade",)), concept("Traffic", ("real traffic",), weight=2.0)]), kind=kind)
    score = score_answer(transcript_from_text(TEXTS[text], with_speech=True), q)
    assert score.coverage.rated
    delivery, cov = _delivery(score), score.coverage.score
    if kind == "technical":
        assert score.overall == round(100 * (COVERAGE_SHARE * cov + (1 - COVERAGE_SHARE) * delivery))
    else:
        s = BEHAVIORAL_SHARES
        assert score.overall == round(100 * (s["coverage"] * cov + s["structure"] * score.structure.score + s["delivery"] * delivery))


class _Structure:
    def __init__(self, score: float):
        self.score = score


RATED = Coverage(0.5, (ConceptResult("c", 1.0, True, ()),))
UNRATED = Coverage(0.0, ())


@pytest.mark.parametrize("coverage, structure, delivery, expected", [
    # no rubric, technical: delivery alone
    (UNRATED, None, 0.0, 0.0),
    (UNRATED, None, 0.8, 0.8),
    (UNRATED, None, 1.0, 1.0),
    # no rubric, behavioural: structure 0.30 and delivery 0.25, renormalised over 0.55
    (UNRATED, 0.5, 0.8, (0.15 + 0.2) / 0.55),
    (UNRATED, 1.0, 1.0, 1.0),
    (UNRATED, 0.0, 0.55, 0.25),
    (UNRATED, 0.55, 0.0, 0.30),
    # with a rubric: as before
    (RATED, None, 0.8, 0.7 * 0.5 + 0.3 * 0.8),
    (RATED, 0.5, 0.8, 0.45 * 0.5 + 0.30 * 0.5 + 0.25 * 0.8),
])
def test_the_weighting_table(coverage, structure, delivery, expected):
    got = _weighted(coverage, _Structure(structure) if structure is not None else None, delivery)
    assert got == pytest.approx(expected, abs=1e-12)


def test_no_speech_is_still_zero():
    from voicesim.transcript import Transcript

    score = score_answer(Transcript(words=(), duration=5.0, speech=()), question([]))
    assert score.no_speech and score.overall == 0 and not score.coverage.rated


def test_follow_ups_ask_nothing_and_leave_it_unrated():
    q = question([])
    transcript = transcript_from_text(MIGRATION_TEXT, with_speech=True)
    score = score_answer(transcript, q)
    assert next_follow_up(q, score.coverage) is None
    reply = FollowUpReply("Anything", "Anything else?", transcript_from_text("a facade and real traffic", with_speech=True))
    coverage, results = apply_follow_ups(score.coverage, q, [reply])
    assert not coverage.rated and coverage.score == 0.0 and results[0].recovered == ()
    rescored = score_answer(transcript, q, follow_ups=[reply])
    assert rescored.overall == score.overall and not rescored.coverage.rated


def test_json_scorecard_and_figures_say_no_rubric():
    from rich.console import Console

    from voicesim.report.schema import score_to_dict
    from voicesim.report.terminal import scorecard

    q = question([])
    score = score_answer(transcript_from_text(MIGRATION_TEXT, with_speech=True), q)
    data = score_to_dict(score)
    assert data["coverage"] == {"score": None, "set_aside": [], "concepts": []}
    rated = score_answer(transcript_from_text(RATED_TEXT, with_speech=True), question([concept("A", ("token bucket",))]))
    assert score_to_dict(rated)["coverage"]["score"] == rated.coverage.score  # unchanged for a rubric

    out = Console(file=io.StringIO(), width=200, color_system=None)
    out.print(scorecard(score, q))
    text = out.file.getvalue()
    assert "Coverage: no rubric yet" in text and not re.search(r"Coverage \d+%", text)

    assert Figures.of(score).coverage is None and Figures.of(rated).coverage == rated.coverage.score
    figures = [Figures.of(rated), Figures.of(score)]
    assert average(figures).coverage == rated.coverage.score  # not halved by the unrated answer
    assert average([Figures.of(score)]).coverage is None
    change = compare(Figures.of(score), [Figures.of(score)]).change("coverage")
    assert (change.current, change.last, change.best, change.new_best, change.improved) == (None, None, None, False, None)


# -- the migration

SCORE_ROW = (3, 7, 1, "2026-01-01T09:05:00+00:00", None, 0, 71, 0.6, 0.8, 140.0, 150.0, 40.0, 0.5, 2, 3.0, 1, 0, "on target", '{"schema":1}')


def _database_at(path: Path, version: int) -> Path:
    """A history database as a voicesim whose schema stopped at `version` wrote it, with one scored answer."""
    rate = load_bank().question("rate-limiting")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for migration in MIGRATIONS[:version]:
        for statement in migration.statements:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, '2026-01-01T00:00:00+00:00')", (migration.version, migration.name))
    conn.execute("INSERT INTO sessions (id, kind, bank, bank_source, started_at) VALUES "
                 "('old-1', 'practice', 'netflix-backend', 'netflix-backend', '2026-01-01T09:00:00+00:00')")
    conn.execute("INSERT INTO questions VALUES (?, ?, ?, ?)", (question_hash(rate), rate.id, rate.prompt, snapshot_json(rate)))
    conn.execute("INSERT INTO answers (id, session_id, position, question_id, question_hash, ended_by, created_at) VALUES "
                 "(7, 'old-1', 1, 'rate-limiting', ?, 'silence', '2026-01-01T09:05:00+00:00')", (question_hash(rate),))
    conn.execute(f"INSERT INTO scores VALUES ({', '.join('?' * len(SCORE_ROW))})", (*SCORE_ROW[:4], question_hash(rate), *SCORE_ROW[5:]))
    conn.commit()
    conn.close()
    return path


def _columns(conn: sqlite3.Connection) -> dict[str, tuple]:
    """name -> (type, not null, default, primary key) of the scores table."""
    return {r[1]: (r[2], r[3], r[4], r[5]) for r in conn.execute("PRAGMA table_info(scores)")}


@pytest.mark.parametrize("version", [1, 3])
def test_the_migration_makes_coverage_nullable_and_keeps_every_score(tmp_path, version):
    path = _database_at(tmp_path / "old.db", version)
    conn = sqlite3.connect(path)
    before_columns, before_rows = _columns(conn), conn.execute("SELECT * FROM scores").fetchall()
    conn.close()
    assert before_columns["coverage"][1] == 1  # NOT NULL, as migration 1 made it

    with Store(path) as store:
        [old] = store.sessions()
        assert old.answers[0].score.coverage == 0.6 and old.answers[0].score.overall == 71
        # an answer to a question with no rubric: NULL, not 0
        q = question([], qid="monolith-migration")
        t = transcript_from_text(MIGRATION_TEXT, with_speech=True)
        store.begin_session("new-1", "score", load_bank(), "2026-02-01T09:00:00+00:00", None)
        answer_id = store.add_answer("new-1", q, ended_by="file", audio_path=None, audio_owned=False, transcript=t,
                                     settings=AnswerSettings(2.0, {}), score=score_answer(t, q))
        assert store.score_versions(answer_id)[0].coverage is None

    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == list(range(1, LATEST_VERSION + 1))
    after = _columns(conn)
    assert list(after) == list(before_columns)  # same columns, same order
    assert after["coverage"][1] == 0
    assert {k: v for k, v in after.items() if k != "coverage"} == {k: v for k, v in before_columns.items() if k != "coverage"}
    assert conn.execute("SELECT * FROM scores WHERE id = 3").fetchall() == before_rows
    assert conn.execute("SELECT coverage FROM scores WHERE answer_id = ?", (answer_id,)).fetchone() == (None,)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "scores_new" not in tables
    indexes = {r[0]: r[1] for r in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'scores' AND sql IS NOT NULL")}
    assert indexes == {"scores_by_answer": "CREATE INDEX scores_by_answer ON scores(answer_id, version)"}
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # the foreign keys survived the rebuild: deleting a session takes its scores with it
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DELETE FROM sessions WHERE id = 'old-1'")
    assert conn.execute("SELECT COUNT(*) FROM scores WHERE id = 3").fetchone() == (0,)
    conn.close()


def test_a_failed_migration_changes_nothing(tmp_path):
    """The rebuild is all or nothing: when a statement fails, the database stays at version 3 with its scores."""
    path = _database_at(tmp_path / "old.db", 3)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE scores_new (x)")  # in the way of the rebuild's first statement
    conn.commit()
    rows = conn.execute("SELECT * FROM scores").fetchall()
    conn.close()
    with pytest.raises(StoreError, match="nothing was changed"):
        Store(path)
    conn = sqlite3.connect(path)
    assert max(r[0] for r in conn.execute("SELECT version FROM schema_migrations")) == 3
    assert _columns(conn)["coverage"][1] == 1 and conn.execute("SELECT * FROM scores").fetchall() == rows
    conn.close()


# -- the history: rated and unrated answers together

def add_answers(store: Store, session_id: str, started_at: str, bank: Bank, answers: list[tuple[Question, str]]) -> None:
    store.begin_session(session_id, "practice", bank, started_at, None)
    for q, text in answers:
        t = transcript_from_text(text, with_speech=True)
        store.add_answer(session_id, q, ended_by="file", audio_path=None, audio_owned=False, recorded_s=t.duration, transcript=t,
                         settings=AnswerSettings(2.0, {"engine": "test"}), score=score_answer(t, q))
    store.end_session(session_id)


@pytest.fixture
def history(voicesim_home, bank) -> dict:
    rate, migration = bank.question("rate-limiting"), bank.question("monolith-migration")
    with Store(voicesim_home / "voicesim.db") as store:
        add_answers(store, "s1", "2026-01-01T10:00:00+00:00", bank, [(rate, "I would use a token bucket here"), (migration, MIGRATION_TEXT)])
        add_answers(store, "s2", "2026-01-02T10:00:00+00:00", bank, [(migration, MIGRATION_TEXT + " Then I would measure it.")])
        add_answers(store, "s3", "2026-01-03T10:00:00+00:00", bank, [(rate, RATED_TEXT)])
        yield {s.id: [a.score for a in s.answers] for s in store.sessions()}


def test_history_and_progress_leave_unrated_answers_out_of_coverage(history, bank):
    s1_rated, s1_unrated = history["s1"]
    assert s1_rated.coverage == 0.6 and s1_unrated.coverage is None  # the must concept of must + should; and NULL, not 0
    [s2] = history["s2"]
    [s3] = history["s3"]
    assert s2.coverage is None and s3.coverage == 1.0

    data = json.loads(run_cli("history", "--json").stdout)
    assert {s["id"]: [a["coverage"] for a in s["answers"]] for s in data["sessions"]} == {"s1": [0.6, None], "s2": [None], "s3": [1.0]}
    res = run_cli("history")
    assert res.returncode == 0, res.stderr
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[1:-1]] for line in res.stdout.splitlines() if line.startswith("│")}
    assert rows["s1"][5] == "60%"  # the rated answer's coverage, not (60% + 0%) / 2
    assert rows["s1"][4] == f"{(s1_rated.overall + s1_unrated.overall) / 2:.0f}"  # overall still counts both
    assert rows["s2"][5] == "-" and rows["s3"][5] == "100%"

    data = json.loads(run_cli("progress", "--json").stdout)
    assert [(p["session"], p["coverage"]) for p in data["sessions"]] == [("s1", 0.6), ("s2", None), ("s3", 1.0)]
    assert [p["coverage"] for p in data["questions"]["monolith-migration"]] == [None, None]
    assert [p["overall"] for p in data["questions"]["monolith-migration"]] == [s1_unrated.overall, s2.overall]
    res = run_cli("progress")
    assert res.returncode == 0, res.stderr
    table = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[1:-1]] for line in res.stdout.splitlines() if line.startswith("│")}
    assert table["monolith-migration"][3] == "- → -"
    assert table["rate-limiting"][3].endswith("60% → 100%")
    assert "%" not in table["monolith-migration"][3]

    rows = list(csv.DictReader(io.StringIO(run_cli("export", "--format", "csv").stdout)))
    assert [(r["question"], r["coverage"]) for r in rows] == [("rate-limiting", "0.6"), ("monolith-migration", ""),
                                                             ("monolith-migration", ""), ("rate-limiting", "1.0")]


def test_per_session_means_and_charts_skip_unrated(history, voicesim_home):
    with Store(voicesim_home / "voicesim.db") as store:
        attempts = store.attempts()
    points = per_session(attempts)
    assert [p.figures.coverage for p in points] == [0.6, None, 1.0]
    from voicesim.report.charts import CHART_METRICS, trend_figure

    unrated = per_question(attempts)["monolith-migration"]
    fig = trend_figure({"monolith-migration": unrated})
    assert [ax.get_ylabel() for ax in fig.axes] == ["overall", "pace (wpm)", "fillers/min", "pauses"]  # no empty coverage panel
    fig = trend_figure({"all": points})
    assert len(fig.axes) == len(CHART_METRICS)
    [coverage_line] = fig.axes[1].get_lines()
    assert list(coverage_line.get_ydata()) == pytest.approx([60.0, 100.0])  # s2 has no point, never a 0


def test_weakest_leaves_unrated_answers_out_and_rubricless_questions_last(voicesim_home, bank):
    from voicesim.practice.selection import weakest

    rate, cap, migration = bank.question("rate-limiting"), bank.question("cap-theorem"), bank.question("monolith-migration")
    with Store(voicesim_home / "voicesim.db") as store:
        add_answers(store, "s1", "2026-01-01T10:00:00+00:00", bank, [(rate, RATED_TEXT), (migration, MIGRATION_TEXT)])
        # cap-theorem answered while it had no rubric yet: never practised for content
        add_answers(store, "s2", "2026-01-02T10:00:00+00:00", bank, [(replace(cap, rubric=replace(cap.rubric, concepts=())), "a network partition")])
        picked = [q.id for q in weakest(store, bank, 4)]
    assert picked == ["cap-theorem", "rate-limiting", "monolith-migration", "hard-decision"]


def test_review_and_the_html_report_say_no_rubric(history, tmp_path):
    res = run_cli("review", "s1")
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "coverage 60%" in out and "Concepts covered 1 of 2" in out  # the rated answer as before
    assert "coverage no rubric yet" in out
    assert "No rubric yet for this question: it was scored for delivery only" in out
    assert out.count("Concepts covered") == 1

    page = tmp_path / "s1.html"
    res = run_cli("report", "s1", "--html", str(page))
    assert res.returncode == 0, res.stderr
    html = page.read_text(encoding="utf-8")
    [rated, unrated] = re.findall(r'<section class="answer".*?</section>', html, re.S)
    assert "coverage 60%" in rated and 'class="concepts"' in rated
    assert "coverage no rubric yet" in unrated and 'class="no-rubric"' in unrated and 'class="concepts"' not in unrated
    assert "No rubric yet for this question: it was scored for delivery only" in unrated


def test_an_imported_folder_keeps_an_unrated_answer_unrated(tmp_path, voicesim_home):
    """A session folder whose bank lost the question: its result JSON had no concepts, so it stays unscored for content."""
    from voicesim.report.schema import score_to_dict
    from voicesim.store.importer import import_sessions

    folder = tmp_path / "recordings" / "2026-01-05T10-00-00"
    folder.mkdir(parents=True)
    q = question([], qid="gone-question")
    score = score_answer(transcript_from_text(MIGRATION_TEXT, with_speech=True), q)
    (folder / "gone-question.json").write_text(json.dumps(score_to_dict(score)))
    (folder / "session.json").write_text(json.dumps({"session": folder.name, "bank": "netflix-backend", "started_at": "2026-01-05T10:00:00+00:00",
                                                     "answers": [{"question": "gone-question", "audio": None, "ended_by": "file"}]}))
    with Store(voicesim_home / "voicesim.db") as store:
        result = import_sessions(store, tmp_path / "recordings")
        assert result.imported == (folder.name,)
        [answer] = store.session(folder.name).answers
    assert answer.score.coverage is None and answer.score.overall == score.overall


# -- practice, end to end with the real model (one run)

@pytest.mark.slow
def test_practice_runs_a_question_without_rubric_and_says_so(tmp_path, voicesim_home):
    from tests.audio_helpers import synth

    bank_file = write_bank(tmp_path / "guide.toml")
    answers = tmp_path / "answers"
    answers.mkdir()
    synth(RATED_TEXT, answers / "rate-limiting.wav", rate=140)
    synth(MIGRATION_TEXT, answers / "monolith-migration.wav", rate=140)
    res = run_cli("practice", "--answers", str(answers), "--bank", str(bank_file), "--recordings", str(tmp_path / "rec"))
    assert res.returncode == 0, res.stdout + res.stderr
    out = " ".join(res.stdout.split())
    line = f"No rubric yet for this question: it is scored for delivery only (add concepts to {bank_file} to score content)"
    assert out.count(line) == 1, out
    # said when the rubric-less question is asked, after its prompt and before its scorecard
    assert out.index("How would you move a monolith to services?") < out.index(line) < out.index("Coverage: no rubric yet")
    assert out.count("Coverage: no rubric yet") == 1 and re.search(r"Coverage \d+%", out)  # the rubric'd question as before
    assert "no rubric" in out.split("Session summary")[1]

    [directory] = list((tmp_path / "rec").iterdir())
    session = json.loads((directory / "session.json").read_text())
    coverage = {a["question"]: a["coverage"] for a in session["answers"]}
    assert coverage["monolith-migration"] is None and isinstance(coverage["rate-limiting"], float)  # a figure, whatever was heard
    assert json.loads((directory / "monolith-migration.json").read_text())["coverage"] == {"score": None, "set_aside": [], "concepts": []}

    conn = sqlite3.connect(voicesim_home / "voicesim.db")
    rows = dict(conn.execute("SELECT a.question_id, s.coverage FROM answers a JOIN scores s ON s.answer_id = a.id"))
    conn.close()
    assert rows["monolith-migration"] is None and rows["rate-limiting"] == coverage["rate-limiting"]

    res = run_cli("review", "last", "-q", "monolith-migration")
    assert res.returncode == 0, res.stderr
    assert "coverage no rubric yet" in " ".join(res.stdout.split())
