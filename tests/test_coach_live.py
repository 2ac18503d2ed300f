"""The coach on a real terminal: `voicesim practice` runs in tmux on the virtual microphone while a natural voice
(Piper) answers with fillers and pauses; the screen is read (`tmux capture-pane`) while the answer goes on and
after it ends. Whisper mishears: the assertions on words are tolerant, the ones on figures exact."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import REPO
from tests.piper_voice import piper_synth, unavailable

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(unavailable()), reason=unavailable() or "")]

# About 40 s: fillers as a person says them, and silences between the parts (shorter than --end-silence).
PARTS = (
    "Um, so for rate limiting I would start with a token bucket for each API key. The bucket refills at a steady "
    "rate, so, uh, short bursts are fine.",
    "The counters live in Redis, and the increment and the expiry run together in a Lua script, so, um, two servers "
    "never race each other.",
    "When a client goes over the limit, we return four twenty nine with a Retry-After header. Uh, that tells the "
    "client, you know, when to try again.",
    "And, um, I would put all of this in the API gateway, with metrics and an alert, so we can tune the limits later.",
)
SILENCES_S = (0.5, 1.6, 2.2, 1.4, 0.0)  # before the first part, between the parts, after the last
SCRIPT_WORDS = {w for part in PARTS for w in re.findall(r"[a-z]+", part.lower()) if len(w) >= 4}


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("coach-answer")
    audio, rate = [], 22050
    for n, part in enumerate(PARTS):
        with wave.open(str(piper_synth(part, folder / f"part{n}.wav"))) as f:
            rate = f.getframerate()
            speech = np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16)
        audio += [np.zeros(int(SILENCES_S[n] * rate), dtype=np.int16), speech]
    audio.append(np.zeros(int(SILENCES_S[-1] * rate), dtype=np.int16))
    path = folder / "answer.wav"
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(np.concatenate(audio).tobytes())
    return path


class Tmux:
    """A private tmux server (its own socket) with one large window."""

    def __init__(self, env: dict):
        self.env = env
        self.base = ["tmux", "-L", f"voicesim-test-{os.getpid()}-{time.monotonic_ns()}", "-f", "/dev/null"]

    def run(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], env=self.env, capture_output=True, text=True, check=True, timeout=20).stdout

    def start(self, command: str) -> None:
        passed = [f"{k}={self.env[k]}" for k in ("PULSE_SERVER", "PULSE_COOKIE", "PULSE_CLIENTCONFIG", "VOICESIM_HOME") if k in self.env]
        self.run("new-session", "-d", "-s", "coach", "-x", "160", "-y", "50", "-c", str(REPO),
                 *[arg for pair in passed for arg in ("-e", pair)], command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-J", "-t", "coach")

    def everything(self) -> str:
        return self.run("capture-pane", "-p", "-J", "-S", "-", "-t", "coach")

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], env=self.env, capture_output=True, timeout=20)


@pytest.fixture
def tmux(virtual_audio):
    import shutil

    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (scripts/install-system-deps --test installs it)")
    env = {k: v for k, v in virtual_audio.env.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    env.update(TERM="xterm-256color", PYTHONUNBUFFERED="1")
    t = Tmux(env)
    yield t
    t.kill()


def _wait_for(read, text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = read()
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} did not appear within {timeout:g} s; the screen:\n{read()}")


def _heard_words(screen: str) -> set[str]:
    return {w for line in screen.splitlines() if "heard" in line for w in re.findall(r"[a-z]+", line.lower())}


def test_the_coach_follows_the_answer_on_screen_and_ends_at_the_scorecard(tmux, virtual_audio, answer_wav, tmp_path):
    recordings = tmp_path / "rec"
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "voicesim", "practice", "--question", "rate-limiting",
                                                "--prep", "0", "--no-speak", "--follow-ups", "0", "--recordings", str(recordings)])
    tmux.start(f"{command}; echo VOICESIM-EXIT=$?; sleep 600")
    _wait_for(tmux.screen, "REC", timeout=60)
    player = virtual_audio.play(answer_wav, wait=False)
    screens = []
    while player.poll() is None:  # the answer is still being spoken: the recording cannot have ended
        screens.append(tmux.screen())
        time.sleep(0.5)
    during = [s for s in screens if "REC" in s]
    assert during, screens[-1:]
    seen = set().union(*(_heard_words(s) for s in during)) & SCRIPT_WORDS
    assert len(seen) >= 3, f"script words on screen while answering: {seen}\n{during[-1]}"
    assert any(re.search(r"\d+ wpm \(", s) for s in during), during[-1]
    assert any(re.search(r"fillers \d+ \(", s) for s in during), during[-1]

    shown = _wait_for(tmux.everything, "VOICESIM-EXIT=", timeout=120)
    assert "VOICESIM-EXIT=0" in shown, shown
    coach = re.search(r"Coach, whole answer: (\d+) wpm \([a-z ]+\) · (\d+) fillers", shown)
    pace = re.search(r"Pace\W+(\d+) wpm", shown)
    fillers = re.search(r"Fillers\W+(\d+) \(", shown)
    assert coach and pace and fillers, shown
    assert coach.group(1) == pace.group(1) and coach.group(2) == fillers.group(1), shown
    [folder] = list(recordings.iterdir())
    [answer] = json.loads((folder / "session.json").read_text())["answers"]
    assert (int(coach.group(1)), int(coach.group(2))) == (round(answer["wpm"]), answer["fillers"])
    assert answer["fillers"] >= 2  # six were spoken; Whisper keeps most


@pytest.fixture(scope="module")
def short_answer(tmp_path_factory) -> Path:
    from tests.audio_helpers import synth

    return synth("Um, I would use a token bucket in Redis, uh, and return four twenty nine from the API gateway.",
                 tmp_path_factory.mktemp("short") / "answer.wav", rate=150)


@pytest.mark.parametrize("streaming", [True, False])
def test_in_a_pipe_the_coach_prints_one_line_at_the_end_or_says_once_it_needs_streaming(virtual_audio, short_answer, tmp_path, streaming):
    from tests.test_practice import practice

    run = practice(virtual_audio.env, tmp_path / "rec", "--no-speak", *(() if streaming else ("--no-streaming",)))
    run.wait_for("Recording")
    virtual_audio.play(short_answer)
    assert run.finish() == 0, run.output
    out = run.output
    assert "so far" not in out and "heard  " not in out  # nothing per tick in a log
    if streaming:
        assert out.count("Coach, whole answer:") == 1 and "No coach" not in out, out
    else:
        assert out.count("No coach while you answer: it needs --streaming") == 1 and "Coach, whole answer" not in out, out
