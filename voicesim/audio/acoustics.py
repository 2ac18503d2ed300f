"""The voice beyond the words, measured with Praat (praat-parselmouth): where the voice is voiced, how much
its pitch moves (in semitones) and how much its loudness moves (in dB).

Spreads are robust standard deviations, half the distance between the 16th and 84th percentiles (equal to
the standard deviation for a normal distribution), so a few octave jumps of the pitch tracker or a cough do
not decide them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE
from voicesim.transcript.model import Acoustics, Span

log = logging.getLogger(__name__)

# Praat's autocorrelation pitch with a lower floor, silence and voicing threshold than its defaults (75 Hz,
# 0.03, 0.45): on a low male voice (Piper's joe, about 90 Hz) the defaults left half its vowels unvoiced.
PITCH_FLOOR_HZ = 60.0
PITCH_CEILING_HZ = 400.0
SILENCE_THRESHOLD = 0.01
VOICING_THRESHOLD = 0.3
FRAME_S = 0.01
MERGE_GAP_S = 0.03  # voiced frames closer than this are one stretch
MIN_VOICED_S = 0.05
MIN_VOICED_FRAMES = 50  # half a second of voice before a spread means anything


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
    """Praat's 10 ms frames of a stretch of audio: times from the answer's start, pitch (0 where unvoiced) and
    intensity. Measured piece by piece while an answer is spoken, joined when it ends."""

    times: np.ndarray
    f0: np.ndarray
    db: np.ndarray


def voice_frames(audio: np.ndarray, offset_s: float = 0.0, rate: int = SAMPLE_RATE) -> VoiceFrames:
    import parselmouth  # compiled Praat: imported when audio is measured

    if len(audio) < rate * 0.1:
        return VoiceFrames(np.zeros(0), np.zeros(0), np.zeros(0))
    sound = parselmouth.Sound(np.asarray(audio, dtype=np.float64), sampling_frequency=rate)
    pitch = sound.to_pitch_ac(time_step=FRAME_S, pitch_floor=PITCH_FLOOR_HZ, pitch_ceiling=PITCH_CEILING_HZ,
                              silence_threshold=SILENCE_THRESHOLD, voicing_threshold=VOICING_THRESHOLD)
    times = pitch.xs()
    intensity = sound.to_intensity(minimum_pitch=PITCH_FLOOR_HZ, time_step=FRAME_S)
    db = np.interp(times, intensity.xs(), intensity.values[0]) if intensity.n_frames else np.zeros(len(times))
    return VoiceFrames(times + offset_s, pitch.selected_array["frequency"], db)


def acoustics_of(pieces: list[VoiceFrames]) -> Acoustics:
    """Voiced stretches, pitch spread and loudness spread over the frames of every piece."""
    times = np.concatenate([p.times for p in pieces]) if pieces else np.zeros(0)
    f0 = np.concatenate([p.f0 for p in pieces]) if pieces else np.zeros(0)
    db = np.concatenate([p.db for p in pieces]) if pieces else np.zeros(0)
    voiced = f0 > 0
    spans = _spans(times, voiced)
    if voiced.sum() < MIN_VOICED_FRAMES:
        return Acoustics(spans, None, None)
    semitones = 12 * np.log2(f0[voiced] / np.median(f0[voiced]))
    return Acoustics(spans, round(_robust_spread(semitones), 2), round(_robust_spread(db[voiced]), 2))


def measure_voice(audio: np.ndarray, rate: int = SAMPLE_RATE) -> Acoustics:
    """Voiced stretches, pitch spread and loudness spread of mono float samples, in one piece."""
    return acoustics_of([voice_frames(audio, 0.0, rate)])
