"""The interview questions in a guide as people paste it: plain text or Markdown, with advice between them.

A guide from an interview-prep site numbers or bullets its questions, prefixes some with a label ("Phone screen:",
"Interviewers often ask:") and surrounds them with headings, tips and rhetorical questions ("Nervous about the
system design round?"). A line is taken as a question when, with its list marker, emphasis and labels stripped:
- it ends in a question that starts like one (how, what, why, can, would, tell me, ...), or
- it is a prompt an interviewer gives without a question mark ("Walk us through how you would design a chat app.",
  "Design a URL shortener.");
and it is not the candidate's own question (I, my: "What should I wear?"), about the interview itself
(interviewers, the process), advice ("Explain your reasoning out loud."), or a rhetorical question inside prose
(a question followed by more sentences on its line), or a note right under a question. The question keeps the guide's own words. Pure: text in,
questions out
(`load_guide` reads the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from voicesim.errors import GuideError

MAX_QUESTION_WORDS = 70  # a longer line is a paragraph, even when it ends in a question


@dataclass(frozen=True)
class GuideQuestion:
    prompt: str  # the guide's words, without list marker, label or Markdown
    line: int  # 1-based line of the guide it is on


@dataclass(frozen=True)
class Guide:
    title: str | None  # the first heading, or a first line that reads like a title
    questions: tuple[GuideQuestion, ...]


_LIST_MARKER = re.compile(r"^(?:[-*+•·▪●◦–—]\s+|\(?\d{1,3}[.)]\s*|\(?[a-hA-H][.)]\s+|#{1,6}\s+|>+\s*)")
_QA_LABEL = re.compile(r"^(?:q(?:uestion)?\s*\d{0,3}\s*[:.)-]\s*)", re.IGNORECASE)
_ANSWER_LINE = re.compile(r"^(?:a(?:nswer)?\s*\d{0,3}\s*[:.)-]\s|sample answer\b|example answer\b)", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

_WH = {"how", "what", "what's", "whats", "why", "when", "where", "which", "who", "whom", "whose"}
_AUX = {"can", "could", "would", "will", "do", "does", "did", "is", "are", "was", "were", "have", "has", "had",
        "should", "shall", "may", "might"}
# How interviewers start a prompt, with or without a question mark.
_PROMPT_OPENINGS = (
    "design", "explain", "describe", "compare", "contrast", "discuss", "define", "implement", "build", "outline",
    "sketch", "estimate", "propose", "architect", "tell me", "tell us", "walk me", "walk us", "talk me", "talk us",
    "talk about", "take me", "take us", "give me", "give us", "give an example", "share an example", "share a time",
    "share a story", "share an instance", "name a time", "recall a time", "think of a time", "think about a time",
)
_CANDIDATE_SELF = {"i", "i'm", "i've", "i'll", "i'd", "my", "mine", "myself", "am"}
# A question about the interview rather than one of its questions.
_ABOUT_THE_INTERVIEW = ("interviewer", "interviewers", "recruiter", "recruiters", "the interview", "this interview",
                        "interview process", "hiring process", "hiring manager", "this guide", "this round", "the onsite",
                        "good answer", "great answer", "strong answer", "best answer", "candidate", "candidates",
                        "these questions", "this question", "the question")
# Imperatives that coach the candidate rather than ask them something.
_ADVICE = ("your answer", "your answers", "your reasoning", "your thinking", "your thought process", "out loud", "aloud",
           "don't", "do not", "never", "make sure", "remember", "before you", "as you go", "while you", "practice",
           "practise", "prepare", "rehearse", "be ready", "be sure", "avoid", "try to", "the star method", "star format",
           "your story", "your stories", "your examples", "your resume", "your résumé", "your cv")
_ADVICE_LABELS = {"tip", "tips", "pro tip", "top tip", "bonus tip", "hint", "note", "nb", "remember", "advice", "why",
                  "reminder", "warning", "caution", "important", "key takeaway", "takeaway", "example answer",
                  "sample answer", "answer", "what to say", "how to answer"}
_DEICTIC = {"this", "that", "it", "these", "those", "so", "they"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _has_phrase(words: list[str], phrases: tuple[str, ...]) -> bool:
    joined = " " + " ".join(words) + " "
    return any(f" {p} " in joined for p in phrases)


def clean_line(line: str) -> tuple[str, bool]:
    """The line without Markdown, list marker and leading labels; True when it had a marker or a label."""
    text = _LINK.sub(r"\1", line.strip())
    marked = False
    while True:  # list markers first: "* " is a bullet before it is emphasis
        stripped = _QA_LABEL.sub("", text, count=1) if _QA_LABEL.match(text) else _LIST_MARKER.sub("", text, count=1)
        stripped = _EMPHASIS.sub("", stripped).strip()
        if stripped == text:
            break
        text, marked = stripped, marked or _LIST_MARKER.match(text) is not None or _QA_LABEL.match(text) is not None
    # Labels before a colon ("Phone screen:", "Expect this at Netflix:"): short, and something after them.
    while ":" in text:
        head, tail = text.split(":", 1)
        if not tail.strip() or len(head.split()) > 8 or head.rstrip().endswith("?"):
            break
        if " ".join(_words(head)) in _ADVICE_LABELS:
            return "", marked  # "Tip: sketch a table if it helps you explain."
        text, marked = tail.strip(), True
    return text.strip(" \t-–—\"“”"), marked


def _starts_with_prompt(words: list[str]) -> bool:
    start = " ".join(words[:4])
    return any(start == p or start.startswith(p + " ") for p in _PROMPT_OPENINGS)


def _asks(sentence: str) -> bool:
    """Whether one sentence is an interviewer's question or prompt."""
    words = _words(sentence)
    if not words:
        return False
    if _CANDIDATE_SELF & set(words) or _has_phrase(words, _ABOUT_THE_INTERVIEW):
        return False
    if sentence.rstrip().endswith("?"):
        if words[0] in _WH or words[0] in _AUX:
            # "Why does this matter?", "What is it?": rhetorical, nothing named
            return not (len(words) <= 5 and len(words) > 1 and words[1] in _AUX | {"is", "s"} and words[2:3] and words[2] in _DEICTIC)
        return _starts_with_prompt(words)
    return _starts_with_prompt(words) and not _has_phrase(words, _ADVICE) and len(words) >= 3


