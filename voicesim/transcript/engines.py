"""Speech recognition engines behind one small protocol: faster-whisper (CTranslate2, the default) here, and
openai-whisper (PyTorch) in openai_engine.py. An engine only decodes audio that holds speech; voice activity,
the filler prompt, the pieces of a live answer and the filters around Whisper's mistakes are the same for both
(voicesim.transcript.whisper).
"""

from __future__ import annotations

import logging
from typing import Sequence

import numpy as np

from voicesim.errors import ModelError
from voicesim.transcript.decoding import FRAMES_PER_SECOND, TEMPERATURES, DecodedSegment, DecodedWord, Decoding, Engine
from voicesim.transcript.model_files import model_label, resolve_model

log = logging.getLogger(__name__)

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_ENGINE = "faster-whisper"


class FasterWhisperEngine:
    """faster-whisper on the CPU. int8 by default: measured the fastest on 2 cores (STACK.md)."""

    name = "faster-whisper"

    def __init__(self, model: str | None = None, cpu_threads: int = 1, compute_type: str = "int8"):
        self.model_name = model
        self.cpu_threads = cpu_threads
        self.compute_type = compute_type
        self._model = None
        self._label = ""

    @property
    def label(self) -> str:
        return self._label or model_label(self.model_name)

    def load(self) -> None:
        if self._model is not None:
            return
        choice = resolve_model(self.model_name)
        from faster_whisper import WhisperModel  # heavy: imported on first use only

        def build(**extra):
            return WhisperModel(choice.source, device="cpu", compute_type=self.compute_type, cpu_threads=self.cpu_threads, **extra)

        try:
            if choice.is_name:
                try:
                    self._model = build(local_files_only=True)
                except Exception:  # not in the local cache: faster-whisper downloads it when online
                    self._model = build()
            else:
                self._model = build()
        except Exception as exc:
            if choice.is_name:
                raise ModelError(
                    f"model '{choice.source}' is not available offline and could not be downloaded ({type(exc).__name__}); "
                    "use the bundled model (leave out --model) or pass --model PATH to a CTranslate2 Whisper model folder"
                ) from None
            raise ModelError(f"{choice.source}: cannot load the model: {exc}") from None
        self._label = choice.label
        log.info("loaded %s with faster-whisper (%s, %d cpu thread(s))", choice.label, self.compute_type, self.cpu_threads)

    def decode(self, audio: np.ndarray, context: str | None, decoding: Decoding, terms: Sequence[str] = ()) -> list[DecodedSegment]:
        self.load()
        with self._rescoring(terms, decoding):
            return self._decode(audio, context, decoding)

    def _rescoring(self, terms: Sequence[str], decoding: Decoding):
        """While decoding, CTranslate2's beam returns its best hypotheses and the one that scores best with the
        vocabulary bonus is kept (N-best rescoring, rescoring.py). faster-whisper then aligns the kept tokens for
        word times."""
        from voicesim.transcript.rescoring import NBestRescorer

        if not isinstance(self._model.model, NBestRescorer):
            self._model.model = NBestRescorer(self._model.model, self._model.hf_tokenizer)
        sound_alikes = None
        if decoding.sound_alikes:
            from voicesim.sounds import sound_alike_runs as sound_alikes
        return self._model.model.biased(terms if decoding.bias > 0 else (), decoding, sound_alikes)

    def _decode(self, audio: np.ndarray, context: str | None, decoding: Decoding) -> list[DecodedSegment]:
        segments, _info = self._model.transcribe(
            audio,
            language="en",
            beam_size=decoding.beam_size,
            word_timestamps=True,
            hotwords=context if decoding.context == "hotwords" else None,
            initial_prompt=context if decoding.context == "initial_prompt" else None,
            temperature=TEMPERATURES if decoding.temperature_fallback else 0.0,
            condition_on_previous_text=False,
            repetition_penalty=decoding.repetition_penalty,
            max_new_tokens=decoding.max_new_tokens,
            vad_filter=False,  # the caller has cut the silences out, with the voice activity it computed once
        )
        return [
            DecodedSegment(s.text, float(s.start), float(s.end), float(s.no_speech_prob), float(s.avg_logprob),
                           float(s.compression_ratio), s.seek / FRAMES_PER_SECOND,
                           tuple(DecodedWord(w.word, float(w.start), float(w.end), float(w.probability)) for w in s.words or ()))
            for s in segments
        ]


def make_engine(engine: str | None = None, model: str | None = None, cpu_threads: int = 1, compute_type: str | None = None) -> Engine:
    """The engine by name, its model not loaded yet."""
    engine = engine or DEFAULT_ENGINE
    if engine == "faster-whisper":
        return FasterWhisperEngine(model, cpu_threads, compute_type or "int8")
    if engine == "openai-whisper":
        from voicesim.transcript.openai_engine import OpenAIWhisperEngine

        return OpenAIWhisperEngine(model, cpu_threads)
    raise ModelError(f"unknown engine '{engine}': choose one of {', '.join(ENGINES)}")
