"""Bank and transcript text is text in the terminal: square brackets (rich markup) and HTML come out as written,
through `questions`, `bank check`, `practice --answers`, `score` and `review`."""

from __future__ import annotations

import shutil

import pytest

from tests.audio_helpers import synth
from tests.conftest import run_cli

PROMPTS = {
    "cap": "What is the CAP theorem [/bold] in practice?",
    "types": "What is `list[int]` in Python, and why [red]x[/red] matters?",
    "html": "Explain <script>alert(1)</script> & [bold]escaping[/bold]",
}
CONCEPT = "[red]Consistency[/red] <b>and</b> [link=http://x]availability"

BANK = "\n".join(
    f'''
[[questions]]
id = "{qid}"
prompt = '{prompt}'
min_seconds = 5
max_seconds = 60
outline = ["Say [italic]why[/italic] and list[str] <em>too</em>"]

[[questions.concepts]]
name = '{CONCEPT}'
tier = "must"
phrases = ["consistency", "availability", "trade off"]
''' for qid, prompt in PROMPTS.items())


@pytest.fixture(scope="module")
def bank_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bank") / "brackets.toml"
    path.write_text('[bank]\ntitle = "Brackets [/] and <tags>"\n' + BANK, encoding="utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_questions_and_bank_check_show_brackets(bank_file):
    res = run_cli("questions", "--bank", str(bank_file))
    assert res.returncode == 0, res.stderr
    for prompt in PROMPTS.values():
        assert prompt in _flat(res.stdout)
    assert "Brackets [/] and <tags>" in res.stdout
    res = run_cli("bank", "check", str(bank_file))
    assert res.returncode == 0 and "ok, 3 questions" in res.stdout


@pytest.mark.slow
def test_score_practice_and_review_show_brackets(bank_file, tmp_path):
    audio = synth("The trade-off is between consistency and availability when the network splits.", tmp_path / "answer.wav")
    res = run_cli("score", str(audio), "-q", "cap", "--bank", str(bank_file))
    assert res.returncode == 0, res.stderr
    out = _flat(res.stdout)
    assert PROMPTS["cap"] in out and CONCEPT in out

    answers = tmp_path / "answers"
    answers.mkdir()
    for qid in PROMPTS:
        shutil.copy(audio, answers / f"{qid}.wav")
    res = run_cli("practice", "--bank", str(bank_file), "--answers", str(answers), "-q", "types", "-q", "html",
                  "--recordings", str(tmp_path / "rec"))
    assert res.returncode == 0, res.stderr
    out = _flat(res.stdout)
    assert PROMPTS["types"] in out and PROMPTS["html"] in out and CONCEPT in out
    assert "Say [italic]why[/italic] and list[str] <em>too</em>" in out

    res = run_cli("review", "last", "-q", "html")
    assert res.returncode == 0, res.stderr
    out = _flat(res.stdout)
    assert PROMPTS["html"] in out and CONCEPT in out and "consistency[1]" in out


FOLLOW_UP = "And when [red]the network[/red] splits, <script>alert(2)</script> what then?"
FOLLOW_UP_BANK = f'''[bank]
title = "Follow-ups [/] <b>"
kind = "behavioral"

[[questions]]
id = "cap"
prompt = "What is the CAP theorem?"
min_seconds = 5
max_seconds = 60

[[questions.concepts]]
name = "Trade-off [bold]"
tier = "should"
phrases = ["consistency", "availability", "trade off"]

[[questions.concepts]]
name = "Partitions <i>"
tier = "must"
phrases = ["network partition", "partition"]
follow_up = '{FOLLOW_UP}'
'''


@pytest.mark.slow
def test_follow_ups_and_structure_show_brackets_and_tags_as_text(tmp_path):
    bank = tmp_path / "follow.toml"
    bank.write_text(FOLLOW_UP_BANK, encoding="utf-8")
    answers = tmp_path / "answers"
    answers.mkdir()
    synth("The trade-off is between consistency and availability.", answers / "cap.wav")
    synth("A network partition splits the nodes, and then you choose.", answers / "cap.followup-1.wav")
    res = run_cli("practice", "--bank", str(bank), "--answers", str(answers), "--recordings", str(tmp_path / "rec"))
    assert res.returncode == 0, res.stderr
    out = _flat(res.stdout)
    assert FOLLOW_UP in out and "Partitions <i>" in out and "Recovered Partitions <i>" in out
    review = _flat(run_cli("review", "last").stdout)
    assert FOLLOW_UP in review and "Structure" in review
    page = tmp_path / "r.html"
    assert run_cli("report", "last", "--html", str(page)).returncode == 0
    html = page.read_text()
    assert "<script>alert(2)" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html
