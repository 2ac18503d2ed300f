"""Delivery: pace, pauses, filler words, hedges and length, from word timestamps and voice activity.

Every threshold lives in this module's constants; README's scoring section
documents the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from voicesim.question.bank import TargetLength
from voicesim.scoring.hesitation import Hesitation, find_hesitations
from voicesim.scoring.repetition import Repetition, find_repetitions
from voicesim.text import filler_sound, surface_pieces
from voicesim.transcript import Span, Transcript, Word

PAUSE_THRESHOLD_S = 2.0  # a silence at least this long between words is a pause
ARTICULATION_GAP_S = 0.25  # silences from this long are left out of the articulation rate

# Words per minute, upper bound exclusive -> band. The one place pace and filler bands are defined.
PACE_BANDS: tuple[tuple[float, str], ...] = (
    (110.0, "slow"),
    (120.0, "a little slow"),
    (160.0, "good"),
    (180.0, "a little fast"),
    (float("inf"), "fast"),
)
# Fillers (words and hesitations) as a share of all words, upper bound exclusive -> band, as coaches publish
# them: under 2% (or 2 a minute) is very good, over 5% needs work.
FILLER_BANDS: tuple[tuple[float, str], ...] = (
    (0.02, "very good"),
    (0.05, "fair"),
    (float("inf"), "needs work"),
)
MONOTONE_SEMITONES = 2.0  # a pitch spread below this sounds flat

_ALWAYS_FILLERS = {"basically", "actually", "literally"}
# Before "kind of"/"sort of" these make it a noun phrase ("what kind of queue"), not a filler.
_KIND_OF_DETERMINERS = {
    "what", "this", "that", "the", "a", "an", "any", "some", "every", "each", "which", "one", "same",
    "different", "another", "certain", "no", "these", "those", "all", "its", "their", "our", "my", "your", "first", "right",
}
# "something like Redis", "looks like", "I like Postgres": "like" as a verb or preposition.
_LIKE_NOT_FILLER_BEFORE = {
    "i", "you", "we", "they", "he", "she", "would", "wouldnt", "dont", "didnt", "really", "also", "looks", "look",
    "looked", "sounds", "seems", "seem", "feel", "feels", "felt", "something", "things", "thing", "stuff", "just",
    "much", "more", "anything", "nothing", "exactly", "lot", "lots", "is", "be",
}
_KNOW_OBJECTS = {"what", "how", "why", "where", "when", "that", "if", "whether", "the", "a", "an", "about", "which", "who"}
_HEDGES = (("i", "think"), ("i", "guess"), ("i", "believe"), ("i", "suppose"), ("not", "sure"), ("maybe",), ("probably",), ("perhaps",))


@dataclass(frozen=True)
class TimedItem:
    word: str  # canonical form: "um", "like", "you know", "i think"
    start: float


@dataclass(frozen=True)
class Pause:
    start: float
    duration_s: float


@dataclass(frozen=True)
class LengthCheck:
    seconds: float
    min_s: float
    max_s: float

    @property
    def verdict(self) -> str:
        if self.seconds < self.min_s:
            return "short"
        return "long" if self.seconds > self.max_s else "on target"


@dataclass(frozen=True)
class Voice:
    pitch_spread_semitones: float
    loudness_spread_db: float | None

    @property
    def monotone(self) -> bool:
        return self.pitch_spread_semitones < MONOTONE_SEMITONES


@dataclass(frozen=True)
class Delivery:
    duration_s: float  # the whole recording
    speaking_s: float  # first word start to last word end
    time_to_first_word_s: float | None
    word_count: int  # words other than filler sounds
    wpm: float | None
    articulation_wpm: float | None
    fillers: tuple[TimedItem, ...]
    hedges: tuple[TimedItem, ...]
    pauses: tuple[Pause, ...]
    length: LengthCheck
    pause_threshold_s: float = PAUSE_THRESHOLD_S
    hesitations: tuple[Hesitation, ...] = ()  # heard in the audio, with no filler word written for them
    voice: Voice | None = None  # None when the transcript carries no acoustics (made before voicesim measured them)
    repetitions: tuple[Repetition, ...] = ()

    @property
    def pace_band(self) -> str | None:
        return pace_band(self.wpm) if self.wpm is not None else None

    @property
    def fillers_per_minute(self) -> float:
        return round(len(self.fillers) / (self.speaking_s / 60.0), 2) if self.speaking_s > 0 else 0.0

    @property
    def disfluencies(self) -> int:
        """Filler words plus hesitations: the best estimate of how often the candidate hesitated."""
        return len(self.fillers) + len(self.hesitations)

    @property
    def disfluencies_per_minute(self) -> float:
        return round(self.disfluencies / (self.speaking_s / 60.0), 2) if self.speaking_s > 0 else 0.0

    @property
    def filler_share(self) -> float:
        """Fillers and hesitations as a share of all words said (fillers included)."""
        total = self.word_count + self.disfluencies
        return round(self.disfluencies / total, 4) if total else 0.0

    @property
    def filler_band(self) -> str:
        for upper, name in FILLER_BANDS:
            if self.filler_share < upper:
                return name
        return FILLER_BANDS[-1][1]


def pace_band(wpm: float) -> str:
    for upper, name in PACE_BANDS:
        if wpm < upper:
            return name
    return PACE_BANDS[-1][1]


@dataclass(frozen=True)
class _W:
    core: str  # lowercase, punctuation removed
    start: float
    pause_before: bool  # a comma, full stop or dash before this word
    pause_after: bool
    comma_after: bool
    sentence_start: bool


def _analyse(words: Sequence[Word]) -> list[_W]:
    out: list[_W] = []
    for i, w in enumerate(words):
        raw = w.text
        prev_raw = words[i - 1].text if i else ""
        # "Unix" + "-like": a hyphen Whisper wrote between two words it joined makes one word, it is no dash
        compound = w.joined and (raw.startswith("-") or prev_raw.endswith("-"))
        out.append(_W(
            core="".join(surface_pieces(raw)),
            start=w.start,
            pause_before=i == 0 or (not compound and (prev_raw.endswith((",", ".", "?", "!", ";", ":", "-", "…")) or raw.startswith(("-", "…")))),
            pause_after=raw.endswith((",", ".", "?", "!", ";", ":", "-", "…")),
            comma_after=raw.endswith(","),
            sentence_start=i == 0 or prev_raw.endswith((".", "?", "!")),
        ))
    return out


def find_fillers(words: Sequence[Word]) -> tuple[TimedItem, ...]:
    ws = _analyse(words)
    items: list[TimedItem] = []
    i = 0
    while i < len(ws):
        w = ws[i]
        prev = ws[i - 1] if i else None
        nxt = ws[i + 1] if i + 1 < len(ws) else None
        after = ws[i + 2] if i + 2 < len(ws) else None
        sound = filler_sound(w.core)
        if sound:
            items.append(TimedItem(sound, w.start))
        elif w.core in _ALWAYS_FILLERS:
            items.append(TimedItem(w.core, w.start))
        elif w.core == "like" and _like_is_filler(prev, w, nxt):
            items.append(TimedItem("like", w.start))
        elif nxt is not None and (w.core, nxt.core) in {("kind", "of"), ("sort", "of")}:
            if prev is None or prev.core not in _KIND_OF_DETERMINERS:
                items.append(TimedItem(f"{w.core} of", w.start))
                i += 2
                continue
        elif nxt is not None and (w.core, nxt.core) == ("you", "know"):
            if nxt.pause_after or after is None or (w.pause_before and after.core not in _KNOW_OBJECTS):
                items.append(TimedItem("you know", w.start))
                i += 2
                continue
        elif nxt is not None and (w.core, nxt.core) == ("i", "mean"):
            if (prev is None or prev.core not in {"what", "which", "that", "do", "dont", "didnt"}) and (nxt.pause_after or w.pause_before):
                items.append(TimedItem("i mean", w.start))
                i += 2
                continue
        i += 1
    return tuple(items)


def _like_is_filler(prev: _W | None, like: _W, nxt: _W | None) -> bool:
    if prev is not None and filler_sound(prev.core):
        return True
    if like.pause_before and prev is not None and not prev.sentence_start:
        return True  # "we use, like Redis"
    if like.comma_after and nxt is not None and filler_sound(nxt.core):
        # Whisper writes commas around a filler: in "a system like, uh, Cassandra" the comma is the "uh"'s and says
        # nothing about "like". A pause before "like" still does ("and, like, uh", "Like, uh," opening a sentence).
        return like.pause_before
    if like.pause_after:
        return prev is None or like.sentence_start or prev.core not in _LIKE_NOT_FILLER_BEFORE  # "it's, like, fast"
    return False


def find_hedges(words: Sequence[Word]) -> tuple[TimedItem, ...]:
    cores = [w.core for w in _analyse(words)]
    items: list[TimedItem] = []
    i = 0
    while i < len(cores):
        for hedge in _HEDGES:
            if tuple(cores[i : i + len(hedge)]) == hedge:
                items.append(TimedItem(" ".join(hedge), words[i].start))
                i += len(hedge) - 1
                break
        i += 1
    return tuple(items)


def _silences(transcript: Transcript, start: float, end: float) -> list[Span]:
    """Silent stretches between `start` and `end`: gaps in voice activity when it is known, else between words."""
    if transcript.speech:
        spans = sorted(transcript.speech, key=lambda s: s.start)
        edges = [(a.end, b.start) for a, b in zip(spans, spans[1:])]
    else:
        edges = [(a.end, b.start) for a, b in zip(transcript.words, transcript.words[1:])]
    return [Span(max(a, start), min(b, end)) for a, b in edges if min(b, end) > max(a, start)]


def score_delivery(transcript: Transcript, target: TargetLength, pause_threshold_s: float = PAUSE_THRESHOLD_S) -> Delivery:
    words = transcript.words
    fillers = find_fillers(words)
    hedges = find_hedges(words)
    spoken = [w for w in words if surface_pieces(w.text) and not filler_sound("".join(surface_pieces(w.text)))]
    if not words:
        return Delivery(
            duration_s=round(transcript.duration, 2), speaking_s=0.0, time_to_first_word_s=None, word_count=0,
            wpm=None, articulation_wpm=None, fillers=fillers, hedges=hedges, pauses=(),
            length=LengthCheck(0.0, target.min_s, target.max_s), pause_threshold_s=pause_threshold_s,
        )
    hesitations = find_hesitations(transcript, [f.start for f in fillers])
    acoustics = transcript.acoustics
    voice = (Voice(acoustics.pitch_spread_semitones, acoustics.loudness_spread_db)
             if acoustics is not None and acoustics.pitch_spread_semitones is not None else None)
    first, last = words[0].start, words[-1].end
    speaking = max(last - first, 0.0)
    silences = _silences(transcript, first, last)
    pauses = tuple(Pause(round(s.start, 2), round(s.duration, 2)) for s in silences if s.duration >= pause_threshold_s)
    articulation_time = speaking - sum(s.duration for s in silences if s.duration >= ARTICULATION_GAP_S)
    wpm = len(spoken) / (speaking / 60.0) if speaking > 0 else None
    articulation = len(spoken) / (articulation_time / 60.0) if articulation_time > 0 else None
    return Delivery(
        duration_s=round(transcript.duration, 2),
        speaking_s=round(speaking, 2),
        time_to_first_word_s=round(first, 2),
        word_count=len(spoken),
        wpm=round(wpm, 1) if wpm is not None else None,
        articulation_wpm=round(articulation, 1) if articulation is not None else None,
        fillers=fillers,
        hedges=hedges,
        pauses=pauses,
        length=LengthCheck(round(speaking, 2), target.min_s, target.max_s),
        pause_threshold_s=pause_threshold_s,
        hesitations=hesitations,
        voice=voice,
        repetitions=find_repetitions([w for w in words if not filler_sound("".join(surface_pieces(w.text)))]),
    )
