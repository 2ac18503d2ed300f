"""Transcribing while the candidate speaks, with the real model, on a natural voice (Piper) and on espeak: the live
transcript is the transcript of the finished recording (same words, fillers, pauses), whatever the machine's
speed, and a transcriber that falls behind finishes its backlog and says how much is left."""

from __future__ import annotations

import re
import time

import jiwer
import pytest

from tests.audio_helpers import synth
from tests.bank_answers import STRONG
from tests.dev_answers import dev_set
from tests.piper_voice import unavailable as piper_unavailable
from voicesim.audio.decode import SAMPLE_RATE, load_audio
from voicesim.question.bank import load_bank
from voicesim.scoring import score_answer
from voicesim.transcript.activity import VoiceActivity, pieces
from voicesim.transcript.streaming import LiveTranscription
from voicesim.transcript.whisper import make_transcriber

pytestmark = pytest.mark.slow

BLOCK_S = 0.1  # the recorder's block


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    """(question, script, audio) for a strong answer in each voice and a disfluent one in Piper's."""
    bank = load_bank()
    tmp = tmp_path_factory.mktemp("streaming")
    disfluent = next(a for a in dev_set(bank) if a.kind == "disfluent")
    out = {"espeak-strong": (bank.question("rest-vs-graphql"), STRONG["rest-vs-graphql"],
                             load_audio(synth(STRONG["rest-vs-graphql"], tmp / "espeak.wav")))}
    if piper_unavailable() is None:
        from tests.piper_voice import piper_synth

        out["piper-strong"] = (bank.question("rate-limiting"), STRONG["rate-limiting"],
                               load_audio(piper_synth(STRONG["rate-limiting"], tmp / "piper.wav")))
        out["piper-disfluent"] = (bank.question(disfluent.question), disfluent.text,
                                  load_audio(piper_synth(disfluent.text, tmp / "disfluent.wav")))
    return out


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _stream(transcriber, question, audio, pace: float | None, progress=None):
    """Feed the answer as the recorder does, `pace` times faster than real time (None: all at once)."""
    activity = VoiceActivity()
    live = LiveTranscription(transcriber, activity, question.vocabulary)
    step = int(BLOCK_S * SAMPLE_RATE)
    for i in range(0, len(audio), step):
        block = audio[i:i + step]
        activity.feed(block)
        live.feed(block)
        if pace:
            time.sleep(len(block) / SAMPLE_RATE / pace)
    return live.finish(progress), live


@pytest.mark.parametrize("name", ["espeak-strong", "piper-strong", "piper-disfluent"])
def test_the_live_transcript_is_the_transcript_of_the_recording(transcriber, answers, name):
    if name not in answers:
        pytest.skip(piper_unavailable())
    question, script, audio = answers[name]
    live, stream = _stream(transcriber, question, audio, pace=4.0)
    later = transcriber.transcribe(audio, vocabulary=question.vocabulary)
    assert stream.pieces >= 2, "a minute-long answer is cut in its pauses"
    assert jiwer.wer(_norm(later.text), _norm(live.text)) <= 0.05, (later.text, live.text)
    scored_live, scored_later = score_answer(live, question), score_answer(later, question)
    assert abs(len(scored_live.delivery.fillers) - len(scored_later.delivery.fillers)) <= 1
    assert scored_live.delivery.pauses == scored_later.delivery.pauses
    assert live.speech == later.speech
    # times from the start of the answer, in order, nothing doubled where two pieces meet
    starts = [w.start for w in live.words]
    assert starts == sorted(starts) and 0 <= starts[0] and live.words[-1].end <= len(audio) / SAMPLE_RATE + 0.1
    doubled = [(a.text, a.start) for a, b in zip(live.words, live.words[1:]) if _norm(a.text) == _norm(b.text) and b.start < a.end]
    assert not doubled
    # and it heard the answer: the script against the live transcript
    assert jiwer.wer(_norm(script), _norm(live.text)) < 0.3
    if name == "piper-disfluent":
        assert len(scored_live.delivery.fillers) >= 5


def test_a_transcriber_that_falls_behind_finishes_and_says_how_much_is_left(transcriber, answers):
    question, script, audio = answers["espeak-strong"]
    left: list[float] = []
    live, stream = _stream(transcriber, question, audio, pace=None, progress=left.append)  # the whole answer at once
    assert left and left[0] > 10 and left[-1] == 0.0
    assert left == sorted(left, reverse=True)
    # behind from the start: the waiting pieces were taken together, fewer windows than pieces
    activity = VoiceActivity.of(audio)
    activity.finish()
    assert stream.merged >= 1 and stream.pieces + stream.merged == len(pieces(activity))
    # Whisper heard longer pieces, with more context: other words than a later transcription piece by piece
    # (benchmarks/README.md measures how many), never fewer of the script's
    later = transcriber.transcribe(audio, vocabulary=question.vocabulary)
    assert jiwer.wer(_norm(script), _norm(live.text)) <= jiwer.wer(_norm(script), _norm(later.text)) + 0.03


def test_one_pass_over_the_whole_answer_hears_about_the_same(transcriber, answers):
    """Pieces are not worse than Whisper over the whole answer at once (the benchmark has the figures)."""
    single = make_transcriber(in_pieces=False)
    for question, script, audio in answers.values():
        pieces = transcriber.transcribe(audio, vocabulary=question.vocabulary)
        whole = single.transcribe(audio, vocabulary=question.vocabulary)
        assert jiwer.wer(_norm(script), _norm(pieces.text)) <= jiwer.wer(_norm(script), _norm(whole.text)) + 0.06
