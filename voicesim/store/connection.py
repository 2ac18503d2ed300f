"""Opening the history database: SQLite in WAL mode, foreign keys on, a busy timeout, errors in one line.

WAL lets one process write while others read; the busy timeout makes a second writer
wait its turn instead of failing, so two voicesim processes scoring at once both keep
their answers. Every SQLite failure a user can meet becomes a StoreError naming the
file and saying that nothing was changed (the transaction was rolled back).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from voicesim.errors import StoreError
from voicesim.paths import make_private_dir
from voicesim.store.migrations import migrate

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 15.0


def _describe(exc: sqlite3.Error, path: Path) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another program (waited {BUSY_TIMEOUT_S:.0f} s); nothing was changed"
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text or "corrupt" in text):
        return f"{path} is damaged or not a voicesim database ({text}); nothing was changed: move it aside to start a new history"
    if "readonly" in text or "unable to open" in text or "disk I/O" in text:
        return f"{path}: cannot write the history database ({text}); nothing was changed"
    return f"{path}: database error ({text}); nothing was changed"


@contextlib.contextmanager
def translated_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(_describe(exc, path)) from None


def open_database(path: Path) -> sqlite3.Connection:
    """Connect, set the pragmas, and apply any missing migrations."""
    make_private_dir(path.parent)
    if not path.exists():  # created 0600 before SQLite opens it; its -wal and -shm files copy that mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    with translated_errors(path):
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                log.warning("%s: SQLite kept journal mode %s (WAL unavailable on this file system)", path, mode)
            conn.execute("PRAGMA synchronous = FULL")  # a committed answer survives a power cut too
            applied = migrate(conn, str(path))
        except BaseException:
            conn.close()
            raise
    if applied:
        log.info("history database %s: applied migration(s) %s", path, ", ".join(map(str, applied)))
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One committed unit of work (BEGIN IMMEDIATE: take the write lock first, waiting if another writer has it)."""
    with translated_errors(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
