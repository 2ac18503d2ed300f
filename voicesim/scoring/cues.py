"""The coach's cues while the candidate answers: when to say "slow down", "speed up", "fewer fillers", "pick up
the thread" or "wrap up". Every threshold is here, next to the scorecard's bands it derives from
(delivery.PACE_BANDS), so the coach and the scorecard cannot drift apart; README's coach section lists them.

A cue is for a trend that lasts, never a single moment: pace is measured over the last PACE_WINDOW_S of the words
heard, by the scorecard's own formula (score_delivery); fillers are the scorecard's fillers (find_fillers), counted
over a window. At most one cue shows at a time; it stays CUE_SHOWN_S, then no cue shows for CUE_COOLDOWN_S, and
the same evidence never fires a cue twice, so the panel does not flicker or nag.
Pure functions of words, speech spans and the answer's clock: no I/O, no wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from voicesim.question.bank import TargetLength
from voicesim.scoring.delivery import PACE_BANDS, PAUSE_THRESHOLD_S, TimedItem, score_delivery
from voicesim.transcript import Span, Transcript, Word


def band_upper(bands: Sequence[tuple[float, str]], name: str) -> float:
    """Where a band ends (exclusive): PACE_BANDS' "slow" ends at 110 wpm."""
    return next(upper for upper, band in bands if band == name)


def band_lower(bands: Sequence[tuple[float, str]], name: str) -> float:
    """Where a band starts: the end of the band before it (PACE_BANDS' "fast" starts at 180 wpm)."""
    names = [band for _, band in bands]
    return bands[names.index(name) - 1][0] if names.index(name) else 0.0


PACE_WINDOW_S = 20.0  # pace is judged over this much of the latest speech heard: a trend, not a sentence
SLOW_DOWN_WPM = band_lower(PACE_BANDS, "fast")  # 180: the scorecard calls this pace fast
SPEED_UP_WPM = band_upper(PACE_BANDS, "slow")  # 110: below it the scorecard calls the pace slow
FILLER_CUE_COUNT = 3  # this many filler words ...
FILLER_WINDOW_S = 30.0  # ... within this long (6 a minute: three times the 2 a minute coaches call very good)
# Twice a pause the scorecard counts: long enough for a listener to wonder whether the answer is over. With the
# default --end-silence (3 s) the answer ends first; it shows for candidates who allow longer silences.
LOST_THREAD_PAUSE_S = 2 * PAUSE_THRESHOLD_S
WRAP_UP_BEFORE_MAX_S = 15.0  # speaking time this close to the target's maximum: time for a closing sentence
CUE_SHOWN_S = 5.0  # a cue stays this long on screen ...
CUE_COOLDOWN_S = 10.0  # ... then no cue for this long

# Highest priority first: only one cue shows at a time.
WRAP_UP, LOST_THREAD, SLOW_DOWN, SPEED_UP, FILLERS = "wrap up", "pick up the thread", "slow down", "speed up", "fewer fillers"


@dataclass(frozen=True)
class Cue:
    kind: str  # one of the names above
    detail: str  # why, with the figure: "192 wpm over the last 20 s"
    evidence_s: float  # when the trend was last seen (answer time): the same evidence fires a cue only once


def window_pace(words: Sequence[Word], window_s: float = PACE_WINDOW_S) -> float | None:
    """Words per minute over the last `window_s` of the words heard, by the scorecard's formula; None until the
    words heard cover a whole window."""
    if not words or words[-1].end - words[0].start < window_s:
        return None
    since = words[-1].end - window_s
    recent = tuple(w for w in words if w.start >= since)
    return score_delivery(Transcript(recent, duration=words[-1].end), TargetLength(0.0, window_s)).wpm


def due_cues(words: Sequence[Word], fillers: Sequence[TimedItem], speech: Sequence[Span], elapsed_s: float,
             speaking_s: float, target: TargetLength) -> tuple[Cue, ...]:
    """Every cue whose trend holds now, highest priority first. `words` and `fillers` are what has been heard so far
    (fillers as find_fillers found them in all of `words`), `speech` the voice activity so far, `speaking_s` the
    speaking time so far (first speech to the latest)."""
    cues: list[Cue] = []
    if speaking_s >= target.max_s - WRAP_UP_BEFORE_MAX_S:
        cues.append(Cue(WRAP_UP, f"{speaking_s:.0f} s of {target.max_s:.0f} s", 0.0))
    if speech:  # once the candidate has spoken
        silence = elapsed_s - speech[-1].end
        if silence >= LOST_THREAD_PAUSE_S:
            cues.append(Cue(LOST_THREAD, f"{silence:.0f} s of silence", speech[-1].end))
    pace = window_pace(words)
    if pace is not None and pace >= SLOW_DOWN_WPM:
        cues.append(Cue(SLOW_DOWN, f"{pace:.0f} wpm over the last {PACE_WINDOW_S:.0f} s", words[-1].end))
    elif pace is not None and pace < SPEED_UP_WPM:
        cues.append(Cue(SPEED_UP, f"{pace:.0f} wpm over the last {PACE_WINDOW_S:.0f} s", words[-1].end))
    if words:
        recent = [f for f in fillers if f.start >= words[-1].end - FILLER_WINDOW_S]
        if len(recent) >= FILLER_CUE_COUNT:
            cues.append(Cue(FILLERS, f"{len(recent)} in the last {FILLER_WINDOW_S:.0f} s", recent[-1].start))
    return tuple(cues)


@dataclass(frozen=True)
class CueTimer:
    """Which cue shows, since when, and until when none may show: carried from one view to the next."""

    showing: Cue | None = None
    shown_at_s: float = 0.0
    quiet_until_s: float = 0.0
    fired: tuple[tuple[str, float], ...] = ()  # (kind, evidence) of the latest cue of each kind shown

    def next(self, due: Sequence[Cue], now_s: float) -> "CueTimer":
        """The timer at `now_s` (answer time), given the cues due now."""
        timer = self
        if timer.showing is not None:
            if now_s - timer.shown_at_s < CUE_SHOWN_S:
                return timer
            timer = CueTimer(None, 0.0, timer.shown_at_s + CUE_SHOWN_S + CUE_COOLDOWN_S, timer.fired)
        if now_s < timer.quiet_until_s:
            return timer
        last = dict(timer.fired)
        for cue in due:
            if last.get(cue.kind) != cue.evidence_s:
                last[cue.kind] = cue.evidence_s
                return CueTimer(cue, now_s, 0.0, tuple(last.items()))
        return timer
