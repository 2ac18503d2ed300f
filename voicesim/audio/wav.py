"""A WAV writer that keeps its file valid while it grows, and a repair for one that was cut off.

The header's sizes are rewritten every HEADER_EVERY_S seconds of audio, so a
killed process leaves a file that any player reads up to that point; `repair_wav`
fixes the last stretch too. Files are created readable by their owner only:
voice recordings are personal data.
"""

from __future__ import annotations

import os
import struct
import wave
from pathlib import Path

import numpy as np

HEADER_BYTES = 44
HEADER_EVERY_S = 0.5


def _header(samplerate: int, channels: int, data_bytes: int) -> bytes:
    block_align = channels * 2
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, channels, samplerate,
        samplerate * block_align, block_align, 16, b"data", data_bytes,
    )


def as_stored(block: np.ndarray) -> np.ndarray:
    """The float samples as they will read back from the WAV file (16-bit): what live listeners are given, so a
    live transcript and one made later from the file see the same numbers."""
    return to_int16(block).astype(np.float32) / 32768.0


def to_int16(block: np.ndarray) -> np.ndarray:
    if block.dtype == np.int16:
        return block
    return (np.clip(block, -1.0, 1.0) * 32767.0).astype("<i2")


class WavWriter:
    """16-bit PCM WAV, written block by block. Not thread-safe: one writer thread owns it."""

    def __init__(self, path: Path, samplerate: int, channels: int = 1):
        self.path = Path(path)
        self.samplerate = samplerate
        self.channels = channels
        self.frames = 0
        self._since_header = 0
        # O_EXCL: voicesim never overwrites a recording.
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(self._fd, _header(samplerate, channels, 0))

    @property
    def seconds(self) -> float:
        return self.frames / self.samplerate

    def write(self, block: np.ndarray) -> None:
        data = to_int16(block).tobytes()
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        self.frames += len(data) // (2 * self.channels)
        self._since_header += len(data) // (2 * self.channels)
        if self._since_header >= HEADER_EVERY_S * self.samplerate:
            self._patch_header()

    def _patch_header(self) -> None:
        os.pwrite(self._fd, _header(self.samplerate, self.channels, self.frames * 2 * self.channels), 0)
        self._since_header = 0

    def close(self) -> None:
        if self._fd < 0:
            return
        try:
            self._patch_header()
            os.fsync(self._fd)
        finally:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> "WavWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def repair_wav(path: Path) -> bool:
    """Make a canonical 44-byte-header PCM WAV's sizes match its length. True if it changed anything."""
    path = Path(path)
    size = path.stat().st_size
    if size < HEADER_BYTES:
        return False
    with open(path, "r+b") as f:
        head = f.read(HEADER_BYTES)
        if head[:4] != b"RIFF" or head[8:12] != b"WAVE" or head[12:16] != b"fmt " or head[36:40] != b"data":
            return False
        channels, = struct.unpack_from("<H", head, 22)
        block_align = max(1, struct.unpack_from("<H", head, 32)[0])
        data_bytes = (size - HEADER_BYTES) // block_align * block_align
        riff, data = struct.unpack_from("<I", head, 4)[0], struct.unpack_from("<I", head, 40)[0]
        if riff == 36 + data_bytes and data == data_bytes:
            return False
        f.seek(4)
        f.write(struct.pack("<I", 36 + data_bytes))
        f.seek(40)
        f.write(struct.pack("<I", data_bytes))
    return True


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as f:
        rate, channels, width = f.getframerate(), f.getnchannels(), f.getsampwidth()
        frames = f.readframes(f.getnframes())
    if width != 2:
        raise ValueError(f"{path}: expected 16-bit PCM")
    data = np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0
    return data.reshape(-1, channels), rate
