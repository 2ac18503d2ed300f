"""Playing a rendered WAV file through sounddevice, returning when the sound has finished."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from voicesim.audio.decode import resample
from voicesim.audio.devices import sounddevice
from voicesim.audio.wav import read_wav
from voicesim.errors import DeviceError

log = logging.getLogger(__name__)


def play_wav(path: Path, device: int | None = None) -> float:
    """Play `path` and block until it has been heard. Returns its duration in seconds."""
    data, rate = read_wav(path)
    play_samples(data, rate, device, blocking=True)
    return len(data) / rate


def play_samples(data: np.ndarray, rate: int, device: int | str | None = None, blocking: bool = True) -> None:
    """Play float samples (frames x channels, or mono); without `blocking`, return at once (see `playing`/`stop`)."""
    sd = sounddevice()
    if data.ndim == 1:
        data = data[:, None]
    try:
        sd.check_output_settings(device=device, samplerate=rate, channels=data.shape[1])
    except (sd.PortAudioError, ValueError):
        # e.g. a raw hardware device without 22,050 Hz: play at the device's own rate
        native = int(sd.query_devices(device if device is not None else sd.default.device[1])["default_samplerate"])
        log.debug("output device lacks %d Hz: resampling to %d Hz", rate, native)
        data, rate = resample(data, rate, native), native
    try:
        sd.play(data, rate, device=device, blocking=blocking)
    except sd.PortAudioError as exc:
        raise DeviceError(f"cannot play sound on the output device ({exc}); use --output-device or --no-speak") from None


def playing() -> bool:
    """Whether the sound started by `play_samples(..., blocking=False)` is still playing."""
    try:
        return bool(sounddevice().get_stream().active)
    except RuntimeError:  # nothing was started
        return False


def stop() -> None:
    sounddevice().stop()
