"""Delivery rules as tables: fillers in context, hedges, pauses, pace and length."""

import pytest

from tests.helpers import question, transcript_from_text
from voicesim.question.bank import TargetLength
from voicesim.scoring import score_answer
from voicesim.scoring.delivery import PACE_BANDS, find_fillers, find_hedges, pace_band, score_delivery

TARGET = TargetLength(30, 120)


def fillers(text: str) -> list[str]:
    return [f.word for f in find_fillers(transcript_from_text(text).words)]


@pytest.mark.parametrize("text, expected", [
    ("Umm, I would use Redis.", ["um"]),
    ("uh, uhh, UM, umm, uhm, er, erm, ah, hmm, hm, mm", ["uh", "uh", "um", "um", "um", "er", "er", "ah", "hmm", "hmm", "hmm"]),
    ("I like Postgres.", []),
    ("We would like to cache it.", []),
    ("It looks like a queue.", []),
    ("Something like Redis works.", []),
    ("It is, like, really fast.", ["like"]),
    ("We use, like Redis for it.", ["like"]),
    ("Like, the cache is warm.", ["like"]),
    ("um like the cache", ["um", "like"]),
    ("You know, it depends.", ["you know"]),
    ("It scales, you know, sideways.", ["you know"]),
    ("Do you know the key?", []),
    ("if you know the key you can read it", []),
    ("I mean, it is fine.", ["i mean"]),
    ("What I mean is sharding.", []),
    ("It is kind of slow.", ["kind of"]),
    ("It is sort of eventual.", ["sort of"]),
    ("What kind of database?", []),
    ("A different sort of queue.", []),
    ("Basically we shard. Actually we literally shard.", ["basically", "actually", "literally"]),
    ("We shard by user id.", []),
])
def test_filler_words_in_context(text, expected):
    assert fillers(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the comma after "like" is the filler's (Whisper writes commas around fillers): "like" is judged without it
    ("a system like, uh, Cassandra", ["uh"]),
    ("databases like, um, Postgres", ["um"]),
    ("We need a store like, uh, um, Redis.", ["uh", "um"]),
    ("Tools like, hmm, Grafana help.", ["hmm"]),
    ("a system like, Umm, Cassandra", ["um"]),
    ("It looks like, er, a queue.", ["er"]),
    ("a system like uh Cassandra", ["uh"]),
    # a pause before "like" still makes it a filler, and so does a filler sound before it
    ("and, like, uh, we log it", ["like", "uh"]),
    ("it's, like, uh, fast", ["like", "uh"]),
    ("We log it, like, uh, everywhere.", ["like", "uh"]),
    ("Like, uh, the gateway", ["like", "uh"]),
    ("It is fast. Like, um, the gateway.", ["like", "um"]),
    ("um, like, uh, the cache", ["um", "like", "uh"]),
    # only a comma is the filler's: a full stop after "like" still counts, and a comma with no filler after it
    ("It's like. Uh, the gateway.", ["like", "uh"]),
    ("a system like, Cassandra", ["like"]),
    # a hyphen Whisper wrote joining two words ("|", tests/helpers.py) is part of a word, no dash before "like"
    ("We run Unix|-like systems.", []),
    ("We run Unix-|like systems.", []),
    ("A Unix-like system.", []),
])
def test_like_before_a_filler_sound(text, expected):
    assert fillers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("I think we should shard.", ["i think"]),
    ("Maybe Redis, probably Kafka, perhaps both.", ["maybe", "probably", "perhaps"]),
    ("I guess it depends. I'm not sure.", ["i guess", "not sure"]),
    ("We shard by user id.", []),
])
def test_hedges_are_counted_apart_from_fillers(text, expected):
    words = transcript_from_text(text).words
    assert [h.word for h in find_hedges(words)] == expected
    assert not set(expected) & {f.word for f in find_fillers(words)}


def test_filler_items_have_times_and_a_rate():
    t = transcript_from_text("so um we uh shard the data by um user", start=1.0, wpm=60)
    d = score_delivery(t, TARGET)
    assert [(f.word, f.start) for f in d.fillers] == [("um", 2.0), ("uh", 4.0), ("um", 9.0)]
    # 10 words at 60 wpm span 9.8 s: 3 fillers in 9.8 s
    assert d.fillers_per_minute == pytest.approx(3 / (9.8 / 60), rel=0.01)


