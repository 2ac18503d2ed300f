"""What Whisper writes that nobody said, and the rules that keep it out of a transcript.

Each mechanism found on this stack (issue 15; the measurements are in benchmarks/README.md):
- Windows decoded over a leftover: after a window Whisper moves on from its last word, and decodes what is left
  of the audio as a window of its own even when that is the word's tail and silence: "Thank you.", "That's it."
- Failed windows: a window whose text is a loop or improbable. Whisper's own fallback samples it again at higher
  temperatures, at random, so the same audio gave another transcript on each run ("We'll see you in the next
  video, guys." three times once, nothing the next). voicesim decodes such a stretch again at temperature 0 with
  a penalty on repeated tokens, and without the context if that fails too.
- The context read back: the filler prompt or the question's terms written as if said (context.py).
- Words outside voice activity, and voice activity with no word (a window the prompted pass skipped).
"""

from __future__ import annotations

from typing import Sequence

from voicesim.text import filler_sound, surface_pieces
from voicesim.transcript.context import loops, repeats_prompt
from voicesim.transcript.decoding import DecodedSegment
from voicesim.transcript.model import Span, Word

# A window after the first whose audio holds less voice than this is a leftover. Measured on the dev and held-out
# answers (Piper and espeak): such windows held 0.04-0.53 s of voice activity, every word in them invented;
# windows holding real speech 1.15 s or more.
LEFTOVER_SPEECH_S = 0.6


def voiced(speech: tuple[Span, ...], window: Span) -> float:
    """Seconds of voice activity inside `window`."""
    return sum(max(0.0, min(s.end, window.end) - max(s.start, window.start)) for s in speech)


# Whisper's own thresholds (transcribe.py in both engines): a window whose text compresses this well is a loop,
# one whose tokens are this improbable on average a failure; both with a high no-speech probability is silence.
FAILED_COMPRESSION = 2.4
FAILED_LOGPROB = -1.0
NO_SPEECH_PROB = 0.6
KEEP, SILENCE, LEFTOVER = "kept", "dropped as silence", "dropped as decoded over a leftover"
RETRY, REDO = "decoding again with a repetition penalty", "decoding again without the context"
# The penalty on repeated tokens for a window decoded again after it failed (CTranslate2's repetition_penalty, at
# temperature 0: deterministic). On the one loop that survived the first retry ("The log, log, log, ..." in an espeak
# f3 answer, 11 fillers), 1.1 still looped and the stretch went without the context (5 fillers kept); 1.2 broke the
# loop with the context (9 kept, no invented run). A retry without the context carries the penalty too, so it
# cannot loop ("no, no, no, ..." a hundred times, before).
RETRY_REPETITION_PENALTY = 1.2


def judge(seg: DecodedSegment, voiced_s: float, prompted: bool, vocabulary: Sequence[str] = (), checks: bool = True,
          retried: bool = False) -> str:
    """What to do with a decoded segment, given the seconds of voice activity in its window (from the window's start
    to the end of the audio decoded): keep it, drop it, decode its stretch again with the context and a penalty on
    repeated tokens (a failed window, once), or without the context (the context read back; a retry that failed
    again). Only a decode that had the context is decoded again."""
    if seg.no_speech_prob > NO_SPEECH_PROB and seg.avg_logprob < FAILED_LOGPROB:  # Whisper's own no-speech rule
        return SILENCE
    if checks and seg.window > 0 and voiced_s < LEFTOVER_SPEECH_S:
        return LEFTOVER
    if prompted and checks and (failed(seg) or loops(surface_pieces(seg.text))):
        return REDO if retried else RETRY
    if prompted and repeats_prompt(seg.text, vocabulary):
        return REDO
    return KEEP


def failed(segment: DecodedSegment) -> bool:
    """Whether Whisper's decode of the segment's window failed by its own measures: where its temperature fallback
    would sample again (at random), voicesim decodes the stretch again at temperature 0 (deterministic)."""
    return segment.compression_ratio > FAILED_COMPRESSION or segment.avg_logprob < FAILED_LOGPROB


EDGE_S = 0.1  # slack around voice activity for Whisper's word timing
# A hesitation is soft, so voice activity often misses its edges, and Whisper squeezes its timing (an "um" of no
# duration after the word before it): found dropped 0.11 s after speech, and 0.11 s before it, in a Piper answer.
FILLER_EDGE_S = 0.25
UNSURE = 0.15  # word probability below which a word reaching past the speech is taken as invented


def spoken(word: Word, speech: tuple[Span, ...]) -> bool:
    """Whether a word lies in voice activity. Whisper invents words in silence at the end of a
    window (often "What's going on?" or a sentence in the prompt's style): they have no duration or
    lie past the speech, and the first of them has a very low probability."""
    edge = FILLER_EDGE_S if filler_sound("".join(surface_pieces(word.text))) else EDGE_S
    for span in speech:
        if word.end >= span.start - edge and word.start <= span.end + edge:
            inside = word.start >= span.start - edge and word.end <= span.end + edge
            return inside or word.probability >= UNSURE
    return False


LOST_SPEECH_S = 2.0  # voice activity this long with no word in it is speech the prompted pass lost



def lost_regions(words: list[Word], speech: tuple[Span, ...], redo: list[Span]) -> list[Span]:
    """Stretches of voice activity not covered by any word (at least LOST_SPEECH_S long), plus the spans to redo."""
    covered = sorted((w.start, w.end) for w in words)
    lost: list[Span] = list(redo)
    for span in speech:
        cursor = span.start
        for start, end in covered:
            if end <= cursor or start >= span.end:
                continue
            if start - cursor >= LOST_SPEECH_S:
                lost.append(Span(cursor, start))
            cursor = max(cursor, end)
        if span.end - cursor >= LOST_SPEECH_S:
            lost.append(Span(cursor, span.end))
    return merged(lost)


def merged(spans: list[Span]) -> list[Span]:
    """The spans padded by 0.2 s on each side, overlapping ones joined, in order."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        padded = Span(max(0.0, span.start - 0.2), span.end + 0.2)
        if out and padded.start <= out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, padded.end))
        else:
            out.append(padded)
    return out
