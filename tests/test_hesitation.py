"""The pure parts of issue 7's delivery measures: hesitations from voiced stretches, repetition, filler share and
bands, the voice's part of the overall (tables), and the JSON they appear in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import question, transcript_from_text
from voicesim.report.schema import score_to_dict
from voicesim.scoring import score_answer
from voicesim.scoring.delivery import FILLER_BANDS, score_delivery
from voicesim.scoring.hesitation import find_hesitations
from voicesim.scoring.overall import DELIVERY_WEIGHTS, delivery_parts
from voicesim.scoring.repetition import find_repetitions
from voicesim.transcript import Acoustics, Span, Transcript, Word
from voicesim.question.bank import TargetLength

TARGET = TargetLength(10, 60)


def words(*spec: tuple[str, float, float]) -> tuple[Word, ...]:
    return tuple(Word(" " + w, s, e) for w, s, e in spec)


FLUENT = words(("we", 0.0, 0.2), ("keep", 0.2, 0.5), ("counters", 0.5, 1.0), ("in", 1.0, 1.1), ("redis", 1.1, 1.5),
               ("and", 2.1, 2.3), ("return", 2.3, 2.7), ("errors", 2.7, 3.1))


def with_voice(ws, voiced, duration=4.0) -> Transcript:
    return Transcript(ws, duration, acoustics=Acoustics(tuple(Span(a, b) for a, b in voiced), 2.5, 5.0))


@pytest.mark.parametrize("voiced, expected", [
    # the voice follows the words, silent in the 0.6 s gap: no hesitation
    ([(0.0, 1.5), (2.1, 3.1)], []),
    # voice filling the gap (an "uhh" Whisper dropped): one, where the voice starts
    ([(0.0, 1.5), (1.65, 1.95), (2.1, 3.1)], [(1.65, 0.3, "gap")]),
    # too short a voiced bit in the gap (a breath, an edge of a word): none
    ([(0.0, 1.5), (1.7, 1.85), (2.1, 3.1)], []),
    # voice just past a word's end belongs to the word (timing slack)
    ([(0.0, 1.57), (2.1, 3.1)], []),
])
def test_voice_in_a_gap_between_words(voiced, expected):
    found = find_hesitations(with_voice(FLUENT, voiced))
    assert [(h.start, h.duration_s, h.kind) for h in found] == expected


def test_a_word_stretched_over_a_dropped_filler_is_a_hesitation():
    # "and" normally 0.2 s here; Whisper started it 0.9 s early, over an "uhh" it did not write
    stretched = FLUENT[:5] + words(("and", 1.6, 2.7), ("return", 2.7, 3.1), ("errors", 3.1, 3.5))
    [h] = find_hesitations(with_voice(stretched, [(0.0, 1.5), (1.6, 3.5)]))
    assert h.kind == "stretched" and h.start == 1.6 and h.duration_s > 0.6
    # the same word stretched over silence (Whisper's timing, not a sound) is nothing
    assert find_hesitations(with_voice(stretched, [(0.0, 1.5), (2.5, 3.5)])) == ()


def test_a_hesitation_next_to_a_written_filler_is_that_filler():
    t = with_voice(FLUENT, [(0.0, 1.5), (1.65, 1.95), (2.1, 3.1)])
    assert len(find_hesitations(t)) == 1
    assert find_hesitations(t, filler_starts=[1.6]) == ()


def test_no_acoustics_no_hesitations_and_no_voice():
    t = Transcript(FLUENT, 4.0)
    d = score_delivery(t, TARGET)
    assert d.hesitations == () and d.voice is None
    assert "voice" not in delivery_parts(d)


@pytest.mark.parametrize("text, expected", [
    ("at the end of the day we use Redis. At the end of the day it works and at the end of the day we ship", [("end of the day", 3)]),
    ("token bucket here, token bucket there, token bucket everywhere", [("token bucket", 3)]),
    ("token bucket here and token bucket there", []),  # twice is not a habit
    ("of the of the of the and then and then and then", []),  # stopwords at the edges
    ("very very very fast", []),  # no phrase of two or more content words
    ("you know what I mean, you know what I mean, you know what I mean", [("know what i mean", 3)]),
])
def test_repetition(text, expected):
    found = find_repetitions(transcript_from_text(text).words)
    assert [(r.phrase, r.count) for r in found] == expected


@pytest.mark.parametrize("text, band", [
    ("we keep counters in redis and return errors to the client with a header " * 4, "very good"),
    ("um we keep counters in redis and return errors to the client with a header and we log every rejection so we can tune "
     "the limits later today ", "fair"),  # 1 in 29: 3.4%
    ("um we keep uh counters in redis um and return errors", "needs work"),
])
def test_filler_share_and_band(text, band):
    d = score_delivery(transcript_from_text(text), TARGET)
    words_said = len(text.split())
    assert d.filler_share == round(len(d.fillers) / words_said, 4)
    assert d.filler_band == band
    assert [name for _, name in FILLER_BANDS] == ["very good", "fair", "needs work"]


@pytest.mark.parametrize("spread, part, monotone", [(0.8, 0.0, True), (1.0, 0.0, True), (1.75, 0.5, True), (2.0, 2 / 3, False), (2.5, 1.0, False), (6.0, 1.0, False)])
def test_the_voice_part_of_delivery(spread, part, monotone):
    t = replace(transcript_from_text("we keep counters in redis and return errors " * 5),
                acoustics=Acoustics((), spread, 4.0))
    d = score_delivery(t, TARGET)
    assert d.voice.monotone is monotone
    assert delivery_parts(d)["voice"] == pytest.approx(part)


def test_without_the_voice_the_other_weights_give_the_old_figures():
    t = transcript_from_text("um we keep counters in redis and return errors " * 5)
    q = question([])
    parts = delivery_parts(score_delivery(t, q.target))
    old = 0.35 * parts["pace"] + 0.30 * parts["fillers"] + 0.15 * parts["pauses"] + 0.20 * parts["length"]
    assert score_answer(t, q).delivery_score == round(old, 4)
    assert sum(DELIVERY_WEIGHTS.values()) == pytest.approx(1.0)


def test_json_carries_hesitations_voice_share_and_repetitions():
    t = with_voice(FLUENT, [(0.0, 1.5), (1.65, 1.95), (2.1, 3.1)])
    d = score_to_dict(score_answer(t, question([])))["delivery"]
    assert d["hesitations"] == {"count": 1, "items": [{"start": 1.65, "duration_s": 0.3}]}
    assert d["voice"] == {"pitch_spread_semitones": 2.5, "monotone": False, "loudness_spread_db": 5.0}
    assert d["fillers"]["share"] == round(1 / 9, 4) and d["fillers"]["band"] == "needs work"
    assert d["repetitions"] == []
    assert score_to_dict(score_answer(Transcript(FLUENT, 4.0), question([])))["delivery"]["voice"] is None
