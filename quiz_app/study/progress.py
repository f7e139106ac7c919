"""The progress store and the FSRS reviewer together, as the app and the CLI use them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quiz_app.bank.loader import LoadedBank
from quiz_app.study.counts import Counts, answered_ids, due_ids
from quiz_app.study.review import Reviewer
from quiz_app.study.session import Answer, QuizItem, QuizSession, items_from
from quiz_app.study.store import AttemptRecord, ProgressStore, default_store_path, utc_now

if TYPE_CHECKING:  # the compiled cache's records stand in for it; pydantic stays unloaded
    from quiz_app.bank.models import Question

EXPORT_FORMAT = "relu-quiz-progress"
EXPORT_VERSION = 1
TABLES = ("sessions", "attempts", "cards", "review_log")  # flags stay with the author


def content_hash(question: Question) -> str:
    """Changes whenever the question's text, choices or key change, so edits are visible.

    Its `tests:` are the author's proofs, not what a student sees: adding one changes
    nothing a student answered, so it leaves the hash (and progress) alone.
    """
    return hashlib.sha256(question.model_dump_json(exclude={"tests"}).encode()).hexdigest()[:16]


class Progress:
    def __init__(self, store: ProgressStore, reviewer: Reviewer | None = None):
        self.store = store
        self.reviewer = reviewer or Reviewer()

    @classmethod
    def open(cls, path: Path | None = None) -> Progress:
        return cls(ProgressStore(path or default_store_path()))

    def begin(self, session: QuizSession) -> None:
        if session.session_id is None:
            session.session_id = self.store.start_session(
                session.kind, [item.question.id for item in session.items], session.seed,
                session.name, [list(session.order_of(i)) for i in range(len(session.items))])

    def record(self, session: QuizSession, answer: Answer, seconds: float,
               when: datetime | None = None) -> str:
        question = answer.item.question
        wrong_picks = [misconception for i in sorted(answer.picked)
                       if not question.choices[i].correct
                       and (misconception := question.choices[i].misconception)]
        attempt = AttemptRecord(
            question_id=question.id, content_hash=content_hash(question),
            bank_file=answer.item.bank_path, topic=answer.item.topic,
            picked=tuple(sorted(answer.picked)), correct=answer.correct, seconds=seconds,
            hints_used=answer.hints_used, misconceptions=tuple(wrong_picks),
            response=answer.response, variant=answer.item.variant, credit=answer.credit,
            retried=answer.retried, skipped=answer.skipped,
            option_order=session.order_of(session.items.index(answer.item)))
        if answer.retried and session.session_id:
            self.store.record_retry(session.session_id, attempt)
            uid = ""
        else:
            schedule = self.reviewer.schedule_for(question, answer.correct,
                                                  answer.hints_used, seconds)
            uid = self.store.record_answer(session.session_id, attempt, schedule, when)
        if session.finished and session.session_id:
            self.store.finish_session(session.session_id)
        return uid

    def undo(self, session: QuizSession) -> Answer | None:
        """The session's last answer taken back, in the session and in the database."""
        answer = session.undo()
        if answer is not None and session.session_id:
            self.store.undo_last(session.session_id)
        return answer

    def flag(self, session: QuizSession | None, item: QuizItem, note: str) -> None:
        self.store.add_flag(item.question.id, item.bank_path, note,
                            session.session_id if session else None)

    def next_review(self, question_id: str) -> datetime | None:
        card = self.store.card(question_id)
        return datetime.fromisoformat(card["due"]) if card else None

    def finish(self, session: QuizSession) -> None:
        if session.session_id:
            self.store.finish_session(session.session_id)

    def due_items(self, banks: Sequence[LoadedBank], now: datetime | None = None
                  ) -> list[QuizItem]:
        """Questions whose card is due, most overdue first; retired questions are skipped."""
        by_id = {item.question.id: item for item in items_from(banks)}
        return [by_id[qid] for qid in due_ids(self.store, by_id, now)]

    def resumable(self, banks: Sequence[LoadedBank]) -> QuizSession | None:
        """The newest interrupted quiz whose questions are all still loaded, with its
        answers (retry credits and skips included) and the option orders it showed."""
        for open_session in self.store.open_sessions():
            session = self._rebuild(open_session, banks)
            if session is not None:
                return session
        return None

    def _rebuild(self, open_session, banks: Sequence[LoadedBank]) -> QuizSession | None:
        by_id = {item.question.id: item for item in items_from(banks, seed=open_session.seed)}
        if any(qid not in by_id for qid in open_session.question_ids):
            return None  # another bank's quiz, or questions since removed
        items = [by_id[qid] for qid in open_session.question_ids]
        orders = [tuple(order) for order in open_session.option_orders or []]
        session = QuizSession(items, kind=open_session.kind, seed=open_session.seed,
                              session_id=open_session.id, name=open_session.name,
                              orders=orders)
        for stored in self.store.session_attempts(open_session.id):
            index = len(session.answers)
            if index >= len(items) or items[index].question.id != stored.question_id:
                return None
            session.answers.append(Answer(items[index], frozenset(stored.picked),
                                          stored.correct, stored.hints_used, stored.response,
                                          stored.retried, stored.skipped))
        return None if session.finished or not session.answers else session

    def export_to(self, path: Path) -> int:
        db = self.store.connection
        document: dict = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
                          "exported_at": utc_now().isoformat()}
        for table in TABLES:
            cursor = db.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            columns = [c[0] for c in cursor.description]
            document[table] = [dict(zip(columns, row)) for row in cursor]
        Path(path).write_text(json.dumps(document, indent=1), encoding="utf-8")
        return len(document["attempts"])

    def import_from(self, path: Path) -> int:
        """Merge another export; attempts and sessions already present are not duplicated."""
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if document.get("format") != EXPORT_FORMAT:
            raise ValueError(f"{path} is not a relu-quiz progress export")
        db = self.store.connection
        before = db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
        db.execute("BEGIN IMMEDIATE")
        try:
            for row in document.get("sessions", []):
                _insert(db, "sessions", row, "INSERT OR IGNORE")
            known = {r[0] for r in db.execute("SELECT uid FROM attempts")}
            for row in document.get("attempts", []):
                if row.get("uid") not in known:
                    _insert(db, "attempts", {k: v for k, v in row.items() if k != "id"})
            logged = {r[0] for r in db.execute("SELECT attempt_uid FROM review_log")}
            for row in document.get("review_log", []):
                if row.get("attempt_uid") not in logged:
                    _insert(db, "review_log", {k: v for k, v in row.items() if k != "id"})
            for row in document.get("cards", []):
                _merge_card(db, row)
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise
        return db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] - before


