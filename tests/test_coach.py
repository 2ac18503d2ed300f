"""The coach while the candidate answers (practice/coach.py, scoring/cues.py): its figures are the scorecard's, its
cues fire only for trends that last, one at a time, and never flicker."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.text import Text

from tests.helpers import question, transcript_from_text
from voicesim.practice.coach import LAST_WORDS_CHARS, REFRESH_S, LiveCoach, coach_view, final_view, last_words
from voicesim.question.bank import TargetLength
from voicesim.report.coach_view import coach_lines, coach_summary
from voicesim.scoring import score_answer
from voicesim.scoring.cues import (
    CUE_COOLDOWN_S, CUE_SHOWN_S, FILLER_CUE_COUNT, FILLER_WINDOW_S, FILLERS, LOST_THREAD, LOST_THREAD_PAUSE_S, PACE_WINDOW_S,
    SLOW_DOWN, SLOW_DOWN_WPM, SPEED_UP, SPEED_UP_WPM, WRAP_UP, WRAP_UP_BEFORE_MAX_S, Cue, CueTimer, due_cues, window_pace,
)
from voicesim.scoring.delivery import PACE_BANDS, find_fillers
from voicesim.transcript import Span, Transcript

TARGET = TargetLength(30, 120)


def scorecard_figures(transcript: Transcript, target: TargetLength = TARGET) -> tuple:
    d = score_answer(transcript, question([], target.min_s, target.max_s)).delivery
    return d.wpm, d.pace_band, len(d.fillers), d.fillers_per_minute, d.length


def coach_figures(transcript: Transcript, target: TargetLength = TARGET) -> tuple:
    v = final_view(transcript, target)
    return v.wpm, v.pace_band, v.fillers, v.fillers_per_minute, v.length


# -- the same figures as the scorecard

@pytest.mark.parametrize("text, wpm, gaps", [
    ("we keep a token bucket per key in redis and return four twenty nine", 150, {}),
    ("um so we, like, keep the counters in redis, uh, you know, with an expiry", 190, {5: 2.5}),
    ("I mean, basically the gateway, um, does it " * 8, 100, {10: 3.0, 30: 1.0}),
    ("one", 140, {}),
    ("", 140, {}),
])
def test_the_coach_at_the_end_shows_the_scorecards_figures(text, wpm, gaps):
    t = transcript_from_text(text, wpm=wpm, gaps=gaps, with_speech=True)
    assert coach_figures(t) == scorecard_figures(t)


def test_the_cue_thresholds_are_the_scorecards_band_edges():
    assert SLOW_DOWN_WPM == 180.0 and SPEED_UP_WPM == 110.0
    edges = {name: upper for upper, name in PACE_BANDS}
    assert SPEED_UP_WPM == edges["slow"] and SLOW_DOWN_WPM == edges["a little fast"]


# -- cue rules: a trend that lasts, or nothing

def _cues(text="word", wpm=150.0, seconds=0.0, gaps=None, silence_after_s=0.0, max_s=120.0):
    """Due cues for `text` repeated to fill `seconds` of speech at `wpm`, then `silence_after_s` of silence."""
    n = max(1, round(seconds * wpm / 60)) if seconds else len(text.split())
    words_text = " ".join((text.split() * n)[:n])
    t = transcript_from_text(words_text, start=0.5, wpm=wpm, gaps=gaps, with_speech=True)
    elapsed = t.words[-1].end + silence_after_s
    speaking = t.words[-1].end - t.words[0].start
    return [c.kind for c in due_cues(t.words, find_fillers(t.words), t.speech, elapsed, speaking, TargetLength(10, max_s))]


@pytest.mark.parametrize("wpm, seconds, expected", [
    (200, 25, [SLOW_DOWN]),
    (185, 40, [SLOW_DOWN]),
    (200, PACE_WINDOW_S - 3, []),  # fast, but not for long enough
    (170, 40, []),  # a little fast: the scorecard's yellow, no cue
    (150, 60, []),
    (120, 40, []),
    (112, 40, []),  # a little slow: no cue
    (100, 25, [SPEED_UP]),
    (90, 60, [SPEED_UP]),
    (95, PACE_WINDOW_S - 4, []),
])
def test_pace_cues(wpm, seconds, expected):
    assert _cues(wpm=wpm, seconds=seconds) == expected


@pytest.mark.parametrize("text, expected", [
    ("we shard the data by user id and replicate it " * 4, []),
    ("um we shard the data uh by user id and um replicate it", [FILLERS]),  # three within seconds
    ("um we shard the data uh by user id and replicate it", []),  # two
    ("so, like, we shard it, you know, by user, I mean, by id", [FILLERS]),
    ("I like Postgres and something like Redis which I like", []),  # "like" that is no filler
    ("um " + "we shard the data by user id " * 12 + "uh and then um we replicate", []),  # the first "um" is 34 s before
    ("um " + "we shard the data by user id " * 12 + "uh and then um we uh replicate", [FILLERS]),  # the latest three are close
    ("um we shard " + "the data by user id and " * 8 + "uh replicate " + "it across regions " * 8 + "um done", []),  # spread out
])
def test_filler_cues(text, expected):
    assert _cues(text=text, wpm=150) == expected


def test_fillers_count_only_within_the_window():
    spread = "um " + "word " * round(FILLER_WINDOW_S * 150 / 60) + "uh word um word"
    assert _cues(text=spread, wpm=150) == []
    assert _cues(text="word " * 60 + "um word uh word um word", wpm=150) == [FILLERS]
    assert FILLER_CUE_COUNT == 3


@pytest.mark.parametrize("silence_s, expected", [
    (0.0, []),
    (1.0, []),
    (LOST_THREAD_PAUSE_S - 0.5, []),
    (LOST_THREAD_PAUSE_S + 0.1, [LOST_THREAD]),
    (12.0, [LOST_THREAD]),
])
def test_pause_cues(silence_s, expected):
    assert _cues(text="we shard the data by user id", silence_after_s=silence_s) == expected


def test_no_pause_cue_before_any_speech():
    assert due_cues((), (), (), 9.0, 0.0, TARGET) == ()


@pytest.mark.parametrize("seconds, max_s, expected", [
    (20, 120, []),
    (120 - WRAP_UP_BEFORE_MAX_S - 2, 120, []),
    (120 - WRAP_UP_BEFORE_MAX_S + 1, 120, [WRAP_UP]),
    (130, 120, [WRAP_UP]),
    (50, 60, [WRAP_UP]),
    (40, 60, []),
])
def test_wrap_up_cues(seconds, max_s, expected):
    assert _cues(wpm=140, seconds=seconds, max_s=max_s) == expected


def test_cues_come_highest_priority_first():
    assert _cues(text="we shard the data um by user id uh", wpm=240, seconds=110, max_s=120, silence_after_s=5) == [WRAP_UP, LOST_THREAD, SLOW_DOWN, FILLERS]


def test_window_pace_is_the_scorecards_pace_of_the_window():
    t = transcript_from_text("word " * 80, wpm=150)
    assert window_pace(t.words) == pytest.approx(150, abs=8)
    assert window_pace(t.words[:40]) is None  # 16 s: not a whole window


# -- one cue at a time, shown a while, then quiet

A, B = Cue(SLOW_DOWN, "", 10.0), Cue(FILLERS, "", 11.0)


@pytest.mark.parametrize("steps, shown", [
    # (time, due cues) -> the cue showing after each step
    ([(0, []), (1, [])], [None, None]),
    ([(10, [A]), (11, [A]), (10 + CUE_SHOWN_S - 0.1, [])], [A, A, A]),  # stays, even when no longer due
    ([(10, [A]), (10 + CUE_SHOWN_S, [B])], [A, None]),  # then a cool-down: B waits
    ([(10, [A]), (10 + CUE_SHOWN_S, [B]), (10 + CUE_SHOWN_S + CUE_COOLDOWN_S, [B])], [A, None, B]),
    ([(10, [A]), (10 + CUE_SHOWN_S + CUE_COOLDOWN_S, [A])], [A, None]),  # the same evidence never fires twice
    ([(10, [A]), (10 + CUE_SHOWN_S + CUE_COOLDOWN_S, [Cue(SLOW_DOWN, "", 25.0)])], [A, Cue(SLOW_DOWN, "", 25.0)]),  # new evidence
    ([(10, [A, B])], [A]),  # one at a time, the first due
    ([(10, [A]), (10 + CUE_SHOWN_S + CUE_COOLDOWN_S, [A, B])], [A, B]),  # A already said: B
])
def test_the_cue_timer(steps, shown):
    timer, seen = CueTimer(), []
    for now, due in steps:
        timer = timer.next(due, now)
        seen.append(timer.showing)
    assert seen == shown


def test_a_lasting_trend_fires_once_per_cool_down_not_every_tick():
    t = transcript_from_text("word " * 150, wpm=200, with_speech=True)  # 45 s too fast
    view, shown = None, []
    for tick in range(300, 450):  # 30-45 s, every 0.1 s, words heard up to the tick
        now = tick / 10
        view = coach_view([w for w in t.words if w.end <= now], now, t.speech, TARGET, now, view)
        shown.append(view.cue.kind if view.cue else None)
    changes = [b for a, b in zip(shown, shown[1:]) if a != b]
    assert shown.count(SLOW_DOWN) == pytest.approx(CUE_SHOWN_S * 10, abs=1)
    assert changes == [None]  # on at the start, off once, never again within the cool-down


# -- the view

def test_last_words_follow_the_candidate_in_one_line():
    t = transcript_from_text("we keep a token bucket per key in redis " * 6)
    line = last_words(t.words)
    assert line.startswith("…") and line.endswith("in redis") and len(line) <= LAST_WORDS_CHARS + 1
    assert last_words(t.words[:3]) == "we keep a"
    assert last_words(()) == ""
    joined = transcript_from_text("we return 429 with a Retry|-After header", start=0).words
    assert last_words(joined, limit=len("-After header")) == "…header"  # not the tail of "Retry-After"
    assert last_words(joined, limit=len("Retry-After header")) == "…Retry-After header"


def test_speaking_time_counts_speech_not_transcribed_yet():
    t = transcript_from_text("word " * 50, wpm=150, with_speech=True)  # 20 s
    heard = [w for w in t.words if w.end <= 10]
    v = coach_view(heard, 20.5, t.speech, TARGET, heard_until_s=10.2)
    assert v.length.seconds == pytest.approx(t.words[-1].end - t.words[0].start, abs=0.1)
    assert coach_view(heard, 20.5, (), TARGET, heard_until_s=10.2).length.seconds < 10


def test_transcript_text_is_shown_as_text_never_markup():
    t = transcript_from_text("we use [bold red]redis[/] and [link=x]y[/link]", with_speech=True)
    console = Console(width=160, record=True, color_system=None)
    v = final_view(t, TARGET)
    console.print(Text("\n").join(coach_lines(v)))
    console.print(coach_summary(v))
    out = console.export_text()
    assert "[bold red]redis[/]" in out and "[link=x]y[/link]" in out
    assert "wpm" in out and "fillers 0" in out


def test_the_live_coach_rebuilds_only_on_new_words_or_once_a_second():
    t = transcript_from_text("word " * 30, wpm=150, with_speech=True)
    asked = []
    coach = LiveCoach(TARGET)

    def heard():
        asked.append(1)
        return t.words

    for tick in range(50):  # 5 s of ticks, nothing newly transcribed
        coach.update(tick / 10, 3.0, heard, lambda: t.speech)
    assert len(asked) == 5 / REFRESH_S
    coach.update(5.05, 6.0, heard, lambda: t.speech)  # a piece was transcribed
    assert len(asked) == 6


# -- real transcripts: a natural voice (Piper), the real model

REAL_ANSWERS = ("cap-theorem-disfluent", "database-migrations-disfluent", "api-security-disfluent",
                "error-handling-logging-disfluent", "rate-limiting-strong")


@pytest.fixture(scope="module")
def real_transcripts(tmp_path_factory, transcriber):
    from tests.natural_answers import ANSWERS
    from tests.piper_voice import piper_synth, unavailable
    from voicesim.question.bank import load_bank

    if unavailable():
        pytest.skip(unavailable())
    bank, folder, out = load_bank(), tmp_path_factory.mktemp("coach-real"), {}
    for answer in (a for a in ANSWERS if a.name in REAL_ANSWERS):
        q = bank.question(answer.question)
        wav = piper_synth(answer.text, folder / f"{answer.name}.wav")
        out[answer.name] = (transcriber.transcribe_file(wav, vocabulary=q.vocabulary), q)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_ANSWERS)
def test_on_real_transcripts_the_coach_at_the_end_is_the_scorecard(real_transcripts, name):
    transcript, q = real_transcripts[name]
    d = score_answer(transcript, q).delivery
    view = final_view(transcript, q.target)
    assert transcript.acoustics is not None and transcript.speech  # a real one: voice activity and acoustics
    assert (view.wpm, view.pace_band, view.fillers, view.fillers_per_minute, view.length) == \
           (d.wpm, d.pace_band, len(d.fillers), d.fillers_per_minute, d.length)
    if "disfluent" in name:
        assert view.fillers >= 3  # Whisper keeps most of them with the filler prompt


@pytest.mark.slow
def test_on_a_real_transcript_the_views_along_the_answer_end_at_the_scorecard(real_transcripts):
    """Views built as the words arrive, piece by piece (every 0.1 s of the answer's clock), end where the scorecard is."""
    transcript, q = real_transcripts["api-security-disfluent"]
    view, cues = None, []
    for tick in range(int(transcript.duration * 10) + 1):
        now = tick / 10
        heard_until = (now // 8) * 8  # pieces of about 8 s
        words = [w for w in transcript.words if w.end <= heard_until]
        view = coach_view(words, now, [s for s in transcript.speech if s.start < now], q.target, heard_until, view)
        cues.append(view.cue)
    final = coach_view(transcript.words, transcript.duration, transcript.speech, q.target, transcript.duration, view)
    d = score_answer(transcript, q).delivery
    assert (final.wpm, final.fillers, final.length) == (d.wpm, len(d.fillers), d.length)
    shown = [c for c, before in zip(cues[1:], cues) if c is not None and c != before]
    assert len(shown) <= 2  # about 25 s: one cue, at most one more after the cool-down
