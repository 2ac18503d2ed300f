"""Likely mis-hearings: places where the transcript may hold a vocabulary term that Whisper wrote as other words.

Whisper tiny.en writes some names as the everyday words they sound like, even with the term in its context:
"Postgres" as "posters", "Redis" as "read these", "nginx" as "engine x", "Sentry" as "century". Coverage counts what
was written and a guess is never evidence, so such a term stays uncounted; `review` and the HTML report show a hint
at the place instead (heard "posters" at 0:42: maybe "Postgres"? not counted), so the user knows the miss may be
the recogniser's. A hint never changes a score. Pure: no I/O, no clock, no randomness.

The rules err towards silence, since a false hint teaches the user to ignore hints:

- Terms: the question's vocabulary terms the transcript does not hold, looked for as coverage looks for a phrase
  (text.py's normalisation; words written apart equal the word joined), also with "/" and "+" read out ("CI slash
  CD") and by a SHORT_NAMES entry ("Postgres" is PostgreSQL). Only names: one written word with a capital, a digit
  or a "/" "+" "." in it (Postgres, CI/CD, Neo4j), or an entry of sounds.py's READ_OUT (nginx, etcd). Everyday
  vocabulary ("leader", "cache stampede") Whisper writes right, and a near miss of it ("later", "cash") was far more
  likely said. A name of one syllable (Kong, Vault, Helm) is too short to tell by sound from the words around it
  (king, fault, help): never hinted.
- Runs: 1 to MAX_RUN_WORDS whole transcript words with no filler, no punctuation and no pause of MAX_GAP_S inside,
  none of them part of a vocabulary term heard or of a rubric phrase matched (what coverage counts is no guess).
  One word alone is never a stopword nor a word of the question's own text or of `everyday`: "reads" in an answer
  about caching was said, not a mis-heard "Redis". A run opens with a stopword only where the term's spoken form
  does ("my sequel" may be MySQL; "so entry" is no Sentry).
- Sound (sounds.py, the phonetic core shared with decoding's sound-alike candidates; its strict `similarity` and
  constants): the term is compared as it is said: READ_OUT's forms, else as written with acronyms letter by letter
  ("CI/CD" is "see eye see dee") and digits as words; the run as said, a "th" merged into a "d" or "t" before it
  ("read these"). Run and term must open with the same sound (metaphone's first, keeping v/f, d/t, hard g/k and z/s
  apart: "fault" is no "Vault"), end with the same sound (metaphone's last; a written final "r" may be unsaid:
  "caf car" is "Kafka"), have as many syllables or one more ("sent" is no "Sentry"; "century" may be), and letters
  at least MIN_LETTER_SIMILARITY alike. The similarity then weighs the metaphone codes (jellyfish; PHONETIC_WEIGHT)
  against the letters, less SYLLABLE_PENALTY for the extra syllable. Here: a run of several words needs
  MIN_SIMILARITY_SPLIT, one word (or several ending in a stopword, "red is") needs MIN_SIMILARITY_ONE_WORD.
- At most one hint per term, at its most similar place; each transcript word in at most one hint; time order.

The thresholds were set on tests/test_mishearing.py's table of real mis-hearings and near misses, then checked on
the test suite's 180 written answers (spelled right, so any hint there is a false alarm): none for their own
question, and 10 distinct ones over every answer against every other question's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from voicesim.question.bank import Question
from voicesim.scoring.coverage import TokenWindows, find_phrase, heard_text
from voicesim.scoring.delivery import find_fillers
from voicesim.scoring.repetition import STOPWORDS
from voicesim.sounds import READ_OUT, Sound, linked, similarity, sound_of, spoken, term_sounds
from voicesim.text import Token, filler_sound, surface_pieces, tokenize_phrase, tokenize_words
from voicesim.transcript import Transcript, Word

# A name heard as several words (a split: "read these", "pass elk") is itself a sign Whisper met a word it could not
# spell; one everyday word ("posters") must sound closer to be more than a word said.
MIN_SIMILARITY_SPLIT = 0.74
MIN_SIMILARITY_ONE_WORD = 0.78
MAX_RUN_WORDS = 3
MAX_GAP_S = 0.5  # a silence this long between two words: they are not one term said

# Shorter names for a term, which are the term heard ("Postgres" is PostgreSQL).
SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "postgresql": ("postgres",),
    "mongodb": ("mongo",),
    "dynamodb": ("dynamo",),
    "cockroachdb": ("cockroach",),
    "opentelemetry": ("otel",),
}
_SYMBOLS = {"/": " slash ", "+": " plus "}
# A name is written with one of these; any other sign ("O(log n)", "R + W > N") makes a formula, said many ways.
_NAME_SIGNS = frozenset("/+.")
_ALLOWED = re.compile(r"^[\w\s'’/+.-]+$")
_PUNCTUATION = (",", ";", ":", ".", "?", "!")


@dataclass(frozen=True)
class Mishearing:
    """A place where the transcript may hold a vocabulary term it wrote as other words. Never counted."""

    term: str  # the vocabulary term, as the bank writes it
    heard: str  # what the transcript says there, as written
    start: float  # seconds into the answer
    end: float
    similarity: float  # 0..1, at least the threshold of its run


@dataclass(frozen=True)
class _Run:
    first: int  # token index, inclusive
    last: int
    sound: Sound
    opener: str | None  # its first word when that is a stopword ("so", "the", "my"), which only a name opening
    # with that word may start with: "my sequel" may be MySQL, "so entry" is no "Sentry"
    closer: bool  # several words, the last a stopword ("red is", "end of"): it says little, the rest must be close

    @property
    def threshold(self) -> float:
        return MIN_SIMILARITY_ONE_WORD if self.first == self.last or self.closer else MIN_SIMILARITY_SPLIT


def is_name(term: str) -> bool:
    """Whether a vocabulary term gets hints: one written word that is a name (a capital, a digit or a "/" "+" "."
    in it, or a READ_OUT entry) of two syllables or more, with no sign of a formula. A term of several words
    ("message ID", "IP address") holds everyday words, which Whisper writes right: a near miss of those is another
    phrase said ("messages to", "email address")."""
    if not _ALLOWED.match(term) or len(term.split()) > 1:
        return False
    named = term.lower() in READ_OUT or any(c.isupper() or c.isdigit() or c in _NAME_SIGNS for c in term)
    return named and max((s.syllables for s in term_sounds(term)), default=0) >= 2


def _written_forms(term: str) -> tuple[str, ...]:
    """The term as written, with its signs read out ("CI slash CD", "N plus 1") and by its SHORT_NAMES: each is
    the term, heard."""
    read = term
    for sign, words in _SYMBOLS.items():
        read = read.replace(sign, words)
    return tuple(dict.fromkeys((term, read, *SHORT_NAMES.get(term.lower(), ()))))


def everyday_words(questions: Iterable[Question]) -> frozenset[str]:
    """Stems of the words the questions' prompts and outlines are written in: how people talk about the subject.
    One such word heard ("engineers", "better") was said, not mis-heard ("nginx", "B-tree")."""
    return frozenset(stem for q in questions for text in (q.prompt, *q.outline) for stem in tokenize_phrase(text))


def _question_words(question: Question) -> frozenset[str]:
    """Stems of the question's own text: words a good answer says, so never mis-heard names when alone."""
    texts = [question.prompt, *question.outline]
    for c in question.rubric.concepts:
        texts += [*c.phrases, *c.exclude, *c.misheard, c.follow_up or ""]
    return frozenset(stem for text in texts for stem in tokenize_phrase(text))