def _insert(db, table: str, row: dict, verb: str = "INSERT") -> None:
    """Only the table's own columns are used: key names from a file never reach the SQL."""
    known = [c[1] for c in db.execute(f"PRAGMA table_info({table})")]
    names = [name for name in known if name in row]
    marks = ", ".join("?" for _ in names)
    db.execute(f"{verb} INTO {table} ({', '.join(names)}) VALUES ({marks})",
               tuple(row[name] for name in names))


def _merge_card(db, row: dict) -> None:
    """Keep whichever copy of a card was reviewed last."""
    current = db.execute("SELECT card FROM cards WHERE question_id = ?",
                         (row["question_id"],)).fetchone()
    if current is not None:
        mine = json.loads(current[0]).get("last_review") or ""
        theirs = json.loads(row["card"]).get("last_review") or ""
        if mine >= theirs:
            return
    db.execute("INSERT OR REPLACE INTO cards (question_id, card, due) VALUES (?, ?, ?)",
               (row["question_id"], row["card"], row["due"]))


class HomeSummary:
    """What the home screen shows about progress, computed off the event loop."""

    def __init__(self, progress: Progress, banks: Sequence[LoadedBank]):
        known = [item.question.id for item in items_from(banks)]
        self.counts = Counts.of(progress.store, known)
        self.due = self.counts.due_today
        self.resume = progress.resumable(banks)
        self.answered = answered_ids(progress.store)

    def done_in(self, question_ids: Sequence[str]) -> int:
        return sum(1 for qid in set(question_ids) if qid in self.answered)
