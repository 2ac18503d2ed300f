"""Importing session folders recorded before the history database existed (or after it was lost).

A session folder holds `session.json` and, per scored answer, a result JSON with the
transcript. Import is idempotent: a folder already in the database (by its path) is
skipped. Scores are recomputed from the stored transcript with the bank as it is now
(scoring is pure, so with an unchanged bank they are the figures that were shown).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from voicesim.errors import BankError
from voicesim.question.bank import Bank, Question, load_bank
from voicesim.scoring import score_answer
from voicesim.store.database import Store
from voicesim.store.records import AnswerSettings
from voicesim.transcript import Transcript

log = logging.getLogger(__name__)

IMPORT_PAUSE_THRESHOLD_S = 2.0  # folders from before the database did not record it; 2 s was the default


@dataclass(frozen=True)
class ImportResult:
    imported: tuple[str, ...]  # session ids
    skipped: tuple[str, ...]  # folders already in the history
    failed: tuple[tuple[str, str], ...]  # (folder, why)


def _result_for(directory: Path, audio: Path | None, question_id: str) -> dict | None:
    candidates = []
    if audio is not None:
        candidates.append(directory / (audio.stem + ".json"))
    candidates.append(directory / f"{question_id}.json")
    for path in candidates:
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if data.get("question") == question_id and "transcript" in data:
                return data
    return None


def _question(bank: Bank | None, question_id: str, result: dict | None) -> Question:
    if bank is not None:
        try:
            return bank.question(question_id)
        except BankError:
            pass
    # The bank lost the question: keep the answer under a minimal question built from what was stored.
    from voicesim.question.bank import Concept, Rubric, TargetLength

    length = (result or {}).get("delivery", {}).get("length", {})
    concepts = tuple(
        Concept(name=c["name"], weight=float(c["weight"]), phrases=tuple(e["phrase"] for e in c.get("evidence", ())) or (c["name"],), tier=c.get("tier"))
        for c in (result or {}).get("coverage", {}).get("concepts", ())
    )
    if not concepts and result is None:  # nothing stored says what the rubric was
        concepts = (Concept(name="(unknown rubric)", weight=1.0, phrases=(question_id,)),)
    # A result with no concepts was scored with no rubric yet: it stays that way (coverage NULL, not 0).
    return Question(id=question_id, prompt=question_id, target=TargetLength(float(length.get("min_s", 60)), float(length.get("max_s", 180))),
                    rubric=Rubric(concepts), outline=())


def import_folder(store: Store, directory: Path) -> str:
    """Import one session folder; returns the session id. Raises ValueError when it is not one."""
    data = json.loads((directory / "session.json").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "answers" not in data:
        raise ValueError("session.json has no answers")
    bank_name = str(data.get("bank") or "unknown")
    try:
        bank: Bank | None = load_bank(bank_name)
    except BankError:
        bank = None
    session_id = str(data.get("session") or directory.name)
    if store.session_exists(session_id):
        session_id = f"{session_id}-imported"
    placeholder = bank or Bank(name=bank_name, title=bank_name, path=directory / "session.json", questions=())
    started = str(data.get("started_at") or "")
    store.begin_session(session_id, "practice", placeholder, started, directory, imported_from=str(directory), source=bank_name)
    for entry in data["answers"]:
        qid = str(entry["question"])
        audio = Path(entry["audio"]) if entry.get("audio") else None
        result = _result_for(directory, audio, qid)
        question = _question(bank, qid, result)
        transcript = Transcript.from_dict(result["transcript"]) if result else None
        score = score_answer(transcript, question, IMPORT_PAUSE_THRESHOLD_S) if transcript is not None else None
        owned = audio is not None and audio.resolve().parent == directory.resolve()
        store.add_answer(session_id, question, ended_by=str(entry.get("ended_by", "unknown")), audio_path=audio, audio_owned=owned,
                         recorded_s=float(entry.get("recorded_s") or 0.0), input_overflows=int(entry.get("input_overflows") or 0),
                         transcript=transcript, settings=AnswerSettings(IMPORT_PAUSE_THRESHOLD_S, {"model": transcript.model} if transcript else {}),
                         score=score, created_at=started or None)
    store.end_session(session_id, ended_at=started or None, interrupted=bool(data.get("interrupted")))
    return session_id


def import_sessions(store: Store, root: Path) -> ImportResult:
    """Import every session folder under `root` that the history does not hold yet."""
    imported, skipped, failed = [], [], []
    if not root.is_dir():
        return ImportResult((), (), ())
    known = store.known_directories()
    for directory in sorted(p for p in root.iterdir() if (p / "session.json").is_file()):
        if str(directory.resolve()) in known:
            skipped.append(str(directory))
            continue
        try:
            with store.transaction():  # a folder is imported whole or not at all
                imported.append(import_folder(store, directory))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("could not import %s: %s", directory, exc)
            failed.append((str(directory), str(exc)))
    if imported:
        log.info("imported %d earlier session folder(s) from %s", len(imported), root)
    return ImportResult(tuple(imported), tuple(skipped), tuple(failed))


def import_default_recordings(store: Store) -> ImportResult:
    from voicesim.paths import default_recordings_dir

    return import_sessions(store, default_recordings_dir())