def _filler_words(words: Sequence[Word]) -> set[int]:
    """Indices of the words that are fillers: every hesitation sound Whisper wrote ("um", "Hmm"), and the words
    the scorecard counts as fillers where they are ("basically", "like" as a filler, "you know")."""
    out = {i for i, w in enumerate(words) if filler_sound("".join(surface_pieces(w.text)))}
    for item in find_fillers(words):
        pieces = item.word.split()
        if filler_sound(pieces[0]):
            continue
        first = next((i for i, w in enumerate(words) if w.start == item.start and surface_pieces(w.text)[:1] == pieces[:1]), None)
        if first is not None:
            out.update(range(first, first + len(pieces)))
    return out


def _runs(transcript: Transcript, tokens: Sequence[Token], blocked: set[int], known_words: frozenset[str]) -> list[_Run]:
    """Every run of 1-MAX_RUN_WORDS whole words that could be a term said (see the module's rules)."""
    words = transcript.words
    fillers = _filler_words(words)
    runs = []
    for i, token in enumerate(tokens):
        if i and (tokens[i - 1].last_word == token.first_word or words[token.first_word].joined):
            continue  # a run starts with a whole word, not with a piece Whisper wrote onto the one before ("-off")
        j = i
        while j < len(tokens) and j - i < MAX_RUN_WORDS:
            t = tokens[j]
            if j in blocked or t.first_word in fillers:
                break
            if j > i and (t.start - tokens[j - 1].end >= MAX_GAP_S or words[tokens[j - 1].last_word].text.endswith(_PUNCTUATION)):
                break
            whole = j + 1 == len(tokens) or (tokens[j + 1].first_word != t.last_word and not words[tokens[j + 1].first_word].joined)
            opener = tokens[i].norm if tokens[i].norm in STOPWORDS else None
            said = j == i and (opener is not None or t.stem in known_words)  # one word: said, not mis-heard
            if whole and not said:
                closer = j > i and t.norm in STOPWORDS
                runs.append(_Run(i, j, sound_of(linked(spoken(r.norm for r in tokens[i : j + 1]))), opener, closer))
            j += 1
    return runs


