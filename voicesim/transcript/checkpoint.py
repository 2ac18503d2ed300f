"""A CTranslate2 Whisper model folder (the bundled tiny.en, or any other) as an openai-whisper checkpoint.

openai-whisper loads PyTorch checkpoints only: `{"dims": {...}, "model_state_dict": {...}}`. CTranslate2's
`model.bin` is a plain binary file (ctranslate2/specs/model_spec.py, `ModelSpec._serialize`):

    u32 binary version, string spec name, u32 spec revision,
    u32 count, then per variable: string name, u8 rank, u32 x rank dims, u8 dtype id, u32 byte count, raw bytes,
    u32 count, then per alias: string alias, string variable name

(little-endian; a string is a u16 length that counts a trailing NUL, then the UTF-8 bytes and the NUL). Whisper's
variable names map one to one onto openai-whisper's state dict, except that self-attention holds query, key and
value in one fused matrix and cross-attention key and value in another; the key projections have no bias (CTranslate2
stores zeros there; a key bias would not change the attention anyway). The alignment heads for word timestamps
come from config.json and are stored in the checkpoint beside the state dict (`load_checkpoint` applies them).

The conversion runs once per source model: the result is cached in the user cache folder, keyed by the source
model.bin's sha256, with the converted file's own sha256 beside it, checked on every load (a damaged or truncated
file is converted again, never loaded).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voicesim.errors import ModelError

log = logging.getLogger(__name__)

CONVERTER_VERSION = 1  # part of the cache key: bump it when the conversion changes
_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}  # CTranslate2's DataType
_SUPPORTED_BINARY_VERSIONS = (4, 5, 6)  # variables carry a dtype id from version 4 on


@dataclass(frozen=True)
class Checkpoint:
    """A converted checkpoint in the cache."""

    path: Path
    sha256: str  # of the checkpoint file, verified before it is used
    source_sha256: str  # of the CTranslate2 model.bin it was converted from
    converted: bool  # True when this call converted it (False: the cached file was good)
    seconds: float  # how long getting it took


# ---------------------------------------------------------------- reading model.bin


def read_model_bin(path: Path) -> tuple[str, dict[str, np.ndarray]]:
    """The spec name and the variables of a CTranslate2 model.bin, aliases resolved (arrays view the file's bytes)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read the model file: {exc.strerror}") from None
    try:
        return _parse(memoryview(data))
    except (struct.error, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path}: not a readable CTranslate2 model file ({exc})") from None


def _parse(buf: memoryview) -> tuple[str, dict[str, np.ndarray]]:
    pos = 0

    def take(fmt: str):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def string() -> str:
        nonlocal pos
        n = take("H")
        if n == 0 or pos + n > len(buf):
            raise ValueError("bad string length")
        text = bytes(buf[pos : pos + n - 1]).decode("utf-8")
        pos += n
        return text

    version = take("I")
    if version not in _SUPPORTED_BINARY_VERSIONS:
        raise ValueError(f"binary version {version}, this reader knows {_SUPPORTED_BINARY_VERSIONS}")
    spec = string()
    take("I")  # spec revision
    variables: dict[str, np.ndarray] = {}
    for _ in range(take("I")):
        name = string()
        rank = take("B")
        shape = tuple(take(f"{rank}I")) if rank > 1 else ((take("I"),) if rank == 1 else ())
        dtype_id, nbytes = take("B"), take("I")
        if dtype_id not in _DTYPES:
            raise ValueError(f"{name}: unknown dtype id {dtype_id}")
        if pos + nbytes > len(buf):
            raise ValueError(f"{name}: the file is truncated")
        raw = buf[pos : pos + nbytes]
        pos += nbytes
        dtype = _DTYPES[dtype_id]
        if dtype == "bfloat16":  # the upper half of a float32
            array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(raw, dtype=np.dtype(dtype).newbyteorder("<"))
        if array.size != int(np.prod(shape, dtype=np.int64)):
            raise ValueError(f"{name}: {nbytes} bytes do not hold shape {shape}")
        variables[name] = array.reshape(shape)
    for _ in range(take("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return spec, variables


# ---------------------------------------------------------------- mapping onto openai-whisper


def _float(variables: dict[str, np.ndarray], name: str) -> np.ndarray:
    """A variable as float32, dequantised if CTranslate2 stored it as int8/int16 with a scale."""
    value = variables[name]
    scale = variables.get(name + "_scale")
    if value.dtype in (np.int8, np.int16) and scale is not None:
        scale = scale.astype(np.float32)
        if scale.ndim == 1:
            scale = scale.reshape((-1,) + (1,) * (value.ndim - 1))
        return (value.astype(np.float32) / scale).astype(np.float32)
    return np.ascontiguousarray(value, dtype=np.float32)


def _layers(variables: dict[str, np.ndarray], prefix: str) -> int:
    n = 0
    while f"{prefix}/layer_{n}/ffn/linear_0/weight" in variables:
        n += 1
    return n


def _heads(variables: dict[str, np.ndarray], prefix: str, state: int) -> int:
    if f"{prefix}/num_heads" in variables:
        return int(variables[f"{prefix}/num_heads"])
    return state // 64  # every Whisper size uses 64-dimensional heads


def to_openai_whisper(variables: dict[str, np.ndarray], config: dict) -> dict:
    """The checkpoint dict (numpy arrays) for CTranslate2 Whisper variables and the folder's config.json."""
    try:
        embeddings = _float(variables, "decoder/embeddings/weight")
        audio_pos = _float(variables, "encoder/position_encodings/encodings")
        text_pos = _float(variables, "decoder/position_encodings/encodings")
        conv1 = _float(variables, "encoder/conv1/weight")
        dims = {
            "n_mels": int(conv1.shape[1]),
            "n_audio_ctx": int(audio_pos.shape[0]),
            "n_audio_state": int(audio_pos.shape[1]),
            "n_audio_head": _heads(variables, "encoder", int(audio_pos.shape[1])),
            "n_audio_layer": _layers(variables, "encoder"),
            "n_vocab": int(embeddings.shape[0]),
            "n_text_ctx": int(text_pos.shape[0]),
            "n_text_state": int(text_pos.shape[1]),
            "n_text_head": _heads(variables, "decoder", int(text_pos.shape[1])),
            "n_text_layer": _layers(variables, "decoder"),
        }
        sd = {
            "encoder.positional_embedding": audio_pos,
            "encoder.conv1.weight": conv1,
            "encoder.conv1.bias": _float(variables, "encoder/conv1/bias"),
            "encoder.conv2.weight": _float(variables, "encoder/conv2/weight"),
            "encoder.conv2.bias": _float(variables, "encoder/conv2/bias"),
            "encoder.ln_post.weight": _float(variables, "encoder/layer_norm/gamma"),
            "encoder.ln_post.bias": _float(variables, "encoder/layer_norm/beta"),
            "decoder.positional_embedding": text_pos,
            "decoder.token_embedding.weight": embeddings,
            "decoder.ln.weight": _float(variables, "decoder/layer_norm/gamma"),
            "decoder.ln.bias": _float(variables, "decoder/layer_norm/beta"),
        }
        for side in ("encoder", "decoder"):
            for i in range(dims[f"n_{'audio' if side == 'encoder' else 'text'}_layer"]):
                src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
                _attention(variables, f"{src}/self_attention", f"{dst}.attn", sd, fused=3)
                if side == "decoder":
                    _attention(variables, f"{src}/attention", f"{dst}.cross_attn", sd, fused=2)
                for j, k in ((0, 0), (1, 2)):  # openai-whisper's mlp is Sequential(Linear, GELU, Linear)
                    sd[f"{dst}.mlp.{k}.weight"] = _float(variables, f"{src}/ffn/linear_{j}/weight")
                    sd[f"{dst}.mlp.{k}.bias"] = _float(variables, f"{src}/ffn/linear_{j}/bias")
                sd[f"{dst}.mlp_ln.weight"] = _float(variables, f"{src}/ffn/layer_norm/gamma")
                sd[f"{dst}.mlp_ln.bias"] = _float(variables, f"{src}/ffn/layer_norm/beta")
    except KeyError as exc:
        raise ModelError(f"not a CTranslate2 Whisper model: the variable {exc} is missing") from None
    if not dims["n_audio_layer"] or not dims["n_text_layer"]:
        raise ModelError("not a CTranslate2 Whisper model: it has no encoder or decoder layers")
    heads = config.get("alignment_heads") or [
        [layer, head] for layer in range(dims["n_text_layer"] // 2, dims["n_text_layer"]) for head in range(dims["n_text_head"])
    ]
    return {"dims": dims, "model_state_dict": sd, "alignment_heads": [[int(a), int(b)] for a, b in heads]}


def _attention(variables: dict, src: str, dst: str, sd: dict, fused: int) -> None:
    """Split CTranslate2's fused projections: self-attention linear_0 = [q; k; v], linear_1 = out;
    cross-attention linear_0 = q, linear_1 = [k; v], linear_2 = out."""
    names = ("query", "key", "value")
    if fused == 3:
        parts = {"0": names, "1": ("out",)}
    else:
        parts = {"0": ("query",), "1": ("key", "value"), "2": ("out",)}
    for index, outputs in parts.items():
        weight = _float(variables, f"{src}/linear_{index}/weight")
        bias = _float(variables, f"{src}/linear_{index}/bias")
        for name, w, b in zip(outputs, np.split(weight, len(outputs)), np.split(bias, len(outputs))):
            sd[f"{dst}.{name}.weight"] = np.ascontiguousarray(w)
            if name != "key":
                sd[f"{dst}.{name}.bias"] = np.ascontiguousarray(b)
    sd[f"{dst}_ln.weight"] = _float(variables, f"{src}/layer_norm/gamma")
    sd[f"{dst}_ln.bias"] = _float(variables, f"{src}/layer_norm/beta")


def convert(folder: Path, out: Path) -> None:
    """Convert the CTranslate2 Whisper folder into an openai-whisper checkpoint file (written as is: see
    `ensure_checkpoint` for the cached, atomic version)."""
    import torch  # noqa: PLC0415 - heavy

    folder = Path(folder)
    spec, variables = read_model_bin(folder / "model.bin")
    if spec != "WhisperSpec":
        raise ModelError(f"{folder}: a CTranslate2 {spec or 'model'}, not a Whisper model")
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        config = {}
    checkpoint = to_openai_whisper(variables, config)
    checkpoint["model_state_dict"] = {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in checkpoint["model_state_dict"].items()}
    with open(out, "wb") as f:  # a file object: the archive inside is named "archive", not after the temp file
        torch.save(checkpoint, f)


# ---------------------------------------------------------------- the cache


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voicesim")) / "models"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _source_sha256(model_bin: Path, folder: Path) -> str:
    """The source's sha256, hashed once per file version (remembered by path, size and mtime)."""
    st = model_bin.stat()
    stamp_file = folder / "sources.json"
    key = str(model_bin.resolve())
    try:
        stamps = json.loads(stamp_file.read_text())
    except (OSError, ValueError):
        stamps = {}
    seen = stamps.get(key)
    if isinstance(seen, dict) and seen.get("size") == st.st_size and seen.get("mtime_ns") == st.st_mtime_ns:
        return str(seen["sha256"])
    digest = file_sha256(model_bin)
    stamps[key] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}
    with contextlib.suppress(OSError):  # a read-only cache only costs hashing again next time
        _write_atomic(stamp_file, json.dumps(stamps, indent=1).encode())
    return digest


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(path: Path):
    """One converter at a time per cache file (other processes wait, then find it done)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: the atomic renames still keep every file whole
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _cached_ok(pt: Path, sidecar: Path) -> str | None:
    """The checkpoint's sha256 when the file is there and matches the one recorded beside it."""
    try:
        recorded = json.loads(sidecar.read_text())["sha256"]
        actual = file_sha256(pt)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if actual != recorded:
        log.warning("%s is damaged (sha256 %s..., recorded %s...): converting the model again", pt, actual[:12], str(recorded)[:12])
        return None
    return actual


def ensure_checkpoint(folder: str | Path, source_sha256: str | None = None) -> Checkpoint:
    """The openai-whisper checkpoint for a CTranslate2 Whisper folder: from the cache when its checksum holds,
    converted (once) otherwise. `source_sha256`: the model.bin's checksum when the caller has verified it."""
    started = time.perf_counter()
    folder = Path(folder)
    model_bin = folder / "model.bin"
    if not model_bin.is_file():
        raise ModelError(f"{folder}: not a CTranslate2 Whisper model folder (no model.bin in it)")
    out_dir = cache_dir()
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        source = source_sha256 or _source_sha256(model_bin, out_dir)
    except OSError as exc:
        raise ModelError(f"cannot use the model cache {out_dir}: {exc.strerror or exc}") from None
    stem = f"openai-whisper-v{CONVERTER_VERSION}-{source[:24]}"
    pt, sidecar = out_dir / f"{stem}.pt", out_dir / f"{stem}.json"

    digest = _cached_ok(pt, sidecar)
    if digest:
        return Checkpoint(pt, digest, source, False, time.perf_counter() - started)
    try:
        with _locked(out_dir / f"{stem}.lock"):
            digest = _cached_ok(pt, sidecar)  # another process may have converted it while we waited
            if digest:
                return Checkpoint(pt, digest, source, False, time.perf_counter() - started)
            if source_sha256 is None and file_sha256(model_bin) != source:  # changed since it was stamped
                source = _source_sha256(model_bin, out_dir)
            log.info("converting %s into an openai-whisper checkpoint (once)", folder)
            fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=stem + ".", suffix=".tmp")  # mode 0600
            os.close(fd)
            try:
                convert(folder, Path(tmp))
                digest = file_sha256(Path(tmp))
                with open(tmp, "rb+") as f:
                    os.fsync(f.fileno())
                os.replace(tmp, pt)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            record = {"sha256": digest, "source": str(model_bin), "source_sha256": source, "converter": CONVERTER_VERSION}
            _write_atomic(sidecar, (json.dumps(record, indent=1) + "\n").encode())
    except OSError as exc:
        raise ModelError(f"cannot write the converted model to {out_dir}: {exc.strerror or exc}") from None
    seconds = time.perf_counter() - started
    log.info("converted %s in %.1f s: %s (%.0f MB)", folder, seconds, pt, pt.stat().st_size / 1e6)
    return Checkpoint(pt, digest, source, True, seconds)


# ---------------------------------------------------------------- loading


def alignment_dump(heads: list[list[int]], n_layer: int, n_head: int) -> bytes:
    """The heads in openai-whisper's own encoding (what `Whisper.set_alignment_heads` takes)."""
    import base64
    import gzip

    mask = np.zeros((n_layer, n_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))


def load_checkpoint(path: str | Path, expected_sha256: str | None = None, alignment_heads: bytes | None = None):
    """A `whisper.model.Whisper` (CPU, eval mode) from a checkpoint file, its state dict loaded strictly.
    `expected_sha256` is checked first; the alignment heads are the checkpoint's own, else `alignment_heads`
    (openai-whisper's encoding), else openai-whisper's default (the last half of the decoder layers)."""
    import torch
    from whisper.model import ModelDimensions, Whisper

    path = Path(path)
    if expected_sha256 is not None and file_sha256(path) != expected_sha256:
        raise ModelError(f"{path}: checksum mismatch: the converted model is damaged; delete it and load again")
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
        dims = ModelDimensions(**checkpoint["dims"])
        model = Whisper(dims)
        model.load_state_dict(checkpoint["model_state_dict"], strict=True)
    except (OSError, RuntimeError, KeyError, TypeError, ValueError, EOFError) as exc:
        raise ModelError(f"{path}: not a loadable openai-whisper checkpoint ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})") from None
    heads = checkpoint.get("alignment_heads")
    if heads:
        model.set_alignment_heads(alignment_dump(heads, dims.n_text_layer, dims.n_text_head))
    elif alignment_heads is not None:
        model.set_alignment_heads(alignment_heads)
    return model.eval()
