"""openai-whisper as the second engine: the CTranslate2 -> PyTorch conversion and its cache, and the converted
bundled tiny.en against faster-whisper on the same audio (same weights, both float32: the same words)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from tests import answers
from tests.audio_helpers import synth
from voicesim.errors import ModelError
from voicesim.transcript import checkpoint
from voicesim.transcript.decoding import Decoding
from voicesim.transcript.engines import FasterWhisperEngine
from voicesim.transcript.model_files import BUNDLED_MODEL_SHA256, bundled_model_dir
from voicesim.transcript.openai_engine import OpenAIWhisperEngine

torch = pytest.importorskip("torch", reason="the openai-whisper extra is not installed (make install-test)")
whisper = pytest.importorskip("whisper", reason="openai-whisper is not installed (make install-test)")


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory):
    """A fresh user cache for the whole module (the conversion runs once in it), never the user's own."""
    home = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(home))
        yield home


@pytest.fixture(autouse=True)
def _same_cache(cache_home, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))


@pytest.fixture(scope="module")
def bundled_checkpoint(cache_home) -> checkpoint.Checkpoint:
    return checkpoint.ensure_checkpoint(bundled_model_dir(), source_sha256=BUNDLED_MODEL_SHA256)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


# ---------------------------------------------------------------- the conversion and its cache