def _matched(windows: TokenWindows, phrases: Iterable[str]) -> set[int]:
    """Token indices of every place one of `phrases` was said."""
    out: set[int] = set()
    for phrase in phrases:
        for m in find_phrase(windows, phrase):
            out.update(range(m.first, m.last + 1))
    return out


def _in_rubric_phrase(tokens: Sequence[Token], run: _Run, phrases: Sequence[str]) -> bool:
    """Whether a rubric phrase or known mis-hearing was said over part of the run: what coverage counts is no guess.
    Looked for only around the run, as far as the longest phrase reaches (written apart, one word more)."""
    margin = max((len(tokenize_phrase(p)) for p in phrases), default=0) + 1
    offset = max(0, run.first - margin)
    windows = TokenWindows(tokens[offset : run.last + margin + 1])
    return any(m.first + offset <= run.last and run.first <= m.last + offset for p in phrases for m in find_phrase(windows, p))


def likely_mishearings(transcript: Transcript, question: Question, everyday: frozenset[str] = frozenset()) -> tuple[Mishearing, ...]:
    """Where the transcript may hold one of the question's vocabulary terms that it does not hold, in time order.

    `everyday`: stems of words that, heard alone, were said (everyday_words of the question library); the
    question's own text always counts."""
    if not question.vocabulary or not transcript.words:
        return ()
    tokens = tokenize_words([(w.word, w.start, w.end) for w in transcript.words])
    windows = TokenWindows(tokens)
    heard: set[int] = set()  # tokens of the vocabulary terms the transcript holds
    missing = []
    for term in question.vocabulary:
        places = _matched(windows, _written_forms(term))
        heard |= places
        if not places and is_name(term):
            missing.append(term)
    if not missing:
        return ()
    runs = _runs(transcript, tokens, heard, _question_words(question) | everyday)
    found = []
    for term in missing:
        for form in term_sounds(term):
            for run in runs:
                if run.opener is not None and form.words[:1] != (run.opener,):
                    continue
                alike = similarity(form, run.sound)
                if alike >= run.threshold:
                    found.append((alike, term, run))
    phrases = tuple(p for c in question.rubric.concepts for p in (*c.phrases, *c.misheard))
    counted: dict[_Run, bool] = {}
    hints: dict[str, Mishearing] = {}
    used: set[int] = set()  # transcript words already in a hint
    for alike, term, run in sorted(found, key=lambda f: (-f[0], tokens[f[2].first].start)):
        span = set(range(tokens[run.first].first_word, tokens[run.last].last_word + 1))
        if term in hints or span & used:
            continue
        if run not in counted:
            counted[run] = _in_rubric_phrase(tokens, run, phrases)
        if counted[run]:
            continue
        used |= span
        hints[term] = Mishearing(term=term, heard=heard_text(transcript, min(span), max(span)), start=round(tokens[run.first].start, 2),
                                 end=round(tokens[run.last].end, 2), similarity=round(alike, 2))
    return tuple(sorted(hints.values(), key=lambda h: (h.start, h.term)))
