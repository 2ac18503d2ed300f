"""Measuring recognition on the evaluation answers (tests/natural_answers.py): shared by the tests
(tests/test_natural_voice.py) and the settings benchmark (benchmarks/eval_recognition.py)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from voicesim.question.bank import Question
from voicesim.scoring import Score, score_answer
from voicesim.scoring.coverage import TokenWindows, find_phrase
from voicesim.text import tokenize_words
from voicesim.transcript import Transcript

VOICES = ("piper", "espeak")


def _windows(text_words: list[tuple[str, float, float]]) -> TokenWindows:
    return TokenWindows(tokenize_words(text_words))


def spoken_forms(term: str) -> tuple[str, ...]:
    """How a term is written and how it is read out ("CI/CD" is said "CI slash CD", "N+1" "N plus one")."""
    return tuple(dict.fromkeys((term, term.replace("/", " slash "), term.replace("+", " plus "))))


def _joined_norms(windows: TokenWindows, term: str) -> bool:
    """Unstemmed, spacing ignored, a plural s allowed: "DataLoader" = "data loader", "CDN" in "CDNs"."""
    target = "".join(t.norm for t in tokenize_words([(" " + w, 0.0, 0.0) for w in term.split()]))
    norms = [t.norm for t in windows.tokens]
    for size in range(1, len(term.split()) + 3):
        for i in range(len(norms) - size + 1):
            joined = "".join(norms[i:i + size])
            if joined in (target, target + "s"):
                return True
    return False


def said(term: str, windows: TokenWindows) -> bool:
    """The term is in the text, after voicesim's normalisation (stems, numbers, joined words), exactly."""
    return any(find_phrase(windows, form, fuzzy=False) or _joined_norms(windows, form) for form in spoken_forms(term))


def script_windows(text: str) -> TokenWindows:
    return _windows([(" " + w, 0.0, 0.0) for w in text.split()])


def transcript_windows(transcript: Transcript) -> TokenWindows:
    return _windows([(w.word, w.start, w.end) for w in transcript.words])


@dataclass(frozen=True)
class Measured:
    name: str
    kind: str
    voice: str
    terms: int  # technical terms in the script
    terms_heard: int
    coverage: float
    fillers_true: int
    fillers_words: int
    hesitations: int
    inserted: tuple[str, ...]  # vocabulary terms in the transcript that the script does not hold
    score: Score

    @property
    def disfluencies(self) -> int:
        return self.fillers_words + self.hesitations


def measure(answer, voice: str, transcript: Transcript, question: Question) -> Measured:
    heard = transcript_windows(transcript)
    script = script_windows(answer.text)
    score = score_answer(transcript, question)
    # The script's own terms count as said however the text spells them ("OAuth two point oh" is "OAuth 2.0").
    written = {t.lower() for t in answer.terms}
    inserted = tuple(t for t in question.vocabulary if said(t, heard) and not said(t, script) and t.lower() not in written)
    return Measured(
        name=answer.name, kind=answer.kind, voice=voice, terms=len(answer.terms), terms_heard=sum(said(t, heard) for t in answer.terms),
        coverage=score.coverage.score, fillers_true=answer.fillers, fillers_words=len(score.delivery.fillers),
        hesitations=len(score.delivery.hesitations), inserted=inserted, score=score,
    )


def synthesize(text: str, voice: str, folder: Path) -> Path:
    """The answer spoken by `voice`, cached by its text (Piper varies between draws: one draw per text and run)."""
    digest = hashlib.sha256(f"{voice}:{text}".encode()).hexdigest()[:16]
    path = folder / f"{voice}-{digest}.wav"
    if path.is_file():
        return path
    if voice == "piper":
        from tests.piper_voice import piper_synth

        return piper_synth(text, path)
    from tests.audio_helpers import synth

    return synth(text, path)
