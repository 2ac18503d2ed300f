"""openai-whisper (PyTorch, float32 on the CPU) as voicesim's second recognition engine.

The same weights as faster-whisper's: the bundled CTranslate2 tiny.en (or any CTranslate2 Whisper folder) is
converted once into an openai-whisper checkpoint (voicesim.transcript.checkpoint). torch and whisper are imported
on first use only, so `voicesim --help` stays fast. Slower than faster-whisper int8 with voicesim's settings (beam
5, the context before every window): single timings on 2 cores, 1 thread, 2.4x (greedy) to 6.8x (beam 5), and
about 860 MB at its peak (benchmarks/bench_engines.py compares them side by side).
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

import numpy as np

from voicesim.errors import ModelError
from voicesim.transcript.decoding import FRAMES_PER_SECOND, TEMPERATURES, DecodedSegment, DecodedWord, Decoding
from voicesim.transcript.model_files import BUNDLED_MODEL_SHA256, is_bundled, model_label, resolve_model

log = logging.getLogger(__name__)

INSTALL_HINT = "install it with `pip install 'voicesim[openai-whisper]'` then `pip install --no-deps openai-whisper==20250625` (or run `make install-test`)"


def _import_whisper():
    try:
        import torch
        import whisper
    except ImportError as exc:
        missing = {"whisper": "openai-whisper"}.get(exc.name or "", exc.name or "torch and openai-whisper")
        raise ModelError(f"the openai-whisper engine needs {missing}, which is not installed: {INSTALL_HINT}") from None
    return torch, whisper


def whisper_cache_dir() -> Path:
    """Where openai-whisper keeps the models it downloaded (its own rule: $XDG_CACHE_HOME/whisper)."""
    return Path(os.getenv("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache"))) / "whisper"


def _compile_word_timing() -> None:
    """Compile openai-whisper's numba kernels for word timestamps now (about 2 s, once per process) rather than in
    the first decode. The first numba compilation also resets the OpenMP thread count that PyTorch uses (to the
    number of cores): measured 2 threads after `torch.set_num_threads(1)`, which made decoding several times slower
    on a busy 2-core machine. The caller sets the thread count after this."""
    import torch
    from whisper.timing import dtw_cpu

    threads = torch.get_num_threads()
    dtw_cpu(np.zeros((2, 2), dtype=np.float64))
    torch.set_num_threads(threads)


class OpenAIWhisperEngine:
    """openai-whisper on the CPU, in float32 (PyTorch has no faster CPU path for it)."""

    name = "openai-whisper"
    compute_type = "float32"

    def __init__(self, model: str | None = None, cpu_threads: int = 1):
        self.model_name = model
        self.cpu_threads = cpu_threads
        self._model = None
        self._label = ""
        self._starts_word = None  # which tokens start a word (for the vocabulary bias), computed on first use

    @property
    def label(self) -> str:
        return self._label or model_label(self.model_name)

    def load(self) -> None:
        if self._model is not None:
            return
        torch, whisper = _import_whisper()
        model, label = self._load_model(whisper)
        _compile_word_timing()
        if self.cpu_threads > 0:  # 0: PyTorch's own default
            torch.set_num_threads(self.cpu_threads)
        self._model = model.to("cpu").eval()
        self._label = label
        log.info("loaded %s with openai-whisper (float32, %d cpu thread(s))", label, torch.get_num_threads())

    def _load_model(self, whisper):
        from voicesim.transcript import checkpoint

        name = self.model_name
        if is_bundled(name):
            choice = resolve_model(None)  # the bundled model's checksum is verified (once per file)
            ckpt = checkpoint.ensure_checkpoint(choice.source, source_sha256=BUNDLED_MODEL_SHA256)
            return checkpoint.load_checkpoint(ckpt.path), choice.label
        path = Path(name).expanduser()
        if path.suffix == ".pt" and not path.is_dir():
            if not path.is_file():
                raise ModelError(f"{name}: no such checkpoint file")
            stem = path.name[: -len(".pt")]
            return checkpoint.load_checkpoint(path, alignment_heads=whisper._ALIGNMENT_HEADS.get(stem)), str(path)
        if path.exists() or "/" in name:
            if not (path / "model.bin").is_file():
                raise ModelError(f"{name}: neither an openai-whisper .pt checkpoint nor a CTranslate2 Whisper model folder (no model.bin in it)")
            ckpt = checkpoint.ensure_checkpoint(path)
            return checkpoint.load_checkpoint(ckpt.path), str(path)
        return self._load_downloaded(whisper, name), name

    def _load_downloaded(self, whisper, name: str):
        """A model openai-whisper downloaded before (never a download: users and this machine may be offline)."""
        offline = (f"model '{name}' is not available offline for openai-whisper; use the bundled model (leave out --model), "
                   "pass --model PATH to a .pt checkpoint or a CTranslate2 Whisper model folder")
        url = whisper._MODELS.get(name)
        if url is None:
            raise ModelError(f"{offline} (openai-whisper's model names: {', '.join(whisper.available_models())})")
        root = whisper_cache_dir()
        target = root / os.path.basename(url)
        if not target.is_file():
            raise ModelError(f"{offline}, or download it once while online into {target}")
        from voicesim.transcript.checkpoint import file_sha256

        if file_sha256(target) != url.split("/")[-2]:  # openai-whisper would try to download it again
            raise ModelError(f"{target}: checksum mismatch: the file is damaged; delete it and download it again while online")
        try:
            return whisper.load_model(name, device="cpu", download_root=str(root))
        except Exception as exc:  # noqa: BLE001 - any failure of a third-party loader is one clear line
            raise ModelError(f"{target}: cannot load the model: {type(exc).__name__}: {exc}") from None

    def decode(self, audio: np.ndarray, context: str | None, decoding: Decoding, terms: Sequence[str] = ()) -> list[DecodedSegment]:
        self.load()
        if decoding.bias > 0 and terms:
            trie = self._trie(terms)
            with _biased_decoding(TermBonus(trie, decoding.bias, self._word_starts(trie))):
                return self._decode(audio, context, decoding)
        return self._decode(audio, context, decoding)

    def _trie(self, terms: Sequence[str]):
        from whisper.tokenizer import get_tokenizer

        from voicesim.transcript.biasing import whisper_trie

        tokenizer = get_tokenizer(multilingual=self._model.is_multilingual, num_languages=self._model.num_languages)
        encoding = tokenizer.encoding
        return whisper_trie(terms, encoding.encode_ordinary,
                            lambda t: encoding.decode_single_token_bytes(t).decode("utf-8", "replace"), tokenizer.eot)

    def _word_starts(self, trie):
        """Which of the vocabulary's tokens start a word (the same for every question: computed once)."""
        if self._starts_word is None:
            import torch

            self._starts_word = torch.tensor([trie.starts_word(t) for t in range(self._model.dims.n_vocab)])
        return self._starts_word

    def _decode(self, audio: np.ndarray, context: str | None, decoding: Decoding) -> list[DecodedSegment]:
        import torch
        import whisper

        if self.cpu_threads > 0 and torch.get_num_threads() != self.cpu_threads:  # numba may have changed it
            torch.set_num_threads(self.cpu_threads)

        fallback = decoding.temperature_fallback
        result = whisper.transcribe(
            self._model,
            np.ascontiguousarray(audio, dtype=np.float32),  # an array: no ffmpeg needed
            language="en",
            task="transcribe",
            beam_size=decoding.beam_size if decoding.beam_size > 1 else None,  # None: greedy
            best_of=5 if fallback else None,  # samples per window when re-decoding at a higher temperature
            temperature=TEMPERATURES if fallback else 0.0,
            word_timestamps=True,
            condition_on_previous_text=False,
            fp16=False,
            initial_prompt=context or None,
            # hotwords: the context before every 30 s window, as faster-whisper's hotwords are
            carry_initial_prompt=bool(context) and decoding.context == "hotwords",
            verbose=None,
        )
        return [
            DecodedSegment(
                s["text"], float(s["start"]), float(s["end"]), float(s["no_speech_prob"]), float(s["avg_logprob"]),
                float(s["compression_ratio"]), s["seek"] / FRAMES_PER_SECOND,
                tuple(DecodedWord(w["word"], float(w["start"]), float(w["end"]), float(w["probability"])) for w in s.get("words") or ()),
            )
            for s in result["segments"]
        ]


