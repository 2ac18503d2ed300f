"""The history: SQLite over the session folders (connection, migrations, queries, import of old folders)."""

from voicesim.store.database import Store
from voicesim.store.records import AnswerDetail, AnswerSettings, Attempt, StoredAnswer, StoredScore, StoredSession

__all__ = ["AnswerDetail", "AnswerSettings", "Attempt", "Store", "StoredAnswer", "StoredScore", "StoredSession"]
