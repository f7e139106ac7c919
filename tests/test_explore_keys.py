"""Explore's footer keys do what the footer says from where the focus is (issue 28, item
9): in a box, + and − are text (a=0.5+ stays typed, the analysis stays) and the footer does
not offer them; anywhere else they zoom, and the footer says so."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.explore import ExploreScreen
from tests.conftest import FIXTURES
from tests.helpers.pilot import wait_for


def footer_keys(screen) -> set[str]:
    return {binding.key_display or binding.key for (_, binding, enabled, _)
            in screen.active_bindings.values() if enabled and binding.show}


async def open_explore(pilot, app) -> ExploreScreen:
    await wait_for(pilot, lambda: app.report is not None)
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(app.screen, ExploreScreen))
    await wait_for(pilot, lambda: app.screen.last_analysis is not None)
    return app.screen


@pytest.mark.parametrize("box", ["explore-expression", "explore-point", "explore-params"])
async def test_in_a_box_plus_and_minus_are_text(box):
    app = create_app(AppConfig(paths=[FIXTURES / "ui" / "quiz.yaml"]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_explore(pilot, app)
        field = screen.query_one(f"#{box}", Input)
        field.focus()
        await pilot.pause()
        width, before = screen.half_width, field.value
        assert "+" not in footer_keys(screen) and "−" not in footer_keys(screen)
        await pilot.press("end", "plus", "minus")
        assert field.value == before + "+-"
        assert screen.half_width == width


async def test_away_from_the_boxes_plus_and_minus_zoom():
    app = create_app(AppConfig(paths=[FIXTURES / "ui" / "quiz.yaml"]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_explore(pilot, app)
        screen.query_one("#explore-presets").focus()
        await pilot.pause()
        assert {"+", "−"} <= footer_keys(screen)
        width = screen.half_width
        await pilot.press("plus")
        assert screen.half_width == width / 2
        await pilot.press("minus", "minus")
        assert screen.half_width == width * 2


async def test_the_panel_never_contradicts_the_status_line():
    """Issue 28, smaller: "✓ valid — Enter analyses it" above, "Nothing to analyse until the
    input is valid" below, was two answers to one input."""
    app = create_app(AppConfig(paths=[FIXTURES / "ui" / "quiz.yaml"]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_explore(pilot, app)
        box = screen.query_one("#explore-expression", Input)
        box.focus()

        def said() -> tuple[str, str]:
            return (str(screen.query_one("#explore-status").render()),
                    str(screen.query_one("#explore-analysis").text.render()))

        await pilot.press("end", "+")  # Max(0, x)+ : invalid
        await wait_for(pilot, lambda: said()[0].startswith("✗"))
        assert "until the input is valid" in said()[1]
        await pilot.press("1")  # Max(0, x)+1 : valid, not analysed yet
        await wait_for(pilot, lambda: said()[0].startswith("✓ valid"))
        assert "not valid" not in said()[1] and "until the input is valid" not in said()[1]
        assert "Enter" in said()[1]
