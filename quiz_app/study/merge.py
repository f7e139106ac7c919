"""Writing a validated progress export into this machine's file, in one transaction.

Only the import models' fields are written (quiz_app.study.transfer), in the order the
tables depend on each other, whatever the order in the file. Nothing already here is
changed, with one rule for cards (the later review wins). A session id that is already here
is never given to imported answers: two exports can carry the same id (or a hostile one can
copy the id of the quiz open on this machine), and the imported answers would join that
quiz: resume, retry and undo act on a session's last answer. Such answers get a copy of
their session under a new id.
"""

from __future__ import annotations

import json
import sqlite3
import uuid

from quiz_app.study.store import _transaction
from quiz_app.study.transfer import TABLE_MODELS, SessionRecord, ValidExport


def merge_export(db: sqlite3.Connection, export: ValidExport) -> int:
    """The number of answers added."""
    before = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    with _transaction(db):
        here = {row[0] for row in db.execute("SELECT id FROM sessions")}
        taken: dict[str, SessionRecord] = {}  # imported sessions whose id is already here
        for session in export.records("sessions"):
            if session.id in here:
                taken[session.id] = session
            else:
                _insert(db, "sessions", session.row())
        known = {row[0] for row in db.execute("SELECT uid FROM attempts")}
        renamed: dict[str, str] = {}
        added: set[str] = set()
        for attempt in export.records("attempts"):
            if attempt.uid in known:
                continue
            if attempt.session_id in taken:
                if attempt.session_id not in renamed:
                    copy = taken[attempt.session_id].model_copy(
                        update={"id": uuid.uuid4().hex})
                    _insert(db, "sessions", copy.row())
                    renamed[attempt.session_id] = copy.id
                attempt = attempt.model_copy(
                    update={"session_id": renamed[attempt.session_id]})
            _insert(db, "attempts", attempt.row())
            added.add(attempt.uid)
        unattached = db.execute("SELECT 1 FROM review_log WHERE attempt_uid IS NULL "
                                "LIMIT 1").fetchone() is None
        for log in export.records("review_log"):
            # an answer's log comes with it: one here already has its own, and undo reads it
            if log.attempt_uid in added or (log.attempt_uid is None and unattached):
                _insert(db, "review_log", log.row())
        for card in export.records("cards"):
            _merge_card(db, card.question_id, card.card, card.due)
    return db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] - before


def _insert(db: sqlite3.Connection, table: str, row: tuple) -> None:
    """Column names come from the model, never from the file."""
    names = TABLE_MODELS[table].written()
    marks = ", ".join("?" for _ in names)
    db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", row)  # noqa: S608


def _merge_card(db: sqlite3.Connection, question_id: str, card: str, due: str) -> None:
    """Keep whichever copy of a card was reviewed last (times in UTC on both sides)."""
    current = db.execute("SELECT card FROM cards WHERE question_id = ?",
                         (question_id,)).fetchone()
    if current is not None:
        mine = json.loads(current[0]).get("last_review") or ""
        theirs = json.loads(card).get("last_review") or ""
        if mine >= theirs:
            return
    db.execute("INSERT OR REPLACE INTO cards (question_id, card, due) VALUES (?, ?, ?)",
               (question_id, card, due))
