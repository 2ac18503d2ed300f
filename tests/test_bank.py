import re
import textwrap

import pytest

from tests.conftest import run_cli
from voicesim.question.bank import DEFAULT_BANK, load_bank
from voicesim.errors import BankError

EXPECTED_IDS = [
    "rate-limiting", "rest-vs-graphql", "database-migrations", "cap-theorem", "authn-authz",
    "error-handling-logging", "horizontal-vs-vertical-scaling", "microservices", "api-security", "message-queues",
]


def test_shipped_bank_has_the_ten_questions_word_for_word(shared_dir):
    bank = load_bank(DEFAULT_BANK)
    source = (shared_dir / "seeds" / "000_10a56dc1aa0600cd.txt").read_text()
    prompts = [m.group(1).strip() for m in re.finditer(r"^\s*\d+\.\s+[^:]+:\s*(.+)$", source, re.M)]
    assert len(prompts) == 10
    assert [q.prompt for q in bank.questions] == prompts
    assert [q.id for q in bank.questions] == EXPECTED_IDS


@pytest.mark.parametrize("qid", EXPECTED_IDS)
def test_shipped_rubrics_are_complete(qid):
    q = load_bank(DEFAULT_BANK).question(qid)
    assert len(q.rubric.concepts) >= 6
    assert any(c.tier == "must" for c in q.rubric.concepts)
    assert all(c.phrases for c in q.rubric.concepts)
    assert 0 < q.target.min_s < q.target.max_s
    assert len(q.outline) >= 3


GOOD_QUESTION = """
[[questions]]
id = "q-one"
prompt = "What is a queue?"
min_seconds = 30
max_seconds = 90
outline = ["FIFO"]
[[questions.concepts]]
name = "Order"
tier = "must"
phrases = ["first in first out"]
"""


@pytest.mark.parametrize("body, expected", [
    (GOOD_QUESTION + GOOD_QUESTION, r"question 'q-one': id: duplicate id"),
    (GOOD_QUESTION.replace('prompt = "What is a queue?"\n', ""), r"question 'q-one': prompt: missing prompt"),
    (GOOD_QUESTION.replace('prompt = "What is a queue?"', 'prompt = "  "'), r"question 'q-one': prompt: missing prompt"),
    (GOOD_QUESTION.replace('tier = "must"', "weight = 0"), r"question 'q-one': concept 'Order': weight must be positive"),
    (GOOD_QUESTION.replace('tier = "must"', "weight = -2"), r"question 'q-one': concept 'Order': weight must be positive"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "nice"'), r"question 'q-one': concept 'Order': tier must be one of"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nweight = 2'), r"concept 'Order': give either tier or weight"),
    (GOOD_QUESTION.replace('phrases = ["first in first out"]', "phrases = []"), r"question 'q-one': concept 'Order': phrases must be a non-empty list"),
    (GOOD_QUESTION.replace('phrases = ["first in first out"]', ""), r"question 'q-one': concept 'Order': phrases must be a non-empty list"),
    (GOOD_QUESTION.replace('phrases = ["first in first out"]', 'phrases = ["?!"]'), r"concept 'Order': phrases has an empty or wordless entry"),
    (GOOD_QUESTION.replace("min_seconds = 30", "promt = 'x'\nmin_seconds = 30"), r"question 'q-one': unknown key 'promt'"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nphrase = ["x"]'), r"concept 'Order': unknown key 'phrase'"),
    (GOOD_QUESTION.replace("min_seconds = 30\n", ""), r"question 'q-one': min_seconds: missing or not a number"),
    (GOOD_QUESTION.replace("max_seconds = 90", "max_seconds = 10"), r"question 'q-one': max_seconds: must be at least min_seconds"),
    (GOOD_QUESTION.replace('id = "q-one"', 'id = "Q One"'), r"question 'Q One': id: must be a lowercase slug"),
    (GOOD_QUESTION.replace('id = "q-one"\n', ""), r"question #1 has no id"),
    (GOOD_QUESTION.split("[[questions.concepts]]")[0], r"question 'q-one': concepts: no concepts"),
    ("[bank]\ntitle = 'x'\n", r"questions: no questions"),
    ("[bank]\ntitle = 'x'\ncolour = 'red'\n" + GOOD_QUESTION, r"bank: unknown key 'colour'"),
    (GOOD_QUESTION.replace('min_seconds = 30', 'min_seconds = 30 30'), r"TOML syntax error: .*line 5"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', 'outline = "FIFO"'), r"question 'q-one': outline: must be a list"),
])
def test_an_invalid_bank_is_one_clear_line(tmp_path, body, expected):
    path = tmp_path / "bad.toml"
    path.write_text(textwrap.dedent(body))
    with pytest.raises(BankError) as err:
        load_bank(str(path))
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert re.search(expected, message), message


def test_a_good_bank_loads_with_tier_weights(tmp_path):
    path = tmp_path / "good.toml"
    path.write_text(GOOD_QUESTION)
    bank = load_bank(str(path))
    assert bank.question("q-one").rubric.concepts[0].weight == 3.0
    with pytest.raises(BankError, match="no question 'nope'"):
        bank.question("nope")


def test_unknown_bank_name_lists_the_available_ones():
    with pytest.raises(BankError, match="unknown question bank 'nope' .*netflix-backend"):
        load_bank("nope")


def test_bank_check_command(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(GOOD_QUESTION)
    ok = run_cli("bank", "check", str(good))
    assert ok.returncode == 0 and "ok, 1 questions" in ok.stdout

    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_QUESTION + GOOD_QUESTION)
    res = run_cli("bank", "check", str(bad))
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == [f"Error: {bad}: question 'q-one': id: duplicate id"]
    assert "Traceback" not in res.stderr

    debug = run_cli("--debug", "bank", "check", str(bad))
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_questions_command_lists_ids_and_prompts_as_json():
    import json
    res = run_cli("questions", "--json")
    data = json.loads(res.stdout)
    assert res.returncode == 0
    assert [q["id"] for q in data["questions"]] == EXPECTED_IDS
    assert data["questions"][0]["prompt"] == "How would you design a rate-limiting system?"
