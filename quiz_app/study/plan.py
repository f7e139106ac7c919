"""What to study next: due reviews first, then new questions in a learning order.

New questions come topic by topic, in the order the banks introduce the topics, easiest
first within a topic (`difficulty` 1 → 3; unset counts as 2), with a daily limit on new
questions as Anki has, so one long evening does not bury the next days in reviews.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from quiz_app.bank.loader import LoadedBank
from quiz_app.bank.printable import printable
from quiz_app.study import DEFAULT_SESSION_LENGTH
from quiz_app.study.counts import due_ids, start_of_day
from quiz_app.study.session import QuizItem, QuizSession, items_from
from quiz_app.study.store import ProgressStore, utc_now

DEFAULT_NEW_PER_DAY = 20
UNSET_DIFFICULTY = 2


class NothingToAsk(Exception):
    """Why a session has no questions: a notice for the student, not a failure. Its text
    names topics and banks, so it is kept printable."""

    severity: Literal["information", "warning"] = "warning"

    def __str__(self) -> str:
        return printable(super().__str__())


class AllDone(NothingToAsk):
    """Nothing is due and today's new questions are done: good news."""

    severity: Literal["information", "warning"] = "information"


def new_per_day() -> int:
    """RELU_QUIZ_NEW_PER_DAY overrides the daily limit of new questions."""
    try:
        return max(0, int(os.environ.get("RELU_QUIZ_NEW_PER_DAY", DEFAULT_NEW_PER_DAY)))
    except ValueError:
        return DEFAULT_NEW_PER_DAY


def learning_order(items: Sequence[QuizItem]) -> list[QuizItem]:
    """New questions along the course's path, in a widening spiral.

    The path is the topics in the order the banks first name them (the bundled bank:
    definition, continuity, derivative, implementations, subgradients, …). Round r asks
    the next question of each of the first 2r + 1 topics, so a first session of ten
    reaches the kink (continuity and the derivative at 0), the subgradient and the
    frameworks' conventions, and comes back to the basics with a harder question each
    round, instead of asking every definition question first. Within a topic the
    difficulties take turns, easiest level first (1, 2, 3, 1, 2, …; unset counts as 2),
    each level in file order.

    >>> from types import SimpleNamespace as Q
    >>> def item(name, topic, difficulty):
    ...     return Q(topic=topic, question=Q(id=name, difficulty=difficulty))
    >>> bank = [item("d1", "def", 1), item("d2", "def", 1), item("d3", "def", 2),
    ...         item("c1", "cont", 2), item("c2", "cont", 1), item("k1", "kink", 1)]
    >>> [i.question.id for i in learning_order(bank)]
    ['d1', 'd3', 'c2', 'k1', 'd2', 'c1']
    """
    by_topic: dict[str, list[QuizItem]] = {}
    for item in items:
        by_topic.setdefault(item.topic, []).append(item)
    queues = [_levels_taking_turns(topic_items) for topic_items in by_topic.values()]
    order: list[QuizItem] = []
    round_ = 0
    while any(queues):
        for queue in queues[:2 * round_ + 1]:
            if queue:
                order.append(queue.pop(0))
        round_ += 1
    return order


def _levels_taking_turns(items: list[QuizItem]) -> list[QuizItem]:
    """One topic's questions with the difficulty levels taking turns, easiest first."""
    levels: dict[int, list[QuizItem]] = {}
    for item in items:
        levels.setdefault(item.question.difficulty or UNSET_DIFFICULTY, []).append(item)
    columns = [levels[level] for level in sorted(levels)]
    return [column[row] for row in range(max(map(len, columns)))
            for column in columns if row < len(column)]


def study_items(banks: Sequence[LoadedBank], store: ProgressStore, count: int | None,
                seed: int | None = None, now: datetime | None = None,
                new_limit: int | None = None) -> list[QuizItem]:
    """Due reviews first (most overdue first), then new questions, `count` in all."""
    now = now or utc_now()
    items = items_from(banks, seed=seed)
    by_id = {item.question.id: item for item in items}
    due = [by_id[qid] for qid in due_ids(store, by_id, now)]
    limit = new_per_day() if new_limit is None else new_limit
    room = max(0, limit - store.new_today(start_of_day(now)))
    seen = store.seen_ids()
    new = [item for item in learning_order(items) if item.question.id not in seen][:room]
    chosen = due + new
    return chosen if count is None else chosen[:count]


