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
