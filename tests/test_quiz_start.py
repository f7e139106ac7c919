"""`take`, `study` and `review` show their first question in the app's first frame when every
ui_bank is in the compiled cache, and fall back to loading in the worker when one is not.

The worker's loader is held back (conftest.held_loader), so "the worker never ran"
and "the worker has not finished" are states the test controls.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from quiz_app.bank.loader import load_banks, load_cached_banks
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.quiz import QuizScreen
from quiz_app.ui.screens.summary import SummaryScreen
from tests.conftest import FIXTURES, REPO
from tests.helpers.banks import minimal_bank as _bank
from tests.helpers.first_frame import imports_at_first_frame
from tests.helpers.pilot import wait_for, wait_for_question


def _summary(report):
    return ([(str(b.path), b.bank.title, [q.id for q in b.bank.questions]) for b in report.banks],
            report.diagnostics, [str(b.path) for b in report.rejected])


def test_a_fully_cached_load_is_the_load(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(_bank(name.upper(), "same-id"))  # a clash
    shutil.copy(FIXTURES / "good" / "minimal.yaml", tmp_path / "c.yaml")
    assert load_cached_banks([tmp_path]) is None  # nothing cached yet
    fresh = load_banks([tmp_path])
    cached = load_cached_banks([tmp_path])
    assert cached is not None
    assert _summary(cached) == _summary(fresh)
    assert any("duplicate question id" in d.message for d in cached.diagnostics)


@pytest.mark.parametrize("change", ["new file", "edited file", "broken file"])
def test_any_file_to_parse_means_no_cached_load(tmp_path, change):
    (tmp_path / "a.yaml").write_text(_bank("A", "qa"))
    load_banks([tmp_path])
    assert load_cached_banks([tmp_path]) is not None
    if change == "new file":
        (tmp_path / "b.yaml").write_text(_bank("B", "qb"))
    elif change == "edited file":
        (tmp_path / "a.yaml").write_text(_bank("A2", "qa"))
    else:
        shutil.copy(FIXTURES / "bad" / "unknown-key.yaml", tmp_path / "b.yaml")
    assert load_cached_banks([tmp_path]) is None
    if change == "broken file":  # never cached, so it is parsed (and reported) every time
        load_banks([tmp_path])
        assert load_cached_banks([tmp_path]) is None


@pytest.mark.parametrize("start", ["take", "study", "review"])
async def test_a_cached_start_shows_the_question_without_the_worker(ui_bank, held_loader, start):
    release, calls = held_loader, held_loader.calls
    load_banks([ui_bank])  # a start before this one cached it
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False, start=start))
    drawn: list[str] = []  # the screen of each frame Textual composes
    display = app._display
    app._display = lambda screen, renderable: (drawn.append(type(screen).__name__),
                                               display(screen, renderable))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        assert app.screen.query_one("#quiz-prompt").text
        assert drawn and set(drawn) == {"QuizScreen"}  # no empty screen drawn before it
        count = "SELECT COUNT(*) FROM sessions"  # its row is saved once it is drawn
        await wait_for(pilot, lambda: app.progress.store.connection.execute(count)
                       .fetchone()[0] == 1)
        await pilot.press("a")  # and the answer is saved: progress opened with the banks
        await wait_for(pilot, lambda: app.progress.store.connection.execute(
            "SELECT COUNT(*) FROM attempts").fetchone()[0] == 1)
        await pilot.press("q", "y")  # ending it shows the summary, in place of the quiz
        assert isinstance(app.screen, SummaryScreen)  # in place of the quiz
        assert _stack(app) == ["SummaryScreen"]
    assert calls == []
    release.set()


def _stack(app) -> list[str]:
    """Our screens, over Textual's empty default screen."""
    from textual.screen import Screen

    assert type(app.screen_stack[0]) is Screen
    return [type(screen).__name__ for screen in app.screen_stack[1:]]


async def _walk(app, pilot) -> list[list[str]]:
    """Explore from the quiz and back, then home, then the quiz again via resume."""
    seen = []
    await wait_for_question(pilot)
    seen.append(_stack(app))
    app.open_explore()
    await pilot.pause()
    seen.append(_stack(app))
    app.screen.action_leave()
    await pilot.pause()
    seen.append(_stack(app))
    app.action_go_home()
    await pilot.pause()
    seen.append(_stack(app))
    return seen


async def test_a_cached_start_keeps_the_screens_of_an_uncached_one(ui_bank, held_loader):
    """The same stack of screens at every step, whether the banks came from the cache
    (before the first frame) or from the worker."""
    release, calls = held_loader, held_loader.calls
    release.set()
    walks = []
    for _ in ("uncached", "cached"):
        app = create_app(AppConfig(paths=[ui_bank], shuffle=False, start="take"))
        async with app.run_test(size=(80, 24)) as pilot:
            walks.append(await _walk(app, pilot))
    assert len(calls) == 1  # the first start loaded in the worker, the second did not
    assert walks[0] == walks[1]
    # The quiz is the first screen (over the empty one shown while loading), Explore goes
    # over it and back, and home takes its place.
    assert walks[0] == [["QuizScreen"], ["QuizScreen", "ExploreScreen"], ["QuizScreen"],
                        ["HomeScreen"]]


