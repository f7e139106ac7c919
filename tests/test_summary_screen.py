"""The end-of-session summary offers only what it can do (issue 28, smaller): "Retry
missed" neither as a button nor in the footer when nothing was missed."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Footer

from quiz_app.bank.loader import load_banks
from quiz_app.study.session import QuizSession, items_from
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.summary import SummaryScreen
from tests.conftest import FIXTURES
from tests.helpers.pilot import wait_for

UI_BANK = FIXTURES / "ui" / "quiz.yaml"


def finished(kind: str, missed: int) -> QuizSession:
    session = QuizSession(items_from(load_banks([UI_BANK]).banks), kind=kind)
    while not session.finished:
        question = session.current.question
        right = frozenset(i for i, c in enumerate(question.choices) if c.correct)
        if len(session.answers) < missed:
            session.skip()
        else:
            session.answer(right)
    return session


@pytest.mark.parametrize("kind", ["quiz", "study", "review", "retry"])
@pytest.mark.parametrize("missed", [0, 1])
async def test_retry_missed_is_offered_only_when_something_was_missed(kind, missed):
    app = create_app(AppConfig(paths=[UI_BANK], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        app.push_screen(SummaryScreen(finished(kind, missed)))
        await pilot.pause()
        buttons = [b.id for b in app.screen.query(Button)]
        footer_keys = [binding.key for (_, binding, enabled, _)
                       in app.screen.active_bindings.values() if enabled]
        assert ("retry" in buttons) == bool(missed)
        assert ("r" in footer_keys) == bool(missed)
        assert app.screen.query_one(Footer)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen) != bool(missed)  # r retries, or nothing
