"""The history database: migrations, refusal of newer or damaged files, concurrent writers, versioned scores.

Real SQLite files in a temporary VOICESIM_HOME; transcripts made from text (the scoring core is pure).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.helpers import add_session, transcript_from_text
from voicesim.errors import StoreError
from voicesim.question.bank import load_bank
from voicesim.scoring import score_answer
from voicesim.store import AnswerSettings, Store
from voicesim.store import connection as store_connection
from voicesim.store.migrations import LATEST_VERSION, MIGRATIONS

BANK = load_bank()
RATE = BANK.question("rate-limiting")
STRONG = "I would use a token bucket in Redis with an atomic increment, return 429 with Retry-After from the API gateway"
WEAK = "I would, um, just limit the requests somehow, you know"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_gets_every_migration_and_private_files(tmp_path):
    with Store(tmp_path / "home" / "v.db") as store:
        add_session(store, "s1", STRONG, "2026-01-01T10:00:00+00:00")
    conn = sqlite3.connect(tmp_path / "home" / "v.db")
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")] == [m.version for m in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o700
    for f in (tmp_path / "home").iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_an_older_database_is_upgraded_in_place_keeping_its_data(tmp_path):
    """A file made with the schema of version 1 (its DDL, as an older voicesim wrote it)."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[0].statements:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (1, ?, '2026-01-01T00:00:00+00:00')", (MIGRATIONS[0].name,))
    conn.execute("INSERT INTO sessions (id, kind, bank, bank_source, started_at, directory) VALUES "
                 "('old-1', 'practice', 'netflix-backend', 'netflix-backend', '2026-01-01T09:00:00+00:00', '/somewhere/old-1')")
    conn.commit()
    conn.close()

    with Store(path) as store:
        [session] = store.sessions()
        assert session.id == "old-1" and session.imported_from is None  # the column migration 2 added
        assert store.known_directories() == {"/somewhere/old-1"}
        add_session(store, "new-1", STRONG, "2026-02-01T09:00:00+00:00")
        assert [s.id for s in store.sessions()] == ["new-1", "old-1"]
    versions = [r[0] for r in sqlite3.connect(path).execute("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, LATEST_VERSION + 1))


def test_a_database_from_a_newer_voicesim_is_refused_and_left_alone(tmp_path, voicesim_home):
    db = voicesim_home / "voicesim.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', '2030-01-01')", (LATEST_VERSION + 1,))
    conn.commit()
    conn.close()
    before = sha(db)
    with pytest.raises(StoreError, match="newer voicesim"):
        Store(db)
    res = run_cli("import", str(tmp_path))
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == [
        f"Error: {db} was written by a newer voicesim (database schema {LATEST_VERSION + 1}; this voicesim knows up to "
        f"{LATEST_VERSION}): upgrade voicesim; nothing was changed"]
    assert sha(db) == before


def test_a_damaged_database_is_one_line_naming_the_file(tmp_path, voicesim_home):
    db = voicesim_home / "voicesim.db"
    db.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    before = sha(db)
    res = run_cli("import", str(tmp_path))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    [line] = res.stderr.strip().splitlines()
    assert line.startswith(f"Error: {db} is damaged or not a voicesim database") and "nothing was changed" in line
    assert sha(db) == before


def test_a_locked_database_says_so(tmp_path, monkeypatch):
    path = tmp_path / "v.db"
    Store(path).close()
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT_S", 0.3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = Store(path)  # reading the ledger waits, then gives up
    except StoreError as exc:
        assert "is locked by another program" in str(exc) and "nothing was changed" in str(exc)
    else:
        with pytest.raises(StoreError, match="is locked by another program"):
            add_session(store, "s1", STRONG, "2026-01-01T10:00:00+00:00")
        store.close()
    holder.execute("ROLLBACK")
    with Store(path) as store:
        assert store.sessions() == []  # nothing half-written


def _writer(path: str, prefix: str, count: int) -> None:
    with Store(Path(path)) as store:
        for i in range(count):
            add_session(store, f"{prefix}-{i:03d}", STRONG if i % 2 else WEAK, f"2026-03-01T10:{i // 60:02d}:{i % 60:02d}+00:00")


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "v.db"
    Store(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(path), name, 40)) for name in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Store(path) as store:
        sessions = store.sessions()
        assert len(sessions) == 80
        assert all(len(s.answers) == 1 and s.answers[0].score is not None for s in sessions)


