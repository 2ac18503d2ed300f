"""The voice beyond the words, measured with SwiftF0 (a small pitch model on ONNX Runtime, package swift-f0):
where the voice is voiced, how much its pitch moves (in semitones) and how much its loudness moves (in dB).

Spreads are robust standard deviations, half the distance between the 16th and 84th percentiles (equal to
the standard deviation for a normal distribution), so a few octave jumps of the pitch tracker or a cough do
not decide them.

Why not Praat (praat-parselmouth), which measured this before: importing it keeps about 80 MB resident (Praat
initialises its whole application), a fifth of a practice session's memory; SwiftF0 adds about 10 MB, runs
under ONNX Runtime which Silero already loads, and agrees with Praat's pitch spread within 0.15 semitones on
synthesised answers (benchmarks/README.md). It is run as a stream over short blocks so its working memory
stays small whatever the length of the audio.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE
from voicesim.transcript.model import Acoustics, Span

log = logging.getLogger(__name__)

PITCH_FLOOR_HZ = 60.0
PITCH_CEILING_HZ = 400.0
VOICED_CONFIDENCE = 0.5  # SwiftF0's own calibration: a frame is voiced at 0.5 or more
FRAME_S = 256 / SAMPLE_RATE  # SwiftF0's hop: 16 ms
BLOCK_S = 2.0  # audio handed to the model at a time
MERGE_GAP_S = 0.03  # voiced frames closer than this are one stretch
MIN_VOICED_S = 0.05
MIN_VOICED_TOTAL_S = 0.5  # half a second of voice before a spread means anything


def _robust_spread(values: np.ndarray) -> float:
    low, high = np.percentile(values, [16, 84])
    return float((high - low) / 2)


def _spans(times: np.ndarray, voiced: np.ndarray) -> tuple[Span, ...]:
    spans: list[list[float]] = []
    half = FRAME_S / 2
    for t, v in zip(times, voiced):
        if not v:
            continue
        if spans and t - half - spans[-1][1] <= MERGE_GAP_S:
            spans[-1][1] = t + half
        else:
            spans.append([t - half, t + half])
    return tuple(Span(round(float(max(a, 0.0)), 3), round(float(b), 3)) for a, b in spans if b - a >= MIN_VOICED_S)


@dataclass(frozen=True)
class VoiceFrames:
    """SwiftF0's 16 ms frames of a stretch of audio: times from the answer's start, pitch (0 where unvoiced) and
    intensity. Measured piece by piece while an answer is spoken, joined when it ends."""

    times: np.ndarray
    f0: np.ndarray
    db: np.ndarray


@lru_cache(maxsize=1)
def _detector():
    """One SwiftF0 for the process (it may be called from several threads): one thread, no busy-waiting between
    calls (it shares the cores with recording and Whisper), and no memory arena, which would keep its largest
    run's buffers for good."""
    import onnxruntime
    import swift_f0

    detector = swift_f0.SwiftF0(threads=1, spin=False)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.enable_cpu_mem_arena = False
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    detector.session = onnxruntime.InferenceSession(str(Path(swift_f0.__file__).parent / "model.onnx"), options,
                                                    providers=["CPUExecutionProvider"])
    return detector


def voice_frames(audio: np.ndarray, offset_s: float = 0.0, rate: int = SAMPLE_RATE) -> VoiceFrames:
    """Pitch and loudness frames of mono float samples at 16 kHz (the rate voicesim decodes every answer to)."""
    if rate != SAMPLE_RATE:
        raise ValueError(f"voice_frames needs {SAMPLE_RATE} Hz audio (got {rate} Hz)")
    if len(audio) < rate * 0.1:
        return VoiceFrames(np.zeros(0), np.zeros(0), np.zeros(0))
    stream = _detector().stream(fmin=PITCH_FLOOR_HZ, fmax=PITCH_CEILING_HZ)
    block = int(BLOCK_S * rate)
    samples = np.asarray(audio, dtype=np.float32)
    parts = [stream.push(samples[i : i + block], rate) for i in range(0, len(samples), block)] + [stream.flush()]
    times = np.concatenate([p.timestamps for p in parts])
    f0 = np.concatenate([p.pitch_hz for p in parts])
    voiced = np.concatenate([p.confidence for p in parts]) >= VOICED_CONFIDENCE
    db = np.concatenate([p.loudness_db for p in parts])
    return VoiceFrames(times + offset_s, np.where(voiced, f0, 0.0), db)


def acoustics_of(pieces: list[VoiceFrames]) -> Acoustics:
    """Voiced stretches, pitch spread and loudness spread over the frames of every piece."""
    times = np.concatenate([p.times for p in pieces]) if pieces else np.zeros(0)
    f0 = np.concatenate([p.f0 for p in pieces]) if pieces else np.zeros(0)
    db = np.concatenate([p.db for p in pieces]) if pieces else np.zeros(0)
    voiced = f0 > 0
    spans = _spans(times, voiced)
    if voiced.sum() * FRAME_S < MIN_VOICED_TOTAL_S:
        return Acoustics(spans, None, None)
    semitones = 12 * np.log2(f0[voiced] / np.median(f0[voiced]))
    return Acoustics(spans, round(_robust_spread(semitones), 2), round(_robust_spread(db[voiced]), 2))


def measure_voice(audio: np.ndarray, rate: int = SAMPLE_RATE) -> Acoustics:
    """Voiced stretches, pitch spread and loudness spread of mono float samples, in one piece."""
    return acoustics_of([voice_frames(audio, 0.0, rate)])
