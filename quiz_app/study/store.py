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

from quiz_app.bank.printable import printable
from quiz_app.study import SessionKind
from quiz_app.study.opening import BUSY_TIMEOUT_MS, NewerSchemaError, open_progress

__all__ = ["BUSY_TIMEOUT_MS", "NewerSchemaError", "ProgressStore", "AttemptRecord"]

DB_NAME = "progress.sqlite3"
REVIEW_STATE = 2  # fsrs.State.Review (Learning is 1, Relearning 3): read here without fsrs


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
    credit: float | None = None  # None: 1 if correct, else 0
    retried: bool = False
    skipped: bool = False
    option_order: tuple[int, ...] = ()  # the order the options were shown in


@dataclass(frozen=True)
class OpenSession:
    id: str
    kind: str
    question_ids: list[str]
    answered: list[str]
    seed: int | None
    name: str = ""
    option_orders: list[list[int]] | None = None
    open_hints: int = 0  # the question on screen when it was left: hints shown …
    open_seconds: float = 0.0  # … and seconds spent on it


@dataclass(frozen=True)
class SessionAttempt:
    """One answer of a session as stored: what a resume needs to rebuild the score."""

    question_id: str
    picked: list[int]
    correct: bool
    hints_used: int
    retried: bool = False
    skipped: bool = False
    response: str = ""
    uid: str = ""


@dataclass(frozen=True)
class Flag:
    question_id: str
    bank_file: str
    note: str
    flagged_at: str


