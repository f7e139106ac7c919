"""Issue 28, item 5: a resume keeps what grades and schedules the open question. Two hints,
then the app is quit mid-question; after a resume the hints are on screen again and the
answer is stored with hints_used = 2 and rated Hard (FSRS: right with hints is Hard, as
docs/study.md defines), not as a first sight answered fast (Easy)."""

from __future__ import annotations

import json

from quiz_app.bank.loader import load_banks
from quiz_app.study.progress import Progress
from quiz_app.study.session import QuizSession, items_from
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.quiz import QuizScreen
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for, wait_for_question

UI_BANK = FIXTURES / "ui" / "quiz.yaml"
HINTED = "ui-relu-at-zero"  # two hints in the fixture
HARD = 2  # fsrs.Rating.Hard


def left_after_one_answer(home) -> None:
    """A quiz whose first question is answered and whose second is the hinted one."""
    items = sorted(items_from(load_banks([UI_BANK]).banks),
                   key=lambda item: item.question.id == HINTED)
    progress = Progress.open(home / "progress.sqlite3")
    session = QuizSession(items, kind="quiz", name="Mine")
    progress.begin(session)
    right = frozenset(i for i, c in enumerate(items[0].question.choices) if c.correct)
    progress.record(session, session.answer(right), 5.0)
    progress.store.close()


async def resume(pilot, app) -> None:
    await wait_for(pilot, lambda: app.progress is not None)
    app.resume_quiz()
    await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
    await wait_for_question(pilot)
    assert app.screen.item.question.id == HINTED


async def test_hints_and_time_survive_a_quit_and_a_resume(isolated_home):
    left_after_one_answer(isolated_home)
    app = create_app(AppConfig(paths=[UI_BANK], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, app)
        await pilot.press("h", "h")
        assert "Hint 2:" in text_of(app, "#quiz-hints")
    app = create_app(AppConfig(paths=[UI_BANK], shuffle=False))  # quit, and started again
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, app)
        assert "Hint 1:" in text_of(app, "#quiz-hints")
        assert "Hint 2:" in text_of(app, "#quiz-hints")
        question = app.screen.item.question
        right = next(i for i, c in enumerate(question.choices) if c.correct)
        await pilot.press(chr(ord("a") + app.screen.order.index(right)))
        db = app.progress.store.connection
        assert db.execute("SELECT hints_used FROM attempts WHERE question_id = ?",
                          (HINTED,)).fetchall() == [(2,)]
        [(log,)] = db.execute("SELECT log FROM review_log WHERE question_id = ?",
                              (HINTED,)).fetchall()
        assert json.loads(log)["rating"] == HARD


async def test_a_question_answered_after_a_resume_leaves_nothing_carried(isolated_home):
    left_after_one_answer(isolated_home)
    app = create_app(AppConfig(paths=[UI_BANK], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot, app)
        await pilot.press("h")
        question = app.screen.item.question
        right = next(i for i, c in enumerate(question.choices) if c.correct)
        await pilot.press(chr(ord("a") + app.screen.order.index(right)))
        db = app.progress.store.connection
        assert db.execute("SELECT open_hints FROM sessions").fetchall() == [(0,)]
