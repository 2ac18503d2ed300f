"""Structure of behavioural answers (pure scoring): STAR parts, ownership, a measurable result, a reflection."""

from __future__ import annotations

import pytest

from tests.culture_answers import RAMBLING, STAR, STAR_PARTS
from tests.helpers import transcript_from_text
from voicesim.question.bank import load_bank
from voicesim.scoring import score_answer
from voicesim.scoring.structure import score_structure


@pytest.mark.parametrize("sentence, part", [
    ("At my last job we ran the billing system.", "situation"),
    ("A couple of years ago our team was migrating to Kafka.", "situation"),
    ("In my previous role I was the only backend engineer.", "situation"),
    ("And I previous role our search page was slow.", "situation"),  # "In my" as Whisper heard it once (issue 15)
    ("And I previous roll our search page was slow and customers left. I was responsible for search.", "situation"),
    ("At the previous company the builds took an hour.", "situation"),
    ("My job was to cut the cloud bill.", "task"),
    ("I was responsible for the release.", "task"),
    ("The goal was to ship before the holidays.", "task"),
    ("I had to decide between two vendors.", "task"),
    ("I decided to stop the rollout.", "action"),
    ("So I wrote a design doc and I met with the team.", "action"),
    ("I set up a dashboard.", "action"),
    ("As a result the page loads twice as fast.", "result"),
    ("In the end we shipped on time.", "result"),
    ("Latency went from nine hundred milliseconds to one hundred.", "result"),
    ("Errors dropped to almost nothing.", "result"),
    ("I learned to ask earlier.", "reflection"),
    ("Next time I would write it down first.", "reflection"),
    ("Looking back, the deadline was the wrong thing to protect.", "reflection"),
])
def test_each_part_is_found_from_the_language_people_use(sentence, part):
    structure = score_structure(transcript_from_text(sentence))
    item = structure.reflection if part == "reflection" else structure.star[part]
    assert item.hit, (sentence, part)
    assert item.evidence[0].start >= 0.5  # times from the answer's start


@pytest.mark.parametrize("sentence", [
    "Communication is really important and we value open discussion.",
    "Failure is part of engineering and everyone fails sometimes.",
    "We always try to do our best as a team.",
])
def test_talk_without_a_story_finds_no_situation_task_or_action(sentence):
    """(A story's opening is its situation only when a task or an action follows it: tests below.)"""
    structure = score_structure(transcript_from_text(sentence))
    assert not any(structure.star[p].hit for p in ("situation", "task", "action"))
    assert not structure.reflection.hit


@pytest.mark.parametrize("text, i_count, we_count", [
    ("I decided to split the service and I wrote the plan and I ran the tests.", 3, 0),
    ("I decided to split it and we wrote the plan and we ran the tests.", 1, 2),
    ("Then I asked for help and we paired on it, and I've shipped it since.", 2, 1),
])
def test_ownership_counts_i_against_we_where_the_actions_are_told(text, i_count, we_count):
    structure = score_structure(transcript_from_text(text))
    assert (structure.i_count, structure.we_count) == (i_count, we_count)
    assert structure.ownership_i_share == pytest.approx(i_count / (i_count + we_count), abs=0.001)


def test_ownership_stops_where_the_result_begins():
    # "we" in the result (the team's outcome) does not count against the actions told with "I"
    structure = score_structure(transcript_from_text("I built the cache and I tuned it. As a result we cut latency and we celebrated."))
    assert (structure.i_count, structure.we_count) == (2, 0)


@pytest.mark.parametrize("result, quantified", [
    ("As a result latency dropped from 900 ms to 120 ms.", True),
    ("As a result conversions increased by four percent.", True),
    ("As a result the error rate halved.", True),
    ("In the end it was 3x faster.", True),
    ("In the end everyone was happy with it.", False),
    ("In the end one of us stayed late.", False),  # "one" is not a measure
    ("In the end we shipped it in 2019.", False),  # a year is not a measure
])
def test_a_quantified_result_needs_a_measure_after_the_result_begins(result, quantified):
    structure = score_structure(transcript_from_text("At my last job I had to fix the checkout. I rewrote the query. " + result))
    assert structure.quantified_result.hit is quantified, [e.heard for e in structure.quantified_result.evidence]


def test_a_number_before_any_result_is_not_a_quantified_result():
    structure = score_structure(transcript_from_text("We had 40 services and I owned 3 of them. I rewrote the slowest."))
    assert not structure.result.hit and not structure.quantified_result.hit


def test_structure_score_follows_the_documented_formula():
    full = score_structure(transcript_from_text(
        "At my last job my goal was to cut costs. I decided to move the batch jobs and I rewrote them. "
        "As a result the bill went from 40 to 25 thousand. I learned to measure first."))
    assert all(p.hit for p in full.star.values()) and full.quantified_result.hit and full.reflection.hit
    assert full.score == pytest.approx(1.0)
    nothing = score_structure(transcript_from_text("Teamwork matters and we value it."))
    assert nothing.score == 0.0


@pytest.mark.parametrize("qid", sorted(STAR))
def test_written_star_answers_find_every_part_and_outscore_rambling(qid):
    question = load_bank("netflix-culture").question(qid)
    star = score_answer(transcript_from_text(STAR[qid]), question)
    assert star.structure is not None
    assert [p for p in STAR_PARTS if not star.structure.star[p].hit] == []
    assert star.structure.ownership_i_share >= 0.8 and star.structure.quantified_result.hit and star.structure.reflection.hit
    if qid in RAMBLING:
        ramble = score_answer(transcript_from_text(RAMBLING[qid]), question)
        assert ramble.structure.score <= 0.3 and ramble.overall < star.overall - 30


def test_technical_questions_have_no_structure_score():
    question = load_bank("netflix-backend").question("rate-limiting")
    assert score_answer(transcript_from_text(STAR["failure"]), question).structure is None


@pytest.mark.parametrize("text, situation", [
    # the opening before the first task or action, in the past tense, at least six words
    ("And I previous roll our search page was slow and customers left. I was responsible for search.", True),
    ("The checkout kept timing out every evening. So I wrote a load test.", False),  # no past-tense scene verb
    ("Our page was slow. I decided to cache it.", False),  # four words: too short to be a scene
    ("Customers were leaving before the page even loaded. I decided to cache it.", True),
    ("Customers were leaving before the page even loaded, and it was bad for everyone.", False),  # no task or action follows
])
def test_a_storys_opening_before_its_task_or_action_is_its_situation(text, situation):
    structure = score_structure(transcript_from_text(text))
    assert structure.situation.hit is situation, [e.heard for e in structure.situation.evidence]
    if situation:
        assert structure.situation.evidence[0].start < structure.star["action" if structure.action.hit else "task"].evidence[0].start
