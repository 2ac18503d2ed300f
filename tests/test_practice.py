"""`voicesim practice` end to end, with the real recorder on a real (virtual) audio path.

A private PulseAudio server (tests/virtual_audio.py) gives a null sink as the
speaker and its monitor as the microphone: the test plays a synthesised answer
into the speaker while `voicesim practice`, a separate process, records it.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.audio_helpers import synth
from tests.conftest import REPO
from tests.virtual_audio import VirtualAudio, available
from voicesim.audio.decode import SAMPLE_RATE, load_audio

pytestmark = pytest.mark.slow

ANSWER = ("I would use a token bucket for each API key. The counters live in Redis, with an atomic increment and an expiry. "
          "Over the limit we return HTTP status four twenty nine with a Retry-After header, from the API gateway.")


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory) -> Path:
    return synth(ANSWER, tmp_path_factory.mktemp("answer") / "answer.wav", rate=150)


def _ctrl_c_as_in_a_terminal() -> None:
    """A suite started in the background (`make test &`, `nohup`) ignores SIGINT, and so would the command it starts
    (Python leaves an inherited SIG_IGN alone): the command gets Ctrl+C as a candidate's terminal gives it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Practice:
    """A `voicesim practice` process whose output is read as it comes."""

    def __init__(self, env: dict, *args: str):
        self.lines: list[str] = []
        self._changed = threading.Condition()
        env = dict(env, PYTHONUNBUFFERED="1", COLUMNS="200")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voicesim", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO, bufsize=1, preexec_fn=_ctrl_c_as_in_a_terminal,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while text not in self.output:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and text not in self.output:
                    raise AssertionError(f"{text!r} did not appear; output so far:\n{self.output}")
                self._changed.wait(min(left, 0.5))

    def wait_for_count(self, text: str, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.output.count(text) < count:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(f"{text!r} did not appear {count} times; output so far:\n{self.output}")
                self._changed.wait(min(left, 0.5))

    def finish(self, timeout: float = 120) -> int:
        code = self.proc.wait(timeout=timeout)
        time.sleep(0.1)  # let the reader thread take the last lines
        return code

    def type(self, text: str) -> None:
        self.proc.stdin.write(text)
        self.proc.stdin.flush()


def practice(env, recordings: Path, *extra: str) -> Practice:
    """One question on the virtual microphone; follow-up questions off unless `extra` asks for them (test_follow_ups.py)."""
    if "--follow-ups" not in extra:
        extra = ("--follow-ups", "0", *extra)
    return Practice(env, "practice", "--question", "rate-limiting", "--prep", "0", "--recordings", str(recordings), *extra)


def session_of(recordings: Path) -> tuple[Path, dict]:
    [directory] = list(recordings.iterdir())
    return directory, json.loads((directory / "session.json").read_text())


def test_practice_speaks_listens_stops_on_silence_and_scores(virtual_audio, answer_wav, tmp_path):
    from voicesim.transcript.whisper import make_transcriber

    recordings = tmp_path / "rec"
    with virtual_audio.record_speaker(tmp_path / "speaker.wav") as capture:
        run = practice(virtual_audio.env, recordings)
        run.wait_for("Recording")
        virtual_audio.play(answer_wav)
        played_at = time.monotonic()
        assert run.finish() == 0, run.output
    ended_after = time.monotonic() - played_at

    directory, session = session_of(recordings)
    [answer] = session["answers"]
    assert answer["ended_by"] == "silence", run.output
    # it stopped by itself: the 3 s of silence after the answer, plus scoring, not the time cap
    assert ended_after < 30

    wav = directory / "rate-limiting.wav"
    audio = load_audio(wav)
    answer_s = len(load_audio(answer_wav)) / SAMPLE_RATE
    assert answer_s - 0.5 <= len(audio) / SAMPLE_RATE <= answer_s + 7
    assert stat.S_IMODE(wav.stat().st_mode) == 0o600 and stat.S_IMODE(directory.stat().st_mode) == 0o700

    result = json.loads((directory / "rate-limiting.json").read_text())
    hits = {c["name"] for c in result["coverage"]["concepts"] if c["hit"]}
    assert result["coverage"]["score"] >= 0.4, (hits, result["transcript"]["text"])
    assert "Overall" in run.output and "Session summary" in run.output
    # transcribed while it was spoken: the same words as a transcription of the recording made now
    import jiwer

    from voicesim.question.bank import load_bank

    later = make_transcriber().transcribe(audio, vocabulary=load_bank().question("rate-limiting").vocabulary).text.lower()
    assert jiwer.wer(later, result["transcript"]["text"].lower()) <= 0.05, (later, result["transcript"]["text"])

    # the question was spoken aloud, before the answer, through the speaker
    heard = make_transcriber().transcribe(load_audio(capture.path)).text.lower()
    question_words = {"how", "would", "you", "design", "rate", "limiting", "system"}
    # (tiny.en on espeak through the loop: "design a rate limiting" has come out "exonerate living")
    assert len(question_words & set(heard.replace("?", " ").split())) >= 4, heard
    assert heard.index("system") < heard.index("counters"), heard


def test_enter_ends_an_answer_early(virtual_audio, answer_wav, tmp_path):
    run = practice(virtual_audio.env, tmp_path / "rec", "--no-speak")
    run.wait_for("Recording")
    player = virtual_audio.play(answer_wav, wait=False)
    time.sleep(3)
    run.type("\n")
    assert run.finish() == 0, run.output
    player.wait(timeout=60)
    _, session = session_of(tmp_path / "rec")
    assert session["answers"][0]["ended_by"] == "enter"
    assert 2.0 <= session["answers"][0]["recorded_s"] <= 6.0


def test_the_time_cap_ends_a_long_answer(virtual_audio, answer_wav, tmp_path):
    run = practice(virtual_audio.env, tmp_path / "rec", "--no-speak", "--max-seconds", "6", "--end-silence", "20")
    run.wait_for("Recording")
    player = virtual_audio.play(answer_wav, wait=False)
    assert run.finish() == 0, run.output
    player.wait(timeout=60)
    _, session = session_of(tmp_path / "rec")
    assert session["answers"][0]["ended_by"] == "max_time"
    assert 5.5 <= session["answers"][0]["recorded_s"] <= 7.5
    assert "time cap reached" in run.output
    assert "s left before the time cap" in run.output  # the warning (15 s before; here at once)


def test_no_speech_asks_about_the_microphone_instead_of_scoring_silence(virtual_audio, tmp_path):
    run = practice(virtual_audio.env, tmp_path / "rec", "--no-speak", "--no-speech-timeout", "3")
    assert run.finish() == 0, run.output
    _, session = session_of(tmp_path / "rec")
    assert session["answers"][0]["ended_by"] == "no_speech"
    assert session["answers"][0]["overall"] is None
    assert "Is the microphone working?" in run.output
    assert 2.5 <= session["answers"][0]["recorded_s"] <= 5.0


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGKILL, -signal.SIGKILL)])
def test_an_interrupted_answer_keeps_its_audio(virtual_audio, answer_wav, tmp_path, sig, code):
    run = practice(virtual_audio.env, tmp_path / "rec", "--no-speak", "--end-silence", "20")
    run.wait_for("Recording")
    player = virtual_audio.play(answer_wav, wait=False)
    time.sleep(5)
    run.proc.send_signal(sig)
    assert run.finish() == code, run.output
    player.wait(timeout=60)
    [directory] = list((tmp_path / "rec").iterdir())
    wav = directory / "rate-limiting.wav"
    audio = load_audio(wav)  # a killed recorder's WAV is repaired and read
    assert len(audio) / SAMPLE_RATE >= 2.5
    res = subprocess.run([sys.executable, "-m", "voicesim", "transcribe", str(wav)], capture_output=True, text=True, cwd=REPO)
    assert res.returncode == 0 and len(res.stdout.split()) >= 3, res.stdout + res.stderr
    if sig == signal.SIGINT:
        session = json.loads((directory / "session.json").read_text())
        assert session["interrupted"] is True and session["answers"][0]["ended_by"] == "interrupted"
        assert "Interrupted" in run.output