@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize("start, settings, says", [
    ("take", {"topic": "no such"}, "There is no topic 'no such'"),
    ("study", {}, "Nothing is due and today's new questions are done"),
    ("review", {}, "Nothing is due, and there are no new questions left today"),
])
async def test_a_start_with_nothing_to_ask_shows_home_and_says_why(
        ui_bank, held_loader, monkeypatch, cached, start, settings, says):
    """Not an empty screen with a notice: home, its banks listed, and the notice."""
    from quiz_app.ui.screens.home import HomeScreen

    monkeypatch.setenv("RELU_QUIZ_NEW_PER_DAY", "0")  # a new student: nothing due, no new
    release, calls = held_loader, held_loader.calls
    if cached:
        load_banks([ui_bank])
    else:
        release.set()
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False, start=start, **settings))

    def listed() -> bool:  # home may be pushed a moment before its widgets are composed
        status = app.screen.query("#home-status") if isinstance(app.screen, HomeScreen) else ()
        return bool(status) and "1 bank, 2 questions" in str(status.first().render())

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, listed)
        notices = [n.message for n in app._notifications]
        assert len(notices) == 1 and says in notices[0]
        assert _stack(app) == ["HomeScreen"]
        assert app.screen.query_one("#home-intro").styles.margin.bottom == 1  # home.tcss
    assert len(calls) == (0 if cached else 1)
    release.set()


@pytest.mark.parametrize("cached", [True, False])
async def test_the_session_after_a_summary_takes_its_place(ui_bank, held_loader, cached):
    """The summary takes the place of the quiz `take` starts with: Retry missed replaces
    the summary with the retry, and Home replaces that one's summary."""
    from quiz_app.ui.screens.home import HomeScreen

    release = held_loader
    if cached:
        load_banks([ui_bank])
    else:
        release.set()
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False, start="take"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("b", "n", "n", "q", "y")  # wrong, no retry, on, then end
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        assert _stack(app) == ["SummaryScreen"]
        await pilot.press("r")
        await wait_for_question(pilot)
        assert _stack(app) == ["QuizScreen"]
        assert [i.question.id for i in app.screen.session.items] == ["ui-relu-at-zero"]
        await pilot.press("a", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert _stack(app) == ["HomeScreen"]
    release.set()


async def test_continue_with_nothing_left_keeps_the_summary(ui_bank, monkeypatch):
    monkeypatch.setenv("RELU_QUIZ_NEW_PER_DAY", "1")  # one new question today, then none
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False, start="study"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("a", "n")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(app._notifications))
        assert "today's new questions are done" in [n.message for n in app._notifications][-1]
        assert _stack(app) == ["SummaryScreen"]


async def test_an_uncached_start_loads_in_the_worker(ui_bank, held_loader):
    release, calls = held_loader, held_loader.calls
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False, start="take"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: len(calls) == 1)
        assert not isinstance(app.screen, QuizScreen)  # the load is held: no question yet
        release.set()
        await wait_for_question(pilot)


def test_the_first_question_needs_no_markdown_plot_pydantic_or_sympy(isolated_home):
    """What the first frame of `take` imports: not markdown-it (the prompt is one line),
    not plotext (no plot shown yet), not pydantic or ruamel (cached banks), not sympy, and
    not the analysis panel or the plot, nor the facts they show, nor FSRS (no answer yet),
    nor the home or summary screens (built when first shown), nor Rich's emoji table, nor
    the feedback's wording."""
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home))
    subprocess.run([sys.executable, "-c", "from pathlib import Path; from quiz_app.bank."
                    f"loader import load_banks; load_banks([Path({str(REPO / 'questions')!r})])"],
                   env=env, check=True)
    # the analysis and the plot come with the first reveal, not with the first question
    [shown] = imports_at_first_frame(
        f"AppConfig(paths=[Path({str(REPO / 'questions')!r})], start='take')",
        "getattr(app.screen, 'shown_item', None) is not None",
        {"quiz_app.checker.facts", "quiz_app.checker.words", "fsrs",
         "quiz_app.ui.widgets.analysis_panel", "quiz_app.ui.widgets.function_plot",
         "quiz_app.ui.screens.home", "quiz_app.ui.screens.summary", "rich._emoji_codes",
         "quiz_app.ui.feedback"}, env)
    assert shown.stdout.strip() == "[]", shown.stderr