@pytest.mark.slow
def test_converted_checkpoint_loads_strictly_and_matches_its_recorded_sha256(bundled_checkpoint, cache_home):
    ckpt = bundled_checkpoint
    assert ckpt.path.parent == cache_home / "voicesim" / "models"
    assert ckpt.source_sha256 == BUNDLED_MODEL_SHA256
    assert checkpoint.file_sha256(ckpt.path) == ckpt.sha256
    assert json.loads(ckpt.path.with_suffix(".json").read_text())["sha256"] == ckpt.sha256
    assert ckpt.path.stat().st_mode & 0o777 == 0o600
    assert not list(ckpt.path.parent.glob("*.tmp"))  # written through a temp file, renamed into place

    data = torch.load(ckpt.path, map_location="cpu", weights_only=True)
    assert data["dims"] == {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 384, "n_audio_head": 6, "n_audio_layer": 4,
                            "n_vocab": 51864, "n_text_ctx": 448, "n_text_state": 384, "n_text_head": 6, "n_text_layer": 4}
    model = whisper.model.Whisper(whisper.model.ModelDimensions(**data["dims"]))
    result = model.load_state_dict(data["model_state_dict"], strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    assert all(t.dtype == torch.float32 for t in data["model_state_dict"].values())

    # the weights are the CTranslate2 ones, split where CTranslate2 fuses them
    _spec, ct2 = checkpoint.read_model_bin(bundled_model_dir() / "model.bin")
    sd = data["model_state_dict"]
    qkv = ct2["decoder/layer_1/self_attention/linear_0/weight"].astype(np.float32)
    kv = ct2["decoder/layer_1/attention/linear_1/weight"].astype(np.float32)
    assert np.array_equal(sd["decoder.blocks.1.attn.key.weight"].numpy(), qkv[384:768])
    assert np.array_equal(sd["decoder.blocks.1.cross_attn.value.weight"].numpy(), kv[384:])

    # word-timestamp heads from config.json: the same as openai-whisper's own for tiny.en
    loaded = checkpoint.load_checkpoint(ckpt.path)
    expected = whisper.load_model(str(ckpt.path), device="cpu")
    expected.set_alignment_heads(whisper._ALIGNMENT_HEADS["tiny.en"])
    assert torch.equal(loaded.alignment_heads.to_dense(), expected.alignment_heads.to_dense())

    again = checkpoint.ensure_checkpoint(bundled_model_dir(), source_sha256=BUNDLED_MODEL_SHA256)
    assert not again.converted and again.sha256 == ckpt.sha256  # converted once; later loads only check


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["flip", "truncate", "no-record"])
def test_a_damaged_cached_checkpoint_is_converted_again(bundled_checkpoint, damage):
    good = bundled_checkpoint
    sidecar = good.path.with_suffix(".json")
    try:
        if damage == "flip":
            with open(good.path, "r+b") as f:
                f.seek(good.path.stat().st_size // 2)
                byte = f.read(1)
                f.seek(-1, os.SEEK_CUR)
                f.write(bytes([byte[0] ^ 0xFF]))
        elif damage == "truncate":
            os.truncate(good.path, good.path.stat().st_size - 1000)
        else:
            sidecar.unlink()
        if damage != "no-record":
            with pytest.raises(ModelError, match="checksum mismatch"):
                checkpoint.load_checkpoint(good.path, expected_sha256=good.sha256)
        again = checkpoint.ensure_checkpoint(bundled_model_dir(), source_sha256=BUNDLED_MODEL_SHA256)
        assert again.converted and again.path == good.path
        assert again.sha256 == good.sha256 == checkpoint.file_sha256(good.path)  # the conversion is deterministic
        assert json.loads(sidecar.read_text())["sha256"] == good.sha256
    finally:  # leave a good cache for the other tests whatever happened
        checkpoint.ensure_checkpoint(bundled_model_dir(), source_sha256=BUNDLED_MODEL_SHA256)


@pytest.mark.slow
def test_a_changed_source_model_gets_its_own_checkpoint(tmp_path, bundled_checkpoint):
    """Any CTranslate2 Whisper folder converts; its key is its own model.bin's sha256 (a stamp remembers it)."""
    folder = tmp_path / "ct2"
    folder.mkdir()
    for name in ("model.bin", "config.json"):
        (folder / name).write_bytes((bundled_model_dir() / name).read_bytes())
    ckpt = checkpoint.ensure_checkpoint(folder)
    assert ckpt.source_sha256 == BUNDLED_MODEL_SHA256 and ckpt.path == bundled_checkpoint.path and not ckpt.converted
    config = json.loads((folder / "config.json").read_text())
    config["alignment_heads"] = [[3, 5]]
    (folder / "config.json").write_text(json.dumps(config))
    with open(folder / "model.bin", "r+b") as f:  # another model: one weight changed (in the token embeddings)
        f.seek(1_000_000)
        f.write(b"\x00\x3c")
    other = checkpoint.ensure_checkpoint(folder)
    assert other.converted and other.source_sha256 != BUNDLED_MODEL_SHA256 and other.path != bundled_checkpoint.path
    model = checkpoint.load_checkpoint(other.path)
    assert model.alignment_heads.to_dense().nonzero().tolist() == [[3, 5]]


def test_files_that_are_not_whisper_models_are_clear_errors(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"\x06\x00\x00\x00garbage")
    with pytest.raises(ModelError, match="not a readable CTranslate2 model file"):
        checkpoint.read_model_bin(tmp_path / "model.bin")
    with pytest.raises(ModelError, match="no model.bin"):
        checkpoint.ensure_checkpoint(tmp_path / "nowhere")
    head = (bundled_model_dir() / "model.bin").read_bytes()[:5000]
    (tmp_path / "model.bin").write_bytes(head)  # cut off in the middle of the variables
    with pytest.raises(ModelError, match="truncated"):
        checkpoint.read_model_bin(tmp_path / "model.bin")


def test_quantised_and_half_precision_variables_come_back_as_float32(tmp_path):
    """CTranslate2's own writer and quantiser (int8: a scale per output row) against the reader."""
    from ctranslate2.specs import common_spec, model_spec

    class Tiny(model_spec.LayerSpec):
        def __init__(self):
            self.linear = common_spec.LinearSpec()
            self.norm = common_spec.LayerNormSpec()

    class TinySpec(model_spec.ModelSpec):
        name = "TinySpec"

        def __init__(self):
            super().__init__()
            self.body = Tiny()

    rng = np.random.default_rng(3)
    weight = rng.standard_normal((8, 16)).astype(np.float32)
    for quantization, tolerance in (("float32", 0), ("float16", 2e-3), ("bfloat16", 2e-2), ("int8", 2e-2)):
        spec = TinySpec()
        spec.body.linear.weight, spec.body.linear.bias = weight.copy(), np.ones(8, np.float32)  # optimize() works in place
        spec.body.norm.gamma, spec.body.norm.beta = np.ones(16, np.float32), np.zeros(16, np.float32)
        spec.validate()
        spec.optimize(quantization)
        path = tmp_path / f"{quantization}.bin"
        spec._serialize(str(path))
        name, variables = checkpoint.read_model_bin(path)
        assert name == "TinySpec"
        restored = checkpoint._float(variables, "body/linear/weight")
        assert restored.dtype == np.float32 and restored.shape == (8, 16)
        assert np.max(np.abs(restored - weight) / (np.abs(weight).max(axis=1, keepdims=True))) <= tolerance, quantization


# ---------------------------------------------------------------- the engine


def test_importing_the_engine_does_not_import_torch():
    code = ("import sys; from voicesim.transcript.engines import make_engine; e = make_engine('openai-whisper'); "
            "print(e.name, e.compute_type, e.label, 'torch' in sys.modules, 'whisper' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["openai-whisper", "float32", "tiny.en", "(bundled)", "False", "False"], out.stderr


def test_without_the_extra_installed_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "whisper", None)  # import whisper -> ImportError
    with pytest.raises(ModelError, match=r"pip install 'voicesim\[openai-whisper\]'.*make install-test"):
        OpenAIWhisperEngine(None, 1).load()


@pytest.mark.parametrize("model, message", [
    ("base.en", "model 'base.en' is not available offline for openai-whisper"),
    ("no-such-model", "model 'no-such-model' is not available offline"),
    ("missing/checkpoint.pt", "no such checkpoint file"),
    ("/nonexistent/folder", "no model.bin in it"),
])
def test_a_model_that_cannot_be_had_offline_is_a_clear_error(model, message, tmp_path, monkeypatch, cache_home):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError, match=re.escape(message)):
        OpenAIWhisperEngine(model, 1).load()
    assert not (cache_home / "whisper").exists()  # no download was tried


