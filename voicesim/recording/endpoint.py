"""Deciding when an answer is over, from voice activity (Silero VAD), not a volume threshold.

Fed block by block on the recorder's writer thread, after the answer's VoiceActivity (shared with the live
transcription, so Silero scores each frame once). Every STEP_S it notes whether the newest step held speech.
Background noise does not count as speech, so a noisy room still ends an answer.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE
from voicesim.transcript.activity import FRAME, VoiceActivity

STEP_S = 0.256  # 8 VAD frames of 512 samples
SPEECH_THRESHOLD = 0.5
MIN_SPEECH_S = 0.5  # this much speech before "they have spoken" (a cough is not an answer)


@dataclass(frozen=True)
class EndRules:
    end_silence_s: float = 3.0
    no_speech_timeout_s: float = 20.0
    max_seconds: float = 180.0
    warn_before_s: float = 15.0


class Endpointer:
    def __init__(self, rules: EndRules, activity: VoiceActivity, samplerate: int = SAMPLE_RATE):
        self.rules = rules
        self.samplerate = samplerate
        self.activity = activity
        self._step = int(STEP_S * samplerate)
        self._pending = 0
        self._lock = threading.Lock()
        self.samples = 0
        self.speech_s = 0.0
        self.last_speech_end_s: float | None = None
        self.level_dbfs = -math.inf  # of the latest block, for the meter

    def feed(self, block: np.ndarray) -> None:
        rms = float(np.sqrt(np.mean(block.astype(np.float64) ** 2))) if len(block) else 0.0
        with self._lock:
            self.level_dbfs = 20 * math.log10(rms) if rms > 0 else -math.inf
            self.samples += len(block)
            self._pending += len(block)
            while self._pending >= self._step:
                self._pending -= self._step
                self._classify_latest_step()

    def _classify_latest_step(self) -> None:
        newest = self.activity.probabilities[-(self._step // FRAME):]
        if len(newest) and float(np.max(newest)) >= SPEECH_THRESHOLD:
            self.speech_s += STEP_S * float(np.mean(newest >= SPEECH_THRESHOLD))
            self.last_speech_end_s = self.samples / self.samplerate

    @property
    def elapsed_s(self) -> float:
        return self.samples / self.samplerate

    @property
    def has_spoken(self) -> bool:
        return self.speech_s >= MIN_SPEECH_S

    def decision(self) -> str | None:
        """None to keep listening, else why the answer ended: "silence", "no_speech" or "max_time"."""
        with self._lock:
            now = self.elapsed_s
            if now >= self.rules.max_seconds:
                return "max_time"
            if self.has_spoken and self.last_speech_end_s is not None and now - self.last_speech_end_s >= self.rules.end_silence_s:
                return "silence"
            if not self.has_spoken and now >= self.rules.no_speech_timeout_s:
                return "no_speech"
            return None

    @property
    def time_left_s(self) -> float:
        return self.rules.max_seconds - self.elapsed_s
