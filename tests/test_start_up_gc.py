"""The garbage collector is off while the app starts (quiz_app/ui/run.py) and on again once
the first screen is up, whichever way the app was started; a command that does not open the
app runs with it on."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from quiz_app.ui import app as app_module
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.conftest import FIXTURES
from tests.test_ui_flows import wait_for, wait_for_question

# Runs the console script on `args`, headless, and reports whether the collector was on
# when the app was created, when the first question (or the lab) was up, and at the end.
SCRIPT = """
import gc, json, sys
import quiz_app.ui.app as module

seen = {}
create_app = module.create_app

def watched(config=None):
    seen["while starting"] = gc.isenabled()
    app = create_app(config)
    run = app.run

    async def drive(pilot):
        for _ in range(400):
            await pilot.pause(0.05)
            if type(app.screen).__name__ in ("QuizScreen", "ExploreScreen") and gc.isenabled():
                break
        seen["first screen up"] = gc.isenabled()
        app.exit()

    app.run = lambda: run(headless=True, size=(80, 24), auto_pilot=drive)
    return app

module.create_app = watched
sys.argv = ["relu-quiz", *ARGS]
from quiz_app.launch import main
try:
    main()
finally:
    seen["after"] = gc.isenabled()
    print(json.dumps(seen))
"""


def _run(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT.replace("ARGS", repr(list(args)))],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ("take", str(FIXTURES / "ui" / "quiz.yaml"), "--no-shuffle"),  # started without click
    ("take", str(FIXTURES / "ui" / "quiz.yaml"), "--topic", "properties"),  # through click
    ("explore", "Max(0, x)"),  # no quiz, so no warm-up: the timer turns it on
])
def test_off_while_starting_and_on_once_the_first_screen_is_up(args):
    assert _run(*args) == {"while starting": False, "first screen up": True, "after": True}


def test_a_command_that_opens_no_app_runs_with_the_collector_on(tmp_path):
    script = ("import gc, sys\nimport quiz_app.cli as cli\n"
              "cli.main.add_command(__import__('click').command('probe')("
              "lambda: print('collector on' if gc.isenabled() else 'collector off')))\n"
              "sys.argv = ['relu-quiz', 'probe']\n"
              "from quiz_app.launch import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "collector on", done.stderr[-2000:]


async def test_the_timer_turns_it_on_when_no_warm_up_comes(monkeypatch):
    monkeypatch.setattr(app_module, "START_UP_SECONDS", 0.2)
    app = create_app(AppConfig(start="explore", explore_expression="Max(0, x)"))
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, gc.isenabled)
    finally:
        gc.enable()


async def test_the_first_question_turns_it_on(monkeypatch):
    monkeypatch.setattr(app_module, "START_UP_SECONDS", 600.0)  # only the warm-up can
    app = create_app(AppConfig(paths=[FIXTURES / "ui" / "quiz.yaml"], start="take",
                               shuffle=False))
    gc.disable()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_question(pilot)
            await wait_for(pilot, gc.isenabled)
    finally:
        gc.enable()
