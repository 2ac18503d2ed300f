"""Making test audio at test time: synthesised speech (pyttsx3 + espeak-ng), silence, noise, other formats."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np

from voicesim.audio.decode import SAMPLE_RATE, load_audio
from voicesim.speech.speaker import Pyttsx3Speaker

_speakers: dict[int, Pyttsx3Speaker] = {}


def synth(text: str, path: Path, rate: int = 160) -> Path:
    """Speech for `text` as a WAV file, rendered by voicesim's own TTS adapter."""
    speaker = _speakers.setdefault(rate, Pyttsx3Speaker(rate=rate))
    return speaker.render(text, Path(path))


def espeak_variant(text: str, path: Path, variant: str, rate: int = 160) -> Path:
    """`text` in espeak-ng's American voice with one of its variants ("f3", "m3"): the espeak-ng program itself,
    since pyttsx3 lists no variants."""
    subprocess.run(["espeak-ng", "--stdin", "-v", f"en-us+{variant}", "-s", str(rate), "-w", str(path)], input=text, text=True,
                   check=True, capture_output=True, timeout=120)
    return Path(path)


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE, channels: int = 1) -> Path:
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as f:
        f.setnchannels(channels)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(data.tobytes())
    return Path(path)


def speech_with_silences(parts: list[str], silences: list[float], path: Path, tmp: Path, rate: int = 160) -> Path:
    """Sentences separated by exact silences: parts[0], silences[0] s, parts[1], ..."""
    chunks = []
    for i, text in enumerate(parts):
        chunks.append(load_audio(synth(text, tmp / f"part{i}.wav", rate)))
        if i < len(silences):
            chunks.append(np.zeros(int(silences[i] * SAMPLE_RATE), dtype=np.float32))
    return write_wav(path, np.concatenate(chunks))


def encode(samples: np.ndarray, path: Path, codec: str, rate: int = SAMPLE_RATE, channels: int = 1) -> Path:
    """Encode mono float samples with PyAV (FFmpeg) into another container/codec, at another rate/layout."""
    import av

    layout = "mono" if channels == 1 else "stereo"
    data = np.tile(samples[None, :], (channels, 1)).astype(np.float32)
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        fmt = stream.codec_context.codec.audio_formats[0].name
        resampler = av.AudioResampler(format=fmt, layout=layout, rate=rate)
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=layout)
        frame.sample_rate = SAMPLE_RATE
        for chunk in resampler.resample(frame):
            for packet in stream.encode(chunk):
                container.mux(packet)
        for chunk in resampler.resample(None):
            for packet in stream.encode(chunk):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return Path(path)
