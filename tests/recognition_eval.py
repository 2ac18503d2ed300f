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
from voicesim.scoring.delivery import filler_sound
from voicesim.transcript import Transcript

VOICES = ("piper", "espeak")
# espeak-ng's American voice with two of its variants: a woman's (f3) and another man's (m3). Filler counts differ
# between them (issue 15: m3 lost four "um"s that the default voice kept).
ESPEAK_VARIANTS = ("espeak-f3", "espeak-m3")


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
class WordErrors:
    """The transcript aligned to the script, word by word, fillers set aside on both sides (they are counted apart):
    what a reader of the transcript sees that was never said (insertions) or is missing (deletions)."""

    reference: int  # words of the script
    substitutions: int
    deletions: int
    insertions: int
    invented: tuple[str, ...]  # runs of two or more inserted words in a row, as the transcript writes them


def _content(windows: TokenWindows) -> list[tuple[str, int, int]]:
    """(norm, first word, last word) of each token that is not a filler sound."""
    return [(t.norm, t.first_word, t.last_word) for t in windows.tokens if not filler_sound(t.norm)]


def _join_split_words(tokens: list[tuple[str, int, int]], other: set[str]) -> list[tuple[str, int, int]]:
    """Two or three tokens in a row written as one word on the other side ("open telemetry" / "OpenTelemetry",
    "data loader" / "DataLoader") made one token: spacing is not a recognition error."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2):
            run = tokens[i:i + size]
            if len(run) == size and tokens[i][0] not in other and "".join(t[0] for t in run) in other:
                out.append(("".join(t[0] for t in run), run[0][1], run[-1][2]))
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def word_errors(script: str, transcript: Transcript) -> WordErrors:
    """Aligns voicesim's normalised words (numbers as digits, hyphens split, punctuation gone) of the script and of
    the transcript (jiwer's Levenshtein alignment)."""
    import jiwer

    ref = _content(script_windows(script))
    heard = _content(transcript_windows(transcript))
    ref = _join_split_words(ref, {t[0] for t in heard})
    heard = _join_split_words(heard, {t[0] for t in ref})
    if not heard or not ref:
        text = transcript.text if heard else ""
        return WordErrors(len(ref), 0, len(ref), len(heard), (text,) if len(heard) > 1 else ())
    out = jiwer.process_words(" ".join(t[0] for t in ref), " ".join(t[0] for t in heard))
    invented = []
    for chunk in out.alignments[0]:
        if chunk.type == "insert" and chunk.hyp_end_idx - chunk.hyp_start_idx >= 2:
            first, last = heard[chunk.hyp_start_idx][1], heard[chunk.hyp_end_idx - 1][2]
            invented.append("".join(w.word for w in transcript.words[first:last + 1]).strip())
    return WordErrors(len(ref), out.substitutions, out.deletions, out.insertions, tuple(invented))


@dataclass(frozen=True)
class Measured:
    name: str
    kind: str
    voice: str
    terms: int  # technical terms in the script
    terms_heard: int
    vocabulary_terms: int  # of those, the terms the question's vocabulary lists (what biasing can favour)
    vocabulary_terms_heard: int
    coverage: float
    fillers_true: int
    fillers_words: int
    hesitations: int
    inserted: tuple[str, ...]  # vocabulary terms in the transcript that the script does not hold
    score: Score
    errors: WordErrors

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
    vocabulary = {t.lower() for t in question.vocabulary}
    listed = [t for t in answer.terms if t.lower() in vocabulary]
    return Measured(
        name=answer.name, kind=answer.kind, voice=voice, terms=len(answer.terms), terms_heard=sum(said(t, heard) for t in answer.terms),
        vocabulary_terms=len(listed), vocabulary_terms_heard=sum(said(t, heard) for t in listed),
        coverage=score.coverage.score, fillers_true=answer.fillers, fillers_words=len(score.delivery.fillers),
        hesitations=len(score.delivery.hesitations), inserted=inserted, score=score, errors=word_errors(answer.text, transcript),
    )


def answer_sets(bank, names) -> dict[str, tuple]:
    """The evaluation sets by name: dev (the answers the settings were tuned on), eval (the first held-out set),
    fresh (the second, written after the vocabularies were widened), blind (the third, issue 15)."""
    out = {}
    for name in names:
        if name == "dev":
            from tests.dev_answers import dev_set

            out[name] = dev_set(bank)
        elif name == "eval":
            from tests.natural_answers import ANSWERS

            out[name] = ANSWERS
        elif name == "fresh":
            from tests.fresh_answers import ANSWERS

            out[name] = ANSWERS
        elif name == "blind":
            from tests.blind_answers import ANSWERS

            out[name] = ANSWERS
        else:
            raise ValueError(f"unknown answer set {name!r}: dev, eval, fresh or blind")
    return out


BLOCK_S = 0.1  # the recorder's block


def transcribe_streaming(transcriber, audio, vocabulary=()) -> Transcript:
    """The live path: the answer fed block by block to voice activity and LiveTranscription, as the recorder feeds
    them, as fast as they come, piece by piece as a worker that keeps up transcribes them (a worker that falls
    behind takes waiting pieces together: benchmarks/bench_streaming.py measures that path)."""
    from voicesim.audio.decode import SAMPLE_RATE
    from voicesim.transcript.activity import VoiceActivity
    from voicesim.transcript.streaming import LiveTranscription

    activity = VoiceActivity()
    live = LiveTranscription(transcriber, activity, vocabulary, merge_up_to_s=None)
    step = int(BLOCK_S * SAMPLE_RATE)
    for i in range(0, len(audio), step):
        activity.feed(audio[i:i + step])
        live.feed(audio[i:i + step])
    return live.finish()


def synthesize(text: str, voice: str, folder: Path) -> Path:
    """The answer spoken by `voice`, cached by its text (Piper varies between draws: one draw per text and run)."""
    digest = hashlib.sha256(f"{voice}:{text}".encode()).hexdigest()[:16]
    path = folder / f"{voice}-{digest}.wav"
    if path.is_file():
        return path
    if voice == "piper":
        from tests.piper_voice import piper_synth

        return piper_synth(text, path)
    if voice in ESPEAK_VARIANTS:
        from tests.audio_helpers import espeak_variant

        return espeak_variant(text, path, voice.split("-")[1])
    from tests.audio_helpers import synth

    return synth(text, path)
