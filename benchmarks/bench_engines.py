"""The engines side by side on the same audio: faster-whisper int8, faster-whisper float32 and openai-whisper, on
the same bundled weights, the same beam size and context, in one run.

Audio: answers of about 30, 60 and 180 s spoken by espeak-ng and by Piper's natural voice (when installed),
and ../shared/audio/jfk.flac (real speech). Each engine runs in its own child process (so its peak RSS is its
own), all files in turn; rounds rotate the order of the engines and the medians are printed, with the ratio to
faster-whisper int8 and the word error rate against the script.

    .venv/bin/python benchmarks/bench_engines.py [--rounds 3] [--threads N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ENGINES = (("faster-whisper int8", "faster-whisper", "int8"), ("faster-whisper float32", "faster-whisper", "float32"),
           ("openai-whisper", "openai-whisper", None))
LENGTHS = (30, 60, 180)


def child(engine: str, compute_type: str | None, threads: int, files: list[str], vocabulary: list[str]) -> None:
    """One engine over every file; prints per file the transcription time and text, and the peak RSS."""
    from voicesim.audio.decode import load_audio
    from voicesim.transcript.whisper import make_transcriber

    transcriber = make_transcriber(engine=engine, compute_type=compute_type, cpu_threads=threads, measure_voice=False)
    started = time.perf_counter()
    transcriber.load()
    load_s = time.perf_counter() - started
    out = []
    for path in files:
        audio = load_audio(path)
        started = time.perf_counter()
        transcript = transcriber.transcribe(audio, vocabulary=vocabulary)
        out.append({"file": path, "seconds": time.perf_counter() - started, "audio_s": len(audio) / 16000, "text": transcript.text})
    print(json.dumps({"load_s": load_s, "files": out, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _clips(tmp: Path) -> list[tuple[str, Path, str]]:
    """(name, audio, script) for every clip."""
    from benchmarks.bench import synth_answer
    from tests.piper_voice import unavailable

    clips = []
    for seconds in LENGTHS:
        path = tmp / f"espeak{seconds}.wav"
        synth_answer(seconds, path)
        clips.append((f"espeak {seconds} s", path, path.with_suffix(".txt").read_text()))
    if unavailable() is None:
        from tests.piper_voice import piper_synth

        for seconds in LENGTHS:
            script = (tmp / f"espeak{seconds}.wav").with_suffix(".txt").read_text()
            clips.append((f"piper {seconds} s", piper_synth(script, tmp / f"piper{seconds}.wav"), script))
    jfk = REPO.parent / "shared" / "audio" / "jfk.flac"
    if jfk.is_file():
        reference = next((p for p in jfk.parent.glob("jfk*.txt")), None)
        clips.append(("jfk.flac (real speech)", jfk, reference.read_text() if reference else ""))
    return clips


def main() -> None:
    import jiwer

    from voicesim.question.bank import load_bank
    from voicesim.transcript.whisper import default_cpu_threads

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=default_cpu_threads())
    args = parser.parse_args()
    vocabulary = list(load_bank().question("rate-limiting").vocabulary)
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="voicesim-engines-") as tmp_name:
        clips = _clips(Path(tmp_name))
        files = [str(p) for _, p, _ in clips]
        runs: dict[str, list[dict]] = {label: [] for label, _, _ in ENGINES}
        for r in range(args.rounds):
            order = ENGINES[r % len(ENGINES):] + ENGINES[:r % len(ENGINES)]
            for label, engine, compute in order:
                cmd = [sys.executable, __file__, "--child", engine, compute or "-", str(args.threads), json.dumps(files), json.dumps(vocabulary)]
                done = subprocess.run(cmd, capture_output=True, text=True)
                if done.returncode != 0:
                    print(f"{label}: failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
                    continue
                runs[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"  round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    print(f"engines, {date.today()}: {cores} cores, {args.threads} thread(s), beam 5, filler prompt + the question's "
          f"vocabulary, {args.rounds} interleaved rounds, medians")
    print("| clip | engine | wall (median) | real-time factor | vs faster-whisper int8 | WER vs script |")
    print("|---|---|---|---|---|---|")
    base: dict[str, float] = {}
    for name, path, script in clips:
        for label, _, _ in ENGINES:
            per = [f for run in runs[label] for f in run["files"] if f["file"] == str(path)]
            if not per:
                continue
            wall = statistics.median(f["seconds"] for f in per)
            base.setdefault(name, wall)
            wer = jiwer.wer(_norm(script), _norm(per[0]["text"])) if script else float("nan")
            print(f"| {name} | {label} | {wall:.2f} s | {wall / per[0]['audio_s']:.3f} | {wall / base[name]:.2f}x | {wer:.3f} |")
    print()
    print("| engine | model load (median) | peak RSS (max) | total transcription (median of rounds) |")
    print("|---|---|---|---|")
    for label, _, _ in ENGINES:
        if runs[label]:
            total = statistics.median(sum(f["seconds"] for f in run["files"]) for run in runs[label])
            print(f"| {label} | {statistics.median(r['load_s'] for r in runs[label]):.2f} s | "
                  f"{max(r['peak_rss_mb'] for r in runs[label]):.0f} MB | {total:.1f} s |")


if __name__ == "__main__":
    if len(sys.argv) == 7 and sys.argv[1] == "--child":
        child(sys.argv[2], None if sys.argv[3] == "-" else sys.argv[3], int(sys.argv[4]), json.loads(sys.argv[5]), json.loads(sys.argv[6]))
    else:
        main()