def test_rescoring_adds_a_version_and_history_shows_the_newest(tmp_path):
    from dataclasses import replace

    with Store(tmp_path / "v.db") as store:
        answer_id = add_session(store, "s1", STRONG, "2026-01-01T10:00:00+00:00")
        first = store.session("s1").answers[0].score
        # the bank now asks for less: only the first concept
        edited = replace(RATE, rubric=replace(RATE.rubric, concepts=RATE.rubric.concepts[:1]))
        detail = store.answer_detail(store.session("s1").answers[0], store.session("s1"))
        store.add_score(answer_id, score_answer(detail.transcript, edited), edited)
        versions = store.score_versions(answer_id)
        assert [v.version for v in versions] == [1, 2]
        assert versions[0].overall == first.overall and versions[0].question_hash != versions[1].question_hash
        current = store.session("s1").answers[0].score
        assert current.version == 2 and current.coverage == 1.0
        # the full score is rebuilt from the stored transcript against the rubric it was scored with
        rebuilt = store.answer_detail(store.session("s1").answers[0], store.session("s1")).rebuild_score()
        assert rebuilt.overall == current.overall and len(rebuilt.coverage.concepts) == 1
        assert store.question(versions[0].question_hash) == RATE


def test_session_references(tmp_path):
    with Store(tmp_path / "v.db") as store:
        with pytest.raises(StoreError, match="no sessions in the history yet"):
            store.session("last")
        add_session(store, "2026-01-01T10-00-00", STRONG, "2026-01-01T10:00:00+00:00")
        add_session(store, "2026-01-02T10-00-00", WEAK, "2026-01-02T10:00:00+00:00")
        add_session(store, "2026-01-02T11-00-00", WEAK, "2026-01-02T11:00:00+00:00")
        assert store.session("last").id == "2026-01-02T11-00-00"
        assert store.session("2026-01-01").id == "2026-01-01T10-00-00"  # a unique start of an id
        with pytest.raises(StoreError, match="ambiguous"):
            store.session("2026-01-02")
        with pytest.raises(StoreError, match="no session '1999' in the history"):
            store.session("1999")
        assert [a.started_at[:10] for a in store.attempts("rate-limiting")] == ["2026-01-01", "2026-01-02", "2026-01-02"]


def test_deleting_a_session_removes_its_rows(tmp_path):
    with Store(tmp_path / "v.db") as store:
        add_session(store, "s1", STRONG, "2026-01-01T10:00:00+00:00")
        add_session(store, "s2", WEAK, "2026-01-02T10:00:00+00:00")
        store.delete_session("s1")
        assert [s.id for s in store.sessions()] == ["s2"]
    conn = sqlite3.connect(tmp_path / "v.db")
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM scores").fetchone()[0] == 1


def test_weakest_orders_never_practised_then_lowest_recent_coverage(tmp_path):
    from voicesim.practice.selection import weakest

    ids = [q.id for q in BANK.questions]
    with Store(tmp_path / "v.db") as store:
        # every question but the last practised; coverage from the words said
        for n, q in enumerate(BANK.questions[:-1]):
            words = " ".join(c.phrases[0] for c in q.rubric.concepts[: 1 + n % 4])
            add_session(store, f"s{n}", f"I would say {words} here", f"2026-01-{n + 1:02d}T10:00:00+00:00", question=q)
        recent = {a.question_id: a.score.coverage for a in store.attempts()}
        picked = [q.id for q in weakest(store, BANK, 4)]
    assert picked[0] == ids[-1]
    assert [recent[q] for q in picked[1:]] == sorted(recent.values())[:3]
    assert len(set(picked)) == 4
