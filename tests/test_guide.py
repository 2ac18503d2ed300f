"""Finding the interview questions in a pasted guide (voicesim/question/guide.py): pure, line by line and whole guides."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from voicesim.errors import GuideError
from voicesim.question.guide import clean_line, is_question, load_guide, read_guide

GUIDES = Path(__file__).parent / "data" / "guides"


@pytest.mark.parametrize("line, prompt", [
    # questions, with the marker, label and emphasis gone and the guide's words kept
    ("1. How would you design a rate-limiting system?", "How would you design a rate-limiting system?"),
    ("  12) What is the CAP theorem?", "What is the CAP theorem?"),
    ("- Walk us through how you would design a chat app.", "Walk us through how you would design a chat app."),
    ("* **Tell me about a time you failed.**", "Tell me about a time you failed."),
    ("• Describe a time you had to lead without authority", "Describe a time you had to lead without authority"),
    ("Phone screen: How do you find a slow query?", "How do you find a slow query?"),
    ("3. Netflix interviewers often ask: Explain microservices and their trade-offs.", "Explain microservices and their trade-offs."),
    ("Q: What's the difference between a process and a thread?", "What's the difference between a process and a thread?"),
    ("Q3. Why do you want to work here?", "Why do you want to work here?"),
    ("### 4. How would you shard a user table?", "How would you shard a user table?"),
    ("> Design a URL shortener.", "Design a URL shortener."),
    ("- [Design a news feed](https://example.com/feed)", "Design a news feed"),
    ("Onsite (round 2): System design: Design a web crawler.", "Design a web crawler."),
    ("Our API serves ten thousand requests a second. How would you cache its responses?",
     "Our API serves ten thousand requests a second. How would you cache its responses?"),
    ("Can you explain eventual consistency?", "Can you explain eventual consistency?"),
    ("Give me an example of a time you disagreed with your manager.", "Give me an example of a time you disagreed with your manager."),
    ("What are your salary expectations?", "What are your salary expectations?"),
    ("Compare SQL and NoSQL databases", "Compare SQL and NoSQL databases"),
])
def test_a_question_line_keeps_the_guides_words(line, prompt):
    text, _ = clean_line(line)
    assert is_question(text), line
    assert text == prompt


@pytest.mark.parametrize("line", [
    "Top 10 Backend Developer Interview Questions at Netflix",
    "Nervous about the system design round? Don't be.",
    "Why does this matter?",
    "What is it?",
    "What should I wear to the onsite?",
    "How do I prepare for the behavioural round?",
    "What do interviewers look for?",
    "How long is the interview?",
    "Q: How many rounds does the hiring process have?",
    "- Explain your reasoning out loud.",
    "- Practise out loud with a timer.",
    "1. Describe your trade-offs; don't just list them.",
    "Here are the questions you should expect:",
    "Phone screen:",
    "**Onsite, round 2 — System design**",
    "Make sure you ask clarifying questions before you design anything.",
    "Ready? Let's get started with the questions below, grouped by round.",
    "Remember to tell a story with a clear result.",
    "Tell your story with the STAR method.",
    "What does a strong answer look like?",
    "Practice Netflix Backend Developer Interview with HireFlow AI — our AI adapts to Netflix's interview style.",
    "A: I would start by asking about the read and write ratio.",
    "",
])
def test_advice_labels_and_rhetorical_questions_are_not_questions(line):
    text, _ = clean_line(line)
    assert not is_question(text), line


def test_a_long_paragraph_ending_in_a_question_is_prose():
    paragraph = ("Most candidates spend weeks on algorithms and forget that the last round is a conversation about "
                 "their past work, how they made decisions, which trade-offs they accepted and what they would do "
                 "differently, so it pays to write down three or four stories from your last two jobs with numbers "
                 "for their results and to rehearse them until they sound natural rather than memorised, and who "
                 "would not want to walk in with that kind of confidence?")
    assert not is_question(paragraph)


def test_a_guide_keeps_order_line_numbers_title_and_each_question_once():
    guide = read_guide("# Acme backend interview\n\nIntro text.\n\n1. Design a URL shortener.\n- Tips: practise.\n"
                       "2. What is the CAP theorem?\n\n```\nHow would you parse this?\n```\n3. Design a URL shortener.\n")
    assert guide.title == "Acme backend interview"
    assert [(q.prompt, q.line) for q in guide.questions] == [("Design a URL shortener.", 5), ("What is the CAP theorem?", 7)]


def test_the_seed_guide_gives_its_ten_questions(shared_dir):
    text = (shared_dir / "seeds" / "000_10a56dc1aa0600cd.txt").read_text(encoding="utf-8")
    guide = read_guide(text)
    numbered = [line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip()[:3].rstrip(". ").isdigit()]
    assert len(numbered) == 10
    assert [q.prompt for q in guide.questions] == numbered


def _expected(name: str) -> list[str]:
    path = GUIDES / f"{name}.expected.toml"
    return [q["prompt"] for q in tomllib.loads(path.read_text(encoding="utf-8")).get("question", [])]


@pytest.mark.parametrize("name", sorted(p.name.split(".")[0] for p in GUIDES.glob("*.expected.toml")))
def test_each_guide_written_apart_gives_exactly_its_questions(name):
    """The guides were written apart from the parser, each with the questions a reader finds in it."""
    guide_file = next(p for p in GUIDES.glob(f"{name}.*") if not p.name.endswith(".expected.toml"))
    expected = _expected(name)
    if not expected:
        with pytest.raises(GuideError, match="no interview question found"):
            load_guide(guide_file)
        return
    found = [q.prompt for q in load_guide(guide_file).questions]
    assert found == expected


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"  \n\n\t\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    (bytes(range(256)) * 4, "not a text file"),
    (b"Just some advice.\nPractise out loud.\n", "no interview question found"),
])
def test_a_guide_file_that_cannot_give_questions_is_one_error(tmp_path, content, message):
    path = tmp_path / "guide.txt"
    path.write_bytes(content)
    with pytest.raises(GuideError, match=message) as err:
        load_guide(path)
    assert "\n" not in str(err.value) and str(err.value).startswith(str(path))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_a_guide_is_read_in_the_encodings_editors_save(tmp_path, encoding):
    path = tmp_path / "guide.txt"
    path.write_bytes("Acme’s guide — café edition\n1. How would you design a cache?\n".encode(encoding))
    assert [q.prompt for q in load_guide(path).questions] == ["How would you design a cache?"]


def test_a_missing_file_or_a_folder_is_one_error(tmp_path):
    for path in (tmp_path / "nope.md", tmp_path):
        with pytest.raises(GuideError, match="cannot read"):
            load_guide(path)


@pytest.mark.parametrize("stem, name", [("Acme Guide (2026)", "acme-guide-2026"), ("netflix_guide", "netflix-guide"),
                                        ("how-to-ace-the-interview", "how-to-ace-the-interview"), ("???", "guide")])
def test_a_bank_is_named_after_its_guides_file(stem, name):
    from voicesim.question.authoring import bank_name_for

    assert bank_name_for(stem) == name


@pytest.mark.parametrize("prompt, kind, slug", [
    ("How would you design a chat app?", "technical", "chat-app"),
    ("Tell me about a time you failed.", "behavioral", "time-failed"),
    ("Describe a situation where you disagreed with your manager.", "behavioral", "situation-where-disagreed-manager"),
    ("Share an example of mentoring someone.", "behavioral", "share-example-mentoring-someone"),
    ("What is a closure in JavaScript?", "technical", "closure-javascript"),
])
def test_a_skeleton_question_gets_an_id_and_a_kind_from_its_words(prompt, kind, slug):
    from voicesim.question.authoring import guessed_kind, slug_for

    assert guessed_kind(prompt) == kind and slug_for(prompt) == slug
