"""Playing a rendered WAV file through sounddevice, returning when the sound has finished."""

from __future__ import annotations

import logging
import wave
from pathlib import Path

import numpy as np

from voicesim.audio.devices import sounddevice
from voicesim.errors import DeviceError

log = logging.getLogger(__name__)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as f:
        rate, channels, width = f.getframerate(), f.getnchannels(), f.getsampwidth()
        frames = f.readframes(f.getnframes())
    if width != 2:
        raise ValueError(f"{path}: expected 16-bit PCM")
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    return data.reshape(-1, channels), rate


def resample(data: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Linear-interpolation resampling: enough for speech to a device that lacks the file's rate."""
    if rate == new_rate or len(data) == 0:
        return data
    n = int(round(len(data) * new_rate / rate))
    positions = np.arange(n) * (rate / new_rate)
    if data.ndim == 1:
        return np.interp(positions, np.arange(len(data)), data).astype(np.float32)
    return np.stack([np.interp(positions, np.arange(len(data)), data[:, c]) for c in range(data.shape[1])], axis=1).astype(np.float32)


def play_wav(path: Path, device: int | None = None) -> float:
    """Play `path` and block until it has been heard. Returns its duration in seconds."""
    sd = sounddevice()
    data, rate = read_wav(path)
    duration = len(data) / rate
    try:
        sd.check_output_settings(device=device, samplerate=rate, channels=data.shape[1])
    except (sd.PortAudioError, ValueError):
        # e.g. a raw hardware device without 22,050 Hz: play at the device's own rate
        native = int(sd.query_devices(device if device is not None else sd.default.device[1])["default_samplerate"])
        log.debug("output device lacks %d Hz: resampling to %d Hz", rate, native)
        data, rate = resample(data, rate, native), native
    try:
        sd.play(data, rate, device=device, blocking=True)
    except sd.PortAudioError as exc:
        raise DeviceError(f"cannot play sound on the output device ({exc}); use --output-device or --no-speak") from None
    return duration
