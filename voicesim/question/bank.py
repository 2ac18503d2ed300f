"""Question banks: TOML files (shipped in `seeds/`, or the user's: locations.py), loaded into frozen dataclasses.

Loading validates the whole file and reports the first problem as one line that
names the file, the question id and the field, so `voicesim bank check` can be
used while writing a bank.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from voicesim.errors import BankError
from voicesim.question.locations import resolve_bank_path

DEFAULT_BANK = "netflix-backend"

# A tier is a named weight; a concept gives either a tier or an explicit weight.
TIER_WEIGHTS = {"must": 3.0, "should": 2.0, "bonus": 1.0}

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BANK_KEYS = {"bank", "questions"}
_BANK_TABLE_KEYS = {"title", "description", "language", "kind"}
_QUESTION_KEYS = {"id", "prompt", "min_seconds", "max_seconds", "outline", "concepts", "vocabulary", "kind"}
_CONCEPT_KEYS = {"name", "tier", "weight", "phrases", "exclude", "misheard", "follow_up"}

# "technical": scored for content and delivery. "behavioral": also for the structure of the story told
# (scoring/structure.py). Set on the bank (its default) or on one question.
KINDS = ("technical", "behavioral")
FOLLOW_UP_MAX_CHARS = 300

# The question's vocabulary goes into Whisper's context with the filler prompt, which faster-whisper cuts at
# 223 tokens. 480 characters of technical English joined with ", " take about 160 tokens, the filler prompt
# 30 more; `bank check` counts them with the model's own tokenizer (voicesim.transcript.whisper.context_tokens).
VOCABULARY_MAX_CHARS = 480
VOCABULARY_TERM_MAX_CHARS = 40


@dataclass(frozen=True)
class Concept:
    """One thing a strong answer mentions, and the phrases that show it was said."""

    name: str
    weight: float
    phrases: tuple[str, ...]
    # Phrases that, when they contain a match, cancel it ("the rest of" is not REST).
    exclude: tuple[str, ...] = ()
    tier: str | None = None
    # How the recogniser has been heard to get a term wrong, with more than one voice ("token market").
    # Matched like phrases, but always two words or more: a single word also occurs in everyday speech.
    misheard: tuple[str, ...] = ()
    # What the interviewer asks when the answer left this concept out; never one of its own phrases.
    follow_up: str | None = None


@dataclass(frozen=True)
class Rubric:
    concepts: tuple[Concept, ...]

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.concepts)


@dataclass(frozen=True)
class TargetLength:
    min_s: float
    max_s: float


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    target: TargetLength
    rubric: Rubric
    outline: tuple[str, ...]
    # Terms a strong answer uses, spelled as they should be written ("Redis", "Retry-After"): given to the
    # recogniser as context so it writes them right. Never used for scoring.
    vocabulary: tuple[str, ...] = ()
    kind: str = "technical"

    @property
    def behavioral(self) -> bool:
        return self.kind == "behavioral"

    @property
    def has_rubric(self) -> bool:
        """False for a question with no concepts yet: scored for delivery (and a story's structure) only."""
        return bool(self.rubric.concepts)


@dataclass(frozen=True)
class Bank:
    name: str
    title: str
    path: Path
    questions: tuple[Question, ...]
    # A session over several banks (`--bank` given more than once) is one Bank made of them: its name joins
    # theirs with "+", and `parts` keeps each (a bank of its own has none).
    parts: tuple["Bank", ...] = ()
    turns: tuple[int, ...] = ()  # the order `parts` take turns in, a part once per time it was given

    def bank_of(self, question_id: str) -> "Bank":
        """The bank a question comes from: one of `parts`, or this bank."""
        return next((p for p in self.parts if any(q.id == question_id for q in p.questions)), self)

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions)
        raise BankError(f"no question '{question_id}' in bank '{self.name}' (known: {known})")


BANK_JOIN = "+"


def combine_banks(banks: list[Bank]) -> Bank:
    """Several banks as one, for a session that draws from each; a question id may be in only one of them."""
    unique = list({b.path.resolve(): b for b in banks}.values())
    if len(unique) == 1:
        return unique[0]
    seen: dict[str, str] = {}
    for bank in unique:
        for q in bank.questions:
            if q.id in seen:
                raise BankError(f"question '{q.id}' is in both {seen[q.id]} and {bank.name}: a session can draw from both only when ids differ")
            seen[q.id] = bank.name
    return Bank(name=BANK_JOIN.join(b.name for b in unique), title=" + ".join(b.title for b in unique), path=unique[0].path,
                questions=tuple(q for b in unique for q in b.questions), parts=tuple(unique),
                turns=tuple(unique.index(next(u for u in unique if u.path.resolve() == b.path.resolve())) for b in banks))


