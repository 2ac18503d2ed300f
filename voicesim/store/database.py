"""The history: every session, every answer as it was asked and heard, every version of its score.

One method is one committed transaction, so a session killed mid-way keeps every
answer stored before the kill. The session folders on disk (WAV + JSON) are untouched:
the database is the index over them.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator

from voicesim.errors import BankError, StoreError
from voicesim.question.bank import Bank, Question
from voicesim.question.snapshot import question_from_snapshot, question_hash, snapshot_json
from voicesim.scoring import Score
from voicesim.scoring.follow_up import FollowUpReply
from voicesim.store.connection import open_database, translated_errors, write_transaction
from voicesim.store.records import AnswerDetail, AnswerSettings, Attempt, StoredAnswer, StoredScore, StoredSession
from voicesim.transcript import Transcript

_SCORE_COLUMNS = ("version", "scored_at", "question_hash", "no_speech", "overall", "coverage", "delivery", "wpm", "articulation_wpm",
                  "speaking_s", "time_to_first_word_s", "fillers", "fillers_per_minute", "hedges", "pauses", "length_verdict", "result")
_ANSWER_COLUMNS = ("a.id", "a.session_id", "a.position", "a.question_id", "a.question_hash", "q.prompt", "a.audio_path", "a.audio_owned",
                   "a.ended_by", "a.recorded_s", "a.input_overflows", "a.created_at",
                   "(SELECT COUNT(*) FROM follow_ups f WHERE f.answer_id = a.id)")
_SESSION_COLUMNS = "id, kind, bank, bank_source, started_at, ended_at, interrupted, directory, imported_from"
# A session of the bank, alone or among others ("netflix-backend+netflix-culture": `--bank` given twice).
_IN_BANK = "instr('+' || {column} || '+', '+' || ? || '+') > 0"
# The current score of an answer is its highest version.
_CURRENT = "s.version = (SELECT MAX(version) FROM scores WHERE answer_id = s.answer_id)"


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def bank_source(bank: Bank) -> str:
    """How to find a bank again for a rescore: a shipped bank by name, any other by its path; several joined by "+"."""
    from voicesim.question.bank import BANK_JOIN
    from voicesim.question.locations import resolve_bank_path

    if bank.parts:
        return BANK_JOIN.join(bank_source(part) for part in bank.parts)
    try:
        if resolve_bank_path(bank.name).resolve() == bank.path.resolve():
            return bank.name
    except BankError:  # not a shipped bank name
        pass
    return str(bank.path.resolve())


def _score_row(row: sqlite3.Row | tuple) -> StoredScore:
    v = dict(zip(_SCORE_COLUMNS, row))
    return StoredScore(
        version=v["version"], scored_at=v["scored_at"], question_hash=v["question_hash"], no_speech=bool(v["no_speech"]),
        overall=v["overall"], coverage=v["coverage"], delivery=v["delivery"], wpm=v["wpm"], articulation_wpm=v["articulation_wpm"],
        speaking_s=v["speaking_s"], time_to_first_word_s=v["time_to_first_word_s"], fillers=v["fillers"],
        fillers_per_minute=v["fillers_per_minute"], hedges=v["hedges"], pauses=v["pauses"], length_verdict=v["length_verdict"],
        result_json=v["result"],
    )


def _score_values(score: Score) -> tuple:
    from voicesim.report.schema import score_to_dict

    d = score.delivery
    coverage = score.coverage.score if score.coverage.rated else None  # no rubric: NULL, never a 0% that drags averages down
    return (int(score.no_speech), score.overall, coverage, score.delivery_score, d.wpm, d.articulation_wpm, d.speaking_s,
            d.time_to_first_word_s, len(d.fillers), d.fillers_per_minute, len(d.hedges), len(d.pauses), d.length.verdict,
            json.dumps(score_to_dict(score), separators=(",", ":")))


class Store:
    """The history database. Open with `Store.open()` (the user's database) or `Store(path)`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._batch = False
        self._conn = open_database(self.path)

    @classmethod
    def open(cls) -> "Store":
        from voicesim.paths import database_path

        return cls(database_path())

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        if self._batch:  # inside transaction(): one commit for the whole batch
            return contextlib.nullcontext(self._conn)
        return write_transaction(self._conn, self.path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes committed together, or none of them (an import of one folder)."""
        with write_transaction(self._conn, self.path):
            self._batch = True
            try:
                yield
            finally:
                self._batch = False

    def _read(self, sql: str, params: Iterable = ()) -> list[tuple]:
        with translated_errors(self.path):
            return self._conn.execute(sql, tuple(params)).fetchall()

    # -- writing
    def session_exists(self, session_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM sessions WHERE id = ?", (session_id,)))

    def new_session_id(self, started: datetime) -> str:
        """A free id for a session with no folder (`voicesim score`): its start time, made unique."""
        stamp = started.strftime("%Y-%m-%dT%H-%M-%S")
        for n in range(1, 10_000):
            candidate = stamp if n == 1 else f"{stamp}-{n}"
            if not self.session_exists(candidate):
                return candidate
        raise StoreError(f"{self.path}: no free session id for {stamp}")

    def begin_session(self, session_id: str, kind: str, bank: Bank, started_at: str, directory: Path | None,
                      imported_from: str | None = None, source: str | None = None) -> str:
        with self._write() as c:
            c.execute(
                "INSERT INTO sessions (id, kind, bank, bank_source, started_at, directory, imported_from) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, kind, bank.name, source or bank_source(bank), started_at, str(directory.resolve()) if directory else None, imported_from),
            )
        return session_id

    def end_session(self, session_id: str, ended_at: str | None = None, interrupted: bool = False) -> None:
        with self._write() as c:
            c.execute("UPDATE sessions SET ended_at = ?, interrupted = ? WHERE id = ?", (ended_at or now_iso(), int(interrupted), session_id))

    def _remember_question(self, c: sqlite3.Connection, question: Question) -> str:
        digest = question_hash(question)
        c.execute("INSERT OR IGNORE INTO questions (hash, question_id, prompt, snapshot) VALUES (?, ?, ?, ?)",
                  (digest, question.id, question.prompt, snapshot_json(question)))
        return digest

    def add_answer(self, session_id: str, question: Question, *, ended_by: str, audio_path: Path | None, audio_owned: bool,
                   recorded_s: float = 0.0, input_overflows: int = 0, transcript: Transcript | None = None,
                   settings: AnswerSettings | None = None, score: Score | None = None, created_at: str | None = None,
                   follow_ups: Iterable[FollowUpReply] = ()) -> int:
        """Store one answer (its follow-ups, its first score) in one transaction. Returns the answer's id."""
        created_at = created_at or now_iso()
        with self._write() as c:
            digest = self._remember_question(c, question)
            position = c.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM answers WHERE session_id = ?", (session_id,)).fetchone()[0]
            cursor = c.execute(
                "INSERT INTO answers (session_id, position, question_id, question_hash, audio_path, audio_owned, ended_by, recorded_s,"
                " input_overflows, transcript, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, position, question.id, digest, str(audio_path) if audio_path else None, int(audio_owned), ended_by,
                 round(recorded_s, 3), input_overflows, json.dumps(transcript.to_dict()) if transcript is not None else None,
                 settings.to_json() if settings else None, created_at),
            )
            answer_id = int(cursor.lastrowid)
            c.executemany(
                "INSERT INTO follow_ups (answer_id, position, concept, prompt, audio_path, transcript) VALUES (?, ?, ?, ?, ?, ?)",
                [(answer_id, n, f.concept, f.prompt, f.audio, json.dumps(f.transcript.to_dict())) for n, f in enumerate(follow_ups, start=1)],
            )
            if score is not None:
                self._insert_score(c, answer_id, score, digest, created_at)
        return answer_id

    def _insert_score(self, c: sqlite3.Connection, answer_id: int, score: Score, digest: str, scored_at: str) -> int:
        version = c.execute("SELECT COALESCE(MAX(version), 0) + 1 FROM scores WHERE answer_id = ?", (answer_id,)).fetchone()[0]
        c.execute(f"INSERT INTO scores (answer_id, {', '.join(_SCORE_COLUMNS)}) VALUES (?, {', '.join('?' * len(_SCORE_COLUMNS))})",
                  (answer_id, version, scored_at, digest, *_score_values(score)))
        return version

    def add_follow_up(self, answer_id: int, reply: FollowUpReply, score: Score) -> None:
        """A follow-up asked after the answer, with its reply, and the answer's score with it, in one transaction.

        The score replaces the current version's figures rather than adding a version: the answer and its follow-ups
        are one scoring, finished when the interviewer stops asking (a rescore still adds a version)."""
        with self._write() as c:
            position = c.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM follow_ups WHERE answer_id = ?", (answer_id,)).fetchone()[0]
            c.execute("INSERT INTO follow_ups (answer_id, position, concept, prompt, audio_path, transcript) VALUES (?, ?, ?, ?, ?, ?)",
                      (answer_id, position, reply.concept, reply.prompt, reply.audio, json.dumps(reply.transcript.to_dict())))
            columns = _SCORE_COLUMNS[3:]  # after version, scored_at, question_hash
            c.execute(f"UPDATE scores SET {', '.join(f'{name} = ?' for name in columns)} "
                      "WHERE answer_id = ? AND version = (SELECT MAX(version) FROM scores WHERE answer_id = ?)",
                      (*_score_values(score), answer_id, answer_id))

    def add_score(self, answer_id: int, score: Score, question: Question) -> StoredScore:
        """A new current score for an answer (a rescore); earlier versions are kept."""
        with self._write() as c:
            digest = self._remember_question(c, question)
            version = self._insert_score(c, answer_id, score, digest, now_iso())
        return self.score_versions(answer_id)[version - 1]

    def delete_session(self, session_id: str) -> None:
        with self._write() as c:
            c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))  # answers and scores cascade
            c.execute("DELETE FROM questions WHERE hash NOT IN (SELECT question_hash FROM answers UNION SELECT question_hash FROM scores)")

    # -- reading
    def _sessions_where(self, where: str, params: tuple, limit: int | None) -> list[StoredSession]:
        sql = f"SELECT {_SESSION_COLUMNS} FROM sessions {where} ORDER BY started_at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self._read(sql, params)
        answers = self._answers_of([r[0] for r in rows])
        return [
            StoredSession(id=r[0], kind=r[1], bank=r[2], bank_source=r[3], started_at=r[4], ended_at=r[5], interrupted=bool(r[6]),
                          directory=Path(r[7]) if r[7] else None, imported_from=r[8], answers=tuple(answers.get(r[0], ())))
            for r in rows
        ]

    def _answers_of(self, session_ids: list[str]) -> dict[str, list[StoredAnswer]]:
        out: dict[str, list[StoredAnswer]] = {}
        for start in range(0, len(session_ids), 500):  # SQLite's limit on bound parameters
            chunk = session_ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self._read(
                f"SELECT {', '.join(_ANSWER_COLUMNS)}, {', '.join('s.' + c for c in _SCORE_COLUMNS)} FROM answers a "
                f"JOIN questions q ON q.hash = a.question_hash LEFT JOIN scores s ON s.answer_id = a.id AND {_CURRENT} "
                f"WHERE a.session_id IN ({marks}) ORDER BY a.session_id, a.position", chunk)
            for r in rows:
                answer = _answer_row(r)
                out.setdefault(answer.session_id, []).append(answer)
        return out

    def sessions(self, limit: int | None = None, question_id: str | None = None, bank: str | None = None) -> list[StoredSession]:
        """Sessions, newest first; with `question_id`, only sessions that asked it."""
        clauses, params = [], []
        if question_id:
            clauses.append("id IN (SELECT session_id FROM answers WHERE question_id = ?)")
            params.append(question_id)
        if bank:
            clauses.append(_IN_BANK.format(column="bank"))
            params.append(bank)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._sessions_where(where, tuple(params), limit)

    def session(self, ref: str) -> StoredSession:
        """A session by id, by a unique start of its id, or "last" (the most recent)."""
        if ref == "last":
            found = self._sessions_where("", (), 1)
            if not found:
                raise StoreError(f"no sessions in the history yet ({self.path}): run `voicesim practice` first")
            return found[0]
        exact = self._sessions_where("WHERE id = ?", (ref,), None)
        if exact:
            return exact[0]
        prefix = self._read("SELECT id FROM sessions WHERE id LIKE ? ESCAPE '\\' ORDER BY id", (ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",))
        if len(prefix) == 1:
            return self._sessions_where("WHERE id = ?", (prefix[0][0],), None)[0]
        if len(prefix) > 1:
            raise StoreError(f"session '{ref}' is ambiguous: {', '.join(r[0] for r in prefix[:5])}{'...' if len(prefix) > 5 else ''}")
        raise StoreError(f"no session '{ref}' in the history: see `voicesim history`")

    def question(self, digest: str) -> Question:
        rows = self._read("SELECT snapshot FROM questions WHERE hash = ?", (digest,))
        if not rows:
            raise StoreError(f"{self.path}: the question snapshot {digest[:12]} is missing")
        return question_from_snapshot(json.loads(rows[0][0]))

    def answer_detail(self, answer: StoredAnswer, session: StoredSession) -> AnswerDetail:
        [(transcript, settings)] = self._read("SELECT transcript, settings FROM answers WHERE id = ?", (answer.id,))
        return AnswerDetail(
            answer=answer, session=session, question=self.question(answer.question_hash),
            scored_question=self.question(answer.score.question_hash) if answer.score else None,
            transcript=Transcript.from_dict(json.loads(transcript)) if transcript else None,
            settings=AnswerSettings.from_json(settings),
            follow_ups=tuple(
                FollowUpReply(concept, prompt, Transcript.from_dict(json.loads(text)), audio)
                for concept, prompt, audio, text in self._read(
                    "SELECT concept, prompt, audio_path, transcript FROM follow_ups WHERE answer_id = ? ORDER BY position", (answer.id,))
            ),
        )

    def score_versions(self, answer_id: int) -> list[StoredScore]:
        rows = self._read(f"SELECT {', '.join(_SCORE_COLUMNS)} FROM scores WHERE answer_id = ? ORDER BY version", (answer_id,))
        return [_score_row(r) for r in rows]

    def attempts(self, question_id: str | None = None, bank: str | None = None, exclude_session: str | None = None) -> list[Attempt]:
        """Scored answers with speech, oldest first: what comparisons and trends are made of."""
        clauses, params = ["s.no_speech = 0"], []
        if question_id:
            clauses.append("a.question_id = ?")
            params.append(question_id)
        if bank:
            clauses.append(_IN_BANK.format(column="se.bank"))
            params.append(bank)
        if exclude_session:
            clauses.append("se.id != ?")
            params.append(exclude_session)
        rows = self._read(
            f"SELECT se.id, se.started_at, se.bank, a.question_id, a.id, {', '.join('s.' + c for c in _SCORE_COLUMNS)} "
            f"FROM answers a JOIN sessions se ON se.id = a.session_id JOIN scores s ON s.answer_id = a.id AND {_CURRENT} "
            f"WHERE {' AND '.join(clauses)} ORDER BY se.started_at, a.position", params)
        return [Attempt(session_id=r[0], started_at=r[1], bank=r[2], question_id=r[3], answer_id=r[4], score=_score_row(r[5:])) for r in rows]

    def known_directories(self) -> set[str]:
        return {r[0] for r in self._read("SELECT directory FROM sessions WHERE directory IS NOT NULL")}


def _answer_row(r: tuple) -> StoredAnswer:
    score = _score_row(r[len(_ANSWER_COLUMNS):]) if r[len(_ANSWER_COLUMNS)] is not None else None
    return StoredAnswer(
        id=r[0], session_id=r[1], position=r[2], question_id=r[3], question_hash=r[4], prompt=r[5],
        audio_path=Path(r[6]) if r[6] else None, audio_owned=bool(r[7]), ended_by=r[8], recorded_s=r[9], input_overflows=r[10],
        created_at=r[11], follow_ups=r[12], score=score,
    )
