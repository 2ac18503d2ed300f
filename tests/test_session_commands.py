"""`voicesim rescore`, `export` and `delete` on stored sessions: the right figures, versions kept, the CSV
formula guard, files created 0600, and delete removing only what voicesim wrote."""

from __future__ import annotations

import csv
import io
import json
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli
from tests.helpers import add_session
from voicesim.question.bank import load_bank
from voicesim.store import Store
from voicesim.store.maintenance import export_csv

STRONG = "I would use a token bucket in Redis with an atomic increment, return 429 with Retry-After from the API gateway"
WEAK = "I would, um, just limit the requests somehow, you know"


def sessions(home: Path):
    with Store(home / "voicesim.db") as store:
        return store.sessions()


@pytest.fixture
def two_sessions(voicesim_home):
    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "s1", WEAK, "2026-01-01T10:00:00+00:00")
        add_session(store, "s2", STRONG, "2026-01-02T10:00:00+00:00")
    return voicesim_home


def edited_bank(tmp_path: Path) -> Path:
    """The shipped bank with the rate-limiting question asking for two concepts only."""
    text = (REPO / "seeds" / "netflix-backend.toml").read_text(encoding="utf-8")
    start = text.index('id = "rate-limiting"')
    third = text.index("[[questions.concepts]]", text.index("[[questions.concepts]]", text.index("[[questions.concepts]]", start) + 1) + 1)
    next_question = text.index("[[questions]]", start)
    path = tmp_path / "edited.toml"
    path.write_text(text[:third] + text[next_question:], encoding="utf-8")
    assert len(load_bank(str(path)).question("rate-limiting").rubric.concepts) == 2
    return path


def test_rescore_with_an_edited_bank_adds_a_version_and_history_shows_it(two_sessions, tmp_path):
    before = {s.id: s.answers[0].score for s in sessions(two_sessions)}
    res = run_cli("rescore", "last", "--bank", str(edited_bank(tmp_path)))
    assert res.returncode == 0, res.stderr
    after = {s.id: s.answers[0].score for s in sessions(two_sessions)}
    assert after["s2"].version == 2 and after["s2"].coverage == 1.0 > before["s2"].coverage  # token bucket and Redis: both said
    assert after["s1"] == before["s1"]  # only the session asked for
    row = next(line for line in res.stdout.splitlines() if "rate-limiting" in line)
    assert f"{before['s2'].overall} → {after['s2'].overall}" in row and f"{before['s2'].coverage:.0%} → 100%" in row and "1 → 2" in row
    with Store(two_sessions / "voicesim.db") as store:
        versions = store.score_versions(store.session("s2").answers[0].id)
    assert [v.overall for v in versions] == [before["s2"].overall, after["s2"].overall]  # the old one kept
    history = json.loads(run_cli("history", "--json").stdout)
    assert next(s for s in history["sessions"] if s["id"] == "s2")["answers"][0]["overall"] == after["s2"].overall


def test_rescore_with_the_same_bank_changes_nothing(two_sessions):
    res = run_cli("rescore", "--all")
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("│ unchanged │") == 2 and "0 answer(s) got a new score version" in res.stdout
    assert all(s.answers[0].score.version == 1 for s in sessions(two_sessions))
    assert run_cli("rescore").returncode == 2  # neither a session nor --all
    res = run_cli("rescore", "last", "--bank", "/no/such/bank.toml")
    assert res.returncode == 1 and res.stderr.startswith("Error: /no/such/bank.toml")


