"""Every screen as the student sees it, at 80×24 and at a wider 120×36.

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and review the SVGs in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.explore import ExploreScreen
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import QuizScreen
from quiz_app.ui.widgets.choices import ChoiceList
from tests.conftest import FIXTURES

UI_BANK = FIXTURES / "ui" / "quiz.yaml"
SIZES = [(80, 24), (120, 36)]


async def settle(pilot, condition) -> None:
    for _ in range(300):
        if condition():
            break
        await pilot.pause(0.05)
    else:
        raise AssertionError("the screen never settled")
    for input_widget in pilot.app.screen.query(Input):
        input_widget.cursor_blink = False
    await pilot.pause()


def app(**settings):
    return create_app(AppConfig(paths=[UI_BANK], shuffle=False, **settings))


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: pilot.app.report is not None
                     and isinstance(pilot.app.screen, HomeScreen))

    assert snap_compare(app(), terminal_size=size, run_before=ready)


def test_home_with_no_color(snap_compare, monkeypatch):
    """NO_COLOR: Textual's monochrome filter; every signal is still in text (✓, ✗, ▶)."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def ready(pilot):
        await settle(pilot, lambda: pilot.app.report is not None
                     and isinstance(pilot.app.screen, HomeScreen))
        assert pilot.app.no_color

    assert snap_compare(app(), terminal_size=(80, 24), run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_explore_with_parameter_values(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.screen, ExploreScreen))
        pilot.app.screen.query_one("#explore-params").value = "a=0.2"
        await pilot.pause()
        pilot.app.screen.action_analyze()
        await settle(pilot, lambda: pilot.app.screen.shown is not None
                     and pilot.app.screen.query_one("#explore-slopes").row_count == 3)
        await pilot.app.workers.wait_for_complete()
        # the slope table and the status line are filled from worker threads: let every
        # call they made reach the screen, and the input's validation timer fire, before
        # the picture; the table's header row is painted again at its final widths (under
        # load it could keep the padding of the moment its columns were added)
        await pilot.pause(0.5)
        await pilot.app.workers.wait_for_complete()
        pilot.app.screen.query_one("#explore-slopes").refresh()
        await pilot.pause()

    assert snap_compare(app(start="explore", explore_expression="Max(a*x, x)"),
                        terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_question(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.focused, ChoiceList))

    assert snap_compare(app(start="take"), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_answered_multiple_question(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.focused, ChoiceList))
        await pilot.press("1", "3", "enter")
        await settle(pilot, lambda: pilot.app.screen.session.answers)

    assert snap_compare(app(start="take", topic="properties"), terminal_size=size,
                        run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_typed_question(snap_compare, size):
    from quiz_app.ui.widgets.free_answer import FreeAnswer

    async def ready(pilot):
        await settle(pilot, lambda: pilot.app.screen.query(FreeAnswer))

    assert snap_compare(create_app(AppConfig(paths=[FIXTURES / "ui" / "typed.yaml"],
                                             start="take", shuffle=False)),
                        terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_answered_with_the_analysis(snap_compare, size, monkeypatch):
    monkeypatch.setenv("RELU_QUIZ_FAST_FACTOR", "1000")  # always "Easy": a fixed next review

    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.focused, ChoiceList))
        await pilot.press("1")
        await settle(pilot, lambda: "right derivative 1" in str(
            pilot.app.screen.query_one("#analysis-text").render()))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app(start="take", topic="differentiability"), terminal_size=size,
                        run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.focused, ChoiceList))
        await pilot.press("2")
        await pilot.press("q", "y")
        await settle(pilot, lambda: not isinstance(pilot.app.screen, QuizScreen))
        await pilot.app.workers.wait_for_complete()

    assert snap_compare(app(start="take"), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_explore_with_an_error(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.screen, ExploreScreen))
        await pilot.app.workers.wait_for_complete()
        await settle(pilot, lambda: "unknown name" in str(
            pilot.app.screen.query_one("#explore-status").render()))

    assert snap_compare(app(start="explore", explore_expression="Max(0, y)"),
                        terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, size):
    async def ready(pilot):
        await settle(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))
        await pilot.app.workers.wait_for_complete()  # the banks, listed behind the help
        await pilot.press("question_mark")

    assert snap_compare(app(), terminal_size=size, run_before=ready)

