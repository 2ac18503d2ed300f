"""Follow-up questions: which concept the interviewer asks about next, and what a reply recovers.

Pure, like the rest of scoring: the replies come in as transcripts, so the same replies rescored give the same
figures. A concept recovered in a reply earns FOLLOW_UP_CREDIT of its weight (coverage.py).
A question with no rubric yet has no concept to ask about: `next_follow_up` gives None, and replies (none are asked)
would leave its coverage unrated.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Collection, Sequence

from voicesim.question.bank import Concept, Question
from voicesim.scoring.coverage import ConceptResult, Coverage, TokenWindows, coverage_share, is_phrase_evidence, match_concept
from voicesim.text import tokenize_words
from voicesim.transcript import Transcript

# Follow-ups are asked about must concepts only: the ones an interviewer would not let pass.
FOLLOW_UP_TIER = "must"


@dataclass(frozen=True)
class FollowUpReply:
    """A follow-up as asked, and the candidate's reply."""

    concept: str  # the concept the follow-up asked about
    prompt: str
    transcript: Transcript
    audio: str | None = None  # where the reply's recording is kept: reported, never read here


@dataclass(frozen=True)
class FollowUpResult:
    concept: str
    prompt: str
    transcript: Transcript
    audio: str | None
    # Concepts said in the reply that the answer (and earlier replies) had left out; evidence times are
    # seconds into the reply.
    recovered: tuple[ConceptResult, ...]


def next_follow_up(question: Question, coverage: Coverage, asked: Collection[str] = ()) -> Concept | None:
    """The concept to ask about: the first must concept still missing that has a follow-up, in bank order."""
    missing = {c.name for c in coverage.concepts if not c.hit}
    for concept in question.rubric.concepts:
        if concept.tier == FOLLOW_UP_TIER and concept.follow_up and concept.name in missing and concept.name not in asked:
            return concept
    return None


def apply_follow_ups(coverage: Coverage, question: Question, replies: Sequence[FollowUpReply]) -> tuple[Coverage, tuple[FollowUpResult, ...]]:
    """The coverage once the replies are heard, in the order they were given.

    A reply is matched against every concept still missing. The concept it was asked about may be shown by a
    single word ("Redis"): the question set the topic. Any other concept needs a phrase of two words or more,
    as an answer made only of everyday single words never counts (coverage.py).
    """
    by_name = {c.name: c for c in question.rubric.concepts}
    results = list(coverage.concepts)
    outcomes = []
    for reply in replies:
        windows = TokenWindows(tokenize_words([(w.word, w.start, w.end) for w in reply.transcript.words]))
        recovered = []
        for index, result in enumerate(results):
            concept = by_name.get(result.name)
            if result.hit or concept is None:
                continue
            found = match_concept(reply.transcript, windows, concept)
            if not found.hit or (concept.name != reply.concept and not any(is_phrase_evidence(e) for e in found.evidence)):
                continue
            results[index] = replace(found, via="follow_up")
            recovered.append(results[index])
        outcomes.append(FollowUpResult(reply.concept, reply.prompt, reply.transcript, reply.audio, tuple(recovered)))
    updated = Coverage(score=coverage_share(results, question.rubric), concepts=tuple(results), set_aside=coverage.set_aside)
    return updated, tuple(outcomes)
