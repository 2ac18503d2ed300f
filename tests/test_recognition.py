"""Question-aware recognition (the question's vocabulary in Whisper's context), Whisper loops, and the voice
measures (SwiftF0) on synthetic signals with known answers and on natural speech."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import run_cli
from tests.piper_voice import unavailable as piper_unavailable
from voicesim.audio.acoustics import measure_voice
from voicesim.audio.decode import SAMPLE_RATE
from voicesim.question.bank import load_bank
from voicesim.transcript.context import FILLER_PROMPT, loops, recognizer_context, repeats_prompt

RATE = load_bank().question("rate-limiting")


def test_the_context_puts_the_terms_inside_the_filler_prompt():
    context = recognizer_context(("Redis", "token bucket", "Retry-After"))
    assert context.startswith("Um, uh, let me think, like, hmm... Redis, token bucket, Retry-After. Uh, um,")
    assert context.endswith("here's, uh, what I'm, like, thinking.")  # a filler in each clause after the terms
    assert recognizer_context(()) == FILLER_PROMPT


@pytest.mark.parametrize("text, looping", [
    ("So, let's see, let's see, let's see, let's see... never in the code", True),
    ("the the the the", True),
    ("we had retries, retries and more retries", False),
    ("very very very good", False),  # three is emphasis, four in a row is a loop
    ("a b c a b c a b c a b c", True),
])
def test_loops(text, looping):
    assert loops(text.lower().replace(",", "").replace(".", "").split()) is looping


def test_reading_the_vocabulary_back_is_the_prompt_repeated():
    terms = ("Redis", "token bucket", "leaky bucket", "sliding window")
    assert repeats_prompt("Redis, token bucket, leaky bucket.", terms)
    assert not repeats_prompt("I would use a token bucket in Redis, not a leaky bucket.", terms)


def _tone(freqs_hz: np.ndarray, amplitude: np.ndarray | float = 0.3) -> np.ndarray:
    """A voice-like tone: the fundamental and 14 harmonics falling as 1/k (a sawtooth), as glottal pulses have.
    A pure sine is not a voice: SwiftF0, trained on voices and instruments, calls it voiced at barely 0.5."""
    phase = 2 * np.pi * np.cumsum(freqs_hz) / SAMPLE_RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, 16))
    return (amplitude * wave / np.abs(wave).max()).astype(np.float32)


def test_a_flat_voice_is_monotone_and_a_gliding_one_is_not():
    n = SAMPLE_RATE * 3
    flat = measure_voice(_tone(np.full(n, 140.0)))
    assert flat.pitch_spread_semitones is not None and flat.pitch_spread_semitones < 0.2
    # a glide over an octave (12 semitones): the 16th-84th percentile half-range is about 4 semitones
    glide = measure_voice(_tone(140.0 * 2 ** (np.linspace(0, 12, n) / 12)))
    assert 3.0 <= glide.pitch_spread_semitones <= 5.0
    # loudness: steady, then a tone whose level swings by 20 dB
    assert flat.loudness_spread_db < 0.5
    swing = 0.3 * 10 ** (-np.abs(np.sin(np.linspace(0, 6 * np.pi, n))) * 1.0)
    assert measure_voice(_tone(np.full(n, 140.0), swing)).loudness_spread_db > 3.0
    # voiced stretches follow the sound: a second of tone, a second of silence, a second of tone
    gap = np.concatenate([_tone(np.full(SAMPLE_RATE, 140.0)), np.zeros(SAMPLE_RATE, np.float32), _tone(np.full(SAMPLE_RATE, 140.0))])
    spans = measure_voice(gap).voiced
    assert len(spans) == 2 and spans[0].end == pytest.approx(1.0, abs=0.05) and spans[1].start == pytest.approx(2.0, abs=0.05)


def test_silence_has_no_voice_measures():
    quiet = measure_voice(np.zeros(SAMPLE_RATE * 2, np.float32))
    assert quiet.voiced == () and quiet.pitch_spread_semitones is None and quiet.loudness_spread_db is None


@pytest.fixture(scope="module")
def piper_audio(tmp_path_factory):
    reason = piper_unavailable()
    if reason:
        pytest.skip(reason)
    from tests.piper_voice import piper_synth

    d = tmp_path_factory.mktemp("piper")
    return {
        "terms": piper_synth("We keep the counters in Redis with a small Lua script, and over the limit we answer four twenty "
                             "nine with a Retry-After header from the API gateway.", d / "terms.wav"),
        "names": piper_synth("We keep the counters in Redis with a small Lua script behind nginx, and answer four twenty nine.",
                             d / "names.wav"),
        "sound-alike trap": piper_synth("I spent the weekend reading these books, and bought a few posters about the last "
                                        "century.", d / "sound-alike-trap.wav"),
        "trap": piper_synth("I spent the weekend reading a book, bought a token for the bus, and retried the crossword four "
                            "hundred and twenty times.", d / "trap.wav"),
    }


def _transcribe(path, *args) -> dict:
    res = run_cli("transcribe", str(path), "--json", *args)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.mark.slow
def test_the_question_makes_the_terms_come_out_right(piper_audio):
    from tests.recognition_eval import said, transcript_windows
    from voicesim.transcript import Transcript

    terms = ("Redis", "Lua script", "429", "Retry-After", "API gateway")
    with_question = transcript_windows(Transcript.from_dict(_transcribe(piper_audio["terms"], "--question", "rate-limiting")))
    heard = [t for t in terms if said(t, with_question)]
    # Piper's voice varies from draw to draw: "Lua script" comes out "low script" in about half of them
    without = transcript_windows(Transcript.from_dict(_transcribe(piper_audio["terms"])))
    assert len(heard) >= 3 and len(heard) >= len([t for t in terms if said(t, without)]), heard
    # --vocabulary gives the same context by hand
    by_hand = transcript_windows(Transcript.from_dict(_transcribe(piper_audio["terms"], "--vocabulary", ", ".join(RATE.vocabulary))))
    assert [t for t in terms if said(t, by_hand)] == heard
    # the voice was measured and kept with the transcript
    acoustics = _transcribe(piper_audio["terms"])["acoustics"]
    assert 1.0 < acoustics["pitch_spread_semitones"] < 8.0 and acoustics["voiced"]


@pytest.mark.slow
def test_the_question_adds_no_term_to_a_trap_sentence(piper_audio):
    from tests.recognition_eval import said, script_windows, transcript_windows
    from voicesim.transcript import Transcript

    text = Transcript.from_dict(_transcribe(piper_audio["trap"], "--question", "rate-limiting"))
    script = script_windows("I spent the weekend reading a book, bought a token for the bus, and retried the crossword four "
                            "hundred and twenty times.")
    inserted = [t for t in RATE.vocabulary if said(t, transcript_windows(text)) and not said(t, script)]
    assert inserted == [], text.text
    res = run_cli("score", str(piper_audio["trap"]), "-q", "rate-limiting", "--json", "--no-save")
    assert json.loads(res.stdout)["coverage"]["score"] == 0


def _transcribed_with_bias(path, bias: str):
    import os

    from voicesim.transcript import Transcript

    res = run_cli("transcribe", str(path), "--json", "--question", "rate-limiting", env=dict(os.environ, VOICESIM_VOCABULARY_BIAS=bias))
    assert res.returncode == 0, res.stderr
    return Transcript.from_dict(json.loads(res.stdout))


@pytest.mark.slow
def test_biased_decoding_hears_a_name_written_as_everyday_words_and_adds_none(piper_audio):
    """tiny.en writes "nginx" as "engine X" even with the term in its context; with the question's terms rescored
    and tried in place of words that sound like them (VOICESIM_VOCABULARY_BIAS=2+s), the model itself prefers the name.
    Sentences that hold only everyday words that sound like the question's names ("reading these", "posters",
    "retried... four hundred and twenty") gain none."""
    from tests.recognition_eval import said, script_windows, transcript_windows

    script = "We keep the counters in Redis with a small Lua script behind nginx, and answer four twenty nine."
    terms = [t for t in RATE.vocabulary if said(t, script_windows(script))]
    assert {"Redis", "Lua script", "NGINX"} <= set(terms)
    plain = transcript_windows(_transcribed_with_bias(piper_audio["names"], "0"))
    biased_transcript = _transcribed_with_bias(piper_audio["names"], "2+s")
    biased = transcript_windows(biased_transcript)
    heard = [t for t in terms if said(t, biased)]
    assert "NGINX" in heard, biased_transcript.text
    assert len(heard) >= len([t for t in terms if said(t, plain)])
    # nothing the script does not hold, here or in the traps
    for key, text in [("names", script), ("sound-alike trap", "I spent the weekend reading these books, and bought a few "
                                          "posters about the last century."),
                      ("trap", "I spent the weekend reading a book, bought a token for the bus, and retried the crossword "
                               "four hundred and twenty times.")]:
        transcript = _transcribed_with_bias(piper_audio[key], "2+s") if key != "names" else biased_transcript
        inserted = [t for t in RATE.vocabulary if said(t, transcript_windows(transcript)) and not said(t, script_windows(text))]
        assert inserted == [], (key, transcript.text)


def test_transcribe_with_an_unknown_question_is_one_line(tmp_path):
    res = run_cli("transcribe", str(tmp_path / "none.wav"), "--question", "nope")
    assert res.returncode == 1 and res.stderr.startswith("Error: no question 'nope'")
