"""Voice activity, computed once per answer and shared: end-of-answer detection, the speech spans pauses are
measured from, the stretches Whisper is given, and where a live answer can be cut into pieces.

Silero VAD (the v6 model faster-whisper ships) scores 32 ms frames in order, each with the 4 ms before it and
the model's recurrent state; frames scored block by block as the audio arrives, the state carried over, get
exactly the probabilities of one pass over the whole recording (checked in the tests).
The probabilities are turned into spans by faster-whisper's own rules (`get_speech_timestamps`), re-applied
here to stored probabilities rather than recomputed from the audio (tests check the two agree).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE
from voicesim.transcript.model import Span

FRAME = 512  # samples per Silero frame (32 ms)
FRAME_CONTEXT = 64  # samples of the previous frame each frame is scored with


@dataclass(frozen=True)
class SpanRules:
    """faster-whisper's VadOptions, the fields voicesim sets."""

    threshold: float = 0.5
    min_speech_ms: int = 0
    min_silence_ms: int = 2000
    speech_pad_ms: int = 400

    @property
    def neg_threshold(self) -> float:
        return max(self.threshold - 0.15, 0.01)


# Tight edges: pauses and the "no speech" rule are measured from these.
SPEECH_RULES = SpanRules(threshold=0.5, min_speech_ms=150, min_silence_ms=200, speech_pad_ms=30)
# What Whisper is given: generous padding so no word is clipped, short pauses kept inside.
DECODE_RULES = SpanRules(threshold=0.5, min_speech_ms=0, min_silence_ms=1000, speech_pad_ms=400)


