"""Deciding when an answer is over, from voice activity (Silero VAD), not a volume threshold.

Fed block by block on the recorder's writer thread. Every STEP_S it runs the
VAD over the last WINDOW_S of audio (the model is stateless per call, so a short
look-back gives it context) and notes whether the newest step held speech.
Background noise does not count as speech, so a noisy room still ends an answer.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE

STEP_S = 0.256  # 8 VAD frames of 512 samples
WINDOW_S = 1.024
SPEECH_THRESHOLD = 0.5
MIN_SPEECH_S = 0.5  # this much speech before "they have spoken" (a cough is not an answer)


@dataclass(frozen=True)
class EndRules:
    end_silence_s: float = 3.0
    no_speech_timeout_s: float = 20.0
    max_seconds: float = 180.0
    warn_before_s: float = 15.0


class Endpointer:
    def __init__(self, rules: EndRules, samplerate: int = SAMPLE_RATE):
        from faster_whisper.vad import get_vad_model

        self.rules = rules
        self.samplerate = samplerate
        self._model = get_vad_model()
        self._window = int(WINDOW_S * samplerate)
        self._step = int(STEP_S * samplerate)
        self._buffer = np.zeros(0, dtype=np.float32)
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
            self._buffer = np.concatenate([self._buffer, block])[-self._window :]
            self.samples += len(block)
            self._pending += len(block)
            while self._pending >= self._step and len(self._buffer) >= self._step:
                self._pending -= self._step
                self._classify_latest_step()

    def _classify_latest_step(self) -> None:
        window = self._buffer[-(len(self._buffer) // 512) * 512 :]
        probs = self._model(window)
        newest = probs[-(self._step // 512) :]
        if float(np.max(newest)) >= SPEECH_THRESHOLD:
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
