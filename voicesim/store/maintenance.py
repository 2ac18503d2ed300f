"""Looking after the history: rescoring stored transcripts, exporting every answer, deleting a session.

Rescoring is possible because scoring is pure: a stored transcript and a rubric give the same
figures every time, so a new version appears only where the bank (or the scoring) changed.
Deleting removes only what voicesim wrote: recordings it made, its result JSON files and session.json.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from voicesim.errors import BankError
from voicesim.question.bank import Bank, load_bank
from voicesim.question.snapshot import question_hash
from voicesim.scoring import score_answer
from voicesim.store.database import Store
from voicesim.store.records import StoredScore, StoredSession

log = logging.getLogger(__name__)

EXPORT_SCHEMA = 1


@dataclass(frozen=True)
class Rescored:
    session_id: str
    question_id: str
    old: StoredScore | None
    new: StoredScore | None  # None when nothing changed or it could not be rescored
    note: str = ""  # why it was skipped, or "unchanged"

    @property
    def changed(self) -> bool:
        return self.new is not None


def _bank_for(session: StoredSession, bank_ref: str | None, cache: dict[str, Bank]) -> Bank:
    ref = bank_ref or session.bank_source
    if ref not in cache:
        cache[ref] = load_bank(ref)
    return cache[ref]


def rescore_sessions(store: Store, sessions: Sequence[StoredSession], bank_ref: str | None = None) -> list[Rescored]:
    """Recompute every answer's score from its stored transcript with the bank as it is now.

    The bank is where each session's came from, unless `bank_ref` names another. An answer whose
    figures and rubric are unchanged keeps its current score (no new version)."""
    banks: dict[str, Bank] = {}
    out: list[Rescored] = []
    for session in sessions:
        try:
            bank = _bank_for(session, bank_ref, banks)
        except BankError as exc:
            if bank_ref is not None:
                raise  # the user named it: say what is wrong with it
            out += [Rescored(session.id, a.question_id, a.score, None, f"bank unavailable ({exc})") for a in session.answers]
            continue
        for answer in session.answers:
            detail = store.answer_detail(answer, session)
            if detail.transcript is None:
                out.append(Rescored(session.id, answer.question_id, answer.score, None, "no transcript stored"))
                continue
            try:
                question = bank.question(answer.question_id)
            except BankError:
                out.append(Rescored(session.id, answer.question_id, answer.score, None, f"bank {bank.name} has no such question"))
                continue
            score = score_answer(detail.transcript, question, pause_threshold_s=detail.settings.pause_threshold_s, follow_ups=detail.follow_ups)
            from voicesim.report.schema import score_to_dict

            old = answer.score
            same = (old is not None and old.question_hash == question_hash(question)
                    and json.loads(old.result_json) == json.loads(json.dumps(score_to_dict(score))))
            if same:
                out.append(Rescored(session.id, answer.question_id, old, None, "unchanged"))
                continue
            out.append(Rescored(session.id, answer.question_id, old, store.add_score(answer.id, score, question)))
    return out


# -- export

EXPORT_COLUMNS = ("session", "started_at", "kind", "bank", "position", "question", "overall", "coverage", "delivery", "wpm",
                  "articulation_wpm", "speaking_s", "time_to_first_word_s", "fillers", "fillers_per_minute", "hedges", "pauses",
                  "length_verdict", "ended_by", "recorded_s", "audio", "score_version", "scored_at")


def export_rows(sessions: Sequence[StoredSession]) -> list[dict]:
    """One row per answer, oldest session first; score fields are None when nothing was scored."""
    rows = []
    for s in sorted(sessions, key=lambda s: (s.started_at, s.id)):
        for a in s.answers:
            sc = a.score
            rows.append({
                "session": s.id, "started_at": s.started_at, "kind": s.kind, "bank": s.bank, "position": a.position,
                "question": a.question_id,
                "overall": sc.overall if sc else None, "coverage": sc.coverage if sc else None, "delivery": sc.delivery if sc else None,
                "wpm": sc.wpm if sc else None, "articulation_wpm": sc.articulation_wpm if sc else None,
                "speaking_s": sc.speaking_s if sc else None, "time_to_first_word_s": sc.time_to_first_word_s if sc else None,
                "fillers": sc.fillers if sc else None, "fillers_per_minute": sc.fillers_per_minute if sc else None,
                "hedges": sc.hedges if sc else None, "pauses": sc.pauses if sc else None,
                "length_verdict": sc.length_verdict if sc else None, "ended_by": a.ended_by, "recorded_s": a.recorded_s,
                "audio": str(a.audio_path) if a.audio_path else None,
                "score_version": sc.version if sc else None, "scored_at": sc.scored_at if sc else None,
            })
    return rows


def export_json(rows: list[dict]) -> str:
    return json.dumps({"schema": EXPORT_SCHEMA, "answers": rows}, indent=2)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | float | int:
    """A CSV cell a spreadsheet shows as text: a string that would start a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in EXPORT_COLUMNS])
    return buffer.getvalue()


# -- delete

@dataclass(frozen=True)
class DeletePlan:
    session_id: str
    files: tuple[Path, ...]  # what voicesim wrote for the session and will remove
    kept: tuple[Path, ...]  # recordings the user passed in: never removed
    directory: Path | None  # removed too when nothing else is left in it


def plan_delete(session: StoredSession) -> DeletePlan:
    files: list[Path] = []
    kept: list[Path] = []
    for a in session.answers:
        if a.audio_path is not None:
            (files if a.audio_owned else kept).append(a.audio_path)
        if session.directory is not None:
            # voicesim's result JSON beside the recording (practice) or named after the question (--answers)
            stems = {a.question_id} | ({a.audio_path.stem} if a.audio_path is not None and a.audio_owned else set())
            files += [session.directory / f"{stem}.json" for stem in sorted(stems)]
    if session.directory is not None:
        files.append(session.directory / "session.json")
    unique = tuple(dict.fromkeys(p for p in files if p.is_file() and p not in kept))
    return DeletePlan(session.id, unique, tuple(dict.fromkeys(kept)), session.directory)


def delete_session(store: Store, session: StoredSession, plan: DeletePlan) -> list[Path]:
    """Remove the session's rows, then its files (rows first: a session whose files are half gone is
    never left in the history). Returns the files removed."""
    store.delete_session(session.id)
    removed = []
    for path in plan.files:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("could not remove %s: %s", path, exc)
    if plan.directory is not None and plan.directory.is_dir():
        try:
            plan.directory.rmdir()  # only when empty: anything else in it is not ours to remove
        except OSError:
            log.info("kept %s: it holds other files", plan.directory)
    return removed
