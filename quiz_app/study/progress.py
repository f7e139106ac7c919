"""The progress store and the FSRS reviewer together, as the app and the CLI use them."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from quiz_app.bank.data import format_json
from quiz_app.bank.loader import LoadedBank
from quiz_app.study.export_format import EXPORT_FORMAT, EXPORT_VERSION, TABLES
from quiz_app.study.opening import is_transient, why_not_saved
from quiz_app.study.session import Answer, QuizItem, QuizSession, items_from
from quiz_app.study.store import (
    AttemptRecord,
    ProgressStore,
    default_store_path,
    utc_now,
)

if TYPE_CHECKING:
    from quiz_app.bank.data import Question
    from quiz_app.study.review import Reviewer  # FSRS: loaded with the first answer

# Learning steps inside a session (Progress._relearn): a miss whose card is due again
# within LEARN_AHEAD (Anki's learn-ahead limit) comes back RELEARN_GAP questions later.
RELEARNING_KINDS = ("study", "review")
LEARN_AHEAD = timedelta(minutes=20)
RELEARN_GAP = 3
MAX_AGAIN = 2


def content_hash(question: Question) -> str:
    """Changes whenever the question's text, choices or key change, so edits are visible.

    Its `tests:` are the author's proofs, not what a student sees: adding one changes
    nothing a student answered, so it leaves the hash (and progress) alone.
    """
    text = format_json(question, exclude=frozenset({"tests"}))  # pydantic's JSON of the model
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class ProgressRefused(Exception):
    """The store cannot take part in an import or export; the message says why."""


class Progress:
    """The store plus the answers it could not save yet (locked, full or read-only file):
    those are kept in memory, in order, and retried before the next write and at exit."""

    def __init__(self, store: ProgressStore, reviewer: Reviewer | None = None):
        self.store = store
        self._reviewer = reviewer
        self.pending: list[Callable[[], object]] = []
        self.unsaved_reason: str | None = store.unsaved
        # Per session, the uids of the answers this instance wrote (or resumed), in order:
        # undo and a retry touch only these, never another open instance's answer.
        self.own: dict[str, list[str]] = {}

    @property
    def reviewer(self) -> Reviewer:
        """Made with the first answer to schedule, not with the quiz: FSRS loads then."""
        if self._reviewer is None:
            from quiz_app.study.review import Reviewer

            self._reviewer = Reviewer()
        return self._reviewer

    @classmethod
    def open(cls, path: Path | None = None, wait_ms: int | None = None) -> Progress:
        """`wait_ms` bounds how long a write waits for another relu-quiz's lock: the app
        passes a short one so a keypress never freezes; the write is kept and retried."""
        progress = cls(ProgressStore(path or default_store_path()))
        if wait_ms is not None:
            progress.store.connection.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        return progress

    @property
    def saving(self) -> bool:
        """Whether the last answer reached the file."""
        return self.unsaved_reason is None

    def unsaved_note(self) -> str:
        """Beside the mark: why the last answer is not in the file yet ('' when it is)."""
        if self.saving:
            return ""
        kept = " · kept, will retry" if self.pending else ""
        return f" (not saved: {self.unsaved_reason}{kept})"

    def _write(self, action: Callable[[], object]) -> object | None:
        """Run one write in order after any kept ones; keep it if the file refuses it now."""
        if self.flush():
            self.pending.append(action)
            return None
        try:
            result = action()
        except sqlite3.OperationalError as exc:
            if not is_transient(exc):
                raise
            self.unsaved_reason = why_not_saved(exc)
            self.pending.append(action)
            return None
        return result

    def flush(self) -> int:
        """Retry the kept writes in order; returns how many still wait."""
        while self.pending:
            try:
                self.pending[0]()
            except sqlite3.OperationalError as exc:
                if not is_transient(exc):
                    raise
                self.unsaved_reason = why_not_saved(exc)
                return len(self.pending)
            self.pending.pop(0)
        self.unsaved_reason = self.store.unsaved
        return 0

    def begin(self, session: QuizSession, later: bool = False) -> None:
        """`later`: the session's row waits with the kept writes, saved by the next write
        or flush(), so a quiz's first question is drawn without waiting for SQLite. Its
        answers still follow it into the file: every write goes after the kept ones."""
        if session.session_id is None:
            session.session_id = uuid.uuid4().hex  # known now, even if the write must wait
            session_id, kind, name = session.session_id, session.kind, session.name
            ids, seed = [item.question.id for item in session.items], session.seed
            orders = [list(session.order_of(i)) for i in range(len(session.items))]

            def start_session() -> object:
                return self.store.start_session(kind, ids, seed, name, orders, session_id)

            if later:
                self.pending.append(start_session)
            else:
                self._write(start_session)

    def record(self, session: QuizSession, answer: Answer, seconds: float,
               when: datetime | None = None) -> str | None:
        """The attempt's uid once committed; None when it was not saved (see `saving`)."""
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
        when = when or utc_now()  # the moment answered, even when the write is retried later
        session_id = session.session_id
        own = self.own.setdefault(session_id or "", [])
        if answer.retried and session_id:
            first = own[-1] if own else None
            self._write(lambda: self.store.record_retry(session_id, attempt, first))
            uid: object = ""
        else:
            schedule = self.reviewer.schedule_for(question, answer.correct,
                                                  answer.hints_used, seconds)
            chosen = uuid.uuid4().hex
            own.append(chosen)
            uid = self._write(lambda: self.store.record_answer(session_id, attempt, schedule,
                                                               when, chosen))
            if not answer.correct and isinstance(uid, str):
                self._relearn(session, answer, when)
        if session.finished and session_id:
            self._write(lambda: self.store.finish_session(session_id))
        return uid if isinstance(uid, str) and self.store.unsaved is None else None

    def note_open(self, session: QuizSession, hints: int, seconds: float) -> None:
        """Keep the hints shown and the time spent on the question on screen (each hint,
        and when the quiz is left), for a resume."""
        session_id = session.session_id
        if session_id is not None and not session.finished:
            self._write(lambda: self.store.note_open(session_id, hints, seconds))

    def _relearn(self, session: QuizSession, answer: Answer, when: datetime) -> None:
        """A miss in a study or review session whose card FSRS brings back within
        LEARN_AHEAD (a learning step: "Next review in 1 minute") comes back later in this
        session, as Anki's learning steps do, at most MAX_AGAIN times."""
        card = self.store.card(answer.item.question.id)
        session_id = session.session_id
        if (session.kind not in RELEARNING_KINDS or card is None or session_id is None
                or answer.item.again >= MAX_AGAIN
                or datetime.fromisoformat(card["due"]) - when > LEARN_AHEAD):
            return
        session.requeue(session.items.index(answer.item), RELEARN_GAP)
        ids = [item.question.id for item in session.items]
        orders = [list(session.order_of(i)) for i in range(len(session.items))]
        self._write(lambda: self.store.set_session_items(session_id, ids, orders))

    def undo(self, session: QuizSession) -> Answer | None:
        """The session's last answer taken back, in the session and in the database: the
        attempt this instance wrote for it, whatever another instance wrote since. Only a
        skip leaves the database: a graded answer stays, with its schedule, and its
        retake replaces it as a retry (QuizSession.undo)."""
        answer = session.undo()
        session_id = session.session_id
        own = self.own.get(session_id or "")
        first_skip = answer is not None and answer.skipped and not answer.retried
        if first_skip and session_id and own:  # after any kept writes, in order
            uid = own.pop()
            self._write(lambda: self.store.undo_last(session_id, uid))
        return answer

    def flag(self, session: QuizSession | None, item: QuizItem, note: str) -> None:
        question_id, bank_path = item.question.id, item.bank_path
        session_id = session.session_id if session else None
        self._write(lambda: self.store.add_flag(question_id, bank_path, note, session_id))

    def next_review(self, question_id: str) -> datetime | None:
        card = self.store.card(question_id)
        return datetime.fromisoformat(card["due"]) if card else None

    def finish(self, session: QuizSession) -> None:
        if session.session_id:
            session_id = session.session_id
            self._write(lambda: self.store.finish_session(session_id))

    def due_items(self, banks: Sequence[LoadedBank], now: datetime | None = None
                  ) -> list[QuizItem]:
        """Questions whose card is due, most overdue first; retired questions are skipped."""
        by_id = {item.question.id: item for item in items_from(banks)}
        from quiz_app.study.counts import due_ids

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
        asked: dict[str, int] = {}  # a missed question's later occurrences (learning steps)
        items = []
        for qid in open_session.question_ids:
            items.append(replace(by_id[qid], again=asked.get(qid, 0)))
            asked[qid] = asked.get(qid, 0) + 1
        orders = [tuple(order) for order in open_session.option_orders or []]
        session = QuizSession(items, kind=open_session.kind, seed=open_session.seed,
                              session_id=open_session.id, name=open_session.name,
                              orders=orders, carried_hints=open_session.open_hints,
                              carried_seconds=open_session.open_seconds)
        attempts = self.store.session_attempts(open_session.id)
        self.own[open_session.id] = [stored.uid for stored in attempts]
        for stored in attempts:
            index = len(session.answers)
            if index >= len(items) or items[index].question.id != stored.question_id:
                return None
            session.answers.append(Answer(items[index], frozenset(stored.picked),
                                          stored.correct, stored.hints_used, stored.response,
                                          stored.retried, stored.skipped))
        return None if session.finished or not session.answers else session

    def _refuse_unless_file(self, doing: str) -> None:
        if self.store.newer_schema:
            raise ProgressRefused(f"cannot {doing}: the progress file was made by a newer "
                                  "relu-quiz; use that version")
        if doing.startswith("import") and self.store.unsaved:
            raise ProgressRefused(f"cannot {doing}: {self.store.unsaved}")

    def export_to(self, path: Path) -> int:
        self._refuse_unless_file("export progress")
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
        """Merge another export; attempts and sessions already present are not duplicated.

        The whole file is validated first (ImportProblems names the bad records), then
        written in one transaction (quiz_app.study.merge): a bad file changes nothing.
        """
        from quiz_app.study.merge import merge_export
        from quiz_app.study.transfer import read_export

        self._refuse_unless_file("import progress")
        return merge_export(self.store.connection, read_export(Path(path)))


class HomeSummary:
    """What the home screen shows about progress, computed off the event loop."""

    def __init__(self, progress: Progress, banks: Sequence[LoadedBank]):
        known = [item.question.id for item in items_from(banks)]
        from quiz_app.study.counts import Counts, answered_ids

        self.counts = Counts.of(progress.store, known)
        self.due = self.counts.due_today
        self.resume = progress.resumable(banks)
        self.answered = answered_ids(progress.store)

    def done_in(self, question_ids: Sequence[str]) -> int:
        return sum(1 for qid in set(question_ids) if qid in self.answered)
