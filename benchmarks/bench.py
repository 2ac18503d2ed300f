"""`make bench`: speed and memory of voicesim on this machine. Prints figures; asserts nothing.

1. `voicesim --help` start-up time.
2. A synthesised 60 s answer: model load, transcription wall time, real-time factor,
   scoring time and peak RSS, measured in a fresh child process per thread count; then the
   spread over every question's strong answer (one clip each).
3. The latency the candidate feels in `voicesim practice` (virtual microphone): from the end of the
   end-of-answer silence of a 30 s and a 180 s answer to the scorecard on screen, streaming on and off,
   with its peak RSS; and from starting `voicesim practice` to the first sound of the first question.
The engines side by side are in bench_engines.py (also run by `make bench`). VOICESIM_BENCH_LENGTHS=30 (seconds,
comma-separated) runs the practice latency for those answer lengths only.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ANSWER = (
    "I would start with the algorithm. A token bucket allows short bursts while keeping a steady average rate, "
    "and a sliding window is smoother than a fixed window. The counters live in Redis so every instance sees the "
    "same numbers, with an atomic increment and an expiry. I would limit per API key and per user, with higher "
    "limits for paid tiers. Over the limit we return status four twenty nine with a Retry-After header. The limiter "
    "runs in the API gateway. If Redis is down we fail open, and we monitor rejections with metrics and alerts. "
)


def synth_answer(seconds: float, path: Path) -> float:
    """A spoken answer of about `seconds`, rendered by voicesim's own TTS adapter; its text beside it (.txt)."""
    from voicesim.audio.decode import SAMPLE_RATE, load_audio
    from voicesim.speech.speaker import Pyttsx3Speaker

    speaker = Pyttsx3Speaker(rate=160)
    text = ANSWER
    while True:
        speaker.render(text, path)
        duration = len(load_audio(path)) / SAMPLE_RATE
        if duration >= seconds:
            break
        text += ANSWER
    # trim to the last sentence end that fits: whole sentences only
    sentences = re.split(r"(?<=\.) ", text.strip())
    words_per_s = len(text.split()) / duration
    kept, count = [], 0
    for s in sentences:
        if (count + len(s.split())) / words_per_s > seconds:
            break
        kept.append(s)
        count += len(s.split())
    speaker.render(" ".join(kept), path)
    path.with_suffix(".txt").write_text(" ".join(kept))  # the script, for word error rates
    return len(load_audio(path)) / SAMPLE_RATE


