"""Issue 28, item 12: misses come back within the session, as Anki's learning steps do, and
a card in its steps ("next review in 10 minutes") is not due before its time, so it never
comes straight back on Continue. Real FSRS, a real SQLite file, through Progress.

Expected from FSRS's defaults (learning steps of 1 and 10 minutes): a new card rated Again
is due in 1 minute, still Learning; rated Good, due in 10 minutes, still Learning.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from quiz_app.bank.loader import load_banks
from quiz_app.study.counts import due_ids
from quiz_app.study.plan import due_session
from quiz_app.study.progress import MAX_AGAIN, RELEARN_GAP, Progress
from quiz_app.study.session import QuizSession, items_from
from quiz_app.study.store import utc_now
from tests.conftest import FIXTURES

STUDY = FIXTURES / "ui" / "study.yaml"
SLOW = 60.0  # seconds: a right answer rated Good (not Easy) by its reading time


def pick(session: QuizSession, right: bool) -> frozenset[int]:
    question = session.current.question
    return frozenset(i for i, c in enumerate(question.choices) if c.correct == right
                     ) if right else frozenset({next(i for i, c in enumerate(question.choices)
                                                     if not c.correct)})


@pytest.fixture
def studying(isolated_home):
    banks = load_banks([STUDY]).banks
    progress = Progress.open()
    session = QuizSession.build(items_from(banks)[:6], seed=3, kind="study", name="Study",
                                order_items=False)
    progress.begin(session)
    yield banks, progress, session
    progress.store.close()


@pytest.mark.parametrize("missed_at", [0, 2, 5])
def test_a_miss_comes_back_later_in_the_session(studying, missed_at):
    _, progress, session = studying
    for _ in range(missed_at):
        progress.record(session, session.answer(pick(session, True)), SLOW)
    missed = session.current
    progress.record(session, session.answer(pick(session, False)), 5.0)
    assert len(session.items) == 7
    again = session.items.index(missed) + 1 + RELEARN_GAP
    where = min(again, 6)  # or last, when fewer are left
    assert session.items[where].question.id == missed.question.id
    assert session.items[where].again == 1
    stored = progress.store.open_session()
    assert stored is not None and stored.question_ids.count(missed.question.id) == 2


def test_a_resume_keeps_the_miss_that_comes_back(studying):
    banks, progress, session = studying
    progress.record(session, session.answer(pick(session, False)), 5.0)
    progress.record(session, session.answer(pick(session, True)), SLOW)
    other = Progress.open()
    resumed = other.resumable(banks)
    assert resumed is not None
    assert [(i.question.id, i.again) for i in resumed.items] == \
        [(i.question.id, i.again) for i in session.items]
    assert resumed.order_of(4) == session.order_of(4)
    other.store.close()


def test_a_question_comes_back_at_most_max_again_times(studying):
    _, progress, session = studying
    first = session.current.question.id
    while not session.finished:
        right = session.current.question.id != first
        progress.record(session, session.answer(pick(session, right)), SLOW)
    assert [i.question.id for i in session.items].count(first) == 1 + MAX_AGAIN


def test_a_right_answer_in_its_steps_is_not_due_until_its_time(studying):
    banks, progress, session = studying
    question = session.current.question.id
    progress.record(session, session.answer(pick(session, True)), SLOW)  # Good: 10 minutes
    card = progress.store.card(question)
    assert card["state"] == 1  # still Learning
    now = utc_now()
    assert question not in due_ids(progress.store, None, now)
    assert question in due_ids(progress.store, None, now + timedelta(minutes=11))
    continued = due_session("study", banks, progress.store, length=10, shuffle=False, seed=1)
    assert question not in [i.question.id for i in continued.items]  # seen, not yet due


def test_a_quiz_from_a_topic_does_not_requeue(isolated_home):
    banks = load_banks([STUDY]).banks
    progress = Progress.open()
    session = QuizSession.build(items_from(banks)[:4], seed=3, kind="quiz",
                                order_items=False)
    progress.begin(session)
    progress.record(session, session.answer(pick(session, False)), 5.0)
    assert len(session.items) == 4  # "Retry missed" at the end is the quiz's way
    progress.store.close()
