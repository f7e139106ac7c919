"""SessionBar draws what Textual's ProgressBar draws (it stands in for it on the quiz
screen, see quiz_app/ui/widgets/session_bar.py): every cell, character and colour, for
each step of sessions of several lengths."""

from __future__ import annotations

import re

import pytest
from rich.console import Console
from textual.app import App
from textual.widgets import ProgressBar

from quiz_app.ui.widgets.session_bar import SessionBar
from tests.conftest import REPO


class BothBars(App):
    CSS_PATH = str(REPO / "quiz_app" / "ui" / "styles" / "quiz.tcss")

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def compose(self):
        yield ProgressBar(total=self.total, show_eta=False)
        yield SessionBar(total=self.total)


def _rows(app) -> list[list[tuple[str, str]]]:
    console = Console(width=80, height=24, file=open("/dev/null", "w"), force_terminal=True,
                      color_system="truecolor")
    cells: list[tuple[str, str]] = []
    for segment in console.render(app.screen._compositor.render_update(full=True)):
        if segment.control:
            continue
        # "not reverse" draws as plain: Textual adds it to some segments and not others
        style = re.sub(r"\bnot reverse ?", "", str(segment.style)).strip()
        cells += [(character, style) for character in segment.text if character != "\n"]
    return [cells[row * 80:(row + 1) * 80] for row in range(2)]


@pytest.mark.parametrize("total", [1, 2, 3, 7, 13, 40])
async def test_each_step_is_drawn_as_textuals_progress_bar_draws_it(total):
    app = BothBars(total)
    async with app.run_test(size=(80, 24)) as pilot:
        for progress in range(total + 1):
            app.query_one(ProgressBar).update(progress=progress)
            app.query_one(SessionBar).update(progress=progress)
            await pilot.pause()
            textual_bar, session_bar = _rows(app)
            assert session_bar == textual_bar, progress
            assert f"{round(progress / total * 100)}%" in "".join(c for c, _ in session_bar)
