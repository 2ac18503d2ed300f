"""What every Whisper engine shares: how to decode (Decoding), what a decode returns (DecodedSegment, DecodedWord)
and the Engine protocol. A module of its own so that the engines (engines.py, openai_engine.py) import it and
not each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # Whisper's own fallback schedule


@dataclass(frozen=True)
class Decoding:
    """How Whisper decodes. The defaults were chosen by measurement on natural-voice and espeak answers
    (benchmarks/eval_recognition.py; the table is in benchmarks/README.md)."""

    beam_size: int = 5
    context: str = "hotwords"  # "hotwords" (before every 30 s window) or "initial_prompt" (the first window only)
    temperature_fallback: bool = True  # re-decode a window at higher temperatures when it looks like a failure


@dataclass(frozen=True)
class DecodedWord:
    text: str  # as Whisper writes it, with its leading space
    start: float  # seconds from the start of the audio handed to `decode`
    end: float
    probability: float


@dataclass(frozen=True)
class DecodedSegment:
    """One Whisper segment, as faster-whisper's `Segment` (the fields voicesim uses)."""

    text: str
    start: float
    end: float
    no_speech_prob: float
    avg_logprob: float
    words: tuple[DecodedWord, ...]


class Engine(Protocol):
    """A Whisper implementation. `decode` gets 16 kHz mono float32 audio (voice activity only, the silences cut
    out by the caller) and `context` (the filler prompt with the question's terms, or None), which it puts before
    every 30 s window, and returns segments with word times relative to that audio."""

    name: str  # one of engines.ENGINES
    compute_type: str
    cpu_threads: int

    @property
    def label(self) -> str: ...  # the model as shown and stored: "tiny.en (bundled)", a path, a name
    def load(self) -> None: ...
    def decode(self, audio: np.ndarray, context: str | None, decoding: Decoding) -> list[DecodedSegment]: ...