def child(audio: str, threads: int) -> None:
    """Runs in a fresh process so that its peak RSS is voicesim's alone."""
    t0 = time.perf_counter()
    from voicesim.audio.decode import load_audio
    from voicesim.question.bank import load_bank
    from voicesim.scoring import score_answer
    from voicesim.transcript.whisper import make_transcriber

    imported = time.perf_counter()
    transcriber = make_transcriber(cpu_threads=threads)
    transcriber.load()
    loaded = time.perf_counter()
    samples = load_audio(audio)
    transcript = transcriber.transcribe(samples)
    transcribed = time.perf_counter()
    question = load_bank().question("rate-limiting")
    score = score_answer(transcript, question)
    scored = time.perf_counter()
    print(json.dumps({
        "import_s": imported - t0, "load_s": loaded - imported, "transcribe_s": transcribed - loaded,
        "score_s": scored - transcribed, "audio_s": transcript.duration, "words": len(transcript.words),
        "coverage": score.coverage.score, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def bench_bank_answers(tmp: Path) -> None:
    """Every question's strong answer as one clip: the spread of transcription time, and how often
    the filler prompt lost speech that had to be transcribed again (see transcribe.py)."""
    import logging
    import statistics

    from tests.audio_helpers import synth
    from tests.bank_answers import STRONG
    from voicesim.audio.decode import SAMPLE_RATE, load_audio
    from voicesim.transcript.whisper import make_transcriber

    retried: list[str] = []

    class CountRetries(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "re-transcribed" in record.getMessage():
                retried.append(record.getMessage())

    logging.getLogger("voicesim.transcript.whisper").addHandler(CountRetries())
    logging.getLogger("voicesim.transcript.whisper").setLevel(logging.INFO)
    transcriber = make_transcriber()
    transcriber.load()
    rows = []
    for qid, text in STRONG.items():
        audio = load_audio(synth(text, tmp / f"{qid}.wav"))
        before = len(retried)
        started = time.perf_counter()
        transcriber.transcribe(audio)
        rows.append((time.perf_counter() - started, len(audio) / SAMPLE_RATE, len(retried) > before))
    times = [t for t, _, _ in rows]
    factors = [t / d for t, d, _ in rows]
    print(f"ten bank answers ({min(d for _, d, _ in rows):.0f}-{max(d for _, d, _ in rows):.0f} s): transcription "
          f"min {min(times):.2f} s, median {statistics.median(times):.2f} s, max {max(times):.2f} s "
          f"(real-time factor up to {max(factors):.3f}); {sum(r for _, _, r in rows)} of {len(rows)} needed the no-prompt retry")


def bench_help() -> float:
    times = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "voicesim", "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return min(times)


def bench_transcription(path: Path, threads: int, runs: int = 3) -> dict:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", str(path), str(threads)], check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(results, key=lambda r: r["transcribe_s"])
    best["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    return best


def bench_practice_latency(tmp: Path) -> None:
    """The wait the candidate feels: from the end of the end-of-answer silence (the last word + 3.0 s) to the
    scorecard on screen, streaming on and off and at 1 and 2 threads, the runs interleaved; and the peak RSS of
    `voicesim practice` (the kernel's high-water mark, read before it exits)."""
    from tests.virtual_audio import VirtualAudio, available

    reason = available()
    if reason:
        print(f"practice latency: skipped ({reason})")
        return
    configs = (("streaming", "--streaming", 1), ("streaming", "--streaming", 2), ("one pass", "--no-streaming", 1))
    with VirtualAudio() as va:
        answers = {}
        for seconds in [int(x) for x in os.environ.get("VOICESIM_BENCH_LENGTHS", "30,180").split(",")]:
            answers[seconds] = (tmp / f"answer{seconds}.wav", synth_answer(seconds, tmp / f"answer{seconds}.wav"))
        lengths = [int(x) for x in os.environ.get("VOICESIM_BENCH_LENGTHS", "30,180").split(",")]
        rounds = int(os.environ.get("VOICESIM_BENCH_ROUNDS", "3"))
        waits: dict[tuple[int, str, int], list[tuple[float, float]]] = {}
        for r in range(rounds):
            for n, (seconds, (answer, actual)) in enumerate((s, answers[s]) for s in lengths):
                shift = (n + r) % len(configs)  # interleaved: each round starts with another configuration
                for label, flag, threads in configs[shift:] + configs[:shift]:
                    rec = tmp / f"rec{seconds}-{flag}-{threads}-{r}"
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "voicesim", "practice", "--question", "rate-limiting", "--prep", "0", "--no-speak", "--follow-ups", "0",
                         "--recordings", str(rec), "--max-seconds", str(seconds + 60), flag, "--threads", str(threads)],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=va.env, bufsize=1,
                    )
                    _wait_for(proc, "Recording")
                    va.play(answer, wait=True, timeout=actual + 60)
                    # the answer's last word: end of playback less the trailing silence of the rendered file
                    last_word = time.perf_counter() - _trailing_silence(answer)
                    _wait_for(proc, "Overall")
                    on_screen = time.perf_counter()
                    peak = _peak_rss_mb(proc.pid)
                    proc.communicate(timeout=60)
                    if peak != peak:  # it had exited already: the largest child so far (these runs are the largest)
                        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                    wait = on_screen - last_word - 3.0
                    waits.setdefault((seconds, label, threads), []).append((wait, peak))
                    print(f"round {r + 1}: practice, {actual:.0f} s answer, {label}, {threads} thread(s): end of the end-of-answer silence -> "
                          f"scorecard on screen {wait:.2f} s (last word -> scorecard {on_screen - last_word:.2f} s), peak RSS {peak:.0f} MB", flush=True)
        print(f"practice, medians of {rounds} interleaved rounds (end of the end-of-answer silence -> scorecard on screen):")
        for seconds in lengths:
            one_pass = statistics.median(w for w, _ in waits[(seconds, "one pass", 1)])
            for label, _, threads in configs:
                runs = waits[(seconds, label, threads)]
                wait = statistics.median(w for w, _ in runs)
                print(f"  {answers[seconds][1]:.0f} s answer, {label}, {threads} thread(s): {wait:.2f} s "
                      f"({one_pass / wait if wait > 0 else float('inf'):.1f}x faster than one pass), peak RSS median "
                      f"{statistics.median(p for _, p in runs):.0f} MB, max {max(p for _, p in runs):.0f} MB", flush=True)

        # start of `voicesim practice` -> first sound of the question in the virtual speaker
        capture = tmp / "speaker.wav"
        with va.record_speaker(capture):
            time.sleep(0.5)  # capture running before voicesim starts: onset is measured from here
            proc = subprocess.Popen(
                [sys.executable, "-m", "voicesim", "practice", "--question", "rate-limiting", "--prep", "0", "--recordings", str(tmp / "rec-start"),
                 "--no-speech-timeout", "3"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=va.env,
            )
            proc.communicate(timeout=120)
        onset = _first_sound(capture)
        if onset is None:
            print("practice start -> first word of the question: no sound captured")
        else:
            print(f"practice start -> first word of the question spoken: {onset - 0.5:.2f} s")


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _wait_for(proc: subprocess.Popen, text: str, timeout: float = 300) -> None:
    deadline = time.perf_counter() + timeout
    for line in proc.stdout:
        if text in line:
            return
        if time.perf_counter() > deadline:
            break
    raise RuntimeError(f"'{text}' never appeared")


def _voiced(path: Path) -> tuple["np.ndarray", int]:
    """Indices of the samples above -40 dBFS, and the clip's length in samples."""
    import numpy as np

    from voicesim.audio.decode import load_audio

    audio = load_audio(path)
    return np.flatnonzero(np.abs(audio) > 0.01), len(audio)


def _trailing_silence(path: Path) -> float:
    from voicesim.audio.decode import SAMPLE_RATE

    loud, length = _voiced(path)
    return (length - loud[-1]) / SAMPLE_RATE if len(loud) else 0.0


def _first_sound(path: Path) -> float | None:
    from voicesim.audio.decode import SAMPLE_RATE

    loud, _ = _voiced(path)
    return loud[0] / SAMPLE_RATE if len(loud) else None


def main() -> None:
    from voicesim.transcript.whisper import default_cpu_threads

    cores = len(os.sched_getaffinity(0))
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}")
    print(f"voicesim --help: {bench_help() * 1000:.0f} ms (best of 5)")
    with tempfile.TemporaryDirectory(prefix="voicesim-bench-") as tmp_name:
        tmp = Path(tmp_name)
        answer = tmp / "answer60.wav"
        seconds = synth_answer(60, answer)
        print(f"answer: {seconds:.1f} s of synthesised speech")
        default = default_cpu_threads()
        for threads in sorted({1, 2, default}):
            r = bench_transcription(answer, threads)
            mark = " (default here)" if threads == default else ""
            print(f"cpu_threads={threads}{mark}: model load {r['load_s']:.2f} s, transcription {r['transcribe_s']:.2f} s "
                  f"(real-time factor {r['transcribe_s'] / r['audio_s']:.3f}), scoring {r['score_s'] * 1000:.1f} ms, "
                  f"transcribe+score {r['transcribe_s'] + r['score_s']:.2f} s, peak RSS {r['peak_rss_mb']:.0f} MB, "
                  f"{r['words']} words, coverage {r['coverage']:.2f}")
        bench_bank_answers(tmp)
        bench_practice_latency(tmp)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
