"""The question library (every question of the shipped banks) and the list of banks `voicesim banks` shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voicesim.question.bank import Question, load_bank
from voicesim.question.locations import bank_files, shipped_bank_files


@dataclass(frozen=True)
class LibraryQuestion:
    bank: str
    question: Question

    @property
    def ref(self) -> str:
        """How a guide's question names the library question it matched: "bank/question-id"."""
        return f"{self.bank}/{self.question.id}"


@dataclass(frozen=True)
class BankSummary:
    name: str
    title: str
    path: Path
    shipped: bool
    questions: int
    without_rubric: int  # questions with no concepts yet (scored for delivery only)


def library_questions() -> tuple[LibraryQuestion, ...]:
    """The library a guide is matched against: the shipped banks' questions, bank by bank in name order."""
    return tuple(LibraryQuestion(f.name, q) for f in shipped_bank_files() for q in load_bank(str(f.path)).questions)


def list_banks() -> tuple[BankSummary, ...]:
    """Shipped banks first, then the user's; a user bank that shadows a shipped one or does not load is an error."""
    out = []
    for f in bank_files():
        bank = load_bank(str(f.path))
        out.append(BankSummary(f.name, bank.title, f.path, f.shipped, len(bank.questions),
                               sum(not q.has_rubric for q in bank.questions)))
    return tuple(out)