def test_export_json_and_csv_hold_every_answer(two_sessions, tmp_path):
    stored = {s.id: s.answers[0].score for s in sessions(two_sessions)}
    data = json.loads(run_cli("export").stdout)
    assert data["schema"] == 1 and [a["session"] for a in data["answers"]] == ["s1", "s2"]
    for row in data["answers"]:
        s = stored[row["session"]]
        assert (row["overall"], row["coverage"], row["wpm"], row["fillers"], row["fillers_per_minute"], row["score_version"]) == \
               (s.overall, s.coverage, s.wpm, s.fillers, s.fillers_per_minute, 1)
    out = tmp_path / "answers.csv"
    res = run_cli("export", "--format", "csv", "--output", str(out))
    assert res.returncode == 0 and "Exported 2 answer(s)" in res.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["session"], r["question"], int(r["overall"])) for r in rows] == [("s1", "rate-limiting", stored["s1"].overall),
                                                                                ("s2", "rate-limiting", stored["s2"].overall)]
    res = run_cli("export", "--output", str(tmp_path / "no" / "such" / "dir.json"))
    assert res.returncode == 1 and res.stderr.startswith("Error: cannot write")


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("netflix-backend", "netflix-backend"), ("", ""),
])
def test_csv_cells_that_would_start_a_formula_are_text(value, cell):
    row = dict.fromkeys(("session", "started_at", "kind", "position", "question", "overall", "coverage", "delivery", "wpm",
                         "articulation_wpm", "speaking_s", "time_to_first_word_s", "fillers", "fillers_per_minute", "hedges", "pauses",
                         "length_verdict", "ended_by", "recorded_s", "audio", "score_version", "scored_at"))
    row.update(bank=value, wpm=-1.5)
    [parsed] = list(csv.DictReader(io.StringIO(export_csv([row]))))
    assert parsed["bank"] == cell
    assert parsed["wpm"] == "-1.5"  # numbers are numbers, never quoted


def test_delete_removes_what_voicesim_wrote_and_keeps_the_users_files(voicesim_home, tmp_path):
    folder = voicesim_home / "recordings" / "2026-01-01T10-00-00"
    folder.mkdir(parents=True)
    owned = folder / "rate-limiting.wav"
    shutil.copy(REPO / "tests" / "__init__.py", owned)  # its content does not matter here
    (folder / "rate-limiting.json").write_text("{}")
    (folder / "session.json").write_text(json.dumps({"session": "2026-01-01T10-00-00", "answers": []}))
    users = tmp_path / "my-answer.wav"
    users.write_bytes(b"RIFF")
    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "2026-01-01T10-00-00", STRONG, "2026-01-01T10:00:00+00:00", audio_path=owned, audio_owned=True, directory=folder)
        add_session(store, "2026-01-02T10-00-00", STRONG, "2026-01-02T10:00:00+00:00", audio_path=users, audio_owned=False)

    res = run_cli("delete", "2026-01-01", input="n\n")
    assert res.returncode == 1 and "Nothing deleted" in res.stdout and owned.exists()
    res = run_cli("delete", "2026-01-01", input="")  # no answer at all (end of input): nothing deleted either
    assert res.returncode == 1 and owned.exists()
    res = run_cli("delete", "2026-01-01", "--yes")
    assert res.returncode == 0, res.stderr
    assert "3 file(s) voicesim wrote will be removed" in res.stdout
    assert not folder.exists()  # recording, result JSON, session.json, then the empty folder
    res = run_cli("delete", "2026-01-02", "--yes")
    assert res.returncode == 0 and "1 file(s) you passed in are kept" in res.stdout
    assert users.read_bytes() == b"RIFF"
    assert sessions(voicesim_home) == []  # and the auto-import of the recordings folder brings nothing back
    res = run_cli("delete", "2026-01-01", "--yes")
    assert res.returncode == 1 and "no session '2026-01-01'" in res.stderr


def test_delete_keeps_a_folder_holding_other_files(voicesim_home):
    folder = voicesim_home / "recordings" / "s1"
    folder.mkdir(parents=True)
    (folder / "session.json").write_text("{}")
    (folder / "notes.txt").write_text("mine")
    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "s1", STRONG, "2026-01-01T10:00:00+00:00", directory=folder)
    assert run_cli("delete", "s1", "-y").returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
