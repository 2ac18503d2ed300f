"""The rules that keep what nobody said out of a transcript (voicesim/transcript/invented.py), on tables of the
segments and words Whisper returns. On real speech: tests/test_natural_voice.py and tests/test_same_transcript.py."""

from __future__ import annotations

import pytest

from voicesim.transcript import Span, Word
from voicesim.transcript.decoding import DecodedSegment, DecodedWord
from voicesim.transcript.invented import KEEP, LEFTOVER, LEFTOVER_SPEECH_S, REDO, RETRY, SILENCE, failed, judge, lost_regions, merged, spoken, voiced

TERMS = ("Redis", "token bucket", "Lua script", "Retry-After")


def segment(text: str, window: float = 0.0, logprob: float = -0.3, compression: float = 1.5, no_speech: float = 0.01) -> DecodedSegment:
    words = tuple(DecodedWord(" " + w, window + i * 0.3, window + i * 0.3 + 0.25, 0.9) for i, w in enumerate(text.split()))
    return DecodedSegment(" " + text, window, window + 0.3 * len(words), no_speech, logprob, compression, window, words)


@pytest.mark.parametrize("seg, voiced_s, prompted, verdict", [
    # the first window: kept whatever voice is in it (the "no speech" case is decided before decoding)
    (segment("We keep the counters in Redis."), 0.2, True, KEEP),
    (segment("We keep the counters in Redis."), 9.0, True, KEEP),
    # a later window over a leftover: the last word's tail and silence
    (segment("Thank you.", window=7.6), 0.13, True, LEFTOVER),
    (segment("Okay, here's what I'm going to do here.", window=39.4), 0.13, True, LEFTOVER),
    (segment("This is...", window=18.1), LEFTOVER_SPEECH_S - 0.01, True, LEFTOVER),
    (segment("Thank you.", window=7.6), 0.13, False, LEFTOVER),  # without the context too
    # a later window with speech in it: a long piece's second window
    (segment("Index builds run concurrently.", window=29.8), LEFTOVER_SPEECH_S, True, KEEP),
    (segment("Index builds run concurrently.", window=29.8), 9.2, True, KEEP),
    # failed by Whisper's own measures: decoded again with a repetition penalty (never sampled at random)
    (segment("see what we're going to do, " * 6, compression=3.1), 9.0, True, RETRY),
    (segment("token market red glitter", logprob=-1.2), 9.0, True, RETRY),
    (segment("token market red glitter", logprob=-0.99), 9.0, True, KEEP),
    (segment("see what we're going to do, " * 6, compression=3.1), 9.0, False, KEEP),  # no context to leave out
    (segment("So, let's see, let's see, let's see, let's see..."), 9.0, True, RETRY),  # a loop is a failure too
    # the context read back
    (segment("Umm, let me think like, hmm... okay, here's what I'm, like, thinking."), 9.0, True, REDO),
    (segment("Redis, token bucket, Lua script."), 9.0, True, REDO),
    (segment("Redis and a token bucket in a Lua script."), 9.0, True, KEEP),
    # Whisper's own no-speech rule
    (segment("Thank you.", logprob=-1.5, no_speech=0.8), 0.0, True, SILENCE),
    (segment("Thank you.", logprob=-0.5, no_speech=0.8), 3.0, True, KEEP),
])
def test_each_decoded_segment_is_judged(seg, voiced_s, prompted, verdict):
    assert judge(seg, voiced_s, prompted, TERMS) == verdict


@pytest.mark.parametrize("seg, verdict", [
    (segment("log, log, log, log, log, log, log, log, log, log", compression=3.7), REDO),  # the retry failed too
    (segment("Thank you.", window=7.6), LEFTOVER),
    (segment("We keep the counters in Redis."), KEEP),
])
def test_a_retried_window_that_fails_again_is_decoded_without_the_context(seg, verdict):
    assert judge(seg, 0.2, True, TERMS, retried=True) == verdict


def test_spans_to_decode_again_are_padded_and_joined():
    assert merged([Span(5.0, 6.0), Span(1.0, 2.0), Span(2.3, 3.0)]) == [Span(0.8, 3.2), Span(4.8, 6.2)]
    assert merged([]) == []


@pytest.mark.parametrize("seg, voiced_s", [
    (segment("Thank you.", window=7.6), 0.13),
    (segment("see what we're going to do, " * 6, compression=3.1), 9.0),
])
def test_the_checks_can_be_turned_off_to_measure_them(seg, voiced_s):
    assert judge(seg, voiced_s, True, TERMS, checks=False) == KEEP


@pytest.mark.parametrize("compression, logprob, is_failed", [
    (2.4, -1.0, False), (2.41, -0.2, True), (1.2, -1.01, True), (1.2, -0.5, False),
])
def test_a_window_fails_by_whispers_own_thresholds(compression, logprob, is_failed):
    assert failed(segment("a b c", compression=compression, logprob=logprob)) is is_failed


@pytest.mark.parametrize("speech, window, seconds", [
    ((Span(1.0, 5.0),), Span(4.8, 5.5), 0.2),
    ((Span(1.0, 5.0), Span(6.0, 7.0)), Span(4.5, 6.5), 1.0),
    ((Span(1.0, 5.0),), Span(5.0, 6.0), 0.0),
    ((), Span(0.0, 9.0), 0.0),
])
def test_voice_in_a_window(speech, window, seconds):
    assert voiced(speech, window) == pytest.approx(seconds)


def test_words_outside_voice_activity_are_dropped():
    speech = (Span(1.0, 5.0),)
    assert spoken(Word(" redis", 2.0, 2.4, 0.9), speech)
    assert spoken(Word(" header.", 4.8, 5.08, 0.96), speech)  # at the edge, within the slack
    assert spoken(Word(" bucket", 4.9, 5.3, 0.7), speech)  # past the edge but confident
    assert not spoken(Word(" What's", 4.9, 5.3, 0.08), speech)  # past the edge and unsure
    assert not spoken(Word(" going", 5.48, 5.48, 0.9), speech)  # in the silence after
    assert not spoken(Word(" Thank", 0.2, 0.5, 0.9), speech)  # before any speech
    assert not spoken(Word(" you", 6.0, 6.3, 0.9), ())


def test_speech_with_no_words_is_a_lost_region():
    speech = (Span(0.0, 10.0), Span(12.0, 13.0))
    words = [Word(" a", 0.0, 0.5), Word(" b", 0.6, 1.0), Word(" c", 6.0, 6.5), Word(" d", 9.5, 10.0), Word(" e", 12.1, 12.5)]
    # 1.0-6.0 has voice and no words; 6.5-9.5 too; 12.5-13.0 is too short to count
    assert lost_regions(words, speech, []) == [Span(0.8, 6.2), Span(6.3, 9.7)]
    assert lost_regions(words, speech, [Span(12.0, 13.0)])[-1] == Span(11.8, 13.2)  # a parroted span
    assert lost_regions([Word(" x", 0.0, 10.0), Word(" y", 12.0, 13.0)], speech, []) == []