@pytest.fixture(scope="module")
def engines(bundled_checkpoint):
    faster, openai = FasterWhisperEngine(None, 1, "float32"), OpenAIWhisperEngine(None, 1)
    faster.load()
    openai.load()
    return faster, openai


@pytest.fixture(scope="module")
def long_answer(tmp_path_factory):
    from voicesim.audio.decode import load_audio

    audio = load_audio(synth(answers.RATE_LIMITING_STRONG, tmp_path_factory.mktemp("long") / "answer.wav"))
    assert len(audio) > 35 * 16000  # more than one 30 s window
    return audio


@pytest.mark.slow
@pytest.mark.parametrize("clip", ["jfk", "long"])
def test_same_words_and_times_as_faster_whisper_at_float32(engines, clip, request):
    faster, openai = engines
    from voicesim.audio.decode import load_audio

    if clip == "jfk":
        audio = load_audio(request.getfixturevalue("shared_dir") / "audio" / "jfk.flac")
    else:
        audio = request.getfixturevalue("long_answer")
    decoding = Decoding(beam_size=5)
    expected, got = faster.decode(audio, None, decoding), openai.decode(audio, None, decoding)
    assert torch.get_num_threads() == 1  # numba's first compilation resets it: load() compiles, then sets it
    text_f, text_o = "".join(s.text for s in expected), "".join(s.text for s in got)
    assert _words(text_o) == _words(text_f), (text_f, text_o)
    words_f = [w for s in expected for w in s.words]
    words_o = [w for s in got for w in s.words]
    assert [w.text.strip().lower() for w in words_o] == [w.text.strip().lower() for w in words_f]
    assert np.median([abs(a.start - b.start) for a, b in zip(words_f, words_o)]) < 0.1
    assert all(w.text.startswith(" ") and 0 <= w.start <= w.end <= len(audio) / 16000 + 0.5 and 0 <= w.probability <= 1 for w in words_o)
    assert all(0 <= s.no_speech_prob <= 1 and s.avg_logprob <= 0 for s in got)
    if clip == "jfk":
        reference = (request.getfixturevalue("shared_dir") / "audio" / "jfk.txt").read_text()
        assert _words(text_o) == _words(reference)


@pytest.mark.slow
@pytest.mark.parametrize("context_mode", ["hotwords", "initial_prompt"])
def test_the_context_reaches_every_window_with_hotwords(engines, long_answer, context_mode, monkeypatch):
    """hotwords: the prompt goes before every 30 s window (carry_initial_prompt), as faster-whisper's hotwords."""
    _faster, openai = engines
    prompts = []
    real = whisper.model.Whisper.decode

    def spy(self, mel, options):
        prompts.append(options.prompt)
        return real(self, mel, options)

    monkeypatch.setattr(whisper.model.Whisper, "decode", spy)
    context = "Umm, let me think like, hmm... Okay. Redis, token bucket, Retry-After."
    segments = openai.decode(long_answer, context, Decoding(beam_size=1, context=context_mode, temperature_fallback=False))
    assert segments and len(prompts) >= 2
    encoded = whisper.tokenizer.get_tokenizer(False).encode(" " + context)
    carried = [p is not None and list(p[: len(encoded)]) == encoded for p in prompts]
    assert carried == ([True] * len(prompts) if context_mode == "hotwords" else [True] + [False] * (len(prompts) - 1))


@pytest.mark.slow
def test_the_commands_take_the_engine(shared_dir, cache_home, tmp_path):
    """`--engine openai-whisper` on the command line: transcribe and score, with the question's context."""
    import jiwer

    from tests.conftest import run_cli

    jfk = shared_dir / "audio" / "jfk.flac"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    res = run_cli("transcribe", str(jfk), "--engine", "openai-whisper", "--json", env=env)
    assert res.returncode == 0, res.stderr
    reference = (shared_dir / "audio" / "jfk.txt").read_text()
    words = lambda t: " ".join(re.findall(r"[a-z0-9']+", t.lower()))  # noqa: E731
    assert jiwer.wer(words(reference), words(json.loads(res.stdout)["text"])) <= 0.1
    answer = synth(answers.RATE_LIMITING_STRONG, tmp_path / "answer.wav")
    res = run_cli("score", str(answer), "--question", "rate-limiting", "--engine", "openai-whisper", "--json", env=env)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["coverage"]["score"] >= 0.5
