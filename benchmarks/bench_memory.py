"""Peak memory of `voicesim practice`, and the wait from the end of the answer's closing silence to the scorecard,
side by side on the virtual microphone (rounds interleaved, medians): as shipped; with glibc's allocator defaults
(VOICESIM_MALLOC_TUNING=0, voicesim/runtime.py); with the question's vocabulary favoured while decoding (issue 18,
off by default: VOICESIM_VOCABULARY_BIAS=2+s, the beam's best rescored and sound-alike candidates scored by the
model; =2, the rescoring alone; transcript/rescoring.py).

    python benchmarks/bench_memory.py [SECONDS] [ROUNDS]     (default: a 30 s answer, 3 rounds)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench import _peak_rss_mb, _trailing_silence, _wait_for, synth_answer  # noqa: E402
from tests.virtual_audio import VirtualAudio, available  # noqa: E402

CONFIGS = {"voicesim": {}, "glibc defaults": {"VOICESIM_MALLOC_TUNING": "0"},
           "vocabulary bias 2 + sound-alikes": {"VOICESIM_VOCABULARY_BIAS": "2+s"},
           "vocabulary bias 2, N-best only": {"VOICESIM_VOCABULARY_BIAS": "2"}}


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    reason = available()
    if reason:
        print(f"memory: skipped ({reason})")
        return
    tmp = Path(tempfile.mkdtemp(prefix="voicesim-bench-memory-"))
    answer = tmp / "answer.wav"
    actual = synth_answer(seconds, answer)
    results: dict[str, list[tuple[float, float]]] = {k: [] for k in CONFIGS}
    with VirtualAudio() as va:
        for r in range(rounds):
            keys = list(CONFIGS)
            for label in keys[r % len(keys):] + keys[:r % len(keys)]:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "voicesim", "practice", "--question", "rate-limiting", "--prep", "0", "--no-speak", "--follow-ups", "0",
                     "--recordings", str(tmp / f"rec-{r}-{label.replace(' ', '-')}"), "--max-seconds", str(seconds + 60)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(va.env, **CONFIGS[label]),
                    bufsize=1)
                _wait_for(proc, "Recording")
                va.play(answer, wait=True, timeout=actual + 60)
                last_word = time.perf_counter() - _trailing_silence(answer)
                _wait_for(proc, "Overall")
                delay = time.perf_counter() - last_word - 3.0
                peak = _peak_rss_mb(proc.pid)
                proc.communicate(timeout=60)
                results[label].append((delay, peak))
                print(f"round {r + 1}, {label}: end of silence -> scorecard {delay:.2f} s, peak RSS {peak:.0f} MB", flush=True)
    print(f"practice, {actual:.0f} s answer, {os.cpu_count()} cores, {rounds} rounds interleaved, medians:")
    base_peak = statistics.median(p for _, p in results["voicesim"])
    base_wait = statistics.median(d for d, _ in results["voicesim"])
    for label, runs in results.items():
        peak = statistics.median(p for _, p in runs)
        wait = statistics.median(d for d, _ in runs)
        print(f"  {label}: peak RSS {peak:.0f} MB (max {max(p for _, p in runs):.0f}; {peak / base_peak:.2f}x shipped), "
              f"end of silence -> scorecard {wait:.2f} s (worst {max(d for d, _ in runs):.2f}; {wait / base_wait:.2f}x shipped)")


if __name__ == "__main__":
    main()
