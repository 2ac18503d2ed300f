"""The live interview as a candidate has it (issue 16): `voicesim practice` on a terminal (a pseudo-terminal, so the
coach's panel is drawn ten times a second), the question spoken by the neural voice on the virtual speaker, the
answer played into the virtual microphone. Measures the wait from the end of the end-of-answer silence (the last
word + 3.0 s) to the scorecard, and the peak RSS of the practice process, for answers of about 30 s and 3 minutes in
Piper's natural voice and espeak, coach on and off, rounds interleaved.

    python benchmarks/bench_live_interview.py [--rounds 3] [--answers piper-30,piper-180,espeak-180]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench import _peak_rss_mb, _trailing_silence  # noqa: E402
from benchmarks.bench_streaming import answer_text  # noqa: E402

END_SILENCE_S = 3.0


class Terminal:
    """A command on a pseudo-terminal of 160x50; remembers when each awaited text first appeared."""

    def __init__(self, cmd: list[str], env: dict[str, str]):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
        self.proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=dict(env, TERM="xterm-256color"),
                                     start_new_session=True)
        os.close(slave)
        self._master = master
        self.text = ""
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.text += chunk.decode(errors="replace")

    def wait_for(self, text: str, after: int = 0, timeout: float = 600) -> tuple[float, int]:
        """When `text` appeared (after offset `after` of the output), and where."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._lock:
                found = self.text.find(text, after)
            if found >= 0:
                return time.perf_counter(), found
            time.sleep(0.005)
        raise RuntimeError(f"{text!r} never appeared; the screen ended with {self.text[-2000:]!r}")

    def close(self) -> None:
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._master)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--answers", default="piper-30,piper-180,espeak-180")
    args = parser.parse_args()

    from tests.recognition_eval import synthesize
    from tests.virtual_audio import VirtualAudio, available
    from voicesim.audio.decode import SAMPLE_RATE, load_audio

    reason = available()
    if reason:
        print(f"live interview: skipped ({reason})")
        return
    tmp = Path(tempfile.mkdtemp(prefix="voicesim-bench-live-"))
    folder = Path(tempfile.gettempdir()) / "voicesim-bench-streaming"
    folder.mkdir(exist_ok=True)
    answers = {}
    for name in args.answers.split(","):
        voice, seconds = name.split("-")
        # Piper's joe says about 3 words a second, espeak 2.8: the short answers' text is cut to about 30 s of speech
        path = synthesize(answer_text(float(seconds), 3.0 if voice == "piper" and seconds == "30" else 2.6), voice, folder)
        answers[name] = (path, len(load_audio(path)) / SAMPLE_RATE)
    configs = [(name, coach) for name in answers for coach in ("--coach", "--no-coach")
               if coach == "--coach" or name.endswith("-30")]  # the coach's cost: on the short answer
    runs: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with VirtualAudio() as va:
        for r in range(args.rounds):
            shift = r % len(configs)
            for name, coach in configs[shift:] + configs[:shift]:
                path, seconds = answers[name]
                term = Terminal([sys.executable, "-m", "voicesim", "-v", "practice", "--question", "rate-limiting", "--prep", "0",
                                 "--follow-ups", "0", "--recordings", str(tmp / f"rec-{r}-{name}{coach}"),
                                 "--max-seconds", str(seconds + 60), coach], va.env)
                _, at = term.wait_for("Recording")
                va.play(path, wait=True, timeout=seconds + 60)
                last_word = time.perf_counter() - _trailing_silence(path)
                on_screen, _ = term.wait_for("Overall", at)
                peak = _peak_rss_mb(term.proc.pid)
                os.write(term._master, b"q")  # nothing else is asked with one question; harmless if not read
                term.close()
                log = tmp / f"screen-{r}-{name}{coach}.txt"  # the screen with the -v log: why a wait was long
                log.write_text(term.text)
                wait = on_screen - last_word - END_SILENCE_S
                runs.setdefault((name, coach), []).append((wait, peak))
                print(f"round {r + 1}: {name} ({seconds:.0f} s) {coach}: wait {wait:.2f} s, peak RSS {peak:.0f} MB ({log})", flush=True)
    print(f"\n{len(os.sched_getaffinity(0))} cores; medians of {args.rounds} interleaved rounds")
    print("| answer | coach | wait median | wait worst | peak RSS median | peak RSS max |")
    print("|---|---|---|---|---|---|")
    for name, coach in configs:
        got = runs[name, coach]
        print(f"| {name} ({answers[name][1]:.0f} s) | {coach} | {statistics.median(w for w, _ in got):.2f} s | "
              f"{max(w for w, _ in got):.2f} s | {statistics.median(p for _, p in got):.0f} MB | {max(p for _, p in got):.0f} MB |")


if __name__ == "__main__":
    main()