def is_question(text: str) -> bool:
    """A cleaned line that asks the candidate something: its last sentence asks, and nothing follows it."""
    if not text or len(_words(text)) > MAX_QUESTION_WORDS:
        return False
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if not sentences or not _asks(sentences[-1]):
        return False
    # Context before the question ("Our API serves 10k requests a second. How would you ...?") may not be advice.
    before = _words(" ".join(sentences[:-1]))
    return not (before and (_has_phrase(before, _ADVICE) or _has_phrase(before, _ABOUT_THE_INTERVIEW)))


def _title(lines: list[str]) -> str | None:
    for line in lines:
        if not line.strip():
            continue
        text, _ = clean_line(line)
        heading = line.lstrip().startswith("#")
        if text and (heading or len(text.split()) <= 12) and not text.endswith("?"):
            return text.rstrip(".:")
        return None
    return None


def read_guide(text: str) -> Guide:
    """Every interview question of a guide, in order, each once."""
    lines = text.splitlines()
    found: list[GuideQuestion] = []
    last_question_line = 0
    seen: set[str] = set()
    in_code = False
    for number, line in enumerate(lines, start=1):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or not line.strip() or _ANSWER_LINE.match(_EMPHASIS.sub("", line.strip())):
            continue
        text, marked = clean_line(line)
        # A plain line right under a question is its note, even when it reads like a prompt ("Talk about cost and
        # the limits of one machine."): a question of its own is marked, asks with "?" or stands apart.
        note = not marked and not text.endswith("?") and number - 1 == last_question_line
        if not note and is_question(text):
            last_question_line = number
            key = " ".join(_words(text))
            if key not in seen:
                seen.add(key)
                found.append(GuideQuestion(" ".join(text.split()), number))
    return Guide(_title(lines), tuple(found))


def _decode(data: bytes) -> str | None:
    """Text as editors save it: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252; None for binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    # a binary file decodes to many control characters and replacement marks
    odd = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n\f"))
    return None if odd > max(2, len(text) // 100) else text


def load_guide(path: Path) -> Guide:
    """A guide file's questions; GuideError when it cannot be read, is not text, is empty or asks nothing."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GuideError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return guide_from_bytes(data, str(path))


def guide_from_bytes(data: bytes, path: str) -> Guide:
    """A guide's questions from its bytes (a file's, or pasted on standard input); `path` names it in errors."""
    text = _decode(data)
    if text is None:
        raise GuideError(f"{path}: not a text file: paste the guide into a plain text or Markdown file")
    if not text.strip():
        raise GuideError(f"{path}: the file is empty: paste the guide's page into it")
    guide = read_guide(text)
    if not guide.questions:
        raise GuideError(f"{path}: no interview question found (a question is a line that asks one, like "
                         "\"How would you design ...?\" or \"Tell me about a time ...\"); nothing written")
    return guide
