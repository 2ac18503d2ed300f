"""The phonetic core: how words and vocabulary terms are said, and how alike two sounds are. Shared by two users that
want different things of it:

- Decoding's sound-alike candidates (liberal; `sound_alike_runs`, for transcript/rescoring.py): runs of 1-3 words of
  a hypothesis that may be a vocabulary term heard as other words ("readies" for Redis). Liberal on purpose: the
  model scores every candidate by forced decoding and keeps it only where it and the bonus prefer the term. Off by
  default (Decoding.sound_alikes; measured on the held-out sets in benchmarks/README.md, issue 18).
- The review hints (strict; `term_sounds`, `sound_of` and `similarity`, for scoring/mishearing.py): a hint is shown
  to the user, and a false one teaches them to ignore hints, so a run must sound like the term by several rules.

Low-level on purpose (text.py, jellyfish and rapidfuzz only): the transcript layer imports it, so it must not import
the scoring or question layers. Pure: no I/O, no clock, no randomness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from voicesim.text import surface_pieces, tokenize_phrase

# Liberal, for decoding's candidates: 0.6 x metaphone similarity + 0.4 x letters. Kept apart from the strict
# constants below, since each set was tuned on its own (the dev set; tests/test_mishearing.py's table).
CANDIDATE_MIN_SIMILARITY = 0.6
CANDIDATE_MIN_LETTERS = 0.45
# Strict, for the hints. Metaphone drops vowels, so "right is" is "Redis" to it: the letters say otherwise.
MIN_LETTER_SIMILARITY = 0.52
PHONETIC_WEIGHT = 0.6
SYLLABLE_PENALTY = 0.1  # for each syllable more than the term's (one at most)

# How names are said where their spelling does not tell (lowercase keys). Acronyms, digits and "/" "+" are read
# out by rule; this table is for the rest.
READ_OUT: dict[str, tuple[str, ...]] = {
    "nginx": ("engine x",),
    "etcd": ("et see dee",),
    "jaeger": ("yay ger",),
    "postgresql": ("postgres q l", "postgres sequel"),
    "mysql": ("my sequel", "my s q l"),
    "sqlite": ("sequel light", "s q lite"),
    "oauth": ("oh auth",),
    "owasp": ("oh wasp",),
    "haproxy": ("h a proxy",),
    "rsync": ("are sync",),
    "bcrypt": ("bee crypt",),
    "inotify": ("eye notify",),
    "mcrouter": ("m c router",),
    "gh-ost": ("ghost",),
}
_LETTERS = {"a": "ay", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "eff", "g": "gee", "h": "aitch", "i": "eye",
            "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en", "o": "oh", "p": "pee", "q": "cue", "r": "ar", "s": "ess",
            "t": "tee", "u": "you", "v": "vee", "w": "double you", "x": "ex", "y": "why", "z": "zee"}
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ALNUM_RUNS = re.compile(r"[^\W\d_]+|\d+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


# ---------------------------------------------------------------- shared primitives

def code_similarity(a: str, b: str) -> float:
    """How alike two metaphone codes are, 0..1 (normalised Levenshtein)."""
    return Levenshtein.normalized_similarity(a, b)


def letters_similarity(a: str, b: str) -> float:
    """How alike two spellings are, 0..1 (rapidfuzz's ratio)."""
    return fuzz.ratio(a, b) / 100


# ---------------------------------------------------------------- strict: how words and terms are said

@dataclass(frozen=True)
class Sound:
    """Words as they are said, with what the comparison needs of them."""

    words: tuple[str, ...]
    letters: str
    keys: frozenset[str]  # metaphone codes of the words joined and of each word in turn, maybe with no final "r"
    onset: str
    coda: str  # its last sound, "j" heard as "sh" ("surge", "search")
    codas: frozenset[str]  # what that may be heard as (_codas)
    syllables: int


def spoken(pieces: Iterable[str]) -> tuple[str, ...]:
    """Normalised pieces as said: a single letter by its name, a number digit by digit."""
    out: list[str] = []
    for piece in pieces:
        for part in _ALNUM_RUNS.findall(piece):
            if part.isdigit():
                out += [_DIGITS[int(d)] for d in part]
            elif len(part) == 1:
                out += _LETTERS.get(part, part).split()
            else:
                out.append(part)
    return tuple(out)


def linked(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words as said together: a "th" after a "d" or "t" merges into it ("read these" is said "ree-deez")."""
    out = list(words)
    for k in range(1, len(out)):
        if out[k - 1].endswith(("d", "t")) and out[k].startswith("th") and len(out[k]) > 2:
            out[k] = out[k][2:]
    return tuple(out)


def syllables(word: str) -> int:
    """Vowel groups, less a silent "e" at the end ("these" 1, "console" 2, "table" 2, "engines" 2, "cashed" 1)."""
    n = len(_VOWEL_GROUPS.findall(word))
    silent = (re.search(r"[^aeiouy]e$", word) and not re.search(r"[^aeiouy]le$", word)
              or re.search(r"[aeiouy][^aeiouysxzgc]es$", word) or re.search(r"[^aeiouytd]ed$", word))
    return max(n - 1 if n > 1 and silent else n, 1)


def _onset(text: str, code: str) -> str:
    """The first sound: metaphone's, which merges v into f, d into t, a hard g into k and z into s; those are
    kept apart here ("fault" is not "Vault"), and every vowel is one sound."""
    first = text[:1]
    if first in ("v", "d", "z") or (first == "g" and code[:1] == "K"):
        return first
    return "a" if code[:1] in ("A", "E", "I", "O", "U") else code[:1]


def _codas(code: str) -> frozenset[str]:
    """The last sound of a metaphone code as it may have been heard: for words written ending in "r", also the
    sound before. Most English speakers do not say a final "r", so Whisper may write one nobody said ("caf car"
    for "Kafka")."""
    code = code.replace("J", "X")
    return frozenset((code[-1:], code[-2:-1])) if len(code) > 1 and code.endswith("R") else frozenset((code[-1:],))


@lru_cache(maxsize=16384)
def sound_of(words: tuple[str, ...]) -> Sound:
    """Words, as `spoken` (and `linked`) gives them, as a Sound."""
    letters = "".join(words)
    joined = jellyfish.metaphone(letters)
    each = "".join(jellyfish.metaphone(w) for w in words)
    keys = {joined, each} | {k[:-1] for k in (joined, each) if len(k) > 1 and k.endswith("R")}  # a final "r" unsaid
    return Sound(words, letters, frozenset(keys), _onset(letters, joined), joined[-1:].replace("J", "X"),
                 _codas(joined), sum(syllables(w) for w in words))


def _acronym_letters(raw: str) -> str | None:
    """The letters an acronym is said by: 2-5 capitals, maybe after one lowercase letter ("gRPC", "mTLS") or
    before a plural "s" ("OKRs"). None for a word."""
    if not raw.isalpha() or not 2 <= len(raw) <= 5:
        return None
    if raw.isupper():
        return raw.lower()
    if len(raw) >= 3 and raw[0].islower() and raw[1:].isupper():
        return raw.lower()
    if len(raw) >= 3 and raw.endswith("s") and raw[:-1].isupper():
        return raw[:-1].lower()
    return None


def term_sounds(term: str) -> tuple[Sound, ...]:
    """The ways a term is said: its READ_OUT forms when it has some, else as written with acronyms letter by letter
    ("CI/CD" is "see eye see dee") and digits as words ("Neo4j" is "neo four jay")."""
    read_out = READ_OUT.get(term.lower())
    if read_out:
        forms = [spoken(surface_pieces(r)) for r in read_out]
    else:
        spelled: list[str] = []
        for raw in re.findall(r"[^\W_]+", term):
            letters = _acronym_letters(raw)
            spelled += [w for c in letters for w in _LETTERS[c].split()] if letters else spoken(surface_pieces(raw))
        forms = [tuple(spelled)]
    return tuple(sound_of(f) for f in dict.fromkeys(f for f in forms if f))


def similarity(term: Sound, heard: Sound) -> float:
    """How alike a term and a run of words sound, 0..1; 0 when a rule rules the run out. Both must open with the
    same sound (`_onset`), end with one (`_codas`), the run have as many syllables as the term or one more ("sent"
    is no "Sentry"; "century" may be), and the letters be MIN_LETTER_SIMILARITY alike. Then the metaphone keys
    weigh PHONETIC_WEIGHT against the letters, less SYLLABLE_PENALTY for the extra syllable."""
    extra = heard.syllables - term.syllables
    if term.onset != heard.onset or extra not in (0, 1):
        return 0.0
    if term.coda not in heard.codas:
        return 0.0  # words that end otherwise are other words ("consult", "snowfall", "engine then")
    letters = letters_similarity(term.letters, heard.letters)
    if letters < MIN_LETTER_SIMILARITY:
        return 0.0
    phonetic = max(code_similarity(a, b) for a in term.keys for b in heard.keys)
    return PHONETIC_WEIGHT * phonetic + (1 - PHONETIC_WEIGHT) * letters - SYLLABLE_PENALTY * extra


# ---------------------------------------------------------------- liberal: decoding's candidates

def _norm(word: str) -> str:
    """A word of a hypothesis or a term, as the candidates compare it: lowercase letters and digits only."""
    return "".join(c for c in word.lower() if c.isalnum())


def sound_alike_runs(words: Sequence[str], terms: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first word, end word, term) for each run of `words` that sounds like one of `terms`, most alike first.
    Spelling-based, with none of the strict rules: a term is compared as written, a run as its words joined."""
    out = []
    for term in terms:
        target = _norm(term)
        if not target:
            continue
        code = jellyfish.metaphone(target)
        stems = "".join(tokenize_phrase(term))
        longest = len(term.split()) + 1
        for i in range(len(words)):
            for size in range(1, longest + 1):
                run = words[i:i + size]
                if len(run) < size or not all(_norm(w) for w in run):
                    break  # a run of whole words only: punctuation ends it
                text = "".join(_norm(w) for w in run)
                if text in (target, target + "s") or "".join(tokenize_phrase("".join(run))) == stems:
                    continue  # the term itself, or inflected ("access tokens", "CDNs"): heard, and counted as said
                letters = letters_similarity(target, text)
                alike = 0.6 * code_similarity(code, jellyfish.metaphone(text)) + 0.4 * letters
                if alike >= CANDIDATE_MIN_SIMILARITY and letters >= CANDIDATE_MIN_LETTERS:
                    out.append((alike, i, i + size, term))
    out.sort(key=lambda c: -c[0])
    return [(a, b, term) for _, a, b, term in out]