@pytest.mark.parametrize("wpm", [90, 130, 150, 200])
def test_speaking_rate_counts_words_from_first_to_last(wpm):
    t = transcript_from_text(" ".join(["word"] * 60), start=3.0, wpm=wpm)
    d = score_delivery(t, TARGET)
    span = 59 * 60 / wpm + 0.8 * 60 / wpm
    assert d.time_to_first_word_s == 3.0
    assert d.wpm == pytest.approx(60 / (span / 60), rel=0.01)
    assert d.pace_band == pace_band(d.wpm)


def test_filler_sounds_are_not_counted_as_words():
    d = score_delivery(transcript_from_text("um um um we shard it"), TARGET)
    assert d.word_count == 3


@pytest.mark.parametrize("gaps, threshold, expected", [
    ({}, 2.0, []),
    ({5: 2.5}, 2.0, [2.5]),
    ({5: 1.5}, 2.0, []),
    ({5: 1.5}, 1.0, [1.5]),
    ({3: 3.0, 8: 4.0}, 2.0, [3.0, 4.0]),
])
def test_pauses_longer_than_the_threshold(gaps, threshold, expected):
    for with_speech in (False, True):
        t = transcript_from_text("one two three four five six seven eight nine ten", wpm=120, gaps=gaps, with_speech=with_speech)
        d = score_delivery(t, TARGET, pause_threshold_s=threshold)
        # a gap of g seconds plus the 20 % of a word slot left silent between words
        assert [p.duration_s for p in d.pauses] == pytest.approx([g + 0.1 for g in expected], abs=0.02)


def test_pauses_leave_the_articulation_rate_faster_than_the_speaking_rate():
    t = transcript_from_text(" ".join(["word"] * 40), wpm=150, gaps={20: 5.0}, with_speech=True)
    d = score_delivery(t, TARGET)
    assert d.pauses and d.pauses[0].start == pytest.approx(t.words[19].end, abs=0.01)
    assert d.articulation_wpm > d.wpm


def test_voice_activity_between_words_is_not_a_pause():
    # Whisper dropped a long "ummm": no words for 3 s, but the voice was active.
    from dataclasses import replace
    from voicesim.transcript import Span
    t = transcript_from_text("one two three four five six", wpm=120, gaps={3: 3.0})
    t = replace(t, speech=(Span(t.words[0].start, t.words[-1].end),))
    assert score_delivery(t, TARGET).pauses == ()


@pytest.mark.parametrize("words, wpm, verdict", [(20, 150, "short"), (150, 150, "on target"), (400, 150, "long")])
def test_length_against_the_target(words, wpm, verdict):
    d = score_delivery(transcript_from_text(" ".join(["word"] * words), wpm=wpm), TARGET)
    assert d.length.verdict == verdict


@pytest.mark.parametrize("wpm, band", [(80, "slow"), (109.9, "slow"), (115, "a little slow"), (120, "good"), (159, "good"), (170, "a little fast"), (180, "fast"), (250, "fast")])
def test_pace_bands(wpm, band):
    assert pace_band(wpm) == band


def test_pace_bands_are_ordered():
    uppers = [u for u, _ in PACE_BANDS]
    assert uppers == sorted(uppers)


def test_no_speech_scores_zero_with_empty_delivery():
    from tests.helpers import concept
    s = score_answer(transcript_from_text(""), question([concept()]))
    assert s.no_speech and s.overall == 0 and s.delivery.wpm is None and s.delivery.fillers == ()


def test_overall_rewards_coverage_and_clean_delivery():
    from tests.helpers import concept
    q = question([concept("a", ["token bucket"]), concept("b", ["redis"])], min_s=5, max_s=60)
    text = "we use a token bucket stored in redis and it works well " * 3
    good = score_answer(transcript_from_text(text, wpm=140), q)
    off_topic = score_answer(transcript_from_text("I enjoy hiking in the mountains with my dog " * 3, wpm=140), q)
    filler = score_answer(transcript_from_text(("um uh we use a token bucket um stored in redis uh " * 3), wpm=140), q)
    assert good.coverage.score == 1.0 and off_topic.coverage.score == 0.0
    assert good.overall > filler.overall > off_topic.overall
    assert 0 <= off_topic.overall <= 100 and good.overall <= 100


def test_scoring_is_reproducible_from_the_stored_transcript():
    from tests.helpers import concept
    from voicesim.transcript import Transcript
    q = question([concept("a", ["token bucket"])])
    t = transcript_from_text("um we use a, like, token bucket", with_speech=True)
    from voicesim.report.schema import score_to_dict
    again = Transcript.from_dict(t.to_dict())
    assert score_to_dict(score_answer(again, q)) == score_to_dict(score_answer(t, q))
    assert score_answer(again, q).coverage.concepts[0].hit
