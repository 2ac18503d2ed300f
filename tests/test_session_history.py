"""Sessions that last, end to end through the CLI with the real model: every answer committed when it is
scored (even when the process is killed), two processes at once, import of old session folders, retakes
with comparisons and personal bests, the weakest questions first."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.answers import CLEAN_SHORT, RATE_LIMITING_STRONG
from tests.audio_helpers import synth
from tests.conftest import REPO, run_cli
from voicesim.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def audio(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("answers")
    return {"strong": synth(RATE_LIMITING_STRONG, d / "strong.wav"), "short": synth(CLEAN_SHORT, d / "short.wav")}


def answers_dir(tmp_path: Path, name: str, files: dict[str, Path]) -> Path:
    d = tmp_path / name
    d.mkdir()
    for qid, src in files.items():
        shutil.copy(src, d / f"{qid}.wav")
    return d


def history(home: Path) -> list:
    with Store(home / "voicesim.db") as store:
        return store.sessions()


def test_a_killed_session_keeps_the_answers_it_finished(audio, tmp_path, voicesim_home):
    answers = answers_dir(tmp_path, "a", {"rate-limiting": audio["strong"], "cap-theorem": audio["strong"]})
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicesim", "practice", "--answers", str(answers), "-q", "rate-limiting", "-q", "cap-theorem",
         "--recordings", str(tmp_path / "rec")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="200"), cwd=REPO)
    out = []
    for line in proc.stdout:  # the second question is announced once the first answer is kept
        out.append(line)
        if "Question 2 of 2" in line:
            proc.send_signal(signal.SIGKILL)
            break
    assert proc.wait(30) == -signal.SIGKILL, "".join(out)
    [session] = history(voicesim_home)
    assert [a.question_id for a in session.answers] == ["rate-limiting"]
    assert session.answers[0].score is not None and session.answers[0].score.coverage >= 0.5
    assert session.ended_at is None  # it never ended: killed
    stored = json.loads((tmp_path / "rec" / session.id / "rate-limiting.json").read_text())
    assert stored["overall"] == session.answers[0].score.overall


def test_two_processes_scoring_at_once_both_keep_their_answer(audio, voicesim_home):
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-m", "voicesim", "score", str(audio[k]), "-q", "rate-limiting", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO) for k in ("strong", "short")]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    results = [json.loads(out) for out, _ in outputs]
    sessions = history(voicesim_home)
    assert len(sessions) == 2 and {s.kind for s in sessions} == {"score"}
    assert sorted(s.answers[0].score.overall for s in sessions) == sorted(r["overall"] for r in results)
    assert {str(s.answers[0].audio_path) for s in sessions} == {str(audio["strong"].resolve()), str(audio["short"].resolve())}
    assert not any(s.answers[0].audio_owned for s in sessions)  # the user's files: never deleted by voicesim

    res = run_cli("score", str(audio["short"]), "-q", "rate-limiting", "--no-save")
    assert res.returncode == 0 and "Kept in the history" not in res.stdout
    assert len(history(voicesim_home)) == 2


def test_old_session_folders_are_imported_once(audio, tmp_path, voicesim_home):
    # a session recorded by voicesim before the history existed: its folder, without any database
    answers = answers_dir(tmp_path, "a", {"rate-limiting": audio["strong"]})
    old_home = tmp_path / "old-home"
    res = run_cli("practice", "--answers", str(answers), "-q", "rate-limiting", "--recordings", str(tmp_path / "old"),
                  env=dict(os.environ, VOICESIM_HOME=str(old_home)))
    assert res.returncode == 0, res.stderr
    [folder] = (tmp_path / "old").iterdir()
    original = json.loads((folder / "rate-limiting.json").read_text())

    first = run_cli("import", str(tmp_path / "old"))
    assert first.returncode == 0 and "imported 1 session(s)" in first.stdout, first.stdout + first.stderr
    again = run_cli("import", str(tmp_path / "old"))
    assert "imported 0 session(s); 1 already in the history" in again.stdout
    [session] = history(voicesim_home)
    assert session.imported_from == str(folder) and session.answers[0].score.overall == original["overall"]
    assert session.answers[0].score.coverage == original["coverage"]["score"]

    # the default recordings folder is imported by itself, the first time the history is opened
    shutil.copytree(folder, voicesim_home / "recordings" / "2025-12-31T09-00-00")
    run_cli("import", str(tmp_path / "old"))
    assert len(history(voicesim_home)) == 1  # `import DIR` opens the history without the automatic import
    (tmp_path / "empty").mkdir()
    res = run_cli("practice", "--weakest", "--count", "1", "--answers", str(tmp_path / "empty"), "--recordings", str(tmp_path / "r2"))
    assert res.returncode == 0, res.stderr
    imported = [s for s in history(voicesim_home) if s.imported_from == str(voicesim_home / "recordings" / "2025-12-31T09-00-00")]
    assert len(imported) == 1 and imported[0].answers[0].score.overall == original["overall"]


def test_a_retake_compares_with_the_last_and_best_attempt(audio, tmp_path, voicesim_home):
    weak = answers_dir(tmp_path, "weak", {"rate-limiting": audio["short"], "cap-theorem": audio["short"]})
    strong = answers_dir(tmp_path, "strong", {"rate-limiting": audio["strong"], "cap-theorem": audio["short"]})
    env = dict(os.environ, COLUMNS="200")
    first = run_cli("practice", "--answers", str(weak), "-q", "rate-limiting", "-q", "cap-theorem", "--recordings", str(tmp_path / "rec"), env=env)
    assert first.returncode == 0 and first.stdout.count("First attempt at this question") == 2, first.stdout
    retake = run_cli("practice", "--retake", "last", "--answers", str(strong), "--recordings", str(tmp_path / "rec"), env=env)
    assert retake.returncode == 0, retake.stderr
    assert "Question 1 of 2" in retake.stdout and "What is the CAP theorem?" in retake.stdout
    assert "Compared with your earlier attempt:" in retake.stdout
    old, new = history(voicesim_home)[::-1]
    before, after = old.answers[0].score, new.answers[0].score
    assert after.overall > before.overall
    assert f"overall {after.overall}, last {before.overall}, best {before.overall}" in retake.stdout
    assert f"New personal best: overall {after.overall} (best before: {before.overall})" in retake.stdout
    assert "★ New personal best on rate-limiting: overall" in retake.stdout  # the summary says it too

    listed = json.loads(run_cli("history", "--json").stdout)["sessions"]
    assert [s["id"] for s in listed] == [new.id, old.id]  # newest first
    assert [a["question"] for a in listed[0]["answers"]] == ["rate-limiting", "cap-theorem"]
    assert listed[0]["answers"][0]["overall"] == after.overall and listed[1]["answers"][0]["coverage"] == before.coverage
    table = run_cli("history", "--question", "rate-limiting").stdout
    session_mean = f"{sum(a.score.overall for a in new.scored) / len(new.scored):.0f}"  # a row shows its session's means
    assert new.id in table and old.id in table and session_mean in table, table


def test_weakest_asks_never_practised_questions_first(audio, tmp_path, voicesim_home):
    from voicesim.question.bank import load_bank

    ids = [q.id for q in load_bank().questions]
    answers = answers_dir(tmp_path, "a", {qid: audio["short"] for qid in ids})
    args = ["--answers", str(answers), "--recordings", str(tmp_path / "rec")]
    assert run_cli("practice", "-q", ids[0], "-q", ids[1], *args).returncode == 0
    res = run_cli("practice", "--weakest", "--count", "2", *args)
    assert res.returncode == 0, res.stderr
    asked = [line.split("(")[-1].split(";")[0] for line in res.stdout.splitlines() if "; aim for" in line]
    assert asked == ids[2:4]  # the first never-practised ones, in bank order
