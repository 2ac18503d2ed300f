"""The crash-safe WAV writer, its repair, and resampling for devices without our rate."""

import stat
import wave

import numpy as np
import pytest

from voicesim.audio.decode import resample
from voicesim.audio.wav import HEADER_EVERY_S, WavWriter, repair_wav

RATE = 16000


def frames_in_header(path) -> int:
    with wave.open(str(path), "rb") as f:
        return f.getnframes()


def test_the_header_stays_valid_while_the_file_grows(tmp_path):
    path = tmp_path / "a.wav"
    writer = WavWriter(path, RATE)
    block = np.full(1600, 0.25, dtype=np.float32)
    for _ in range(12):  # 1.2 s: the header was rewritten at least twice
        writer.write(block)
    # not closed, as after a kill: a reader sees all but the last partial stretch
    assert frames_in_header(path) >= 1.2 * RATE - HEADER_EVERY_S * RATE
    assert repair_wav(path) is True
    assert frames_in_header(path) == 12 * 1600
    assert repair_wav(path) is False  # already consistent: nothing to do
    writer.close()
    assert frames_in_header(path) == 12 * 1600


def test_recordings_are_private_and_never_overwritten(tmp_path):
    path = tmp_path / "a.wav"
    with WavWriter(path, RATE) as w:
        w.write(np.zeros(160, dtype=np.float32))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        WavWriter(path, RATE)


def test_samples_are_clipped_not_wrapped(tmp_path):
    path = tmp_path / "a.wav"
    with WavWriter(path, RATE) as w:
        w.write(np.array([2.0, -2.0, 0.5], dtype=np.float32))
    with wave.open(str(path), "rb") as f:
        data = np.frombuffer(f.readframes(3), dtype="<i2")
    assert list(data) == [32767, -32767, 16383]


def test_repair_leaves_other_files_alone(tmp_path):
    path = tmp_path / "x.wav"
    path.write_bytes(b"not a wav file at all, but long enough to have a header" * 2)
    assert repair_wav(path) is False


@pytest.mark.parametrize("rate, new_rate", [(22050, 48000), (48000, 16000), (44100, 16000), (16000, 16000)])
def test_resampling_keeps_duration_and_pitch(rate, new_rate):
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 440 * t).astype(np.float32)
    out = resample(tone, rate, new_rate)
    assert len(out) == new_rate and out.dtype == np.float32
    spectrum = np.abs(np.fft.rfft(out))
    assert np.argmax(spectrum) * new_rate / len(out) == pytest.approx(440, abs=2)
