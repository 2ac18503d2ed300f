"""A word Whisper wrote onto the one before ("trade" + "-off", "at" + "-least" + "-once", "Retry" + "-After") is shown
joined to it wherever a transcript is shown word by word: `review`, its `--play` line and the HTML report, also after
the transcript was stored and read back. Marking (evidence, fillers, pauses) still falls on the right words."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.conftest import run_cli
from tests.helpers import JOINED_ANSWER as ANSWER
from tests.helpers import add_session, transcript_from_text
from voicesim.question.bank import load_bank
from voicesim.report.annotate import MarkedWord, annotate
from voicesim.report.review_view import following_words, marked_transcript
from voicesim.scoring import score_answer
from voicesim.store import Store
from voicesim.transcript import Transcript, Word


def _question():
    return load_bank().question("rate-limiting")


def _review_line(text: str, **kwargs) -> str:
    return marked_transcript(score_answer(transcript_from_text(text, **kwargs), _question())).plain


@pytest.mark.parametrize("written, joined", [
    (" trade", False), ("-off", True), ("-After", True), ("-once", True), ("'s", True), (",", True),
    (" -", False), (" um,", False), ("", False),
])
def test_a_word_without_its_leading_space_joins_the_one_before(written, joined):
    assert Word(written, 0.0, 0.1).joined is joined


@pytest.mark.parametrize("text, shown", [
    ("a trade|-off here", "a trade-off here"),
    ("delivered at|-least|-once here", "delivered at-least-once here"),
    ("send Retry|-After back", "send Retry-After[1] back"),  # the evidence number after its last piece
    ("it|'s fine", "it's fine"),
    ("um, a trade|-off", "um, a trade-off"),
    ("a trade|-off, um, then", "a trade-off, um, then"),
    ("a trade-off here", "a trade-off here"),  # one word with its hyphen: as before
    ("a trade -off here", "a trade -off here"),  # written with its space: kept apart, as written
])
def test_review_shows_joined_words_joined(text, shown):
    assert _review_line(text) == f"[0:00] {shown}"


def test_a_pause_between_joined_words_keeps_its_spaces():
    line = _review_line("a trade|-off here", gaps={2: 3.0})
    assert re.fullmatch(r"\[0:00\] a trade ⏸ 3\.\d s \[0:0\d\] -off here", line), line


def test_marks_fall_on_every_piece_of_a_joined_word():
    score = score_answer(transcript_from_text(ANSWER), _question())
    words = [m for m in annotate(score) if isinstance(m, MarkedWord)]
    assert [m.text for m in words if m.joined] == ["-off,", "-least", "-once", "-After"]
    by_text = {m.text.strip(",."): m for m in words}
    assert by_text["Retry"].concepts and by_text["-After"].concepts == by_text["Retry"].concepts  # the evidence "Retry-After"
    assert by_text["um"].filler and not by_text["-off"].filler and not by_text["trade"].concepts


def test_the_play_line_shows_joined_words_joined():
    score = score_answer(transcript_from_text(ANSWER), _question())
    at = next(w.start for w in score.transcript.words if w.text == "-least")
    line = following_words(score, at)
    # six words back is "-off": the line opens on the whole word
    assert re.match(r"\d:\d\d  trade-off, um, between bursts and at-least-once retries, .* Retry-After header$", line.plain), line.plain
    [current] = [line.plain[s.start:s.end] for s in line.spans if "reverse" in str(s.style)]
    assert current == "-least"


def test_a_stored_transcript_reads_back_joined():
    t = transcript_from_text(ANSWER)
    again = Transcript.from_dict(t.to_dict())
    assert again == t
    assert marked_transcript(score_answer(again, _question())).plain == marked_transcript(score_answer(t, _question())).plain


def _html_transcript(page: str) -> str:
    [inner] = re.findall(r'<div class="transcript">(.*?)</div>', page, re.S)
    inner = re.sub(r'<span class="n">\d+</span>', "", inner)  # without the evidence numbers
    return " ".join(unescape(re.sub(r"<[^>]+>", "", inner)).split())


def test_review_and_the_html_report_of_a_stored_session_show_joined_words(voicesim_home):
    from voicesim.report.html import collect_report, render_html

    with Store(voicesim_home / "voicesim.db") as store:
        add_session(store, "s1", ANSWER, "2026-01-01T10:00:00+00:00")
        page = render_html(collect_report(store, store.session("s1"), charts=False))
    shown = _html_transcript(page)
    assert "a trade-off, um, between bursts and at-least-once retries, and return 429 with a Retry-After header" in shown, shown
    assert not re.search(r"\w -\w", shown), shown
    res = run_cli("review", "s1")
    assert res.returncode == 0, res.stderr
    out = " ".join(res.stdout.split())
    assert "a trade-off, um, between bursts[6] and at-least-once retries" in out and "with a Retry-After header[4]" in out, out
