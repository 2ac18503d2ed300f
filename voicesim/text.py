"""Text normalisation shared by rubric phrases and transcripts.

Both sides go through the same steps, so a phrase matches whatever way the
recogniser wrote it: lowercase; hyphens, slashes and underscores become spaces;
punctuation goes; spoken numbers become digits ("four twenty nine" and "four
hundred and twenty-nine" both become "429"); every word is stemmed (Snowball
English), so "limiting", "limits" and "limited" are one word.

This module never deletes filler words: that is Whisper's own normaliser's habit,
and filler counting needs them (see delivery.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_SEPARATORS = re.compile(r"[-_/\\–—]+")
_PIECE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Snowball also strips these derivational endings, which change the meaning:
# "restful" would become "rest", "stateful" "state". Such words are kept whole.
_MEANINGFUL_ENDINGS = ("ful", "fully", "ness")

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


@dataclass(frozen=True)
class Token:
    """One normalised word of a transcript, with the time of the words it came from."""

    norm: str  # lowercase surface form, numbers as digits
    stem: str
    start: float
    end: float
    first_word: int  # index into Transcript.words
    last_word: int


def surface_pieces(text: str) -> list[str]:
    """Lowercase word pieces of `text`, with punctuation and apostrophes removed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("&", " and ")
    text = _SEPARATORS.sub(" ", text)
    pieces = []
    for piece in _PIECE.findall(text):
        if piece == "i'd":  # without its apostrophe it would read as "id" ("users I'd" is not "user id")
            pieces += ["i", "would"]
            continue
        piece = piece.replace("'", "")
        if piece:
            pieces.append(piece)
    return pieces


@lru_cache(maxsize=65536)
def stem(piece: str) -> str:
    if piece.isdigit() or piece.endswith(_MEANINGFUL_ENDINGS):
        return piece
    return _STEMMER.stemWord(piece)


def _is_number_word(piece: str) -> bool:
    return piece in _UNITS or piece in _TENS or piece in _SCALES or piece.isdigit()


def _number_groups(pieces: Sequence[str]) -> str:
    """Digits for a run of number words.

    A run that reads as one cardinal ("four hundred twenty nine") gives that
    number; a run of groups read one after another, as people say status codes
    and years ("four twenty nine", "four oh four", "twenty twenty six"), gives
    the groups' digits side by side.
    """
    groups: list[int] = []
    current: int | None = None  # the group being built
    last_kind = ""
    for piece in pieces:
        if piece.isdigit():
            if current is not None:
                groups.append(current)
            groups.append(int(piece))
            current, last_kind = None, "digit"
            continue
        if piece in _SCALES:
            scale = _SCALES[piece]
            if current is None:
                current = scale
            elif scale == 100:
                # "two thousand five hundred": hundred multiplies only the part below a thousand.
                current = current - current % 1000 + (current % 1000 or 1) * 100
            else:
                # "two hundred thousand": a larger scale multiplies everything so far.
                current *= scale
            last_kind = "scale"
            continue
        value = _UNITS.get(piece, _TENS.get(piece))
        kind = "tens" if piece in _TENS else "unit"
        continues = current is not None and (
            (last_kind == "scale" and value < 100)
            or (last_kind == "tens" and kind == "unit" and value < 10 and current % 10 == 0)
        )
        if continues:
            current += value
        else:
            if current is not None:
                groups.append(current)
            current = value
        last_kind = kind
    if current is not None:
        groups.append(current)
    return "".join(str(g) for g in groups)


def _collapse_numbers(pieces: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """Merge runs of number words into one digit piece; keep the word indices they span."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(pieces):
        piece, word = pieces[i]
        # "oh" alone is an interjection, not zero: a run must start with a real number word.
        if not _is_number_word(piece) or piece == "oh":
            out.append((piece, word, word))
            i += 1
            continue
        j = i
        run: list[str] = []
        while j < len(pieces):
            p = pieces[j][0]
            if _is_number_word(p):
                run.append(p)
                j += 1
            elif p == "and" and run and run[-1] in _SCALES and j + 1 < len(pieces) and _is_number_word(pieces[j + 1][0]):
                j += 1  # "four hundred and twenty": the "and" belongs to the number
            else:
                break
        out.append((_number_groups(run), word, pieces[j - 1][1]))
        i = j
    return out


@lru_cache(maxsize=4096)
def tokenize_phrase(phrase: str) -> tuple[str, ...]:
    """The stems of a rubric phrase, normalised exactly as transcripts are."""
    pieces = [(p, 0) for p in surface_pieces(phrase)]
    return tuple(stem(p) for p, _, _ in _collapse_numbers(pieces))


def tokenize_words(words: Sequence[tuple[str, float, float]]) -> list[Token]:
    """Tokens of transcript words given as (text, start, end)."""
    pieces = [(p, index) for index, (text, _, _) in enumerate(words) for p in surface_pieces(text)]
    tokens = []
    for norm, first, last in _collapse_numbers(pieces):
        tokens.append(Token(norm=norm, stem=stem(norm), start=words[first][1], end=words[last][2], first_word=first, last_word=last))
    return tokens


# Whisper spells hesitations many ways ("Umm", "uhh", "Hmm"): one canonical form each.
_FILLER_SOUNDS = (
    (re.compile(r"^u+h*m+$"), "um"),
    (re.compile(r"^u+h+$"), "uh"),
    (re.compile(r"^e+r+m*$"), "er"),
    (re.compile(r"^a+h+$"), "ah"),
    (re.compile(r"^(?:h+m+|m+h*m+|mhm)$"), "hmm"),
)


def filler_sound(core: str) -> str | None:
    """The canonical filler for a hesitation sound ("Umm" -> "um"), else None."""
    for pattern, name in _FILLER_SOUNDS:
        if pattern.match(core):
            return name
    return None
