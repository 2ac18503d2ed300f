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
    if ids:
        return [bank.question(i) for i in ids]
    questions = list(bank.questions)
    if shuffle:
        random.shuffle(questions)
    return questions[:count]


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
    """Never-practised questions first (bank order), then the lowest recent coverage first."""
    recent: dict[str, float] = {}
    by_question: dict[str, list[float]] = {}
    for attempt in store.attempts(bank=bank.name):  # oldest first
        by_question.setdefault(attempt.question_id, []).append(attempt.score.coverage)
    for qid, coverages in by_question.items():
        recent[qid] = mean(coverages[-RECENT_ATTEMPTS:])
    order = sorted(range(len(bank.questions)), key=lambda i: (bank.questions[i].id in recent, recent.get(bank.questions[i].id, 0.0), i))
    return [bank.questions[i] for i in order[:count]]
