"""Contextual biasing (voicesim/transcript/biasing.py) with the bundled model's real tokenizer: which token runs are
finished terms, the bonus of a whole hypothesis (N-best rescoring) and of the next token (the logit filter), with the
bonus taken back when a term is abandoned."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from voicesim.transcript.biasing import hf_whisper_trie, term_spellings
from voicesim.transcript.decoding import Decoding
from voicesim.transcript.rescoring import _rescored

TERMS = ("Postgres", "Redis", "CI/CD", "CI", "nginx", "Kafka", "N+1", "PACELC", "etcd", "event sourcing")


@pytest.fixture(scope="module")
def tokenizer():
    from tokenizers import Tokenizer

    from voicesim.transcript.model_files import bundled_model_dir

    return Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))


@pytest.fixture(scope="module")
def trie(tokenizer):
    return hf_whisper_trie(TERMS, tokenizer)


def ids(tokenizer, text: str) -> list[int]:
    return tokenizer.encode(text, add_special_tokens=False).ids


@pytest.mark.parametrize("text, found", [
    (" We use Postgres and Redis.", ["Postgres", "Redis"]),
    (" we use postgres and redis", ["Postgres", "Redis"]),
    ("Postgres first", ["Postgres"]),
    (" Redistribute the posters", []),  # a term inside a longer word is no term
    (" Red is a colour", []),  # the words a term is misheard as are not the term
    (" the posters on the wall", []),
    (" Postgresql", []),  # the word goes on past the term
    (" a CI/CD pipeline", ["CI/CD"]),  # the longest term at a place
    (" CI runs, then CD", ["CI"]),
    (" nginx in front", ["nginx"]),
    (" Kafka, Kafka.", ["Kafka", "Kafka"]),
    (" Kafkaesque", []),
    (" the N+1 problem", ["N+1"]),
    (" PACELC extends CAP", ["PACELC"]),
    (" etcd holds it", ["etcd"]),
    (" Event sourcing keeps events", ["event sourcing"]),
    (" event sources", []),
    (" um, Redis", ["Redis"]),
    (" umm Redis uh Postgres", ["Redis", "Postgres"]),
    ("", []),
])
def test_finished_terms(tokenizer, trie, text, found):
    assert [term for _, _, term in trie.matches(ids(tokenizer, text))] == found


@pytest.mark.parametrize("text, tokens_of_terms", [
    (" We use Postgres and Redis.", 4),  # " Post"+"gres", " Red"+"is"
    (" Kafka", 1),
    (" Post office", 0),  # a term begun and abandoned earns nothing
    (" Red is", 0),
    (" PACELC", 3),
])
@pytest.mark.parametrize("bonus", [0.5, 2.0])
def test_sequence_bonus_is_per_token_of_finished_terms(tokenizer, trie, text, tokens_of_terms, bonus):
    assert trie.sequence_bonus(ids(tokenizer, text), bonus) == pytest.approx(bonus * tokens_of_terms)


def test_spellings_cover_case_and_leading_space():
    assert set(term_spellings("nginx")) == {" nginx", "nginx", " Nginx", "Nginx"}
    assert set(term_spellings("PACELC")) == {" PACELC", "PACELC", " pacelc", "pacelc"}


def test_step_bonus_rewards_a_term_start_only_at_a_word_start(tokenizer, trie):
    extra, on_new_word, inside_word = trie.step_bonus(ids(tokenizer, " We use"), 1.0)
    assert extra[ids(tokenizer, " Post")[0]] == 1.0
    assert extra[ids(tokenizer, " Red")[0]] == 1.0
    assert ids(tokenizer, "Post")[0] not in extra  # no leading space: it would glue onto "use"
    assert (on_new_word, inside_word) == (0.0, 0.0)


def test_step_bonus_takes_back_an_abandoned_term(tokenizer, trie):
    extra, on_new_word, inside_word = trie.step_bonus(ids(tokenizer, " We use Post"), 2.0)
    assert extra[ids(tokenizer, "gres")[0]] == 2.0  # continues Postgres
    assert on_new_word == -2.0 and inside_word == -2.0  # " office" or "ure": the bonus given to " Post" is taken back
    assert extra[ids(tokenizer, " Red")[0]] == 0.0  # a new term after the abandoned one: taken back, then rewarded


def test_step_bonus_keeps_a_finished_term_when_a_new_word_starts(tokenizer, trie):
    _, on_new_word, inside_word = trie.step_bonus(ids(tokenizer, " We use Postgres"), 2.0)
    assert on_new_word == 0.0  # " and", "," or the end of the text
    assert inside_word == -4.0  # "ql": Postgresql is not the term, both tokens' bonus taken back


def test_step_bonus_inside_a_multi_token_term(tokenizer, trie):
    node, depth = trie.state(ids(tokenizer, " PAC"))
    assert depth == 1 and node.term is None
    node, depth = trie.state(ids(tokenizer, " the CI"))
    assert depth == 1 and node.term == "CI"  # finished, and CI/CD may still follow
    extra, on_new_word, _ = trie.step_bonus(ids(tokenizer, " the CI"), 1.0)
    assert extra[ids(tokenizer, "/")[0]] == 1.0 and on_new_word == 0.0


def _result(tokenizer, texts_scores, no_speech=0.01):
    return SimpleNamespace(sequences_ids=[ids(tokenizer, t) for t, _ in texts_scores],
                           scores=[s for _, s in texts_scores], no_speech_prob=no_speech)


@pytest.mark.parametrize("hypotheses, bonus, kept", [
    ([(" we store it in posters", -0.30), (" we store it in Postgres", -0.34)], 1.0, 1),  # 2 tokens x 1.0 / 5 tokens (the best's) > 0.04
    ([(" we store it in posters", -0.30), (" we store it in Postgres", -0.75)], 1.0, 0),  # too unlikely: 2 x 1.0 / 5 < 0.45
    ([(" we store it in posters", -0.30), (" we store it in Postgres", -0.34)], 0.0, 0),  # no bonus: the beam's order
    ([(" a Post office", -0.30), (" a Postgres office", -0.31)], 0.5, 1),
    ([(" read these keys", -0.20), (" Redis keys", -0.26)], 1.0, 1),
    ([(" Redistribute it", -0.20), (" Red is tribute it", -0.21)], 5.0, 0),  # no finished term in either
])
def test_n_best_rescoring_keeps_the_best_with_the_bonus(tokenizer, trie, hypotheses, bonus, kept):
    result = _result(tokenizer, hypotheses)
    chosen = _rescored(result, trie, bonus, 1.0)
    assert chosen.sequences_ids == [result.sequences_ids[kept]]
    assert chosen.scores == [result.scores[kept]]  # the model's own score: the window checks judge the model
    assert chosen.no_speech_prob == result.no_speech_prob


def test_openai_whisper_filter_adds_the_step_bonus_to_each_beam(tokenizer, trie):
    torch = pytest.importorskip("torch", reason="the openai-whisper engine's extra is not installed")
    from voicesim.transcript.openai_engine import TermBonus

    n_vocab = tokenizer.get_vocab_size()
    starts_word = torch.tensor([trie.starts_word(t) for t in range(n_vocab)])
    prompt = [50257, 50362]  # what comes before the task's own tokens
    tokens = torch.tensor([prompt + ids(tokenizer, " we use Post"), prompt + ids(tokenizer, " we use the")])
    logits = torch.zeros(2, n_vocab)
    TermBonus(trie, 1.5, starts_word).starting_at(len(prompt)).apply(logits, tokens)
    gres, office, ure, post = (ids(tokenizer, s)[0] for s in ("gres", " office", "ure", " Post"))
    assert logits[0, gres] == 1.5  # continues the term
    assert logits[0, office] == -1.5 and logits[0, ure] == -1.5  # abandons it: the bonus of " Post" taken back
    assert logits[1, post] == 1.5 and logits[1, office] == 0  # the other beam: a term may start, nothing else moves
    assert torch.count_nonzero(logits[1]) == sum(map(trie.starts_word, trie.root.children))  # " Post", not "Post"


def test_n_best_rescoring_keeps_the_beams_order_between_hypotheses_with_the_same_terms(tokenizer, trie):
    # The shorter hypothesis (no comma) must not win on a bonus divided by fewer tokens.
    result = _result(tokenizer, [(" Redis, and the cloud", -0.311), (" Redis and the cloud", -0.312)])
    assert _rescored(result, trie, 3.0, 1.0).sequences_ids == [result.sequences_ids[0]]


@pytest.mark.parametrize("value, bias, sound_alikes", [
    ("0", 0.0, False),
    ("2", 2.0, False),
    ("2+s", 2.0, True),
    (" 1.5+s ", 1.5, True),
    ("0+s", 0.0, False),  # no bonus: nothing to try in place of sound-alikes
])
def test_the_environment_sets_the_vocabulary_bias(monkeypatch, value, bias, sound_alikes):
    from voicesim.transcript.whisper import BIAS_VARIABLE, decoding_from_environment

    monkeypatch.setenv(BIAS_VARIABLE, value)
    decoding = decoding_from_environment()
    assert (decoding.bias, decoding.sound_alikes) == (bias, sound_alikes)
    assert decoding.beam_size == Decoding().beam_size


def test_without_the_environment_decoding_is_the_shipped_one(monkeypatch):
    from voicesim.transcript.whisper import BIAS_VARIABLE, decoding_from_environment

    monkeypatch.delenv(BIAS_VARIABLE, raising=False)
    assert decoding_from_environment() == Decoding()


@pytest.mark.parametrize("value", ["two", "-1", "2+x", "50"])
def test_a_wrong_vocabulary_bias_is_a_model_error(monkeypatch, value):
    from voicesim.errors import ModelError
    from voicesim.transcript.whisper import BIAS_VARIABLE, decoding_from_environment

    monkeypatch.setenv(BIAS_VARIABLE, value)
    with pytest.raises(ModelError, match=BIAS_VARIABLE):
        decoding_from_environment()


@pytest.mark.parametrize("text, runs, kept", [
    # "scale out" is a term heard: neither it nor a run over part of it becomes "scale up"
    (" we scale out behind a balancer", [(1, 3, "scale up"), (2, 3, "scale up"), (4, 5, "Redis")], [(4, 5, "Redis")]),
    (" we use readies for caching", [(2, 3, "Redis"), (1, 3, "Redis")], [(2, 3, "Redis"), (1, 3, "Redis")]),
    (" events in caf car with Postgres", [(2, 4, "Kafka"), (4, 6, "Kafka")], [(2, 4, "Kafka")]),
    (" readies " * 8, [(i, i + 1, "Redis") for i in range(8)], [(i, i + 1, "Redis") for i in range(6)]),  # at most 6
])
def test_sound_alike_candidates_leave_the_terms_heard_alone(tokenizer, text, runs, kept):
    from voicesim.transcript.rescoring import MAX_CANDIDATES, _apart_from_terms, _words

    trie = hf_whisper_trie(("scale out", "scale up", "Redis", "Kafka", "Postgres"), tokenizer)
    tokens = ids(tokenizer, text.rstrip())
    spans = _words(tokens, trie)
    assert _apart_from_terms(runs, spans, trie.matches(tokens)) == kept
    assert len(kept) <= MAX_CANDIDATES
