"""One take: a recording from the microphone that ends by the end rules (Enter, silence once speech was heard,
the time cap, no speech at all), transcribed while it is spoken. An answer and a follow-up reply are both takes:
the same end rules, the same crash safety (the recorder streams to disk as the audio arrives).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from voicesim.question.bank import Question
from voicesim.recording.endpoint import EndRules, Endpointer

if TYPE_CHECKING:
    from voicesim.practice.coach import CoachView
    from voicesim.transcript.streaming import LiveTranscription

log = logging.getLogger(__name__)

TICK_S = 0.1
CAP_OVER_TARGET = 1.25  # default time cap: the question's longest target length plus a quarter


@dataclass(frozen=True)
class LiveStatus:
    elapsed_s: float
    target_min_s: float
    target_max_s: float
    cap_s: float
    level_dbfs: float
    has_spoken: bool
    speech_s: float
    coach: CoachView | None = None  # the coach's view (coach.py); None with the coach off or no live transcription


@dataclass(frozen=True)
class Take:
    path: Path
    ended_by: str  # enter, silence, max_time, no_speech, device_lost, interrupted
    seconds: float
    overflows: int
    ended_at: float  # time.monotonic() when the end rule fired
    error: Exception | None  # the recorder's write error (a full disk), if any
    live: LiveTranscription | None  # None when streaming is off, or cancelled


class TakeInterrupted(KeyboardInterrupt):
    """Ctrl+C during a take: the recorder is stopped and its audio kept; `take` says what was recorded."""

    def __init__(self, take: Take):
        super().__init__()
        self.take = take


class TakeUI(Protocol):
    def on_recording(self, question: Question, status: LiveStatus, warn: bool) -> None: ...
    def on_recording_end(self, question: Question, ended_by: str, path: Path, seconds: float, overflows: int) -> None: ...


@dataclass(frozen=True)
class TakeSettings:
    end_silence_s: float
    no_speech_timeout_s: float
    max_seconds: float | None  # None: from the question
    warn_before_s: float
    streaming: bool
    coach: bool = False  # the coach's view in LiveStatus; it needs `streaming` (the words heard so far)


def cap_for(question: Question, max_seconds: float | None) -> float:
    return max_seconds or math.ceil(question.target.max_s * CAP_OVER_TARGET)


def record_take(question: Question, path: Path, settings: TakeSettings, ui: TakeUI, enter_pressed: Callable[[], bool],
                make_recorder: Callable, input_device: int | None, transcriber) -> Take:
    """Record one take into `path` until an end rule fires; its live transcription runs meanwhile."""
    from voicesim.practice.coach import LiveCoach
    from voicesim.transcript.activity import SPEECH_RULES, VoiceActivity
    from voicesim.transcript.streaming import LiveTranscription

    rules = EndRules(settings.end_silence_s, settings.no_speech_timeout_s, cap_for(question, settings.max_seconds), settings.warn_before_s)
    activity = VoiceActivity()  # scored once, shared by the end rule and the live transcription
    endpointer = Endpointer(rules, activity)
    live = LiveTranscription(transcriber, activity, question.vocabulary) if settings.streaming else None
    coach = LiveCoach(question.target) if settings.coach and live is not None else None
    recorder = make_recorder(path, device=input_device, listeners=[activity.feed, endpointer.feed] + ([live.feed] if live else []))
    recorder.start()
    ended_by = None
    try:
        while ended_by is None:
            time.sleep(TICK_S)
            if enter_pressed():
                ended_by = "enter"
            elif not recorder.running:
                ended_by = "device_lost"
            else:
                ended_by = endpointer.decision()
            elapsed = endpointer.elapsed_s
            view = None
            if coach is not None:
                try:
                    view = coach.update(elapsed, live.heard_until_s, live.heard, lambda: activity.speech(SPEECH_RULES))
                except Exception:  # a fault in the coach must never cost the answer being recorded
                    log.exception("the coach failed; the answer goes on without it")
                    coach = None
            status = LiveStatus(elapsed, question.target.min_s, question.target.max_s, rules.max_seconds,
                                endpointer.level_dbfs, endpointer.has_spoken, endpointer.speech_s, view)
            ui.on_recording(question, status, warn=endpointer.time_left_s <= rules.warn_before_s)
    except KeyboardInterrupt:
        recorder.stop()
        if live is not None:
            live.cancel()
        ui.on_recording_end(question, "interrupted", path, recorder.seconds, recorder.overflows)
        raise TakeInterrupted(Take(path, "interrupted", recorder.seconds, recorder.overflows, time.monotonic(), recorder.error, None)) from None
    ended_at = time.monotonic()
    recorder.stop()
    ui.on_recording_end(question, ended_by, path, recorder.seconds, recorder.overflows)
    if live is not None and (recorder.error is not None or ended_by in ("device_lost", "no_speech")):
        live.cancel()
        live = None
    return Take(path, ended_by, recorder.seconds, recorder.overflows, ended_at, recorder.error, live)