class VoiceActivity:
    """Silero probabilities of an answer's frames, scored as blocks arrive (thread-safe: fed on the recorder's
    writer thread, read by the end-of-answer rule and the live transcriber)."""

    def __init__(self):
        from faster_whisper.vad import get_vad_model

        self._model = get_vad_model()
        self._lock = threading.Lock()
        self._tail = np.zeros(0, dtype=np.float32)  # samples not yet a whole frame
        self._context = np.zeros(FRAME_CONTEXT, dtype=np.float32)
        self._state = (np.zeros((1, 1, 128), dtype=np.float32), np.zeros((1, 1, 128), dtype=np.float32))
        self._probs: list[np.ndarray] = []
        self._frames = 0
        self.samples = 0

    @classmethod
    def of(cls, audio: np.ndarray) -> "VoiceActivity":
        activity = cls()
        activity.feed(audio)
        return activity

    def feed(self, block: np.ndarray) -> None:
        with self._lock:
            self.samples += len(block)
            audio = np.concatenate([self._tail, block.astype(np.float32, copy=False)])
            whole = len(audio) // FRAME * FRAME
            self._tail = audio[whole:]
            if whole:
                self._score(audio[:whole])

    def _score(self, audio: np.ndarray) -> None:
        frames = audio.reshape(-1, FRAME)
        context = np.concatenate([self._context[None, :], frames[:-1, -FRAME_CONTEXT:]])
        self._context = frames[-1, -FRAME_CONTEXT:].copy()
        h, c = self._state
        out, h, c = self._model.session.run(None, {"input": np.concatenate([context, frames], 1), "h": h, "c": c})
        self._state = (h, c)
        self._probs.append(np.asarray(out, dtype=np.float32).reshape(-1))
        self._frames += len(frames)

    @property
    def probabilities(self) -> np.ndarray:
        with self._lock:
            if len(self._probs) > 1:
                self._probs = [np.concatenate(self._probs)]
            return self._probs[0] if self._probs else np.zeros(0, dtype=np.float32)

    def finish(self) -> None:
        """Score the last partial frame, padded with silence as faster-whisper pads it."""
        with self._lock:
            if len(self._tail):
                padded = np.pad(self._tail, (0, FRAME - len(self._tail)))
                self._tail = np.zeros(0, dtype=np.float32)
                self._score(padded)

    def spans(self, rules: SpanRules = SPEECH_RULES, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Speech as (start, end) samples within [start, end) of the answer; `start` on a frame boundary."""
        probs = self.probabilities
        end = self.samples if end is None else min(end, self.samples)
        first = start // FRAME
        last = min(len(probs), -(-end // FRAME))
        return [(start + a, start + b) for a, b in timestamps(probs[first:last], end - start, rules)]

    def speech(self, rules: SpanRules = SPEECH_RULES) -> tuple[Span, ...]:
        return tuple(Span(round(a / SAMPLE_RATE, 3), round(b / SAMPLE_RATE, 3)) for a, b in self.spans(rules))


def timestamps(probs: np.ndarray, length: int, rules: SpanRules) -> list[tuple[int, int]]:
    """faster-whisper's `get_speech_timestamps` (1.2.1) from frame probabilities, without a length limit."""
    sr = SAMPLE_RATE
    min_speech = sr * rules.min_speech_ms / 1000
    pad = sr * rules.speech_pad_ms / 1000
    min_silence = sr * rules.min_silence_ms / 1000
    min_silence_at_max = sr * 98 / 1000
    threshold, neg = rules.threshold, rules.neg_threshold
    triggered = False
    speeches: list[list[int]] = []
    current: list[int] = []
    temp_end = prev_end = next_start = 0
    for i, p in enumerate(probs):
        at = FRAME * i
        if p >= threshold and temp_end:
            temp_end = 0
            if next_start < prev_end:
                next_start = at
        if p >= threshold and not triggered:
            triggered = True
            current = [at, 0]
            continue
        if p < neg and triggered:
            if not temp_end:
                temp_end = at
            if at - temp_end > min_silence_at_max:
                prev_end = temp_end
            if at - temp_end < min_silence:
                continue
            current[1] = temp_end
            if current[1] - current[0] > min_speech:
                speeches.append(current)
            current = []
            prev_end = next_start = temp_end = 0
            triggered = False
    if current and length - current[0] > min_speech:
        current[1] = length
        speeches.append(current)
    for i, speech in enumerate(speeches):
        if i == 0:
            speech[0] = int(max(0, speech[0] - pad))
        if i != len(speeches) - 1:
            silence = speeches[i + 1][0] - speech[1]
            if silence < 2 * pad:
                speech[1] += int(silence // 2)
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - silence // 2))
            else:
                speech[1] = int(min(length, speech[1] + pad))
                speeches[i + 1][0] = int(max(0, speeches[i + 1][0] - pad))
        else:
            speech[1] = int(min(length, speech[1] + pad))
    return [(a, b) for a, b in speeches]


# Where an answer is cut into pieces, for transcription while it is spoken (streaming.py) and after (whisper.py):
# the same cuts either way, so a live transcript and one made later from the recording agree.
@dataclass(frozen=True)
class CutRules:
    """Where an answer is cut into pieces (each piece costs Whisper a 30 s window, whatever its length)."""

    min_piece_s: float = 8.0  # a piece this long ends at the next gap of cut_pause_s ...
    cut_pause_s: float = 0.3  # fluent speakers (and Piper) leave 0.2-0.6 s between sentences, rarely more
    end_pause_s: float = 1.0  # ... a shorter one only at a pause this long: maybe the end of the answer
    edge_s: float = 0.5  # where in the pause: this far after the last speech, or the pause's middle if shorter
    # Speech that runs on this long without such a gap (espeak, a fast talker) is cut anyway, at its quietest
    # moment after min_piece_s: else the whole run waits for the answer's end. None: never forced.
    max_piece_s: float | None = 14.0


CUT_RULES = CutRules()
FORCED_CUT_SMOOTHING = 3  # frames (0.1 s): the quietest moment is a dip between words, not one odd frame


def next_cut(probs: np.ndarray, start: int, rules: CutRules = CUT_RULES) -> int | None:
    """The end of the piece beginning at sample `start` (a frame boundary): inside the first pause after some
    speech that is long enough, at the quietest moment of a run that went on too long, or None when the
    probabilities so far hold neither. Depends only on the probabilities, never on when they were computed: a
    cut found live is the cut found afterwards."""
    frame_s = FRAME / SAMPLE_RATE
    min_piece, cut_pause, end_pause = (math.ceil(s / frame_s) for s in (rules.min_piece_s, rules.cut_pause_s, rules.end_pause_s))
    max_piece = math.ceil(rules.max_piece_s / frame_s) if rules.max_piece_s is not None else None
    edge = round(rules.edge_s / frame_s)
    first = start // FRAME
    quiet = 0
    spoken = False
    for i in range(first, len(probs)):
        if probs[i] >= SPEECH_RULES.neg_threshold:
            quiet = 0
            spoken = spoken or bool(probs[i] >= SPEECH_RULES.threshold)
            if spoken and max_piece is not None and i + 1 - first >= max_piece:
                return _quietest(probs, first + min_piece, i + 1) * FRAME
            continue
        quiet += 1
        if spoken and (quiet >= end_pause or (i + 1 - first >= min_piece and quiet >= cut_pause)):
            return (i - quiet + 1 + min(edge, quiet // 2)) * FRAME
    return None


def _quietest(probs: np.ndarray, a: int, b: int) -> int:
    """The frame in [a, b) where the smoothed speech probability is lowest (the middle of the lowest dip)."""
    k = FORCED_CUT_SMOOTHING
    smooth = np.convolve(probs[max(0, a - k // 2):b + k // 2], np.ones(k) / k, mode="valid")[:b - a]
    return a + int(np.argmin(smooth))


def pieces(activity: VoiceActivity, start: int = 0, end: int | None = None, rules: CutRules = CUT_RULES) -> list[tuple[int, int]]:
    """The pieces of audio[start:end] (end: all of it) as `next_cut` cuts them; the last runs to the end."""
    probs = activity.probabilities
    end = activity.samples if end is None else end
    out: list[tuple[int, int]] = []
    while start < end and (cut := next_cut(probs, start, rules)) is not None and cut < end:
        out.append((start, cut))
        start = cut
    if start < end:
        out.append((start, end))
    return out


def joined_pieces(spans: list[tuple[int, int]], up_to_s: float) -> list[tuple[int, int]]:
    """Consecutive pieces taken together while the joined piece stays within `up_to_s` seconds."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and b - out[-1][0] <= up_to_s * SAMPLE_RATE:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out
