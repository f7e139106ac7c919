"""Progress in SQLite: every answer durable the moment it is given, never lost to a crash.

WAL mode and one short transaction per answer mean a kill -9 loses at most the answer being
written, never an acknowledged one; a busy timeout lets two terminals share the file. The
schema version lives in PRAGMA user_version and only ever migrates forward. A file that is
not a readable database is moved aside, with one line of explanation, and we start afresh.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quiz_app.study.opening import BUSY_TIMEOUT_MS, NewerSchemaError, open_progress

__all__ = ["BUSY_TIMEOUT_MS", "NewerSchemaError", "ProgressStore", "AttemptRecord"]

DB_NAME = "progress.sqlite3"


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AttemptRecord:
    question_id: str
    content_hash: str
    bank_file: str
    topic: str
    picked: tuple[int, ...]
    correct: bool
    seconds: float
    hints_used: int
    misconceptions: tuple[str, ...] = ()
    variant: str = ""
    response: str = ""


@dataclass(frozen=True)
class OpenSession:
    id: str
    kind: str
    question_ids: list[str]
    answered: list[str]
    seed: int | None


class ProgressStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        # corrupt, locked, foreign, newer or read-only files: see quiz_app/study/opening.py
        opened = open_progress(self.path)
        self.connection = opened.connection
        self.notice: str | None = opened.notice  # one line for the user, else None
        self.unsaved: str | None = opened.unsaved  # why answers are not saved, else None
        self.newer_schema = opened.newer_schema

    def close(self) -> None:
        self.connection.close()

    # --- writing -------------------------------------------------------------------------

    def start_session(self, kind: str, question_ids: list[str], seed: int | None,
                      session_id: str | None = None) -> str:
        session_id = session_id or uuid.uuid4().hex
        with _transaction(self.connection):
            self.connection.execute(
                "INSERT INTO sessions (id, kind, question_ids, seed, started_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, kind, json.dumps(question_ids), seed, iso(utc_now())))
        return session_id

    def finish_session(self, session_id: str) -> None:
        with _transaction(self.connection):
            self.connection.execute("UPDATE sessions SET finished_at = ? WHERE id = ?",
                                    (iso(utc_now()), session_id))

    def record_answer(self, session_id: str | None, attempt: AttemptRecord,
                      schedule: Callable[[dict | None, datetime], tuple[dict, dict]]
                      | None = None, when: datetime | None = None) -> str:
        """One transaction: the attempt, the card's next state and its review log.

        Returns the attempt's uid once it is committed (the acknowledgement).
        """
        when = when or utc_now()
        uid = uuid.uuid4().hex
        with _transaction(self.connection):
            self.connection.execute(
                "INSERT INTO attempts (uid, session_id, question_id, content_hash, bank_file, "
                "topic, picked, correct, seconds, hints_used, misconceptions, variant, "
                "response, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, session_id, attempt.question_id, attempt.content_hash, attempt.bank_file,
                 attempt.topic, json.dumps(list(attempt.picked)), int(attempt.correct),
                 attempt.seconds, attempt.hints_used, json.dumps(list(attempt.misconceptions)),
                 attempt.variant, attempt.response, iso(when)))
            if schedule is not None:
                card, log = schedule(self.card(attempt.question_id), when)
                self.connection.execute(
                    "INSERT INTO cards (question_id, card, due) VALUES (?, ?, ?) "
                    "ON CONFLICT(question_id) DO UPDATE SET card = excluded.card, "
                    "due = excluded.due", (attempt.question_id, json.dumps(card), card["due"]))
                self.connection.execute(
                    "INSERT INTO review_log (question_id, attempt_uid, log, reviewed_at) "
                    "VALUES (?, ?, ?, ?)",
                    (attempt.question_id, uid, json.dumps(log), iso(when)))
        return uid

    # --- reading -------------------------------------------------------------------------

    def card(self, question_id: str) -> dict | None:
        row = self.connection.execute("SELECT card FROM cards WHERE question_id = ?",
                                      (question_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def due_cards(self, until: datetime, question_ids: Iterable[str] | None = None
                  ) -> list[tuple[str, str]]:
        """(question id, due) of cards due by `until`, most overdue first."""
        rows = self.connection.execute(
            "SELECT question_id, due FROM cards WHERE due <= ? ORDER BY due, question_id",
            (iso(until),)).fetchall()
        if question_ids is None:
            return rows
        wanted = set(question_ids)
        return [row for row in rows if row[0] in wanted]

    def open_session(self) -> OpenSession | None:
        """The most recent quiz left unfinished (quit, crash or kill) with answers left."""
        rows = self.connection.execute(
            "SELECT id, kind, question_ids, seed FROM sessions WHERE finished_at IS NULL "
            "ORDER BY started_at DESC LIMIT 5").fetchall()
        for session_id, kind, question_ids, seed in rows:
            ids = json.loads(question_ids)
            answered = [r[0] for r in self.connection.execute(
                "SELECT question_id FROM attempts WHERE session_id = ? ORDER BY id",
                (session_id,))]
            if answered and len(answered) < len(ids):
                return OpenSession(session_id, kind, ids, answered, seed)
        return None

    def session_attempts(self, session_id: str) -> list[tuple[str, list[int], bool, int]]:
        return [(qid, json.loads(picked), bool(correct), hints) for qid, picked, correct, hints
                in self.connection.execute(
                    "SELECT question_id, picked, correct, hints_used FROM attempts "
                    "WHERE session_id = ? ORDER BY id", (session_id,))]

    def answered_counts(self) -> dict[str, int]:
        """question id → number of attempts, for "how much is done" on the home screen."""
        return dict(self.connection.execute(
            "SELECT question_id, COUNT(*) FROM attempts GROUP BY question_id"))


class _transaction:
    """BEGIN IMMEDIATE … COMMIT: take the write lock up front so two writers queue politely."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, value, traceback):
        """A failed COMMIT (disk full) is rolled back too; SQLite may have rolled back by
        itself already, and a second ROLLBACK must not hide the real error."""
        if kind is None:
            try:
                self.connection.execute("COMMIT")
            except BaseException:
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
                raise
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")
        return False


def default_store_path() -> Path:
    from quiz_app.bank.discovery import home_dir

    return home_dir() / DB_NAME
