"""Compressing a recording for the HTML report: Ogg Opus through PyAV (its wheels bundle FFmpeg with libopus).

Speech at 24 kbit/s mono Opus is clear and about 180 KB a minute, so a two-minute answer
embeds in well under 1 MB.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE, load_audio
from voicesim.errors import AudioFileError

OPUS_BITRATE = 24_000
OPUS_MIME = "audio/ogg; codecs=opus"


def encode_opus(samples: np.ndarray, rate: int = SAMPLE_RATE, bitrate: int = OPUS_BITRATE) -> bytes:
    """Mono float32 samples in [-1, 1] as an Ogg Opus file in memory."""
    import av  # heavy: imported when a report is written

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="ogg") as container:
        stream = container.add_stream("libopus", rate=rate)
        stream.bit_rate = bitrate
        stream.layout = "mono"
        pcm = np.clip(samples, -1.0, 1.0).astype(np.float32)
        step = rate  # one second per frame handed to the encoder
        for start in range(0, len(pcm), step):
            frame = av.AudioFrame.from_ndarray(pcm[None, start:start + step], format="flt", layout="mono")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


def encode_file_opus(path: Path) -> bytes:
    """Any recording voicesim can read, as Ogg Opus."""
    samples = load_audio(path)
    try:
        return encode_opus(samples)
    except Exception as exc:  # PyAV raises its own errors for codec trouble
        raise AudioFileError(f"{path}: could not compress it for the report ({exc})") from None
