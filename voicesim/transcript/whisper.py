"""Local transcription: Whisper on the CPU, the bundled tiny.en model by default, either engine (engines.py).

Choices, each measured on this stack (../shared/STACK.md, benchmarks/README.md):
- int8 faster-whisper, and `cpu_threads` of half the usable cores: the library's default (4) is the slowest
  setting on a 2-core machine.
- A filler-style prompt with the question's terms inside it, before every 30 s window (context.py): Whisper was
  trained on transcripts without "um" and drops them unless the prompt shows them.
- Voice activity (Silero, activity.py) computed once: no speech means an empty transcript, never Whisper's
  invented "Thank you."; Whisper is given the speech only; its spans are kept for pause measurement.
- What Whisper writes that nobody said is kept out where it starts (invented.py): windows decoded over a leftover are
  dropped, failed windows decoded again without the prompt, and nothing is sampled, so the same audio gives the same
  words on every run.
- An answer can be transcribed in pieces cut in its pauses while it is spoken (streaming.py); a piece goes
  through exactly the steps the whole answer goes through here.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE, load_audio
from voicesim.audio.acoustics import VoiceFrames
from voicesim.errors import ModelError
from voicesim.transcript.activity import DECODE_RULES, FRAME, SPEECH_RULES, VoiceActivity, pieces
from voicesim.transcript.context import recognizer_context
from voicesim.transcript.decoding import Decoding, Engine
from voicesim.transcript.engines import make_engine
from voicesim.transcript.invented import KEEP, REDO, RETRY, RETRY_REPETITION_PENALTY, judge, lost_regions, merged, spoken, voiced
from voicesim.transcript.model import RecognitionSettings, Span, Transcript, Word
from voicesim.runtime import release_free_memory

log = logging.getLogger(__name__)

MIN_SPEECH_S = 0.3  # less voice activity than this is "no speech detected"
# A window decoded over a leftover (invented.py) can loop ("this is, uh, this is, uh, ...") to Whisper's limit of
# 224 tokens: 2.7 s of decoding for words that are then dropped, at the end of the answer where the candidate
# waits for them. Speech needs about 5-7 tokens a second (fillers and punctuation included), so a decode of
# audio this long is given at most this many tokens a window; a window cut short loses nothing, as the next
# window starts from its last word.
TOKENS_PER_SECOND = 8
TOKENS_AT_LEAST = 24


class Transcriber(Protocol):
    """What the rest of voicesim needs of a speech recogniser."""

    @property
    def settings(self) -> RecognitionSettings: ...
    def load(self) -> None: ...
    def transcribe(self, audio: np.ndarray, duration: float | None = None, vocabulary: Sequence[str] = ()) -> Transcript: ...
    def transcribe_file(self, path: str | Path, vocabulary: Sequence[str] = ()) -> Transcript: ...
    def piece(self, audio: np.ndarray, activity: VoiceActivity, start: int, end: int, vocabulary: Sequence[str] = ()) -> Piece: ...
    def pieces_from(self, audio: np.ndarray, activity: VoiceActivity, start: int, vocabulary: Sequence[str] = (),
                    progress: Callable[[float], None] | None = None) -> list[Piece]: ...
    def assemble(self, audio: np.ndarray, activity: VoiceActivity, pieces: list[Piece], duration: float | None = None) -> Transcript: ...


def default_cpu_threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        cores = os.cpu_count() or 2
    return max(1, min(4, cores // 2))


@dataclass(frozen=True)
class Piece:
    """What one piece of an answer gives: its words, and its voice frames (None when not measured or silent)."""

    words: tuple[Word, ...]
    voice: VoiceFrames | None = None


class WhisperTranscriber:
    """The real transcriber, over either engine. The model loads on first use, so building one is free.
    `in_pieces` (the default) cuts an answer in its pauses as live transcription does; off, Whisper runs over the
    whole answer at once (for comparison in the benchmarks)."""

    def __init__(self, engine: Engine, decoding: Decoding | None = None, measure_voice: bool = True, in_pieces: bool = True):
        self.engine = engine
        self.decoding = decoding or Decoding()
        self.measure_voice = measure_voice
        self.in_pieces = in_pieces
        self._loading = threading.Lock()  # a session preloads on a thread while the first answer may need it
        self._loaded = False

    @property
    def cpu_threads(self) -> int:
        return self.engine.cpu_threads

    @property
    def label(self) -> str:
        return self.engine.label

    def load(self) -> None:
        with self._loading:
            if self._loaded:
                return
            self.engine.load()
            self._loaded = True
        release_free_memory()  # loading the model leaves about 100 MB of freed buffers resident

    @property
    def settings(self) -> RecognitionSettings:
        d = self.decoding
        return RecognitionSettings(self.engine.name, self.engine.label, self.engine.compute_type, self.engine.cpu_threads,
                                   d.beam_size, context=d.context, temperature_fallback=d.temperature_fallback,
                                   vocabulary_bias=d.bias, sound_alikes=d.sound_alikes and d.bias > 0)

    def transcribe_file(self, path: str | Path, vocabulary: Sequence[str] = ()) -> Transcript:
        return self.transcribe(load_audio(path), vocabulary=vocabulary)

    def transcribe(self, audio: np.ndarray, duration: float | None = None, vocabulary: Sequence[str] = ()) -> Transcript:
        """Words with times, voice activity and (unless turned off) the voice's measures, in one pass. `vocabulary`
        (the question's terms) joins the filler prompt in Whisper's context."""
        activity = VoiceActivity.of(audio)
        activity.finish()
        done = self.pieces_from(audio, activity, 0, vocabulary) if _enough_speech(activity) else []
        return self.assemble(audio, activity, done, duration)

    def pieces_from(self, audio: np.ndarray, activity: VoiceActivity, start: int, vocabulary: Sequence[str] = (),
                    progress: Callable[[float], None] | None = None) -> list[Piece]:
        """audio[start:], piece by piece; `progress` hears the seconds of audio left before each."""
        spans = pieces(activity, start, len(audio)) if self.in_pieces else [(start, len(audio))]
        out = []
        for a, b in spans:
            if progress is not None:
                progress((len(audio) - a) / SAMPLE_RATE)
            out.append(self.piece(audio, activity, a, b, vocabulary))
        return out

    def piece(self, audio: np.ndarray, activity: VoiceActivity, start: int, end: int, vocabulary: Sequence[str] = ()) -> Piece:
        """The words of audio[start:end] and, if measured, its voice frames (pitch and loudness, audio/acoustics.py)."""
        words = self.words_of(audio, activity, start, end, vocabulary)
        voice = None
        if self.measure_voice and (words or activity.spans(SPEECH_RULES, start, end)):
            from voicesim.audio.acoustics import voice_frames

            voice = voice_frames(audio[start:end], start / SAMPLE_RATE)
        release_free_memory()  # a decode's buffers stay resident otherwise (runtime.py)
        return Piece(tuple(words), voice)

    def words_of(self, audio: np.ndarray, activity: VoiceActivity, start: int, end: int, vocabulary: Sequence[str] = ()) -> list[Word]:
        """The words of audio[start:end] (start on a frame boundary, both in silence), times from the answer's start."""
        speech = tuple(Span(a / SAMPLE_RATE, b / SAMPLE_RATE) for a, b in activity.spans(SPEECH_RULES, start, end))
        if not speech:
            return []
        self.load()
        context = recognizer_context(vocabulary)
        words, retry, redo = self._decode(audio, activity.spans(DECODE_RULES, start, end), speech, context, vocabulary)
        # A window that failed (a loop, improbable tokens) is decoded again with the same context, at temperature 0,
        # with a penalty on repeated tokens: the fillers the context brings are kept, and nothing is left to chance.
        for region in merged(retry):
            extra, _, again = self._decode(audio, [self._samples(region, start, end)], speech, context, vocabulary, retried=True)
            log.info("decoded %.1f-%.1f s again with a repetition penalty: %d words", region.start, region.end, len(extra))
            words = _replace(words, region, extra)
            redo += again
        # The filler prompt keeps "um" and "uh", but on some audio it makes tiny.en skip a whole window or repeat
        # the prompt, or a retry fails again. Where the voice was active and the prompted pass heard nothing, or
        # read its context back, transcribe that stretch again without the prompt.
        for region in lost_regions(words, speech, redo):
            extra, _, _ = self._decode(audio, [self._samples(region, start, end)], speech, None, retried=True, terms=vocabulary)
            log.info("re-transcribed %.1f-%.1f s without the filler prompt: %d words", region.start, region.end, len(extra))
            words = _replace(words, region, extra)
        words.sort(key=lambda w: w.start)
        heard = [w for w in words if spoken(w, speech)]
        if len(heard) < len(words):
            log.info("dropped %d word(s) outside voice activity: %s", len(words) - len(heard),
                     " ".join(w.text for w in words if not spoken(w, speech)))
        return heard

    def assemble(self, audio: np.ndarray, activity: VoiceActivity, done: list[Piece], duration: float | None = None) -> Transcript:
        """The transcript of the whole answer from its pieces (transcribed live, or afterwards)."""
        duration = len(audio) / SAMPLE_RATE if duration is None else duration
        speech = activity.speech(SPEECH_RULES)
        if not _enough_speech(activity):
            log.info("no speech detected in %.1f s of audio", duration)
            return Transcript(words=(), duration=duration, speech=speech, model=self.engine.label)
        acoustics = None
        if self.measure_voice:
            from voicesim.audio.acoustics import acoustics_of

            acoustics = acoustics_of([p.voice for p in done if p.voice is not None])
        words = sorted((w for p in done for w in p.words), key=lambda w: w.start)
        return Transcript(words=tuple(words), duration=duration, speech=speech, model=self.engine.label, acoustics=acoustics)

    @staticmethod
    def _samples(region: Span, start: int, end: int) -> tuple[int, int]:
        """A region in seconds as samples within [start, end), starting on a frame boundary."""
        return max(start, int(region.start * SAMPLE_RATE) // FRAME * FRAME), min(end, int(region.end * SAMPLE_RATE))

    def _decode(self, audio: np.ndarray, chunks: list[tuple[int, int]], speech: tuple[Span, ...], context: str | None,
                vocabulary: Sequence[str] = (), retried: bool = False, terms: Sequence[str] | None = None) -> tuple[list[Word], list[Span], list[Span]]:
        """Words of one Whisper pass over the speech `chunks` (samples) of `audio`, joined with the silences cut
        out (as faster-whisper's VAD filter does); the spans to decode again with a repetition penalty (a failed
        window) and without the context (the context read back, or a retry that failed again). `terms` (the
        vocabulary unless given) are what the decoding's bias favours, with or without the context."""
        from faster_whisper.vad import SpeechTimestampsMap

        if not chunks:
            return [], [], []
        joined = np.concatenate([audio[a:b] for a, b in chunks])
        heard_s = len(joined) / SAMPLE_RATE
        times = SpeechTimestampsMap([{"start": a, "end": b} for a, b in chunks], SAMPLE_RATE)
        decoding = replace(self.decoding, repetition_penalty=RETRY_REPETITION_PENALTY) if retried else self.decoding
        decoding = replace(decoding, max_new_tokens=min(224, TOKENS_AT_LEAST + math.ceil(TOKENS_PER_SECOND * heard_s)))
        words: list[Word] = []
        spans: dict[str, list[Span]] = {RETRY: [], REDO: []}
        for seg in self.engine.decode(joined, context, decoding, vocabulary if terms is None else terms):
            window = Span(times.get_original_time(seg.window), times.get_original_time(heard_s, is_end=True))
            verdict = judge(seg, voiced(speech, window), context is not None, vocabulary, self.decoding.window_checks, retried)
            if verdict != KEEP:
                log.info("%s: %r (window at %.1f s, log prob %.2f, compression %.2f)", verdict, seg.text, window.start,
                         seg.avg_logprob, seg.compression_ratio)
                if verdict in spans:
                    spans[verdict].append(Span(times.get_original_time(seg.start),
                                               times.get_original_time(min(seg.end, heard_s), is_end=True)))
                continue
            for w in seg.words:
                index = times.get_chunk_index((w.start + w.end) / 2)  # both ends in the chunk of the word's middle
                words.append(Word(w.text, round(times.get_original_time(w.start, index), 3),
                                  round(times.get_original_time(w.end, index), 3), round(w.probability, 4)))
        return words, spans[RETRY], spans[REDO]


def _replace(words: list[Word], region: Span, extra: list[Word]) -> list[Word]:
    """The words outside `region`, and `extra` in its place."""
    return [w for w in words if not region.start <= (w.start + w.end) / 2 <= region.end] + extra


def make_transcriber(model: str | None = None, cpu_threads: int | None = None, decoding: Decoding | None = None,
                     measure_voice: bool = True, engine: str | None = None, compute_type: str | None = None,
                     in_pieces: bool = True) -> WhisperTranscriber:
    """The transcriber voicesim uses: faster-whisper int8 unless told otherwise."""
    return WhisperTranscriber(make_engine(engine, model, cpu_threads or default_cpu_threads(), compute_type),
                              decoding or decoding_from_environment(), measure_voice, in_pieces)


BIAS_VARIABLE = "VOICESIM_VOCABULARY_BIAS"


def decoding_from_environment() -> Decoding:
    """The shipped Decoding, or with the vocabulary bias VOICESIM_VOCABULARY_BIAS sets: "0" off, "2" the beam's best
    rescored with a bonus of 2, "2+s" and sound-alike candidates (rescoring.py). Off by default (Decoding): for a
    user who wants it on, and for benchmarks that compare the whole program with and without it (bench_memory.py)."""
    value = os.environ.get(BIAS_VARIABLE, "").strip()
    if not value:
        return Decoding()
    bonus, sounds = value.removesuffix("+s"), value.endswith("+s")
    try:
        bias = float(bonus)
    except ValueError:
        raise ModelError(f"{BIAS_VARIABLE}={value!r}: expected a bonus such as 0, 2 or 2+s") from None
    if not 0 <= bias <= 20:
        raise ModelError(f"{BIAS_VARIABLE}={value!r}: the bonus must be between 0 and 20")
    return replace(Decoding(), bias=bias, sound_alikes=sounds and bias > 0)


def _enough_speech(activity: VoiceActivity) -> bool:
    return sum(b - a for a, b in activity.spans(SPEECH_RULES)) / SAMPLE_RATE >= MIN_SPEECH_S
