"""The virtual microphone works with real audio: sounddevice in a subprocess records what the test plays."""

from __future__ import annotations

import selectors
import shutil
import subprocess
import sys
import textwrap
import time
import wave
from pathlib import Path

import numpy as np
import pytest

from tests.virtual_audio import VirtualAudio, available

pytestmark = pytest.mark.slow

RATE = 16000

# Records SECONDS from the default input (or DEVICE) and saves float32 samples to OUT.npy.
# Prints READY once the stream runs, so the test knows when to play.
RECORDER = textwrap.dedent("""
    import sys, time
    import numpy as np
    import sounddevice as sd

    seconds, out = float(sys.argv[1]), sys.argv[2]
    device = sys.argv[3] if len(sys.argv) > 3 else None
    blocks = []
    with sd.InputStream(samplerate=16000, channels=1, dtype="float32", device=device,
                        callback=lambda indata, frames, t, status: blocks.append(indata[:, 0].copy())):
        print("READY", flush=True)
        time.sleep(seconds)
    np.save(out, np.concatenate(blocks) if blocks else np.zeros(0, np.float32))
""")


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> Path:
    """About 1.8 s of synthesised speech."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (`make install` installs it)")
    path = tmp_path_factory.mktemp("speech") / "hello.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), "hello from the virtual speaker"],
                   check=True, capture_output=True, timeout=60)
    return path


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as f:
        assert f.getsampwidth() == 2
        data = np.frombuffer(f.readframes(f.getnframes()), dtype="<i2").astype(np.float32) / 32768
        return data.reshape(-1, f.getnchannels()).mean(axis=1), f.getframerate()


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64)))) if len(x) else 0.0


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as f:
        return f.getnframes() / f.getframerate()


def wait_for_line(proc: subprocess.Popen, text: str, timeout: float) -> None:
    """Read proc's stdout until a line contains `text`; fail with its stderr if it exits or times out."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    try:
        while (left := deadline - time.monotonic()) > 0:
            if sel.select(left):
                line = proc.stdout.readline()
                if text in line:
                    return
                if not line:  # EOF: the process ended
                    break
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"subprocess never printed {text!r} (exit {proc.returncode}):\n{err}")
    finally:
        sel.close()


@pytest.mark.parametrize("device", [None, "pulse"], ids=["default-device", "pulse-device"])
def test_sounddevice_records_what_is_played(virtual_audio, speech, tmp_path, device):
    out = tmp_path / "mic.npy"
    args = [sys.executable, "-c", RECORDER, "3", str(out)] + ([device] if device else [])
    proc = subprocess.Popen(args, env=virtual_audio.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(proc, "READY", timeout=30)
        time.sleep(0.5)  # 0.5 s of silence first
        virtual_audio.play(speech)  # ~1.8 s, blocks until played
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err

    mic = np.load(out)
    assert not np.isnan(mic).any(), "sounddevice returned NaN samples"
    # Nothing lost at the start: ~3 s of samples (an idle null sink used to withhold the first 2 s).
    assert len(mic) >= 2.8 * RATE, f"only {len(mic) / RATE:.2f} s recorded in 3 s"
    silence, speaking = rms(mic[int(0.05 * RATE):int(0.4 * RATE)]), rms(mic[int(0.7 * RATE):int(2.0 * RATE)])
    assert speaking > 0.02, f"speech too quiet in the recording: rms {speaking:.4f}"
    assert speaking > 10 * silence, f"speech rms {speaking:.4f} vs silence rms {silence:.4f}"


def test_record_speaker_captures_paplay(virtual_audio, speech, tmp_path):
    with virtual_audio.record_speaker(tmp_path / "speaker.wav") as rec:
        virtual_audio.play(speech)
    samples, rate = read_wav(rec.path)
    assert rate == RATE
    assert len(samples) >= 0.9 * wav_seconds(speech) * rate
    assert rms(samples) > 0.02


def test_record_speaker_captures_sounddevice_output(virtual_audio, tmp_path):
    """What voicesim itself speaks (sd.play to the default output) can be checked."""
    code = ("import numpy as np, sounddevice as sd; "
            "sd.play((0.3 * np.sin(2 * np.pi * 440 * np.arange(16000) / 16000)).astype('float32'), 16000, blocking=True)")
    with virtual_audio.record_speaker(tmp_path / "speaker.wav") as rec:
        done = subprocess.run([sys.executable, "-c", code], env=virtual_audio.env, capture_output=True, text=True,
                              timeout=60)
    assert done.returncode == 0, done.stderr
    samples, rate = read_wav(rec.path)
    assert rms(samples) > 0.1  # a 0.3 sine has rms 0.21


def test_sounddevice_lists_the_virtual_input(virtual_audio):
    code = textwrap.dedent("""
        import sounddevice as sd
        print(sd.query_devices())
        print("DEFAULT_INPUT_CHANNELS", sd.query_devices(kind="input")["max_input_channels"])
    """)
    done = subprocess.run([sys.executable, "-c", code], env=virtual_audio.env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pulse" in done.stdout or "default" in done.stdout, done.stdout
    channels = int(done.stdout.split("DEFAULT_INPUT_CHANNELS")[1])
    assert channels > 0, done.stdout


def test_servers_are_isolated_and_cleaned_up(speech, tmp_path):
    if reason := available():
        pytest.skip(reason)
    with VirtualAudio() as a, VirtualAudio() as b:
        assert a.server != b.server
        with a.record_speaker(tmp_path / "a.wav") as rec_a, b.record_speaker(tmp_path / "b.wav") as rec_b:
            a.play(speech)
        server, folder = a._server, a.dir
    assert rms(read_wav(rec_a.path)[0]) > 0.02
    assert rms(read_wav(rec_b.path)[0]) == 0.0, "sound played on one server was heard on the other"
    assert server.poll() is not None, "pulseaudio still running after stop()"
    assert not folder.exists()