def test_a_microphone_lost_mid_answer_is_one_error_and_keeps_the_audio(answer_wav, tmp_path):
    reason = available()
    if reason:
        pytest.skip(reason)
    va = VirtualAudio().start()
    try:
        run = practice(va.env, tmp_path / "rec", "--no-speak", "--end-silence", "20")
        run.wait_for("Recording")
        va.play(answer_wav, wait=False)
        time.sleep(3)
    finally:
        va.stop()  # the "device" disappears
    assert run.finish(timeout=60) == 1, run.output
    assert "Error: the microphone stopped during the answer" in run.output
    assert "Traceback" not in run.output
    assert "pa_linux_alsa.c" not in run.output and "ALSA lib" not in run.output  # PortAudio's own chatter
    [directory] = list((tmp_path / "rec").iterdir())
    assert (directory / "rate-limiting.wav").stat().st_size > 44


def test_no_microphone_at_all_is_one_clear_line(tmp_path):
    # No sound server, and an ALSA configuration whose only device is a card that does not exist:
    # no audio devices, as on a headless server, whatever hardware this machine has.
    # (An empty ALSA configuration makes alsa-lib abort, so it is not used.)
    nowhere = tmp_path / "asound.conf"
    nowhere.write_text("pcm.!default { type hw card 99 }\nctl.!default { type hw card 99 }\n")
    env = dict(os.environ, PULSE_SERVER=f"unix:{tmp_path}/no-server", ALSA_CONFIG_PATH=str(nowhere))
    res = subprocess.run([sys.executable, "-m", "voicesim", "practice", "--no-speak", "--recordings", str(tmp_path / "rec")],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert res.returncode == 1
    [line] = [l for l in res.stderr.splitlines() if l.startswith("Error:")]
    assert "no microphone found" in line and "--answers DIR" in line and "voicesim devices" in line
    assert "Traceback" not in res.stderr


def test_an_unknown_device_name_is_one_clear_line(virtual_audio, tmp_path):
    res = subprocess.run([sys.executable, "-m", "voicesim", "practice", "--device", "no-such-microphone", "--recordings", str(tmp_path)],
                         capture_output=True, text=True, env=virtual_audio.env, cwd=REPO, timeout=60)
    assert res.returncode == 1
    assert res.stderr.strip().splitlines() == ["Error: no input device matches 'no-such-microphone': see `voicesim devices`"]


def test_devices_lists_the_virtual_devices_with_defaults(virtual_audio):
    res = subprocess.run([sys.executable, "-m", "voicesim", "devices"], capture_output=True, text=True,
                         env=dict(virtual_audio.env, COLUMNS="200"), cwd=REPO, timeout=60)
    assert res.returncode == 0
    assert "pulse" in res.stdout and ">in" in res.stdout and ">out" in res.stdout


def test_mic_check_hears_speech_and_reports_silence(virtual_audio, answer_wav):
    env = dict(virtual_audio.env, COLUMNS="200")
    proc = subprocess.Popen([sys.executable, "-m", "voicesim", "mic-check", "--seconds", "4"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=REPO)
    time.sleep(1.0)
    player = virtual_audio.play(answer_wav, wait=False)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "The microphone works" in out, out
    player.wait(timeout=60)

    silent = subprocess.run([sys.executable, "-m", "voicesim", "mic-check", "--seconds", "2"], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    assert silent.returncode == 1 and "Error: the microphone is silent" in silent.stderr, silent.stdout + silent.stderr


def test_answers_from_files_instead_of_the_microphone(answer_wav, tmp_path):
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "rate-limiting.wav").write_bytes(answer_wav.read_bytes())
    run = Practice(os.environ.copy(), "practice", "--answers", str(answers), "--question", "rate-limiting", "--question", "cap-theorem",
                   "--recordings", str(tmp_path / "rec"))
    assert run.finish() == 0, run.output
    assert "Overall" in run.output and "No answer file for 'cap-theorem'" in run.output
    directory, session = session_of(tmp_path / "rec")
    assert [a["ended_by"] for a in session["answers"]] == ["file", "missing"]
    result = json.loads((directory / "rate-limiting.json").read_text())  # the score is kept with the session
    assert result["question"] == "rate-limiting" and result["coverage"]["score"] == session["answers"][0]["coverage"]
    assert not (directory / "cap-theorem.json").exists()
    assert session["answers"][0]["coverage"] >= 0.4


def test_background_noise_does_not_keep_an_answer_going(virtual_audio, answer_wav, tmp_path):
    """Steady noise under and after the answer: voice activity, not volume, decides it is over."""
    import numpy as np

    from tests.audio_helpers import write_wav

    speech = load_audio(answer_wav)
    rng = np.random.default_rng(3)
    total = len(speech) + 12 * SAMPLE_RATE
    noise = (rng.standard_normal(total) * 0.03).astype(np.float32)  # about -30 dBFS: a loud fan
    mixed = noise.copy()
    mixed[SAMPLE_RATE: SAMPLE_RATE + len(speech)] += speech
    noisy = write_wav(tmp_path / "noisy.wav", mixed)

    run = practice(virtual_audio.env, tmp_path / "rec", "--no-speak")
    run.wait_for("Recording")
    player = virtual_audio.play(noisy, wait=False)
    assert run.finish() == 0, run.output
    player.wait(timeout=60)
    _, session = session_of(tmp_path / "rec")
    answer = session["answers"][0]
    assert answer["ended_by"] == "silence", run.output
    # ended about end_silence after the speech, while the noise was still playing
    speech_end = 1 + len(speech) / SAMPLE_RATE
    assert speech_end + 1.5 <= answer["recorded_s"] <= speech_end + 6, answer
    assert answer["coverage"] >= 0.3


def test_a_full_disk_stops_the_recording_and_keeps_what_was_written(virtual_audio, answer_wav, tmp_path):
    """The file-size limit makes writes fail as a full disk does (EFBIG instead of ENOSPC)."""
    import resource

    limit = 100_000  # bytes: about 3 s of 16 kHz 16-bit audio

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(virtual_audio.env, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voicesim", "practice", "--question", "rate-limiting", "--prep", "0", "--no-speak", "--follow-ups", "0",
         "--recordings", str(tmp_path / "rec")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
        preexec_fn=limit_file_size,
    )
    time.sleep(4)  # model preload and stream start
    virtual_audio.play(answer_wav, wait=False)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, out + err
    [line] = [l for l in err.splitlines() if l.startswith("Error:")]
    assert "recording stopped: cannot write" in line and "is kept" in line
    [directory] = list((tmp_path / "rec").iterdir())
    wav = directory / "rate-limiting.wav"
    assert wav.stat().st_size <= limit
    assert len(load_audio(wav)) / SAMPLE_RATE >= 2.5  # everything written up to the failure is readable
