"""Two app instances on one quiz (issue 27, item 12): each takes back, and retries, only the
answers it wrote. Both run on one real SQLite file, through Progress, as the app does."""

from __future__ import annotations

import pytest

from quiz_app.bank.loader import load_banks
from quiz_app.study.progress import Progress
from quiz_app.study.session import QuizSession, items_from
from tests.conftest import FIXTURES

STUDY = FIXTURES / "ui" / "study.yaml"


def right(session: QuizSession) -> frozenset[int]:
    question = session.items[len(session.answers)].question
    return frozenset(i for i, c in enumerate(question.choices) if c.correct)


def wrong(session: QuizSession) -> frozenset[int]:
    question = session.items[len(session.answers)].question
    return frozenset({next(i for i, c in enumerate(question.choices) if not c.correct)})


def attempts(progress: Progress) -> list[tuple[str, int]]:
    return progress.store.connection.execute(
        "SELECT question_id, correct FROM attempts ORDER BY id").fetchall()


@pytest.fixture
def two_on_one_quiz(isolated_home):
    """Instance A starts a quiz and answers its first question; A and B then both hold it
    open (B resumed it), as two terminals on one progress file would."""
    banks = load_banks([STUDY]).banks
    first = Progress.open()
    session = QuizSession(items_from(banks)[:4], seed=1)
    first.begin(session)
    first.record(session, session.answer(right(session)), 2.0)
    second = Progress.open()
    resumed = second.resumable(banks)
    assert resumed is not None and resumed.session_id == session.session_id
    yield banks, (first, session), (second, resumed)
    first.store.close()
    second.store.close()


def test_undo_takes_back_this_instances_skip_not_the_newer_one(two_on_one_quiz):
    """Only a skip leaves the database on undo (a graded answer still counts)."""
    _, (a, a_session), (b, b_session) = two_on_one_quiz
    question = a_session.items[1].question.id
    a.record(a_session, a_session.skip(), 2.0)  # A: I don't know
    b.record(b_session, b_session.answer(right(b_session)), 2.0)  # B, later: right
    card_after_b = b.store.card(question)
    a.undo(a_session)
    assert attempts(a)[1:] == [(question, 1)]  # B's answer stays, A's skip is gone
    assert a.store.card(question) == card_after_b  # and B's schedule with it
    b.undo(b_session)  # a graded answer: it stays
    assert attempts(a)[1:] == [(question, 1)]


@pytest.mark.parametrize("undo_first", [0, 1, 2])
def test_undos_in_any_order_never_touch_the_other_instances_answers(two_on_one_quiz,
                                                                     undo_first):
    """A skips 2, B answers 2 after it; A undoes `undo_first` of its skips: B's stay."""
    _, (a, a_session), (b, b_session) = two_on_one_quiz
    for _ in range(2):
        a.record(a_session, a_session.skip(), 1.0)
    for _ in range(2):
        b.record(b_session, b_session.answer(right(b_session)), 1.0)
    for _ in range(undo_first):
        a.undo(a_session)
    rows = attempts(a)
    assert rows.count((a_session.items[0].question.id, 1)) == 1  # the shared first answer
    assert sum(1 for _, correct in rows[1:] if not correct) == 2 - undo_first  # A's left
    assert sum(1 for _, correct in rows[1:] if correct) == 2  # all of B's


def test_a_graded_answer_taken_back_is_retaken_as_this_instances_retry(two_on_one_quiz):
    _, (a, a_session), (b, b_session) = two_on_one_quiz
    a.record(a_session, a_session.answer(wrong(a_session)), 1.0)  # A: wrong
    b.record(b_session, b_session.answer(wrong(b_session)), 1.0)  # B: its own wrong
    a.undo(a_session)
    retake = a_session.answer(right(a_session))
    assert retake.retried and retake.credit == 0.5
    a.record(a_session, retake, 1.0)
    rows = a.store.connection.execute(
        "SELECT correct, retried FROM attempts ORDER BY id").fetchall()[1:]
    assert rows == [(1, 1), (0, 0)]  # A's row became the retry; B's untouched


def test_a_retry_replaces_this_instances_first_try(two_on_one_quiz):
    _, (a, a_session), (b, b_session) = two_on_one_quiz
    a.record(a_session, a_session.answer(wrong(a_session)), 1.0)  # A's first try: wrong
    b.record(b_session, b_session.answer(wrong(b_session)), 1.0)  # B, its own wrong answer
    retried = a_session.answers[-1].item.question
    retry = a_session.retry(frozenset(i for i, c in enumerate(retried.choices) if c.correct))
    a.record(a_session, retry, 1.0)
    rows = a.store.connection.execute(
        "SELECT correct, retried FROM attempts ORDER BY id").fetchall()[1:]
    assert rows == [(1, 1), (0, 0)]  # A's answer retried; B's untouched