_patching = threading.Lock()


@contextmanager
def _biased_decoding(bonus_filter: "TermBonus"):
    """While openai-whisper decodes, every DecodingTask it builds gets the vocabulary filter first among its logit
    filters (before the timestamp rules, which read the probabilities). openai-whisper builds its task inside
    `whisper.decoding.decode`, so the class is swapped there for the call, under a lock."""
    import whisper.decoding as decoding_module

    with _patching:
        original = decoding_module.DecodingTask

        class BiasedTask(original):
            def __init__(self, model, options):
                super().__init__(model, options)
                self.logit_filters.insert(0, bonus_filter.starting_at(self.sample_begin))

        decoding_module.DecodingTask = BiasedTask
        try:
            yield
        finally:
            decoding_module.DecodingTask = original


class TermBonus:
    """openai-whisper logit filter: shallow fusion with the question's terms (biasing.TermTrie.step_bonus) on every
    beam at every step. The bonus is added to the logits, which the beam search then normalises (log-softmax)."""

    def __init__(self, trie, bonus: float, starts_word, sample_begin: int = 0):
        self.trie, self.bonus, self.starts_word, self.sample_begin = trie, bonus, starts_word, sample_begin

    def starting_at(self, sample_begin: int) -> "TermBonus":
        """The filter for a task whose own tokens start at `sample_begin` (after the prompt)."""
        return TermBonus(self.trie, self.bonus, self.starts_word, sample_begin)

    def apply(self, logits, tokens) -> None:
        import torch

        for k in range(tokens.shape[0]):
            extra, on_new_word, inside_word = self.trie.step_bonus(tokens[k, self.sample_begin:].tolist(), self.bonus)
            if not extra and not on_new_word and not inside_word:
                continue
            offset = torch.where(self.starts_word, on_new_word, inside_word).to(logits.dtype)
            if extra:
                offset[list(extra)] = torch.tensor(list(extra.values()), dtype=logits.dtype)
            logits[k] += offset[: logits.shape[-1]]
