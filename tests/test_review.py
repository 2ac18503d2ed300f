"""`voicesim review`: the marked transcript (what is highlighted where), missed concepts, outline, missing recordings,
errors; `--play` through the virtual speaker with a real recording."""

from __future__ import annotations

import re

import pytest

from tests.audio_helpers import synth
from tests.conftest import run_cli
from tests.helpers import add_session
from voicesim.report.annotate import MarkedWord, PauseMark, annotate, evidence_ends
from voicesim.store import Store

STRONG = "I would use a token bucket in Redis with an atomic increment and um return 429 with Retry-After I think from the API gateway"
# word 13 is "um": a 3 s pause before "return" (word 14)
GAPS = {14: 3.0}


@pytest.fixture
def store(voicesim_home):
    with Store(voicesim_home / "voicesim.db") as s:
        yield s


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_transcript_is_marked_where_each_concept_filler_hedge_and_pause_was(store, voicesim_home):
    add_session(store, "2026-01-01T10-00-00", STRONG, "2026-01-01T10:00:00+00:00", gaps=GAPS)
    res = run_cli("review", "last")
    assert res.returncode == 0, res.stderr
    out = _plain(res.stdout)
    # concept numbers follow the last word of their evidence, in rubric order of the covered concepts
    assert "token bucket[1] in Redis[2] with an atomic[3] increment" in out
    assert "429[4] with Retry-After[5]" in out and "API gateway[6]" in out
    # the long pause in place with its length, then the time the speech resumes
    assert re.search(r"um ⏸ 3\.\d s \[0:0\d\] return", out), out
    assert "No recording was kept for this answer." in out
    assert "Concepts covered 6 of 10" in out
    assert "Missed: What is limited, Failure behaviour, Bursts, Monitoring and tuning" in out
    assert "A strong answer covers" in out and "Reject with HTTP 429" in out
    assert "Maybe misheard" not in out  # Redis, Lua, Retry-After... were all heard


def test_a_vocabulary_term_heard_as_everyday_words_is_hinted_not_counted(store):
    """database-migrations lists "Postgres" in its vocabulary; Whisper tiny.en writes it "posters"."""
    from voicesim.question.bank import load_bank

    question = load_bank().question("database-migrations")
    add_session(store, "s1", "We run the migration on posters with expand and contract, then a backfill.",
                "2026-01-01T10:00:00+00:00", question=question)
    res = run_cli("review", "s1")
    assert res.returncode == 0, res.stderr
    out = _plain(res.stdout)
    assert 'Maybe misheard heard "posters" at 0:02 — maybe "Postgres"? (not counted)' in out, out


def test_marks_carry_fillers_hedges_and_concepts_on_the_right_words(store):
    from tests.helpers import transcript_from_text
    from voicesim.question.bank import load_bank
    from voicesim.scoring import score_answer

    question = load_bank().question("rate-limiting")
    score = score_answer(transcript_from_text(STRONG, gaps=GAPS), question)
    marks = annotate(score)
    words = [m for m in marks if isinstance(m, MarkedWord)]
    by_text = {m.text.strip(",."): m for m in words}
    assert by_text["um"].filler and not by_text["um"].concepts
    hedge = [m.text for m in words if m.hedge]
    assert hedge == ["I", "think"] and words[0].text == "I" and not words[0].hedge  # the phrase, not every "I"
    assert by_text["token"].concepts == by_text["bucket"].concepts == ("Algorithm",)
    assert not by_text["would"].concepts and not by_text["would"].filler
    [pause] = [m for m in marks if isinstance(m, PauseMark)]
    assert pause.duration_s >= 2.9 and marks[marks.index(pause) + 1].text == "return"
    ends = evidence_ends(marks)
    assert ends[marks.index(by_text["bucket"])] == ("Algorithm",) and marks.index(by_text["token"]) not in ends


def test_question_filter_and_errors_are_one_line(store):
    add_session(store, "2026-01-01T10-00-00", STRONG, "2026-01-01T10:00:00+00:00")
    res = run_cli("review", "2026-01-01", "-q", "cap-theorem")
    assert res.returncode == 1 and res.stderr.strip().splitlines() == [
        "Error: session 2026-01-01T10-00-00 did not ask 'cap-theorem' (it asked: rate-limiting)"]
    res = run_cli("review", "nope")
    assert res.returncode == 1 and res.stderr.strip() == "Error: no session 'nope' in the history: see `voicesim history`"
    res = run_cli("review", "last", "--play", "--from", "soon")
    assert res.returncode == 2 and "'soon' is not a time" in res.stderr
    res = run_cli("review", "last", "--play")
    assert res.returncode == 1 and res.stderr.strip() == "Error: cannot play: the recording (none kept) is missing"


def test_a_missing_recording_still_shows_the_transcript(store, tmp_path):
    gone = tmp_path / "gone.wav"
    add_session(store, "s1", STRONG, "2026-01-01T10:00:00+00:00", audio_path=gone, audio_owned=True)
    res = run_cli("review", "s1", "-q", "rate-limiting")
    assert res.returncode == 0, res.stderr
    assert f"Recording missing: {gone}" in _plain(res.stdout) and "token bucket[1]" in res.stdout


@pytest.mark.slow
def test_play_from_an_offset_through_the_virtual_speaker(virtual_audio, tmp_path, voicesim_home):
    audio = synth("We keep the counters in Redis and return status four twenty nine with a Retry-After header.", tmp_path / "a.wav")
    res = run_cli("score", str(audio), "-q", "rate-limiting", env=virtual_audio.env)
    assert res.returncode == 0, res.stderr
    res = run_cli("review", "last", "--play", "--from", "0:02", env=virtual_audio.env, timeout=60)
    assert res.returncode == 0, res.stderr
    assert re.search(r"Playing a\.wav from 0:02 of 0:0\d", res.stdout), res.stdout
    res = run_cli("review", "last", "--play", "--from", "9:00", env=virtual_audio.env)
    assert res.returncode == 2 and "9:00 is past the end of the recording" in res.stderr


def test_a_word_sharing_its_start_with_the_next_is_not_taken_for_evidence():
    """Whisper gives a short word ("A") no duration, starting where the next one starts: "A token bucket"."""
    from voicesim.question.bank import load_bank
    from voicesim.scoring import score_answer
    from voicesim.transcript import Transcript, Word

    words = (Word(" A", 2.8, 2.8), Word(" token", 2.8, 3.1), Word(" bucket", 3.1, 3.46), Word(" is", 3.46, 3.7), Word(" um", 3.7, 3.7),
             Word(" Um,", 3.7, 4.0), Word(" fine.", 4.0, 4.3))
    score = score_answer(Transcript(words, duration=5.0), load_bank().question("rate-limiting"))
    marks = annotate(score)
    assert [m.text for m in marks if m.concepts] == ["token", "bucket"]
    assert [m.index for m in marks if m.filler] == [4, 5]
