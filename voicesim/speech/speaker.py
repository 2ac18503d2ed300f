"""Text to speech: pyttsx3 (espeak-ng on Linux) rendered to a WAV file.

pyttsx3's `say()` plays through `aplay` and returns before playback ends, so
voicesim always renders to a file and plays it itself (playback.py): listening
starts only when the question has really finished.

Each render runs in a short-lived child process (`python -m voicesim.speech.speaker`).
pyttsx3 2.99's espeak driver keeps one engine per process, returns from
`runAndWait()` before a long text is synthesised (waiting on
`espeak_Synchronize` fixes that), and from the second render on in one process
it lost settings and wrote files one render late. One render per process is
the path that always worked; it costs about 0.3 s of start-up.
"""

from __future__ import annotations

import contextlib
import io
import logging
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from voicesim.errors import SpeakerError

log = logging.getLogger(__name__)

DEFAULT_VOICE = "gmw/en-us"  # American English; espeak's default is British
DEFAULT_RATE = 175  # words per minute: a calm interviewer
RENDER_TIMEOUT_S = 120
_UNKNOWN_VOICE = 3


class Speaker(Protocol):
    def render(self, text: str, path: Path) -> Path: ...


class Pyttsx3Speaker:
    """Renders speech to WAV files (22,050 Hz mono 16-bit with espeak-ng)."""

    def __init__(self, voice: str | None = DEFAULT_VOICE, rate: int = DEFAULT_RATE):
        self.voice = voice
        self.rate = rate

    def render(self, text: str, path: Path) -> Path:
        path = Path(path)
        path.unlink(missing_ok=True)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "voicesim.speech.speaker", self.voice or "", str(self.rate), str(path)],
                input=text, capture_output=True, text=True, timeout=RENDER_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            raise SpeakerError(f"text to speech took over {RENDER_TIMEOUT_S} s; use --no-speak") from None
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit code {done.returncode}"
            raise SpeakerError(reason if done.returncode == _UNKNOWN_VOICE else f"text to speech failed ({reason}); install espeak-ng (`make install`) or use --no-speak")
        if not path.is_file() or path.stat().st_size <= 44:
            raise SpeakerError(f"text to speech produced no audio for {text[:40]!r}")
        log.debug("rendered %d characters of speech to %s", len(text), path)
        return path


def _render_here(text: str, voice: str, rate: int, path: str) -> None:
    import pyttsx3

    engine = pyttsx3.init()
    if voice:
        known = {v.id for v in engine.getProperty("voices")}
        if voice not in known:  # pyttsx3 silently ignores an unknown voice: say so instead
            print(f"unknown voice '{voice}' (for example: {', '.join(sorted(known)[:6])}; see `espeak-ng --voices`)", file=sys.stderr)
            sys.exit(_UNKNOWN_VOICE)
        engine.setProperty("voice", voice)
    engine.setProperty("rate", rate)
    with contextlib.redirect_stdout(io.StringIO()):  # the driver prints "Audio saved to ..."
        engine.save_to_file(text, path)
        engine.runAndWait()
        try:
            from pyttsx3.drivers import _espeak
        except (ImportError, OSError):  # another platform's driver: runAndWait is synchronous there
            return
        _espeak.Synchronize()


if __name__ == "__main__":
    _render_here(sys.stdin.read(), sys.argv[1], int(sys.argv[2]), sys.argv[3])
