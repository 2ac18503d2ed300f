"""Voice activity computed once and shared: scored block by block it equals faster-whisper's own pass over the
whole recording, and the cuts of a live answer depend on the probabilities alone."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.audio_helpers import speech_with_silences
from voicesim.audio.decode import SAMPLE_RATE, load_audio
from voicesim.transcript.activity import (
    CUT_RULES, DECODE_RULES, FRAME, SPEECH_RULES, CutRules, VoiceActivity, joined_pieces, next_cut, pieces,
)

CUT_PAUSE_S, END_PAUSE_S, MIN_PIECE_S, MAX_PIECE_S = CUT_RULES.cut_pause_s, CUT_RULES.end_pause_s, CUT_RULES.min_piece_s, CUT_RULES.max_piece_s

FRAME_S = FRAME / SAMPLE_RATE


@pytest.fixture(scope="module")
def recordings(shared_dir, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("activity")
    synthetic = speech_with_silences(["We keep the counters in Redis.", "Then the gateway answers four twenty nine.",
                                      "And that is the whole design."], [0.4, 1.8], tmp / "s.wav", tmp)
    return [load_audio(shared_dir / "audio" / "jfk.flac"), load_audio(synthetic)]


@pytest.mark.parametrize("block_s", [0.1, 0.0371, 1.0])
def test_scored_as_it_arrives_equals_one_pass_over_the_recording(recordings, block_s):
    from faster_whisper.vad import VadOptions, get_speech_timestamps, get_vad_model

    model = get_vad_model()
    for audio in recordings:
        whole = model(np.pad(audio, (0, FRAME - len(audio) % FRAME))).reshape(-1)
        live = VoiceActivity()
        step = int(block_s * SAMPLE_RATE)
        for i in range(0, len(audio), step):
            live.feed(audio[i:i + step])
        live.finish()
        assert np.array_equal(live.probabilities, whole)
        for rules, options in ((SPEECH_RULES, VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=200, speech_pad_ms=30)),
                               (DECODE_RULES, VadOptions(min_silence_duration_ms=1000, speech_pad_ms=400))):
            expected = [(c["start"], c["end"]) for c in get_speech_timestamps(audio, options)]
            assert live.spans(rules) == expected and expected


def _probs(*runs: tuple[str, float]) -> np.ndarray:
    """Frame probabilities from runs of ("speech"|"quiet"|"murmur", seconds)."""
    value = {"speech": 0.9, "quiet": 0.05, "murmur": 0.4, "dip": 0.6}  # murmur: between the two thresholds; dip: still speech
    return np.concatenate([np.full(_frames(s), value[kind], dtype=np.float32) for kind, s in runs])


def _run_start(runs, index: int) -> int:
    """The first sample of run `index`."""
    return sum(_frames(s) for _, s in runs[:index]) * FRAME


def _frames(seconds: float) -> int:
    return math.ceil(seconds / FRAME_S)


CUT, END, EDGE = _frames(CUT_PAUSE_S), _frames(END_PAUSE_S), round(0.5 / FRAME_S)  # the rules, in frames


# cut: (the run the cut falls in, frames into it), or None
@pytest.mark.parametrize("runs, start_run, cut", [
    ([("quiet", 5.0)], 0, None),  # nothing said yet: never cut
    ([("quiet", 2.0), ("speech", 3.0)], 0, None),  # still speaking
    ([("speech", 3.0), ("quiet", END_PAUSE_S + 0.1)], 0, (1, EDGE)),  # a long pause after a short piece: 0.5 s in
    ([("speech", 3.0), ("quiet", 0.9)], 0, None),  # not long enough yet
    ([("speech", 3.0), ("quiet", 0.5), ("speech", 6.0), ("quiet", 0.4)], 0, (3, CUT // 2)),  # over 8 s: the gap's middle
    ([("speech", 3.0), ("quiet", 0.5), ("speech", 2.0), ("quiet", 0.4)], 0, None),  # a short piece waits
    ([("speech", MIN_PIECE_S + 1), ("quiet", CUT_PAUSE_S + 0.05)], 0, (1, CUT // 2)),
    ([("speech", MIN_PIECE_S + 1), ("murmur", 2.0)], 0, None),  # a murmur is not a pause
    ([("speech", 4.0), ("quiet", 1.2), ("speech", 4.0), ("quiet", 1.2)], 2, (3, EDGE)),  # from a later start
    # speech that runs on with no pause the rules accept is cut at its quietest moment after MIN_PIECE_S
    ([("speech", MAX_PIECE_S - 1)], 0, None),  # not yet
    ([("speech", 10.0), ("dip", 0.2), ("speech", MAX_PIECE_S)], 0, (1, 1)),  # the dip's middle (0.1 s smoothing)
    # a dip before MIN_PIECE_S is no cut: all the same after it, the first frame there
    ([("speech", 3.0), ("dip", 0.2), ("speech", MAX_PIECE_S)], 0, (2, _frames(MIN_PIECE_S) - _frames(3.0) - _frames(0.2))),
    ([("speech", 10.0), ("quiet", 0.1), ("speech", MAX_PIECE_S)], 0, (1, 1)),  # a gap too short for a pause
    ([("speech", MIN_PIECE_S + 1), ("murmur", MAX_PIECE_S)], 0, (1, 1)),  # a long murmur: cut where it begins
    ([("speech", 2.0), ("quiet", 1.2), ("speech", 10.0), ("dip", 0.2), ("speech", MAX_PIECE_S)], 2, (3, 1)),  # later start
])
def test_where_a_live_answer_is_cut(runs, start_run, cut):
    found = next_cut(_probs(*runs), _run_start(runs, start_run))
    assert found == (None if cut is None else _run_start(runs, cut[0]) + cut[1] * FRAME)


def test_without_a_longest_piece_speech_is_never_cut():
    runs = [("speech", 60.0)]
    assert next_cut(_probs(*runs), 0, CutRules(max_piece_s=None)) is None
    assert next_cut(_probs(*runs), 0) == _frames(MIN_PIECE_S) * FRAME


S = SAMPLE_RATE


@pytest.mark.parametrize("spans, up_to_s, joined", [
    ([], 28, []),
    ([(0, 10 * S)], 28, [(0, 10 * S)]),
    ([(0, 10 * S), (10 * S, 20 * S), (20 * S, 30 * S)], 28, [(0, 20 * S), (20 * S, 30 * S)]),
    ([(0, 10 * S), (10 * S, 20 * S), (20 * S, 28 * S)], 28, [(0, 28 * S)]),  # exactly the limit
    ([(0, 30 * S), (30 * S, 35 * S)], 28, [(0, 30 * S), (30 * S, 35 * S)]),  # a long piece stays alone
    ([(0, 5 * S), (5 * S, 40 * S), (40 * S, 45 * S)], 28, [(0, 5 * S), (5 * S, 40 * S), (40 * S, 45 * S)]),
    ([(0, 9 * S), (9 * S, 18 * S), (18 * S, 27 * S), (27 * S, 36 * S)], 20, [(0, 18 * S), (18 * S, 36 * S)]),
])
def test_waiting_pieces_are_taken_together_up_to_a_window(spans, up_to_s, joined):
    assert joined_pieces(spans, up_to_s) == joined


def test_pieces_cover_the_answer_without_gaps_or_overlaps(recordings):
    audio = np.concatenate([recordings[1]] * 4)  # about 24 s of speech with pauses
    activity = VoiceActivity.of(audio)
    activity.finish()
    cuts = pieces(activity)
    assert len(cuts) >= 2
    assert cuts[0][0] == 0 and cuts[-1][1] == len(audio)
    assert all(a[1] == b[0] and a[0] % FRAME == 0 for a, b in zip(cuts, cuts[1:]))
    # no cut inside speech
    speech = activity.spans(SPEECH_RULES)
    for _, cut in cuts[:-1]:
        assert not any(a < cut < b for a, b in speech), (cut, speech)
