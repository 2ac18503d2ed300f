"""The history database's schema, as numbered migrations.

`schema_migrations` records which migrations ran. Opening a database applies the
missing ones in one transaction (all or nothing); a database that records a migration
this voicesim does not know was written by a newer voicesim and is refused.
Never edit a released migration: add the next one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from voicesim.errors import StoreError


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_SCORES_COLUMNS = ("id, answer_id, version, scored_at, question_hash, no_speech, overall, coverage, delivery, wpm, articulation_wpm, "
                   "speaking_s, time_to_first_word_s, fillers, fillers_per_minute, hedges, pauses, length_verdict, result")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "sessions, questions as asked, answers, versioned scores", (
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('practice', 'score')),
            bank TEXT NOT NULL,               -- the bank's name
            bank_source TEXT NOT NULL,        -- a shipped bank's name, or the path of a bank file
            started_at TEXT NOT NULL,         -- ISO 8601 with the UTC offset
            ended_at TEXT,
            interrupted INTEGER NOT NULL DEFAULT 0,
            directory TEXT                    -- the session folder (WAV + JSON), if any
        )""",
        """CREATE TABLE questions (
            hash TEXT PRIMARY KEY,            -- sha256 of the snapshot
            question_id TEXT NOT NULL,
            prompt TEXT NOT NULL,
            snapshot TEXT NOT NULL            -- JSON: prompt, target, outline, rubric
        )""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            question_hash TEXT NOT NULL REFERENCES questions(hash),
            audio_path TEXT,
            audio_owned INTEGER NOT NULL DEFAULT 0,  -- voicesim recorded it (delete removes it)
            ended_by TEXT NOT NULL,
            recorded_s REAL NOT NULL DEFAULT 0,
            input_overflows INTEGER NOT NULL DEFAULT 0,
            transcript TEXT,                  -- JSON (Transcript.to_dict), NULL when not transcribed
            settings TEXT,                    -- JSON: engine, model, threads, beam, pause threshold
            created_at TEXT NOT NULL,
            UNIQUE (session_id, position)
        )""",
        """CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,         -- 1 when scored, +1 per rescore; the highest is current
            scored_at TEXT NOT NULL,
            question_hash TEXT NOT NULL REFERENCES questions(hash),  -- the rubric scored against
            no_speech INTEGER NOT NULL,
            overall INTEGER NOT NULL,
            coverage REAL NOT NULL,
            delivery REAL NOT NULL,
            wpm REAL,
            articulation_wpm REAL,
            speaking_s REAL NOT NULL,
            time_to_first_word_s REAL,
            fillers INTEGER NOT NULL,
            fillers_per_minute REAL NOT NULL,
            hedges INTEGER NOT NULL,
            pauses INTEGER NOT NULL,
            length_verdict TEXT NOT NULL,
            result TEXT NOT NULL,             -- the whole score, as `voicesim score --json` prints it
            UNIQUE (answer_id, version)
        )""",
    )),
    Migration(2, "import provenance and indexes for history and progress", (
        "ALTER TABLE sessions ADD COLUMN imported_from TEXT",
        "CREATE UNIQUE INDEX sessions_by_directory ON sessions(directory) WHERE directory IS NOT NULL",
        "CREATE INDEX sessions_by_start ON sessions(started_at)",
        "CREATE INDEX answers_by_question ON answers(question_id)",
        "CREATE INDEX scores_by_answer ON scores(answer_id, version)",
    )),
    Migration(3, "follow-up questions and their replies", (
        """CREATE TABLE follow_ups (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,        -- 1 for the first follow-up asked after the answer
            concept TEXT NOT NULL,            -- the concept it asked about
            prompt TEXT NOT NULL,
            audio_path TEXT,
            transcript TEXT NOT NULL,         -- JSON (Transcript.to_dict): rescoring needs it
            UNIQUE (answer_id, position)
        )""",
    )),
    # SQLite cannot drop a NOT NULL constraint: the table is rebuilt (same columns and order, same index), its rows copied.
    Migration(4, "scores: coverage NULL for a question with no rubric yet", (
        """CREATE TABLE scores_new (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,         -- 1 when scored, +1 per rescore; the highest is current
            scored_at TEXT NOT NULL,
            question_hash TEXT NOT NULL REFERENCES questions(hash),  -- the rubric scored against
            no_speech INTEGER NOT NULL,
            overall INTEGER NOT NULL,
            coverage REAL,                    -- NULL when the question had no rubric (no concepts): never scored for content
            delivery REAL NOT NULL,
            wpm REAL,
            articulation_wpm REAL,
            speaking_s REAL NOT NULL,
            time_to_first_word_s REAL,
            fillers INTEGER NOT NULL,
            fillers_per_minute REAL NOT NULL,
            hedges INTEGER NOT NULL,
            pauses INTEGER NOT NULL,
            length_verdict TEXT NOT NULL,
            result TEXT NOT NULL,             -- the whole score, as `voicesim score --json` prints it
            UNIQUE (answer_id, version)
        )""",
        f"INSERT INTO scores_new ({_SCORES_COLUMNS}) SELECT {_SCORES_COLUMNS} FROM scores",
        "DROP TABLE scores",
        "ALTER TABLE scores_new RENAME TO scores",
        "CREATE INDEX scores_by_answer ON scores(answer_id, version)",
    )),
)

LATEST_VERSION = MIGRATIONS[-1].version

_LEDGER = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").fetchone()
    if not exists:
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def _refuse_newer(done: set[int], path: str) -> None:
    newer = sorted(v for v in done if v > LATEST_VERSION)
    if newer:
        raise StoreError(
            f"{path} was written by a newer voicesim (database schema {newer[-1]}; this voicesim knows up to "
            f"{LATEST_VERSION}): upgrade voicesim; nothing was changed"
        )


def migrate(conn: sqlite3.Connection, path: str) -> list[int]:
    """Bring the database up to LATEST_VERSION in one transaction. Returns the versions applied."""
    done = applied_versions(conn)  # a read first: an up-to-date database takes no write lock
    _refuse_newer(done, path)
    if all(m.version in done for m in MIGRATIONS):
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = applied_versions(conn)  # again under the lock: another process may have migrated meanwhile
        _refuse_newer(done, path)
        conn.execute(_LEDGER)
        applied = []
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", (migration.version, migration.name, now))
            applied.append(migration.version)
        conn.execute("COMMIT")
        return applied
    except BaseException:
        conn.execute("ROLLBACK")
        raise