class ProgressStore:
    def __init__(self, path: Path):
        self.path = Path(path)
        # corrupt, locked, foreign, newer or read-only files: see quiz_app/study/opening.py
        opened = open_progress(self.path)
        self.connection = opened.connection
        # One line for the user, else None; its path may hold any character.
        self.notice = printable(opened.notice) if opened.notice else None
        self.unsaved: str | None = opened.unsaved  # why answers are not saved, else None
        self.newer_schema = opened.newer_schema

    def close(self) -> None:
        self.connection.close()

    # --- writing -------------------------------------------------------------------------

    def start_session(self, kind: SessionKind, question_ids: list[str], seed: int | None,
                      name: str = "", option_orders: list[list[int]] | None = None,
                      session_id: str | None = None) -> str:
        session_id = session_id or uuid.uuid4().hex
        with _transaction(self.connection):
            self.connection.execute(
                "INSERT INTO sessions (id, kind, question_ids, seed, started_at, name, "
                "option_orders) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, kind, json.dumps(question_ids), seed, iso(utc_now()), name,
                 json.dumps(option_orders or [])))
        return session_id

    def set_session_items(self, session_id: str, question_ids: list[str],
                          option_orders: list[list[int]]) -> None:
        """The session's questions and option orders after a missed one was queued again,
        so that a resume asks it too."""
        with _transaction(self.connection):
            self.connection.execute(
                "UPDATE sessions SET question_ids = ?, option_orders = ? WHERE id = ?",
                (json.dumps(question_ids), json.dumps(option_orders), session_id))

    def note_open(self, session_id: str, hints: int, seconds: float) -> None:
        """The hints shown and the seconds spent so far on the question on screen, so that
        a resume grades and schedules its answer as if the session had not been left."""
        with _transaction(self.connection):
            self.connection.execute(
                "UPDATE sessions SET open_hints = ?, open_seconds = ? WHERE id = ?",
                (hints, seconds, session_id))

    def finish_session(self, session_id: str) -> None:
        with _transaction(self.connection):
            self.connection.execute("UPDATE sessions SET finished_at = ? WHERE id = ?",
                                    (iso(utc_now()), session_id))

    def record_answer(self, session_id: str | None, attempt: AttemptRecord,
                      schedule: Callable[[dict | None, datetime], tuple[dict, dict]]
                      | None = None, when: datetime | None = None, uid: str | None = None
                      ) -> str:
        """One transaction: the attempt, the card's next state and its review log.

        Returns the attempt's uid once it is committed (the acknowledgement). The caller
        may choose the uid, to know it before a kept write reaches the file.
        """
        when = when or utc_now()
        uid = uid or uuid.uuid4().hex
        with _transaction(self.connection):
            self.connection.execute(
                "INSERT INTO attempts (uid, session_id, question_id, content_hash, bank_file, "
                "topic, picked, correct, seconds, hints_used, misconceptions, variant, "
                "response, answered_at, credit, retried, skipped, option_order) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (uid, session_id, attempt.question_id, attempt.content_hash, attempt.bank_file,
                 attempt.topic, json.dumps(list(attempt.picked)), int(attempt.correct),
                 attempt.seconds, attempt.hints_used, json.dumps(list(attempt.misconceptions)),
                 attempt.variant, attempt.response, iso(when), attempt.credit,
                 int(attempt.retried), int(attempt.skipped),
                 json.dumps(list(attempt.option_order))))
            self.connection.execute(  # the next question starts afresh
                "UPDATE sessions SET open_hints = 0, open_seconds = 0 WHERE id = ?",
                (session_id,))
            if schedule is not None:
                before = self.card(attempt.question_id)
                card, log = schedule(before, when)
                self.connection.execute(
                    "INSERT INTO cards (question_id, card, due) VALUES (?, ?, ?) "
                    "ON CONFLICT(question_id) DO UPDATE SET card = excluded.card, "
                    "due = excluded.due", (attempt.question_id, json.dumps(card), card["due"]))
                self.connection.execute(
                    "INSERT INTO review_log (question_id, attempt_uid, log, reviewed_at, "
                    "card_before) VALUES (?, ?, ?, ?, ?)",
                    (attempt.question_id, uid, json.dumps(log), iso(when), json.dumps(before)))
        return uid

    def record_retry(self, session_id: str, attempt: AttemptRecord, uid: str | None = None
                     ) -> None:
        """The one retry replaces the first answer (the attempt `uid`, else the session's
        last): one answer, with its credit.

        The card keeps the schedule of the first, wrong answer: it was not known at first.
        """
        which = "uid = ?" if uid else "id = (SELECT MAX(id) FROM attempts WHERE session_id = ?)"
        with _transaction(self.connection):
            self.connection.execute(
                "UPDATE attempts SET picked = ?, correct = ?, credit = ?, retried = 1, "
                "response = ?, seconds = seconds + ?, hints_used = ?, misconceptions = ?, "
                f"option_order = ? WHERE {which}",
                (json.dumps(list(attempt.picked)), int(attempt.correct), attempt.credit,
                 attempt.response, attempt.seconds, attempt.hints_used,
                 json.dumps(list(attempt.misconceptions)),
                 json.dumps(list(attempt.option_order)), uid or session_id))

    def undo_last(self, session_id: str, uid: str | None = None) -> str | None:
        """Take back an answer of the session: the attempt `uid` (else the session's last),
        its review log, and the card's state before it (or no card at all if it was new).
        Returns the question id, or None when there is no such answer."""
        with _transaction(self.connection):
            row = self.connection.execute(
                "SELECT uid, question_id FROM attempts WHERE session_id = ? "
                "AND (? IS NULL OR uid = ?) ORDER BY id DESC LIMIT 1",
                (session_id, uid, uid)).fetchone()
            if row is None:
                return None
            uid, question_id = row
            logged = self.connection.execute(
                "SELECT card_before FROM review_log WHERE attempt_uid = ?", (uid,)).fetchone()
            newest = self.connection.execute(
                "SELECT attempt_uid FROM review_log WHERE question_id = ? "
                "ORDER BY id DESC LIMIT 1", (question_id,)).fetchone()
            if newest is not None and newest[0] != uid:
                logged = None  # another answer (another instance's) scheduled it since
            if logged is not None and logged[0] is not None:
                before = json.loads(logged[0])
                if before is None:
                    self.connection.execute("DELETE FROM cards WHERE question_id = ?",
                                            (question_id,))
                else:
                    self.connection.execute(
                        "UPDATE cards SET card = ?, due = ? WHERE question_id = ?",
                        (json.dumps(before), before["due"], question_id))
            self.connection.execute("DELETE FROM review_log WHERE attempt_uid = ?", (uid,))
            self.connection.execute("DELETE FROM attempts WHERE uid = ?", (uid,))
            self.connection.execute("UPDATE sessions SET finished_at = NULL WHERE id = ?",
                                    (session_id,))  # its last question is open again
        return question_id

    def add_flag(self, question_id: str, bank_file: str, note: str,
                 session_id: str | None = None) -> None:
        with _transaction(self.connection):
            self.connection.execute(
                "INSERT INTO flags (question_id, bank_file, note, session_id, flagged_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (question_id, bank_file, note, session_id, iso(utc_now())))

    def flags(self) -> list[Flag]:
        return [Flag(*row) for row in self.connection.execute(
            "SELECT question_id, bank_file, note, flagged_at FROM flags ORDER BY id")]

    def new_today(self, start_of_day: datetime) -> int:
        """Questions answered for the first time since `start_of_day` (the daily new limit)."""
        return self.connection.execute(
            "SELECT COUNT(*) FROM (SELECT MIN(answered_at) AS first FROM attempts "
            "GROUP BY question_id) WHERE first >= ?", (iso(start_of_day),)).fetchone()[0]

    def last_option_orders(self) -> dict[str, tuple[int, ...]]:
        """question id → the option order shown at its latest answer."""
        rows = self.connection.execute(
            "SELECT question_id, option_order FROM attempts WHERE id IN (SELECT MAX(id) "
            "FROM attempts WHERE option_order != '[]' GROUP BY question_id)")
        return {qid: tuple(json.loads(order)) for qid, order in rows}

    def seen_ids(self) -> set[str]:
        """Questions answered at least once, or with a review card: not "new" any more."""
        return {row[0] for row in self.connection.execute(
            "SELECT question_id FROM attempts UNION SELECT question_id FROM cards")}

    # --- reading -------------------------------------------------------------------------

    def card(self, question_id: str) -> dict | None:
        row = self.connection.execute("SELECT card FROM cards WHERE question_id = ?",
                                      (question_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def due_cards(self, until: datetime, question_ids: Iterable[str] | None = None,
                  steps_until: datetime | None = None) -> list[tuple[str, str]]:
        """(question id, due) of cards due by `until`, most overdue first. With
        `steps_until`, a card still in its learning steps (FSRS's Learning or Relearning:
        "next review in 10 minutes") counts only once due by then."""
        rows = self.connection.execute(
            "SELECT question_id, due FROM cards WHERE due <= ? AND (? IS NULL OR due <= ? "
            f"OR json_extract(card, '$.state') = {REVIEW_STATE}) ORDER BY due, question_id",
            (iso(until), steps_until and iso(steps_until),
             steps_until and iso(steps_until))).fetchall()
        if question_ids is None:
            return rows
        wanted = set(question_ids)
        return [row for row in rows if row[0] in wanted]

    def open_sessions(self, limit: int = 20) -> list[OpenSession]:
        """Quizzes left unfinished (quit, crash or kill) with answers given and some left,
        newest first: the caller takes the first whose questions are still loaded."""
        rows = self.connection.execute(
            "SELECT id, kind, question_ids, seed, name, option_orders, open_hints, "
            "open_seconds FROM sessions WHERE finished_at IS NULL ORDER BY started_at DESC "
            "LIMIT ?", (limit,)).fetchall()
        found = []
        for session_id, kind, question_ids, seed, name, orders, hints, seconds in rows:
            ids = json.loads(question_ids)
            answered = [r[0] for r in self.connection.execute(
                "SELECT question_id FROM attempts WHERE session_id = ? ORDER BY id",
                (session_id,))]
            if answered and len(answered) < len(ids):
                found.append(OpenSession(session_id, kind, ids, answered, seed, name,
                                         json.loads(orders or "[]"), hints, seconds))
        return found

    def open_session(self) -> OpenSession | None:
        """The most recent resumable quiz, whatever its bank."""
        sessions = self.open_sessions(limit=5)
        return sessions[0] if sessions else None

    def session_attempts(self, session_id: str) -> list[SessionAttempt]:
        return [SessionAttempt(qid, json.loads(picked), bool(correct), hints, bool(retried),
                               bool(skipped), response, uid)
                for qid, picked, correct, hints, retried, skipped, response, uid
                in self.connection.execute(
                    "SELECT question_id, picked, correct, hints_used, retried, skipped, "
                    "response, uid FROM attempts WHERE session_id = ? ORDER BY id",
                    (session_id,))]


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
