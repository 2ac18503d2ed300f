"""Reading any audio file (WAV, FLAC, MP3, OGG, M4A...) as 16 kHz mono float32.

PyAV (bundled FFmpeg, through faster-whisper) does the decoding; this module turns
every way a file can be bad into one AudioFileError line.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from voicesim.audio.wav import repair_wav
from voicesim.errors import AudioFileError

SAMPLE_RATE = 16000
log = logging.getLogger(__name__)


def load_audio(path: str | Path) -> np.ndarray:
    path = Path(path)
    if not path.exists():
        raise AudioFileError(f"{path}: no such file")
    if not path.is_file():
        raise AudioFileError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path}: the file is empty")
    if path.suffix.lower() == ".wav":
        try:
            if repair_wav(path):  # e.g. left by a crash: fix the header, keep every sample
                log.warning("repaired the header of %s (it was cut off)", path)
        except OSError as exc:
            log.debug("could not repair %s: %s", path, exc)

    import av  # noqa: PLC0415 - heavy, lazily imported
    from faster_whisper.audio import decode_audio

    try:
        audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    except (av.error.FFmpegError, IndexError, ValueError, StopIteration) as exc:
        raise AudioFileError(f"{path}: not a readable audio file ({_reason(exc)}); voicesim reads WAV, FLAC, MP3, OGG and M4A") from None
    except OSError as exc:
        raise AudioFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if audio.size == 0:
        raise AudioFileError(f"{path}: contains no audio")
    return np.ascontiguousarray(audio, dtype=np.float32)


def _reason(exc: Exception) -> str:
    # FFmpeg errors carry "[Errno N] reason: path": the reason alone reads best.
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).strip().lower()


def resample(data: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Linear-interpolation resampling: enough for speech to a device that lacks the file's rate."""
    if rate == new_rate or len(data) == 0:
        return data
    n = int(round(len(data) * new_rate / rate))
    positions = np.arange(n) * (rate / new_rate)
    if data.ndim == 1:
        return np.interp(positions, np.arange(len(data)), data).astype(np.float32)
    return np.stack([np.interp(positions, np.arange(len(data)), data[:, c]) for c in range(data.shape[1])], axis=1).astype(np.float32)