def review_items(banks: Sequence[LoadedBank], store: ProgressStore, count: int | None,
                 seed: int | None = None, now: datetime | None = None) -> list[QuizItem]:
    """What is due; once nothing is, new questions, so a first review is never empty."""
    now = now or utc_now()
    items = items_from(banks, seed=seed)
    by_id = {item.question.id: item for item in items}
    due = [by_id[qid] for qid in due_ids(store, by_id, now)]
    if due:
        return due if count is None else due[:count]
    return study_items(banks, store, count or DEFAULT_SESSION_LENGTH, seed, now)


def selection_problem(banks: Sequence[LoadedBank], topic: str | None = None,
                      bank_path: str | None = None) -> str | None:
    """A message naming the real topics or banks when the asked-for one does not exist."""
    if topic is not None:
        topics = list(dict.fromkeys(loaded.bank.topic_of(q) for loaded in banks
                                    for q in loaded.bank.questions))
        if topic not in topics:
            return f"There is no topic '{topic}'. Topics: {', '.join(topics) or 'none'}."
    if bank_path is not None:
        paths = [str(loaded.path) for loaded in banks]
        if bank_path not in paths:
            return f"There is no bank '{bank_path}'. Banks: {', '.join(paths) or 'none'}."
    return None


def quiz_session(banks: Sequence[LoadedBank], store: ProgressStore | None, *,
                 length: int | None, shuffle: bool, seed: int, topic: str | None = None,
                 bank_path: str | None = None,
                 items: Sequence[QuizItem] | None = None,
                 named_files: bool = False) -> QuizSession:
    """A quiz on a topic, a bank, everything, or the given items (a retry of the missed).
    `named_files`: the banks are the files named on the command line (`take FILE`), and
    the quiz is named after them. Raises NothingToAsk."""
    retrying = items is not None
    if items is None:
        problem = selection_problem(banks, topic, bank_path)
        if problem:
            raise NothingToAsk(problem)
        items = items_from(banks, topic, bank_path, seed)
    if not items:
        raise NothingToAsk("No questions to ask here.")
    name = f"Topic: {topic}" if topic else next(
        (f"Bank: {loaded.bank.title}" for loaded in banks if str(loaded.path) == bank_path),
        "Retry missed" if retrying else "Quiz on everything")
    if named_files and not topic and not retrying:
        name = f"Bank: {banks[0].bank.title}" if len(banks) == 1 else \
            f"Quiz on {len(banks)} banks"
    return QuizSession.build(items, length, shuffle, seed, name=name,
                             last_orders=_last_orders(store))


# Study now: due reviews first, then new questions in learning order; review: what is due.
DUE_SESSIONS = {
    "study": (study_items, "Study now", "Nothing is due and today's new questions are done. ✓"),
    "review": (review_items, "Review",
               "Nothing is due, and there are no new questions left today. ✓"),
}


DueKind = Literal["study", "review"]  # the sessions DUE_SESSIONS plans (a SessionKind each)


def due_session(kind: DueKind, banks: Sequence[LoadedBank], store: ProgressStore, *,
                length: int | None, shuffle: bool, seed: int) -> QuizSession:
    """A "study" or "review" session, in the order its items come. Raises AllDone."""
    choose, name, all_done = DUE_SESSIONS[kind]
    items = choose(banks, store, length, seed)
    if not items:
        raise AllDone(all_done)
    return QuizSession.build(items, None, shuffle, seed, kind=kind, name=name,
                             order_items=False, last_orders=_last_orders(store))


def _last_orders(store: ProgressStore | None) -> dict[str, tuple[int, ...]]:
    """The option orders shown last time, which a new session's orders differ from."""
    return store.last_option_orders() if store is not None else {}
