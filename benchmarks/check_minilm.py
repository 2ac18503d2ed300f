"""Reference check of voicesim/question/embedding.py (the numpy all-MiniLM-L6-v2), and its cost on this machine.

    python benchmarks/check_minilm.py

1. The same model written a second time with torch (its own safetensors reader, torch.nn.functional ops) on five
   sentences of different lengths in one padded batch: the numpy embeddings must match within 1e-4, and each
   sentence embedded alone must give what it gives in the batch (the padding mask).
2. The similarity matrix sentence-transformers publishes for this model in its README/quickstart
   ("The weather is lovely today." / "It's so sunny outside!" / "He drove to the stadium.":
   0.6660, 0.1046, 0.1411) must come out to within 5e-4.
3. Cosine similarities of paraphrased and unrelated interview questions (printed, not asserted).
4. Time and memory of embedding 200 short sentences, measured in a child process that never imports torch:
   RSS before loading the model, after loading, after embedding, and the peak.

torch is used here only; the embedder needs numpy and tokenizers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from voicesim.question.embedding import MiniLMEmbedder, model_zip_path  # noqa: E402

CHECK_SENTENCES = [
    "How would you design a URL shortener?",
    "Tell me about a time you failed.",
    "Walk me through what happens, step by step, when you type a web address into a browser and press enter, "
    "from DNS resolution to the TCP and TLS handshakes to rendering the page.",
    "Why?",
    "Explain the CAP theorem and the trade-offs it implies for a globally replicated key-value store.",
]

PUBLISHED = (
    ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."],
    np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]]),
)

PAIRS = [
    ("paraphrase", "How would you design a URL shortener?", "Build a service like TinyURL."),
    ("paraphrase", "How would you design a URL shortener?", "Design a system that turns long links into short ones."),
    ("paraphrase", "Tell me about a time you failed.", "Describe a situation where you made a mistake at work."),
    ("paraphrase", "How would you design a rate limiter?",
     "How do you stop a client from sending too many requests to an API?"),
    ("paraphrase", "What happens when you type a URL into the browser?",
     "Walk me through loading a web page, from the address bar to the rendered page."),
    ("paraphrase", "Tell me about a conflict with a coworker.",
     "Describe a disagreement you had with a teammate and how you resolved it."),
    ("paraphrase", "What is the difference between a process and a thread?", "How do threads differ from processes?"),
    ("unrelated", "How would you design a URL shortener?", "Tell me about a time you failed."),
    ("unrelated", "Build a service like TinyURL.", "Tell me about a time you failed."),
    ("unrelated", "How would you design a rate limiter?",
     "Describe a disagreement you had with a teammate and how you resolved it."),
    ("unrelated", "What is the difference between a process and a thread?", "Why do you want to work here?"),
    ("unrelated", "Design a chat application like WhatsApp.", "How does garbage collection work in Java?"),
    ("near topic", "How would you design a URL shortener?", "How would you design a rate limiter?"),
    ("near topic", "Tell me about a time you failed.", "Tell me about a time you led a project."),
]


def short_sentences(n: int = 200) -> list[str]:
    """n distinct short interview-style sentences (about 6-12 words)."""
    subjects = ["a URL shortener", "a rate limiter", "a chat service", "a news feed", "a payment system",
                "a web crawler", "a key-value store", "a notification system", "a file sync service",
                "a video streaming site", "a search autocomplete", "a ride sharing app", "a distributed cache",
                "a job scheduler", "a metrics pipeline", "an online bookstore", "a ticket booking system",
                "a photo sharing app", "a leaderboard", "a logging service"]
    templates = ["How would you design {}?", "What are the bottlenecks of {}?",
                 "How does {} scale to millions of users?",
                 "Which database would you pick for {}?", "How would you test {}?", "What can fail in {}?",
                 "How do you monitor {} in production?", "Sketch the API of {}.",
                 "How would you make {} highly available?", "What would you cache in {}?"]
    out = [t.format(s) for t in templates for s in subjects]
    return out[:n]


# ---------------------------------------------------------------- torch reference (an independent second writing)

def torch_reference(texts: list[str]) -> np.ndarray:
    import torch
    import torch.nn.functional as F
    from tokenizers import Tokenizer

    with zipfile.ZipFile(model_zip_path()) as zf:
        cfg = json.loads(zf.read("config.json"))
        max_len = json.loads(zf.read("sentence_bert_config.json"))["max_seq_length"]
        tok = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
        raw = bytearray(zf.read("model.safetensors"))
    n = int.from_bytes(raw[:8], "little")
    header = json.loads(bytes(raw[8:8 + n]))
    dtypes = {"F32": torch.float32, "I64": torch.int64}
    W = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        dt = dtypes[meta["dtype"]]
        count = (b - a) // torch.tensor([], dtype=dt).element_size()
        W[name] = torch.frombuffer(raw, dtype=dt, count=count, offset=8 + n + a).reshape(meta["shape"]).clone()

    tok.no_padding()
    tok.no_truncation()
    seqs = []
    for t in texts:
        full = tok.encode(t).ids  # [CLS] ... [SEP]
        # Truncation keeps [CLS], the first max_len - 2 word pieces and [SEP].
        seqs.append(full if len(full) <= max_len else full[:max_len - 1] + [full[-1]])
    longest = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), longest, dtype=torch.long)
    attn = torch.zeros(len(seqs), longest, dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        attn[i, :len(s)] = True

    H, nh, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    hd = H // nh
    B, S = ids.shape
    with torch.no_grad():
        h = (F.embedding(ids, W["embeddings.word_embeddings.weight"])
             + W["embeddings.position_embeddings.weight"][torch.arange(S)][None]
             + F.embedding(torch.zeros_like(ids), W["embeddings.token_type_embeddings.weight"]))
        h = F.layer_norm(h, (H,), W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
        keep = attn[:, None, None, :].expand(B, nh, S, S)  # True where attention is allowed
        for i in range(cfg["num_hidden_layers"]):
            L = lambda k: W[f"encoder.layer.{i}.{k}"]  # noqa: E731

            def heads(t: torch.Tensor) -> torch.Tensor:
                return t.view(B, S, nh, hd).permute(0, 2, 1, 3)

            q = heads(F.linear(h, L("attention.self.query.weight"), L("attention.self.query.bias")))
            k = heads(F.linear(h, L("attention.self.key.weight"), L("attention.self.key.bias")))
            v = heads(F.linear(h, L("attention.self.value.weight"), L("attention.self.value.bias")))
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=keep).permute(0, 2, 1, 3).reshape(B, S, H)
            a = F.linear(ctx, L("attention.output.dense.weight"), L("attention.output.dense.bias"))
            h = F.layer_norm(a + h, (H,), L("attention.output.LayerNorm.weight"),
                             L("attention.output.LayerNorm.bias"), eps)
            f = F.gelu(F.linear(h, L("intermediate.dense.weight"), L("intermediate.dense.bias")))
            f = F.linear(f, L("output.dense.weight"), L("output.dense.bias"))
            h = F.layer_norm(f + h, (H,), L("output.LayerNorm.weight"), L("output.LayerNorm.bias"), eps)
        m = attn.unsqueeze(-1).float()
        pooled = (h * m).sum(1) / m.sum(1).clamp(min=1e-9)
        return F.normalize(pooled, p=2, dim=1).numpy()


# ---------------------------------------------------------------- timing and memory, in a child without torch

def _rss_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def timing_child() -> None:
    assert "torch" not in sys.modules
    sentences = short_sentences(200)
    before = _rss_mb()
    t0 = time.perf_counter()
    emb = MiniLMEmbedder()
    load_s = time.perf_counter() - t0
    loaded = _rss_mb()
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = emb.embed(sentences)
        runs.append(time.perf_counter() - t0)
    assert out.shape == (200, 384)
    ntok = int(emb.tokenize(sentences)[1].sum())
    print(json.dumps({
        "load_s": load_s, "embed_s": runs, "tokens": ntok, "rss_before_mb": before, "rss_loaded_mb": loaded,
        "rss_after_mb": _rss_mb(), "rss_peak_mb": _rss_mb("VmHWM"), "torch_imported": "torch" in sys.modules,
        "cpus": os.cpu_count(),
    }))


# ----------------------------------------------------------------

def main() -> None:
    emb = MiniLMEmbedder()

    # 1. torch reference
    ours = emb.embed(CHECK_SENTENCES)
    ref = torch_reference(CHECK_SENTENCES)
    diff = float(np.abs(ours - ref).max())
    lengths = emb.tokenize(CHECK_SENTENCES)[1].sum(axis=1).tolist()
    print(f"torch reference, 5 sentences ({lengths} tokens, one padded batch): max |numpy - torch| = {diff:.2e}")
    assert ours.shape == (5, 384) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert diff < 1e-4, diff
    alone = np.vstack([emb.embed([s]) for s in CHECK_SENTENCES])
    alone_diff = float(np.abs(alone - ours).max())
    print(f"each sentence alone vs in the padded batch: max diff = {alone_diff:.2e}")
    assert alone_diff < 1e-5, alone_diff
    long_text = " ".join(["scalability"] * 400)
    long_diff = float(np.abs(emb.embed([long_text]) - torch_reference([long_text])).max())
    print(f"a 400-word text (truncated to {emb.max_seq_length} tokens): max |numpy - torch| = {long_diff:.2e}")
    assert long_diff < 1e-4, long_diff
    assert emb.embed([]).shape == (0, 384)

    # 2. the published similarity matrix
    texts, expected = PUBLISHED
    v = emb.embed(texts)
    got = v @ v.T
    pub_diff = float(np.abs(got - expected).max())
    print(f"sentence-transformers' published matrix: got {got[0, 1]:.4f} {got[0, 2]:.4f} {got[1, 2]:.4f} "
          f"(published 0.6660 0.1046 0.1411), max diff {pub_diff:.1e}")
    assert pub_diff < 5e-4, pub_diff

    # 3. paraphrases
    print("\ncosine similarity:")
    for kind, a, b in PAIRS:
        ea, eb = emb.embed([a, b])
        print(f"  {float(ea @ eb):.3f}  {kind:<10}  {a!r} ~ {b!r}")

    # 4. time and memory: OpenBLAS's default threads (one per CPU) and one thread, one child each
    print(f"\n200 short sentences, {os.cpu_count()} CPUs, a child process without torch per setting "
          f"(load average before: {os.getloadavg()[0]:.2f}):")
    for label, threads in (("default BLAS threads", None), ("OPENBLAS_NUM_THREADS=1", "1")):
        env = dict(os.environ)
        if threads:
            env.update(OPENBLAS_NUM_THREADS=threads, OMP_NUM_THREADS=threads)
        child = subprocess.run([sys.executable, __file__, "--timing-child"], capture_output=True, text=True,
                               env=env, check=True)
        r = json.loads(child.stdout.strip().splitlines()[-1])
        runs = ", ".join(f"{s:.2f}" for s in r["embed_s"])
        print(f"  {label}: model load {r['load_s']:.2f} s; embed 200 ({r['tokens']} tokens): {runs} s "
              f"(three runs; {1000 * min(r['embed_s']) / 200:.1f} ms/sentence at best)")
        print(f"    RSS {r['rss_before_mb']:.0f} MB before load -> {r['rss_loaded_mb']:.0f} MB loaded "
              f"(+{r['rss_loaded_mb'] - r['rss_before_mb']:.0f}) -> {r['rss_after_mb']:.0f} MB after embedding "
              f"(+{r['rss_after_mb'] - r['rss_before_mb']:.0f}); peak {r['rss_peak_mb']:.0f} MB "
              f"(+{r['rss_peak_mb'] - r['rss_before_mb']:.0f})")
    print(f"  load average after: {os.getloadavg()[0]:.2f}")
    print("\nall checks passed")


if __name__ == "__main__":
    if sys.argv[1:] == ["--timing-child"]:
        timing_child()
    else:
        main()
