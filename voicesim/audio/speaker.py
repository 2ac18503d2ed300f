"""Text to speech: pyttsx3 (espeak-ng on Linux) rendered to a WAV file.

pyttsx3's `say()` plays through `aplay` and returns before playback ends, so
voicesim always renders to a file and plays it itself (playback.py): listening
starts only when the question has really finished.

pyttsx3 2.99's espeak driver returns from `runAndWait()` before a long text is
synthesised, and writes the file from espeak's own thread; waiting on
`espeak_Synchronize` makes every render complete. It also prints "Audio saved
to ..." on stdout, which is swallowed here (only the CLI writes to the terminal).
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from pathlib import Path
from typing import Protocol

from voicesim.errors import SpeakerError

log = logging.getLogger(__name__)

DEFAULT_VOICE = "gmw/en-us"  # American English; espeak's default is British
DEFAULT_RATE = 175  # words per minute: a calm interviewer


class Speaker(Protocol):
    def render(self, text: str, path: Path) -> Path: ...


class Pyttsx3Speaker:
    """Renders speech to WAV files (22,050 Hz mono 16-bit with espeak-ng)."""

    _lock = threading.Lock()  # espeak is one engine per process

    def __init__(self, voice: str | None = DEFAULT_VOICE, rate: int = DEFAULT_RATE):
        self.voice = voice
        self.rate = rate
        self._engine = None

    def _init(self):
        if self._engine is not None:
            return self._engine
        try:
            import pyttsx3

            engine = pyttsx3.init()
        except Exception as exc:  # missing libespeak-ng, no driver for this platform...
            raise SpeakerError(f"text to speech is unavailable ({exc}); install espeak-ng (`make install`) or use --no-speak") from None
        if self.voice:
            known = {v.id for v in engine.getProperty("voices")}
            if self.voice not in known:  # pyttsx3 silently ignores an unknown voice: say so instead
                raise SpeakerError(f"unknown voice '{self.voice}' (try one of: {', '.join(sorted(known)[:8])}, ...)")
            engine.setProperty("voice", self.voice)
        engine.setProperty("rate", self.rate)
        self._engine = engine
        return engine

    def render(self, text: str, path: Path) -> Path:
        path = Path(path)
        with self._lock:
            engine = self._init()
            path.unlink(missing_ok=True)
            with contextlib.redirect_stdout(io.StringIO()):
                engine.save_to_file(text, str(path))
                engine.runAndWait()
                _wait_for_espeak()
        if not path.is_file() or path.stat().st_size <= 44:
            raise SpeakerError(f"text to speech produced no audio for {text[:40]!r}")
        log.debug("rendered %d characters of speech to %s", len(text), path)
        return path


def _wait_for_espeak() -> None:
    try:
        from pyttsx3.drivers import _espeak
    except (ImportError, OSError):  # another platform's driver: runAndWait is synchronous there
        return
    _espeak.Synchronize()


def list_voices() -> list[tuple[str, str]]:
    import pyttsx3

    engine = pyttsx3.init()
    return [(v.id, v.name) for v in engine.getProperty("voices")]
