"""Hesitations Whisper wrote nothing for, found in the audio's voiced stretches (Transcript.acoustics).

Whisper drops many "um" and "uh" even with a filler prompt. The sound is still there: either as voice
in a gap between two words, or inside a word that Whisper stretched to cover it (the next word starts
early). Both are reported apart from the filler words, so the filler count can say it is a lower bound.
A false hesitation is as bad as a false hit, so every threshold errs towards silence; they were set on
natural-voice (Piper) and espeak answers whose fillers are known (tests/test_natural_voice.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from voicesim.text import surface_pieces
from voicesim.transcript import Span, Transcript, Word

GAP_MIN_S = 0.3  # a gap between words shorter than this holds no hesitation worth counting
EDGE_S = 0.08  # voicing this close to a word belongs to the word (word times are approximate)
VOICED_MIN_S = 0.25  # one stretch of voice in a gap, at least this long, is a hesitation ...
MAX_ISLANDS = 1  # ... when the gap holds at most this many: more is words Whisper lost, not an "uhh"
DEGENERATE_S = 0.1  # a word shorter than this has times Whisper could not place: its gaps prove nothing
STRETCH_FACTOR = 2.6  # a word this many times its expected length, and
STRETCH_EXTRA_S = 0.45  # at least this much longer, hides a hesitation
STRETCH_VOICED_S = 0.35  # ... when it holds this much more voice than a word of its length would
NEAR_FILLER_S = 0.4  # a hesitation this close to a written filler is that filler
MAX_HESITATION_S = 2.0  # longer is Whisper losing its place (a lost window, a loop), not a sound anyone makes
VOICED_SHARE_OF_WORD = 0.5  # about half of an ordinary word is voiced


@dataclass(frozen=True)
class Hesitation:
    start: float
    duration_s: float
    kind: str  # "gap": voice between words; "stretched": inside a word Whisper lengthened


def _voiced_within(voiced: Sequence[Span], start: float, end: float) -> list[Span]:
    return [Span(max(s.start, start), min(s.end, end)) for s in voiced if min(s.end, end) > max(s.start, start)]


def expected_duration(word: Word, seconds_per_letter: float) -> float:
    letters = sum(len(p) for p in surface_pieces(word.text)) or 1
    return 0.1 + seconds_per_letter * letters


def _letters_only(text: str) -> bool:
    """An ordinary word: letters (and an apostrophe or hyphen) with Whisper's punctuation, not an acronym."""
    core = text.strip(".,!?;:\"'()")
    return core.replace("'", "").replace("-", "").isalpha() and not (len(core) > 1 and core.isupper())


def _seconds_per_letter(words: Sequence[Word]) -> float:
    """The speaker's own articulation speed: the median time per letter of their words."""
    rates = sorted((w.end - w.start) / max(1, sum(len(p) for p in surface_pieces(w.text))) for w in words if w.end > w.start)
    return rates[len(rates) // 2] if rates else 0.06


def find_hesitations(transcript: Transcript, filler_starts: Sequence[float] = ()) -> tuple[Hesitation, ...]:
    acoustics = transcript.acoustics
    words = transcript.words
    if acoustics is None or len(words) < 2:
        return ()
    voiced = acoustics.voiced
    per_letter = _seconds_per_letter(words)
    found: list[Hesitation] = []
    for a, b in zip(words, words[1:]):
        if b.start - a.end < GAP_MIN_S or min(a.end - a.start, b.end - b.start) < DEGENERATE_S:
            continue
        islands = _voiced_within(voiced, a.end + EDGE_S, b.start - EDGE_S)
        if islands and len(islands) <= MAX_ISLANDS:
            longest = max(islands, key=lambda s: s.duration)
            if longest.duration >= VOICED_MIN_S:
                found.append(Hesitation(round(longest.start, 2), round(longest.duration, 2), "gap"))
    for w in words:
        if not _letters_only(w.text):
            continue  # "SQS", "N+1", "429": spoken letter by letter or as number words, their length says nothing
        duration = w.end - w.start
        expected = expected_duration(w, per_letter)
        if duration >= STRETCH_FACTOR * expected and duration - expected >= STRETCH_EXTRA_S:
            voice = sum(s.duration for s in _voiced_within(voiced, w.start, w.end))
            if voice - VOICED_SHARE_OF_WORD * expected >= STRETCH_VOICED_S:
                found.append(Hesitation(round(w.start, 2), round(duration - expected, 2), "stretched"))
    return tuple(h for h in sorted(found, key=lambda h: h.start) if h.duration_s <= MAX_HESITATION_S
                 and not any(abs(h.start - f) <= NEAR_FILLER_S + h.duration_s for f in filler_starts))
