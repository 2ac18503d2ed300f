"""A question bank written from a guide: each question in the guide's words, with its library question's rubric.

A guide question matched to a library question takes that question's whole rubric (concepts, outline, vocabulary,
target, kind) under the guide's wording, with a comment naming where it came from. An unmatched one is a skeleton:
prompt, a target and a kind guessed from its wording, and no concepts, which `voicesim bank check` names and practice
scores for delivery only. The text is TOML that `load_bank` reads back (tomlkit writes it, comments included).
"""

from __future__ import annotations

import re
from typing import Sequence

import tomlkit

from voicesim.question.bank import Question
from voicesim.question.guide import Guide
from voicesim.question.matching import Match

SKELETON_SECONDS = {"technical": (60, 180), "behavioral": (90, 180)}
_STORY = re.compile(r"\b(tell (me|us) about a time|describe a (time|situation)|give (me |us )?an example of a time|"
                    r"share (a|an) (time|example|story)|a time (when|you)|a situation (when|where|in which))\b", re.IGNORECASE)
_SLUG_SKIP = {"a", "an", "the", "how", "what", "why", "would", "you", "your", "do", "does", "is", "are", "can", "could",
              "of", "to", "and", "in", "on", "for", "with", "me", "us", "tell", "about", "explain", "describe", "design"}
MAX_SLUG_WORDS = 5


def guessed_kind(prompt: str) -> str:
    """A story question ("Tell me about a time ...") is behavioural, scored for its structure too."""
    return "behavioral" if _STORY.search(prompt) else "technical"


def slug_for(prompt: str) -> str:
    """A question's id from its first words that say something ("How would you design a chat app?": chat-app)."""
    words = re.findall(r"[a-z0-9]+", prompt.lower())
    kept = [w for w in words if w not in _SLUG_SKIP][:MAX_SLUG_WORDS] or words[:MAX_SLUG_WORDS]
    return "-".join(kept) or "question"


def bank_name_for(file_stem: str) -> str:
    """A bank's name from its guide's file name ("Acme Guide (2026)": acme-guide-2026)."""
    return "-".join(re.findall(r"[a-z0-9]+", file_stem.lower())) or "guide"


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _strings(values: Sequence[str]):
    array = tomlkit.array()
    array.extend(values)
    if sum(len(v) for v in values) > 80:
        array.multiline(True)
    return array


def _rubric_tables(q: Question):
    concepts = tomlkit.aot()
    for c in q.rubric.concepts:
        table = tomlkit.table()
        table.add("name", c.name)
        if c.tier is not None:
            table.add("tier", c.tier)
        else:
            table.add("weight", c.weight)
        if c.follow_up:
            table.add("follow_up", c.follow_up)
        table.add("phrases", _strings(c.phrases))
        for key, values in (("exclude", c.exclude), ("misheard", c.misheard)):
            if values:
                table.add(key, _strings(values))
        concepts.append(table)
    return concepts


def bank_toml(guide: Guide, matches: Sequence[Match], title: str, source: str) -> str:
    """The bank's TOML text; `matches` are the guide's questions in order, `source` names the guide file."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment(f"Written by `voicesim bank new` from {source}: the guide's questions in its own words."))
    doc.add(tomlkit.comment("A matched question reuses its library question's rubric; edit anything. A question with no"))
    doc.add(tomlkit.comment("[[questions.concepts]] has no rubric yet: practice scores it for delivery only."))
    doc.add(tomlkit.nl())
    header = tomlkit.table()
    header.add("title", title)
    header.add("description", f"Questions from {source}")
    doc.add("bank", header)

    questions = tomlkit.aot()
    taken: set[str] = set()
    for guide_question, match in zip(guide.questions, matches):
        table = tomlkit.table()
        library = match.question
        if library is not None:
            q = library.question
            table.add(tomlkit.comment(f"Guide line {guide_question.line}: {library.ref} (similarity {match.similarity:.2f}), "
                                      f"asked there as: {q.prompt}"))
            table.add("id", _unique(q.id, taken))
            table.add("prompt", guide_question.prompt)
            table.add("kind", q.kind)
            table.add("min_seconds", _number(q.target.min_s))
            table.add("max_seconds", _number(q.target.max_s))
            if q.vocabulary:
                table.add("vocabulary", _strings(q.vocabulary))
            table.add("outline", _strings(q.outline))
            table.add("concepts", _rubric_tables(q))
        else:
            kind = guessed_kind(guide_question.prompt)
            low, high = SKELETON_SECONDS[kind]
            table.add(tomlkit.comment(f"Guide line {guide_question.line}: no library question is close enough (closest: "
                                      f"{match.closest.ref}, similarity {match.similarity:.2f})."))
            table.add(tomlkit.comment("No rubric yet: add [[questions.concepts]] tables (name, tier, phrases, follow_up) to "
                                      "score what an answer covers."))
            table.add("id", _unique(slug_for(guide_question.prompt), taken))
            table.add("prompt", guide_question.prompt)
            table.add("kind", kind)
            table.add("min_seconds", low)
            table.add("max_seconds", high)
        questions.append(table)
    doc.add("questions", questions)
    return tomlkit.dumps(doc)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
