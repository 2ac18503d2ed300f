"""The interviewer's voice: from "question shown" to its first sound (the first audio handed to the output device),
neural (Piper joe with ONNX Runtime) against espeak-ng, and the memory the neural voice adds.

    python benchmarks/bench_voice.py [ROUNDS] [PRACTICE_ROUNDS]     (default 3 rounds, 2 practice rounds)

On the virtual speaker (tests/virtual_audio.py). Rounds interleaved, the order of the voices rotating. The neural
voice is timed twice per question: "cold", its model starting to load when the question is shown (worse than a
session, which starts loading before the devices are checked), and "warm", loaded a second earlier (a session
loads it while the previous scorecard is read). Then the resident memory it adds in a process of its own, and the
peak of `voicesim practice` with each voice (a 20 s answer, Whisper loaded, the question spoken).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench import _peak_rss_mb, _wait_for, synth_answer  # noqa: E402
from tests.virtual_audio import VirtualAudio, available  # noqa: E402

QUESTIONS = ("rate-limiting", "cap-theorem", "rest-vs-graphql", "horizontal-vs-vertical-scaling", "microservices")
CULTURE = ("giving-candid-feedback", "failure")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _prompts() -> list[tuple[str, str]]:
    from voicesim.question.bank import load_bank

    backend, culture = load_bank("netflix-backend"), load_bank("netflix-culture")
    ids = {q.id for q in backend.questions}
    out = [(q, backend.question(q).prompt) for q in QUESTIONS if q in ids]
    return out + [(q, culture.question(q).prompt) for q in CULTURE]


def child_latency(rounds: int) -> None:
    """In the virtual audio's environment: each question spoken by each voice, first-sound times as JSON lines."""
    from voicesim.runtime import tune_allocator
    from voicesim.speech.interviewer import EspeakVoice, NeuralWithFallback

    tune_allocator()
    import sounddevice  # noqa: F401  (a session has it loaded when it speaks)

    kinds = ["neural cold", "neural warm", "espeak"]
    for r in range(rounds):
        for kind in kinds[r % 3:] + kinds[:r % 3]:
            for qid, prompt in _prompts():
                if kind == "espeak":
                    voice = EspeakVoice()
                else:
                    voice = NeuralWithFallback()
                    voice.prepare()
                    if kind == "neural warm":
                        time.sleep(1.0)
                spoken = voice.speak(prompt)
                voice.release()
                print(json.dumps({"round": r, "kind": kind, "question": qid, "voice": spoken.voice, "first": spoken.first_sound_s,
                                  "seconds": spoken.seconds}), flush=True)


def child_memory() -> None:
    """Resident memory added by the neural voice, in a process that already has what practice has loaded."""
    import numpy  # noqa: F401
    import onnxruntime  # noqa: F401
    import sounddevice  # noqa: F401

    from voicesim.runtime import release_free_memory, tune_allocator
    from voicesim.speech.neural import NeuralVoice, find_voices

    tune_allocator()
    release_free_memory()
    before = _rss_mb()
    voice = NeuralVoice(find_voices()[0])
    voice.load()
    loaded = _rss_mb()
    for _, prompt in _prompts():
        for ids in voice.chunk_ids(prompt):
            voice.synthesize(ids)
    peak = _hwm_mb()
    voice.release()
    print(json.dumps({"before": before, "loaded": loaded, "peak": peak, "released": _rss_mb()}), flush=True)


def _practice_peak(va: VirtualAudio, answer: Path, seconds: float, voice: str, folder: Path) -> tuple[float, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicesim", "-v", "practice", "--question", "rate-limiting", "--prep", "0", "--follow-ups", "0",
         "--voice", voice, "--recordings", str(folder), "--max-seconds", str(seconds + 60)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=va.env, bufsize=1)
    _wait_for(proc, "Recording")
    va.play(answer, wait=True, timeout=seconds + 60)
    _wait_for(proc, "Overall")
    peak = _peak_rss_mb(proc.pid)
    out, _ = proc.communicate(timeout=60)
    return peak, out


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    practice_rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    reason = available()
    if reason:
        print(f"voice: skipped ({reason})")
        return
    me = str(Path(__file__).resolve())
    with VirtualAudio() as va:
        done = subprocess.run([sys.executable, me, "--child-latency", str(rounds)], env=va.env, capture_output=True, text=True, timeout=1800)
        rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        if not rows:
            raise SystemExit(done.stderr)
        memory = json.loads(subprocess.run([sys.executable, me, "--child-memory"], env=va.env, capture_output=True, text=True,
                                           timeout=600).stdout.splitlines()[-1])
        tmp = Path(tempfile.mkdtemp(prefix="voicesim-bench-voice-"))
        answer = tmp / "answer.wav"
        actual = synth_answer(20, answer)
        peaks: dict[str, list[float]] = {"joe": [], "espeak": []}
        for r in range(practice_rounds):
            for voice in (["joe", "espeak"] if r % 2 == 0 else ["espeak", "joe"]):
                peak, _ = _practice_peak(va, answer, actual, voice, tmp / f"rec-{r}-{voice}")
                peaks[voice].append(peak)
                print(f"round {r + 1}, practice --voice {voice}: peak RSS {peak:.0f} MB", flush=True)

    print(f"\nQuestion shown -> first sound, {os.cpu_count()} cores, {rounds} interleaved rounds, seconds:")
    print(f"{'question':<32} {'neural cold':>18} {'neural warm':>18} {'espeak':>18}")
    kinds = ("neural cold", "neural warm", "espeak")
    for qid, _ in _prompts():
        cells = []
        for kind in kinds:
            times = [row["first"] for row in rows if row["question"] == qid and row["kind"] == kind and row["first"] is not None]
            cells.append(f"{statistics.median(times):.2f} (max {max(times):.2f})" if times else "-")
        print(f"{qid:<32} " + " ".join(f"{c:>18}" for c in cells))
    for kind in kinds:
        times = [row["first"] for row in rows if row["kind"] == kind and row["first"] is not None]
        voices = {row["voice"] for row in rows if row["kind"] == kind}
        print(f"all, {kind:<12} median {statistics.median(times):.2f} s, worst {max(times):.2f} s ({', '.join(sorted(voices))})")
    print(f"\nNeural voice memory (a process with numpy, ONNX Runtime and sounddevice loaded, {memory['before']:.0f} MB): "
          f"+{memory['loaded'] - memory['before']:.0f} MB loaded, peak +{memory['peak'] - memory['before']:.0f} MB while "
          f"synthesising, +{memory['released'] - memory['before']:.0f} MB after release()")
    for voice, values in peaks.items():
        print(f"practice --voice {voice}, {actual:.0f} s answer: peak RSS median {statistics.median(values):.0f} MB, max {max(values):.0f} MB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child-latency":
        child_latency(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child-memory":
        child_memory()
    else:
        main()
