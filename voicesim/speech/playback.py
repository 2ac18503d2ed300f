"""Playing a rendered WAV file through sounddevice, returning when the sound has finished."""

from __future__ import annotations

import logging
from pathlib import Path


from voicesim.audio.decode import resample
from voicesim.audio.devices import sounddevice
from voicesim.audio.wav import read_wav
from voicesim.errors import DeviceError

log = logging.getLogger(__name__)


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
