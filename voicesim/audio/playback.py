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


def play_wav(path: Path, device: int | None = None) -> float:
    """Play `path` and block until it has been heard. Returns its duration in seconds."""
    sd = sounddevice()
    data, rate = read_wav(path)
    try:
        sd.play(data, rate, device=device, blocking=True)
    except sd.PortAudioError as exc:
        raise DeviceError(f"cannot play sound on the output device ({exc}); use --output-device or --no-speak") from None
    return len(data) / rate
