"""One definition of every count the student sees, shared by home, Stats and `stats --json`.

- **answered**: answers given. A retry is part of its answer (one row, with its credit); an
  undone answer is gone; a skip is an answer (a wrong one).
- **done**: loaded questions answered at least once.
- **due today**: loaded questions whose review card falls due before the end of today (UTC,
  like every day in the stats), and cards in their learning steps (a miss: "next review in
  10 minutes") once that time has come, as Anki counts them. A review session asks
  exactly these, so a step's card never comes straight back on Continue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from quiz_app.study.store import ProgressStore, utc_now

CREDIT = "COALESCE(credit, correct)"  # older rows have no credit column value


def start_of_day(now: datetime) -> datetime:
    return datetime.combine(now.astimezone(timezone.utc).date(), datetime.min.time(),
                            timezone.utc)


def end_of_day(now: datetime) -> datetime:
    return start_of_day(now) + timedelta(days=1)


def due_ids(store: ProgressStore, known_ids: Iterable[str] | None,
            now: datetime | None = None, days: int = 1) -> list[str]:
    """Loaded questions due before the end of today (+ days − 1), most overdue first; a
    card in its learning steps only once its time has come."""
    now = now or utc_now()
    until = end_of_day(now) + timedelta(days=days - 1)
    return [qid for qid, _ in store.due_cards(until, known_ids, steps_until=now)]


@dataclass(frozen=True)
class Counts:
    answered: int
    done: int
    due_today: int
    total: int  # loaded questions

    @classmethod
    def of(cls, store: ProgressStore, known_ids: Iterable[str],
           now: datetime | None = None) -> Counts:
        known = list(known_ids)
        answered = store.connection.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
        seen = answered_ids(store)
        return cls(answered, sum(1 for qid in set(known) if qid in seen),
                   len(due_ids(store, known, now)), len(set(known)))


def answered_ids(store: ProgressStore) -> set[str]:
    return {row[0] for row in store.connection.execute("SELECT DISTINCT question_id "
                                                        "FROM attempts")}
