"""Test helpers: building transcripts from text (input data for the pure scoring core)."""

from __future__ import annotations

from voicesim.question.bank import Concept, Question, Rubric, TargetLength
from voicesim.transcript import Span, Transcript, Word


# An answer with words Whisper wrote onto the one before, "|" where it did (see transcript_from_text)
JOINED_ANSWER = ("We keep a token bucket in Redis, a trade|-off, um, between bursts and at|-least|-once retries, "
                 "and return 429 with a Retry|-After header from the API gateway.")


def transcript_from_text(text: str, start: float = 0.5, wpm: float = 150.0, gaps: dict[int, float] | None = None,
                         duration: float | None = None, with_speech: bool = False) -> Transcript:
    """Words of `text` spoken evenly at `wpm`; `gaps` adds a silence of N s before word index i.

    "|" splits a word as Whisper sometimes writes it, the pieces after the first written onto the one before
    with no space: "trade|-off" is the words " trade" and "-off"."""
    gaps = gaps or {}
    per_word = 60.0 / wpm
    t = start
    words = []
    pieces = [("" if n else " ") + piece for raw in text.split() for n, piece in enumerate(raw.split("|"))]
    for i, raw in enumerate(pieces):
        t += gaps.get(i, 0.0)
        words.append(Word(raw, round(t, 3), round(t + per_word * 0.8, 3)))
        t += per_word
    end = words[-1].end if words else start
    speech: tuple[Span, ...] = ()
    if with_speech and words:
        spans, cur = [], [words[0].start, words[0].end]
        for w in words[1:]:
            if w.start - cur[1] > 0.3:
                spans.append(Span(cur[0], cur[1]))
                cur = [w.start, w.end]
            else:
                cur[1] = w.end
        spans.append(Span(cur[0], cur[1]))
        speech = tuple(spans)
    return Transcript(words=tuple(words), duration=duration if duration is not None else end + 1.0, speech=speech)


def concept(name: str = "c", phrases=("x",), exclude=(), weight: float = 1.0) -> Concept:
    return Concept(name=name, weight=weight, phrases=tuple(phrases), exclude=tuple(exclude))


def question(concepts, min_s: float = 30, max_s: float = 120, qid: str = "q") -> Question:
    return Question(id=qid, prompt="A question?", target=TargetLength(min_s, max_s), rubric=Rubric(tuple(concepts)), outline=())


def add_session(store, session_id: str, text: str, started_at: str, question=None, audio_path=None, audio_owned: bool = False,
                directory=None, bank=None, gaps: dict[int, float] | None = None) -> int:
    """A one-answer practice session in the history, its transcript made from `text` (default: rate-limiting)."""
    from voicesim.question.bank import load_bank
    from voicesim.scoring import score_answer
    from voicesim.store import AnswerSettings

    bank = bank or load_bank()
    question = question or bank.question("rate-limiting")
    transcript = transcript_from_text(text, with_speech=True, gaps=gaps)
    store.begin_session(session_id, "practice", bank, started_at, directory)
    answer = store.add_answer(session_id, question, ended_by="silence", audio_path=audio_path, audio_owned=audio_owned,
                              recorded_s=transcript.duration, transcript=transcript, settings=AnswerSettings(2.0, {"engine": "test"}),
                              score=score_answer(transcript, question))
    store.end_session(session_id)
    return answer
