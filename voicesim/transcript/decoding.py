"""What every Whisper engine shares: how to decode (Decoding), what a decode returns (DecodedSegment, DecodedWord)
and the Engine protocol. A module of its own so that the engines (engines.py, openai_engine.py) import it and
not each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

import numpy as np

TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)  # Whisper's own fallback schedule
FRAMES_PER_SECOND = 100  # Whisper's mel frames: a segment's `seek` (its window's start) counts them


@dataclass(frozen=True)
class Decoding:
    """How Whisper decodes. The defaults were chosen by measurement on natural-voice and espeak answers
    (benchmarks/eval_recognition.py; the tables are in benchmarks/README.md)."""

    beam_size: int = 5
    context: str = "hotwords"  # "hotwords" (before every 30 s window) or "initial_prompt" (the first window only)
    # Whisper's own fallback re-decodes a failed window by sampling at higher temperatures: at random, so the same
    # audio could give another transcript on every run (issue 15). Off: a failed window is decoded again at
    # temperature 0 with a repetition penalty, then without the filler prompt (invented.py): deterministic.
    temperature_fallback: bool = False
    # The checks on each decoded window that drop what nobody said (whisper.py: a window decoded over what is left
    # after the last word, a failed window): off only to measure what they do.
    window_checks: bool = True
    repetition_penalty: float = 1.0  # above 1, repeated tokens are less likely (faster-whisper only)
    max_new_tokens: int | None = None  # per 30 s window; None: Whisper's own limit (224) (faster-whisper only)
    # Contextual biasing (biasing.py): the log-probability bonus per token of a finished vocabulary term; 0 is off.
    # faster-whisper rescores the beam's best `hypotheses` (at most beam_size; 0: beam_size); openai-whisper adds
    # it inside its beam search (a logit filter). Off by default: on held-out answers it heard 0-6 points more of
    # the vocabulary's terms but wrote 1-3 more terms nobody said per set (benchmarks/README.md, issue 18); a user
    # may turn it on with VOICESIM_VOCABULARY_BIAS (whisper.decoding_from_environment).
    bias: float = 0.0
    hypotheses: int = 0
    # faster-whisper: also try each term in place of words that sound like it, scored by the model (rescoring.py)
    sound_alikes: bool = False


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
    compression_ratio: float  # of the segment's window text (gzip): above 2.4 Whisper is repeating itself
    window: float  # where the 30 s window the segment was decoded in starts (seconds into the audio)
    words: tuple[DecodedWord, ...]


class Engine(Protocol):
    """A Whisper implementation. `decode` gets 16 kHz mono float32 audio (voice activity only, the silences cut
    out by the caller) and `context` (the filler prompt with the question's terms, or None), which it puts before
    every 30 s window, and returns segments with word times relative to that audio. With `decoding.bias`, a decode
    favours the question's vocabulary `terms` (biasing.py)."""

    name: str  # one of engines.ENGINES
    compute_type: str
    cpu_threads: int

    @property
    def label(self) -> str: ...  # the model as shown and stored: "tiny.en (bundled)", a path, a name
    def load(self) -> None: ...
    def decode(self, audio: np.ndarray, context: str | None, decoding: Decoding, terms: Sequence[str] = ()) -> list[DecodedSegment]: ...
