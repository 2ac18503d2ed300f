"""The coach while the candidate answers: what the live panel shows beside the clock, from the words transcribed so
far (LiveTranscription.heard), the voice activity and the answer's clock.

The figures are the scorecard's, by the scorecard's code: score_delivery on the partial transcript gives the pace,
its band, the fillers and the speaking time, so the coach's view of the finished answer is the scorecard's
(tests/test_coach.py checks it on real transcripts). The cues and their thresholds are in scoring/cues.py.
Pure: no I/O and no clock (the answer's time is passed in), so every view can be replayed in a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from voicesim.question.bank import TargetLength
from voicesim.scoring.cues import WRAP_UP_BEFORE_MAX_S, Cue, CueTimer, due_cues
from voicesim.scoring.delivery import LengthCheck, score_delivery
from voicesim.transcript import Span, Transcript, Word

LAST_WORDS_CHARS = 72  # the line that follows the candidate: about a sentence, one line of the panel
REFRESH_S = 1.0  # recompute at least this often (the pause and wrap-up cues follow the clock), else on new words


@dataclass(frozen=True)
class CoachView:
    last_words: str  # the end of what was heard, "…" first when cut; untrusted text, escaped where shown
    words: int  # words heard, filler sounds not counted (the scorecard's word count)
    wpm: float | None  # pace so far: the scorecard's formula over the words heard
    pace_band: str | None
    fillers: int  # filler words so far (the scorecard's count; hesitations need the finished audio)
    fillers_per_minute: float
    length: LengthCheck  # speaking time so far against the target, and its verdict as it stands
    wrap_up: bool  # the target's maximum is near
    transcribed_s: float  # the answer is transcribed up to here
    cue: Cue | None  # the one cue on screen, if any
    timer: CueTimer  # carried to the next view


def last_words(words: Sequence[Word], limit: int = LAST_WORDS_CHARS) -> str:
    """The end of what was heard, whole words, at most about `limit` characters."""
    kept: list[Word] = []
    for w in reversed(words):
        if len("".join(x.word for x in [w, *kept]).strip()) > limit:
            while kept and kept[0].joined:  # never start on the tail of a word ("-After header")
                kept.pop(0)
            return "…" + ("".join(x.word for x in kept).strip() or w.text[-limit:])
        kept.insert(0, w)
    return "".join(x.word for x in kept).strip()


def _speaking_length(words: Sequence[Word], speech: Sequence[Span], elapsed_s: float, heard_until_s: float,
                     transcribed: LengthCheck, target: TargetLength) -> LengthCheck:
    """Speaking time so far: the scorecard's (first word to last) once everything spoken is transcribed; while speech
    is still waiting for its transcription, extended to where the voice activity last heard speech."""
    untranscribed = [s for s in speech if s.end > heard_until_s]
    if heard_until_s >= elapsed_s or not untranscribed:  # all of it transcribed (a span may end a rounding later)
        return transcribed
    first = words[0].start if words else speech[0].start
    last = max(words[-1].end if words else first, min(untranscribed[-1].end, elapsed_s))
    return LengthCheck(round(max(last - first, 0.0), 2), target.min_s, target.max_s)


def coach_view(words: Sequence[Word], elapsed_s: float, speech: Sequence[Span], target: TargetLength,
               heard_until_s: float | None = None, previous: CoachView | None = None) -> CoachView:
    """The coach's view `elapsed_s` into the answer: `words` heard so far (times from the answer's start), transcribed
    up to `heard_until_s` (default: all of it), `speech` the voice activity so far; `previous` carries the cue timer."""
    words = tuple(words)
    heard_until = elapsed_s if heard_until_s is None else heard_until_s
    delivery = score_delivery(Transcript(words, duration=elapsed_s, speech=tuple(speech)), target)
    length = _speaking_length(words, speech, elapsed_s, heard_until, delivery.length, target)
    due = due_cues(words, delivery.fillers, speech, elapsed_s, length.seconds, target)
    timer = (previous.timer if previous is not None else CueTimer()).next(due, elapsed_s)
    return CoachView(
        last_words=last_words(words), words=delivery.word_count, wpm=delivery.wpm, pace_band=delivery.pace_band,
        fillers=len(delivery.fillers), fillers_per_minute=delivery.fillers_per_minute, length=length,
        wrap_up=length.seconds >= target.max_s - WRAP_UP_BEFORE_MAX_S, transcribed_s=round(heard_until, 2),
        cue=timer.showing, timer=timer,
    )


def final_view(transcript: Transcript, target: TargetLength) -> CoachView:
    """The coach's view of a finished answer: the figures its scorecard shows."""
    return coach_view(transcript.words, transcript.duration, transcript.speech, target, transcript.duration)


class LiveCoach:
    """The coach's view through one take, rebuilt only when more of the answer is transcribed or REFRESH_S has passed
    (the panel is drawn every tick; scoring the words heard every tick would be wasted work)."""

    def __init__(self, target: TargetLength):
        self.target = target
        self.view: CoachView | None = None
        self._built_at_s = float("-inf")
        self._heard_until_s = -1.0

    def update(self, elapsed_s: float, heard_until_s: float, heard: Callable[[], Sequence[Word]],
               speech: Callable[[], Sequence[Span]]) -> CoachView:
        """The view at `elapsed_s`; `heard` and `speech` are asked only when it is rebuilt."""
        if self.view is None or heard_until_s != self._heard_until_s or elapsed_s - self._built_at_s >= REFRESH_S:
            self.view = coach_view(heard(), elapsed_s, speech(), self.target, heard_until_s, self.view)
            self._built_at_s, self._heard_until_s = elapsed_s, heard_until_s
        return self.view
