"""Driving the app with Textual's Pilot: what a screen shows, and waiting for it."""

from __future__ import annotations

import time

from textual.widgets import Static


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def wait_for(pilot, condition, tries: int = 200):
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition never became true")


async def wait_until(pilot, condition, seconds: float) -> None:
    """As wait_for, with a limit in seconds: for work in a worker process (sympy, the
    frameworks) whose time depends on the machine's load."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition never became true")
        await pilot.pause(0.1)


async def wait_for_question(pilot):
    """A question is ready when its options have the keyboard."""
    from quiz_app.ui.widgets.choices import ChoiceList

    await wait_for(pilot, lambda: isinstance(pilot.app.focused, ChoiceList)
                   and not pilot.app.focused.answered)


async def wait_for_box(pilot):
    """A typed question is ready when its empty answer box has the keyboard."""
    from textual.widgets import Input

    await wait_for(pilot, lambda: isinstance(pilot.app.focused, Input)
                   and pilot.app.focused.id == "free-input" and not pilot.app.focused.value
                   and not pilot.app.focused.disabled)
