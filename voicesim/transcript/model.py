"""What transcription produces: words with times, and where the speech was.

A Transcript is everything scoring needs, so a stored transcript (its JSON form)
reproduces every score without the audio.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Word:
    """One recognised word, as faster-whisper's `Word`: text may carry punctuation and a leading space."""

    word: str
    start: float
    end: float
    probability: float = 1.0

    @property
    def text(self) -> str:
        return self.word.strip()

    @property
    def joined(self) -> bool:
        """Whisper wrote this word onto the one before it, with no space ("trade" + "-off", "Retry" + "-After",
        "it" + "'s"): whatever shows a transcript word by word asks this, so it reads "trade-off", not "trade -off"."""
        return self.word[:1] not in (" ", "")


@dataclass(frozen=True)
class Span:
    """A stretch of the audio, in seconds from its start."""

    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Acoustics:
    """What the audio says beyond the words, measured once at transcription time (SwiftF0, audio/acoustics.py), so that
    scoring stays a pure function of the transcript."""

    voiced: tuple[Span, ...]  # stretches where the voice has a pitch: words, and hesitations Whisper wrote nothing for
    pitch_spread_semitones: float | None  # standard deviation of pitch over voiced frames, in semitones
    loudness_spread_db: float | None  # standard deviation of intensity over voiced frames, in dB

    def to_dict(self) -> dict[str, Any]:
        return {"voiced": [{"start": round(s.start, 3), "end": round(s.end, 3)} for s in self.voiced],
                "pitch_spread_semitones": self.pitch_spread_semitones, "loudness_spread_db": self.loudness_spread_db}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Acoustics":
        return cls(tuple(Span(float(s["start"]), float(s["end"])) for s in data.get("voiced", [])),
                   data.get("pitch_spread_semitones"), data.get("loudness_spread_db"))


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...]
    duration: float  # of the whole audio, seconds
    # Voice activity (Silero VAD): where someone was speaking, including fillers Whisper dropped.
    speech: tuple[Span, ...] = ()
    model: str = ""
    language: str = "en"
    acoustics: Acoustics | None = None  # None for transcripts made before voicesim measured the voice

    @property
    def text(self) -> str:
        return "".join(w.word for w in self.words).strip()

    @property
    def has_speech(self) -> bool:
        return bool(self.words)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            # "joined": Whisper wrote the word onto the one before ("retry" + "-after"): kept so `text` reads the same
            "words": [{"word": w.text, "start": round(w.start, 3), "end": round(w.end, 3), "probability": round(w.probability, 4),
                       **({"joined": True} if w.joined else {})} for w in self.words],
            "duration_s": round(self.duration, 3),
            "speech": [{"start": round(s.start, 3), "end": round(s.end, 3)} for s in self.speech],
            "model": self.model,
            "language": self.language,
            **({"acoustics": self.acoustics.to_dict()} if self.acoustics is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Transcript":
        # Stored words lose their leading space; put it back so `text` reads the same.
        words = tuple(Word(("" if w.get("joined") else " ") + w["word"], float(w["start"]), float(w["end"]), float(w.get("probability", 1.0)))
                      for w in data["words"])
        return cls(
            words=words,
            duration=float(data["duration_s"]),
            speech=tuple(Span(float(s["start"]), float(s["end"])) for s in data.get("speech", [])),
            model=data.get("model", ""),
            language=data.get("language", "en"),
            acoustics=Acoustics.from_dict(data["acoustics"]) if data.get("acoustics") else None,
        )


@dataclass(frozen=True)
class RecognitionSettings:
    """How a transcript was made: kept with every stored answer."""

    engine: str
    model: str
    compute_type: str
    cpu_threads: int
    beam_size: int
    filler_prompt: bool = True
    voice_activity_filter: bool = True
    context: str = "hotwords"  # how the filler prompt and the question's vocabulary reach Whisper
    temperature_fallback: bool = True  # the default of transcripts made before issue 15
    vocabulary_bias: float = 0.0  # the decoding bonus for the question's terms (biasing.py); 0 before issue 18
    sound_alikes: bool = False  # terms also tried in place of words that sound like them (rescoring.py)
