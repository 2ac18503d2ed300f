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
    (GOOD_QUESTION.split("[[questions.concepts]]")[0] + 'concepts = "Order"\n', r"question 'q-one': concepts: must be a list of \[\[questions.concepts\]\] tables"),
    ("[bank]\ntitle = 'x'\n", r"questions: no questions"),
    ("[bank]\ntitle = 'x'\ncolour = 'red'\n" + GOOD_QUESTION, r"bank: unknown key 'colour'"),
    (GOOD_QUESTION.replace('min_seconds = 30', 'min_seconds = 30 30'), r"TOML syntax error: .*line 5"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', 'outline = "FIFO"'), r"question 'q-one': outline: must be a list"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', 'vocabulary = "Kafka"'), r"question 'q-one': vocabulary: must be a list of non-empty strings"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', 'vocabulary = ["Kafka", ""]'), r"vocabulary: must be a list of non-empty strings"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', 'vocabulary = ["Kafka, SQS"]'), r"vocabulary: one term per entry, without commas"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', 'vocabulary = ["Kafka", "kafka"]'), r"vocabulary: 'kafka' is listed twice"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', f'vocabulary = ["{"x" * 41}"]'), r"vocabulary: 'x{41}' is longer than 40 characters"),
    (GOOD_QUESTION.replace('outline = ["FIFO"]', "vocabulary = [" + ", ".join(f'"term number {i}"' for i in range(40)) + "]"),
     r"vocabulary: 6\d\d characters: keep it within 480"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nmisheard = ["420"]'), r"concept 'Order': misheard entry '420' is one word"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nmisheard = ["market"]'), r"misheard entry 'market' is one word: a single word"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nfollow_up = "What order do items come out in: first in first out?"'),
     r"concept 'Order': follow_up gives the answer away: it says 'first in first out'"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nfollow_up = ""'), r"concept 'Order': follow_up must be a question in words"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nfollow_up = 3'), r"concept 'Order': follow_up must be a question in words"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nfollow_up = ["Which order?"]'), r"follow_up must be a question in words"),
    (GOOD_QUESTION.replace('tier = "must"', f'tier = "must"\nfollow_up = "{"Why " * 80}?"'), r"follow_up is 321 characters: keep it within 300"),
    (GOOD_QUESTION.replace('tier = "must"', 'tier = "must"\nfollowup = "Which order?"'), r"concept 'Order': unknown key 'followup'"),
    (GOOD_QUESTION.replace("min_seconds = 30", 'kind = "culture"\nmin_seconds = 30'), r"question 'q-one': kind: must be one of technical, behavioral"),
    ("[bank]\ntitle = 'x'\nkind = 'behavioural'\n" + GOOD_QUESTION, r"bank.kind: must be one of technical, behavioral \(got 'behavioural'\)"),
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


def test_every_shipped_question_has_a_vocabulary_that_fits_whispers_context():
    """The filler prompt and the vocabulary together stay well within the 223 tokens faster-whisper keeps."""
    from voicesim.transcript.context import CONTEXT_MAX_TOKENS, context_tokens

    for q in load_bank(DEFAULT_BANK).questions:
        assert len(q.vocabulary) >= 12, q.id
        assert 40 < context_tokens(q.vocabulary) < CONTEXT_MAX_TOKENS * 0.75, q.id
    assert context_tokens(()) < 25  # the filler prompt alone


def test_bank_check_counts_the_vocabulary_in_whispers_tokens(tmp_path):
    # 37 short made-up terms: within the character limit, but several tokens each
    terms = ", ".join(f'"qZx{i}vR"' for i in range(30))
    path = tmp_path / "long.toml"
    path.write_text(GOOD_QUESTION.replace('outline = ["FIFO"]', f"vocabulary = [{terms}]"))
    assert load_bank(str(path)).question("q-one").vocabulary[0] == "qZx0vR"  # loading accepts it
    res = run_cli("bank", "check", str(path))
    assert res.returncode == 1
    assert re.fullmatch(rf"Error: {re.escape(str(path))}: question 'q-one': vocabulary: \d+ tokens with the filler prompt, and "
                        r"Whisper keeps 223: list fewer or shorter terms\n", res.stderr), res.stderr


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


def test_kind_is_the_banks_unless_a_question_says_otherwise(tmp_path):
    path = tmp_path / "mixed.toml"
    path.write_text("[bank]\nkind = 'behavioral'\n" + GOOD_QUESTION + GOOD_QUESTION.replace('"q-one"', '"q-two"').replace(
        "min_seconds = 30", 'kind = "technical"\nmin_seconds = 30'))
    bank = load_bank(str(path))
    assert [q.kind for q in bank.questions] == ["behavioral", "technical"]


def test_every_must_concept_of_the_shipped_banks_has_a_follow_up_that_gives_nothing_away():
    from tests.helpers import transcript_from_text
    from voicesim.scoring.coverage import TokenWindows, match_concept
    from voicesim.text import tokenize_words

    from voicesim.question.locations import shipped_bank_files

    for name in [f.name for f in shipped_bank_files()]:
        for q in load_bank(name).questions:
            for c in q.rubric.concepts:
                if c.tier != "must":
                    continue
                assert c.follow_up and c.follow_up.endswith("?"), (name, q.id, c.name)
                # heard as an answer, the follow-up itself must not cover its concept (fuzzy matching included)
                t = transcript_from_text(c.follow_up)
                assert not match_concept(t, TokenWindows(tokenize_words([(w.word, w.start, w.end) for w in t.words])), c).hit, (q.id, c.name)


def test_the_culture_bank_is_behavioural_with_targets_outlines_and_concepts():
    from voicesim.transcript.context import CONTEXT_MAX_TOKENS, context_tokens

    bank = load_bank("netflix-culture")
    assert len(bank.questions) >= 8
    for q in bank.questions:
        assert q.kind == "behavioral" and q.behavioral
        assert 60 <= q.target.min_s < q.target.max_s <= 300 and len(q.outline) >= 4 and len(q.rubric.concepts) >= 3
        assert context_tokens(q.vocabulary) < CONTEXT_MAX_TOKENS * 0.75, q.id
    assert all(q.kind == "technical" for q in load_bank("netflix-backend").questions)