def load_bank(name_or_path: str = DEFAULT_BANK) -> Bank:
    """A bank by name (shipped or the user's) or path; "a+b" (a session's several banks, as the history keeps them) loads each."""
    if BANK_JOIN in name_or_path and not Path(name_or_path).expanduser().is_file():
        return combine_banks([load_bank(part) for part in name_or_path.split(BANK_JOIN)])
    path = resolve_bank_path(name_or_path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path}: TOML syntax error: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read: {exc}") from None
    return _parse_bank(raw, path)


class _Where:
    """Builds the one-line location prefix of a validation error."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, message: str, question: str | None = None, field: str | None = None) -> BankError:
        parts = [str(self.path)]
        if question is not None:
            parts.append(f"question '{question}'")
        if field is not None:
            parts.append(field)
        return BankError(": ".join(parts) + ": " + message)


def _check_keys(where: _Where, table: dict, allowed: set[str], question: str | None, field: str | None) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise where.fail(f"unknown key '{unknown[0]}' (allowed: {', '.join(sorted(allowed))})", question, field)


def _parse_bank(raw: dict[str, Any], path: Path) -> Bank:
    where = _Where(path)
    _check_keys(where, raw, _BANK_KEYS, None, None)
    header = raw.get("bank", {})
    if not isinstance(header, dict):
        raise where.fail("must be a table", field="bank")
    _check_keys(where, header, _BANK_TABLE_KEYS, None, "bank")
    title = header.get("title", path.stem)
    if not isinstance(title, str) or not title.strip():
        raise where.fail("must be a non-empty string", field="bank.title")
    kind = _kind(where, header.get("kind", "technical"), None, "bank.kind")

    questions_raw = raw.get("questions")
    if not isinstance(questions_raw, list) or not questions_raw:
        raise where.fail("no questions: add at least one [[questions]] table", field="questions")

    questions: list[Question] = []
    seen: set[str] = set()
    for index, q_raw in enumerate(questions_raw, start=1):
        question = _parse_question(where, q_raw, index, kind)
        if question.id in seen:
            raise where.fail("duplicate id", question.id, "id")
        seen.add(question.id)
        questions.append(question)
    return Bank(name=path.stem, title=title.strip(), path=path, questions=tuple(questions))


def _kind(where: _Where, value: Any, qid: str | None, field: str) -> str:
    if value not in KINDS:
        raise where.fail(f"must be one of {', '.join(KINDS)} (got {value!r})", qid, field)
    return value


def _parse_question(where: _Where, raw: Any, index: int, bank_kind: str = "technical") -> Question:
    if not isinstance(raw, dict):
        raise where.fail(f"question #{index} must be a table")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid:
        raise where.fail(f"question #{index} has no id", field="id")
    if not _SLUG.match(qid):
        raise where.fail("must be a lowercase slug like 'rate-limiting'", qid, "id")
    _check_keys(where, raw, _QUESTION_KEYS, qid, None)

    prompt = raw.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        raise where.fail("missing prompt", qid, "prompt")

    min_s, max_s = raw.get("min_seconds"), raw.get("max_seconds")
    for field, value in (("min_seconds", min_s), ("max_seconds", max_s)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise where.fail("missing or not a number", qid, field)
        if value <= 0:
            raise where.fail(f"must be positive (got {value})", qid, field)
    if max_s < min_s:
        raise where.fail(f"must be at least min_seconds ({min_s})", qid, "max_seconds")

    outline = raw.get("outline", [])
    if not isinstance(outline, list) or not all(isinstance(x, str) and x.strip() for x in outline):
        raise where.fail("must be a list of non-empty strings", qid, "outline")

    # No concepts: a question with no rubric yet (`bank new` writes one for a guide question the library lacks).
    # It practises and is scored for delivery only; `bank check` names it.
    concepts_raw = raw.get("concepts", [])
    if not isinstance(concepts_raw, list):
        raise where.fail("must be a list of [[questions.concepts]] tables", qid, "concepts")
    concepts: list[Concept] = []
    names: set[str] = set()
    for c_index, c_raw in enumerate(concepts_raw, start=1):
        concept = _parse_concept(where, c_raw, qid, c_index)
        if concept.name.lower() in names:
            raise where.fail("duplicate concept name", qid, f"concept '{concept.name}'")
        names.add(concept.name.lower())
        concepts.append(concept)

    return Question(
        id=qid,
        prompt=" ".join(prompt.split()),
        target=TargetLength(float(min_s), float(max_s)),
        rubric=Rubric(tuple(concepts)),
        outline=tuple(x.strip() for x in outline),
        vocabulary=_vocabulary(where, raw.get("vocabulary", []), qid),
        kind=_kind(where, raw.get("kind", bank_kind), qid, "kind"),
    )


def _vocabulary(where: _Where, value: Any, qid: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise where.fail("must be a list of non-empty strings", qid, "vocabulary")
    terms = tuple(" ".join(x.split()) for x in value)
    for term in terms:
        if "," in term:
            raise where.fail(f"one term per entry, without commas (got {term!r})", qid, "vocabulary")
        if len(term) > VOCABULARY_TERM_MAX_CHARS:
            raise where.fail(f"{term!r} is longer than {VOCABULARY_TERM_MAX_CHARS} characters", qid, "vocabulary")
    seen: set[str] = set()
    for term in terms:
        if term.lower() in seen:
            raise where.fail(f"{term!r} is listed twice", qid, "vocabulary")
        seen.add(term.lower())
    joined = len(", ".join(terms))
    if joined > VOCABULARY_MAX_CHARS:
        raise where.fail(f"{joined} characters: keep it within {VOCABULARY_MAX_CHARS} (Whisper's context is short); "
                         "list the terms a strong answer needs most", qid, "vocabulary")
    return terms


def _parse_concept(where: _Where, raw: Any, qid: str, index: int) -> Concept:
    if not isinstance(raw, dict):
        raise where.fail(f"concept #{index} must be a table", qid)
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise where.fail("missing name", qid, f"concept #{index}")
    field = f"concept '{name}'"
    _check_keys(where, raw, _CONCEPT_KEYS, qid, field)

    tier, weight = raw.get("tier"), raw.get("weight")
    if tier is not None and weight is not None:
        raise where.fail("give either tier or weight, not both", qid, field)
    if tier is not None:
        if tier not in TIER_WEIGHTS:
            raise where.fail(f"tier must be one of {', '.join(TIER_WEIGHTS)} (got {tier!r})", qid, field)
        weight = TIER_WEIGHTS[tier]
    elif weight is None:
        raise where.fail("missing tier or weight", qid, field)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)):
        raise where.fail(f"weight must be a number (got {weight!r})", qid, field)
    if weight <= 0:
        raise where.fail(f"weight must be positive (got {weight})", qid, field)

    phrases = _string_list(where, raw.get("phrases"), qid, field, "phrases", required=True)
    exclude = _string_list(where, raw.get("exclude", []), qid, field, "exclude", required=False)
    misheard = _string_list(where, raw.get("misheard", []), qid, field, "misheard", required=False)
    from voicesim.text import tokenize_phrase

    for entry in misheard:
        if len(tokenize_phrase(entry)) < 2:
            raise where.fail(f"misheard entry {entry!r} is one word: a single word or number also occurs in everyday "
                             "speech, so a mis-hearing needs at least two", qid, field)
    follow_up = _follow_up(where, raw.get("follow_up"), phrases, qid, field)
    return Concept(name=name.strip(), weight=float(weight), phrases=phrases, exclude=exclude, tier=tier, misheard=misheard,
                   follow_up=follow_up)


def _follow_up(where: _Where, value: Any, phrases: tuple[str, ...], qid: str, field: str) -> str | None:
    """A spoken question that probes for the concept without giving it away: none of its phrases in it."""
    from voicesim.text import tokenize_phrase

    if value is None:
        return None
    if not isinstance(value, str) or not tokenize_phrase(value):
        raise where.fail(f"follow_up must be a question in words (got {value!r})", qid, field)
    text = " ".join(value.split())
    if len(text) > FOLLOW_UP_MAX_CHARS:
        raise where.fail(f"follow_up is {len(text)} characters: keep it within {FOLLOW_UP_MAX_CHARS}, one spoken question", qid, field)
    asked = " " + " ".join(tokenize_phrase(text)) + " "
    for phrase in phrases:
        if f" {' '.join(tokenize_phrase(phrase))} " in asked:
            raise where.fail(f"follow_up gives the answer away: it says {phrase!r}, one of the concept's phrases", qid, field)
    return text


def _string_list(where: _Where, value: Any, qid: str, field: str, key: str, required: bool) -> tuple[str, ...]:
    from voicesim.text import tokenize_phrase  # local: keeps bank import light

    if not isinstance(value, list) or (required and not value):
        raise where.fail(f"{key} must be a non-empty list of strings" if required else f"{key} must be a list of strings", qid, field)
    out = []
    for item in value:
        if not isinstance(item, str) or not tokenize_phrase(item):
            raise where.fail(f"{key} has an empty or wordless entry {item!r}", qid, field)
        out.append(item.strip())
    return tuple(out)
