"""Which questions a session asks: a retake of an earlier session, or the candidate's weakest questions."""

from __future__ import annotations

import random
from statistics import mean
from typing import TYPE_CHECKING

from voicesim.errors import BankError
from voicesim.question.bank import Bank, Question, load_bank

if TYPE_CHECKING:
    from voicesim.store import Store

RECENT_ATTEMPTS = 3  # "recent coverage" is the mean over a question's last this-many scored attempts


def pick_questions(bank: Bank, ids: tuple[str, ...], count: int, shuffle: bool) -> list[Question]:
    """The questions asked: by id, or `count` of them; from several banks, one from each in turn (banks given
    as technical, technical, culture ask two technical questions for one culture question)."""
    if ids:
        return [bank.question(i) for i in ids]
    lanes = [list(part.questions) for part in bank.parts] if bank.parts else [list(bank.questions)]
    if shuffle:
        for lane in lanes:
            random.shuffle(lane)
    turns = (bank.turns or tuple(range(len(lanes)))) if bank.parts else (0,)
    picked: list[Question] = []
    position = [0] * len(lanes)
    while len(picked) < count and any(position[i] < len(lane) for i, lane in enumerate(lanes)):
        for lane_index in turns:
            if len(picked) < count and position[lane_index] < len(lanes[lane_index]):
                picked.append(lanes[lane_index][position[lane_index]])
                position[lane_index] += 1
    return picked


def retake(store: Store, ref: str) -> tuple[Bank, list[Question]]:
    """The questions of an earlier session, in its order, from its bank as it is now.

    A question the bank no longer has is asked as it was asked then (its stored snapshot).
    """
    session = store.session(ref)
    try:
        bank = load_bank(session.bank_source)
    except BankError as exc:
        raise BankError(f"cannot retake session {session.id}: {exc}") from None
    questions: list[Question] = []
    seen: set[str] = set()
    for answer in session.answers:
        if answer.question_id in seen:
            continue
        seen.add(answer.question_id)
        try:
            questions.append(bank.question(answer.question_id))
        except BankError:
            questions.append(store.question(answer.question_hash))
    if not questions:
        raise BankError(f"session {session.id} asked no questions: nothing to retake")
    return bank, questions


def weakest(store: Store, bank: Bank, count: int) -> list[Question]:
    """Never-practised questions first (bank order), then the lowest recent coverage first.

    Only answers scored for content count: one to a question with no rubric yet has no coverage (None), so a question
    whose rubric came later counts as never practised. Questions with no rubric now come last (bank order): there is
    no coverage to be weak on."""
    recent: dict[str, float] = {}
    by_question: dict[str, list[float]] = {}
    attempts = {a.answer_id: a for part in (bank.parts or (bank,)) for a in store.attempts(bank=part.name)}
    for attempt in sorted(attempts.values(), key=lambda a: (a.started_at, a.answer_id)):  # oldest first
        if attempt.score.coverage is not None:
            by_question.setdefault(attempt.question_id, []).append(attempt.score.coverage)
    for qid, coverages in by_question.items():
        recent[qid] = mean(coverages[-RECENT_ATTEMPTS:])
    questions = bank.questions
    order = sorted(range(len(questions)),
                   key=lambda i: (not questions[i].has_rubric, questions[i].id in recent, recent.get(questions[i].id, 0.0), i))
    return [bank.questions[i] for i in order[:count]]
