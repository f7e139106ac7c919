"""Home lists the banks in its first frame, from the cached listing, and a choice made
before the full load has finished waits for it instead of finding no questions.

The loader is held back with an Event, so "before the load" is a state the test controls,
not a race it hopes to win.
"""

from __future__ import annotations

import os
import shutil

from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import QuizScreen
from tests.conftest import FIXTURES, REPO
from tests.helpers.first_frame import imports_at_first_frame
from tests.helpers.pilot import text_of, wait_for, wait_for_question


async def _start_once(ui_bank) -> None:
    """A first start: the full load lists the banks and saves the listing."""
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        await app.workers.wait_for_complete()


async def test_the_first_frame_lists_the_banks_before_they_load(ui_bank, held_loader):
    held_loader.set()
    await _start_once(ui_bank)
    held_loader.clear()
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert app.report is None  # the loader is still held
        assert text_of(app, "#home-status") == "1 bank, 2 questions, 2 topics."
        assert "Bank: UI fixture (2)" in _options(app)
        await pilot.press("down", "down", "enter")  # "Quiz on everything", before the load
        await pilot.pause(0.1)
        assert isinstance(app.screen, HomeScreen)  # it waits …
        held_loader.set()
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))  # … then starts
        assert app.screen.session.name == "Quiz on everything"
        await wait_for_question(pilot)


async def test_without_a_listing_home_says_it_is_loading(ui_bank, held_loader):
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        assert text_of(app, "#home-status") == "Loading question banks…"
        held_loader.set()
        await wait_for(pilot, lambda: text_of(app, "#home-status").startswith("1 bank, 2 "))


async def test_a_bank_edited_since_is_not_listed_from_the_cache(ui_bank, held_loader):
    held_loader.set()
    await _start_once(ui_bank)
    held_loader.clear()
    ui_bank.write_text(ui_bank.read_text().replace("title: UI fixture", "title: Renamed quiz"))
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        assert text_of(app, "#home-status") == "Loading question banks…"
        held_loader.set()
        await wait_for(pilot, lambda: "Bank: Renamed quiz (2)" in _options(app))


def _options(app) -> list[str]:
    actions = app.screen.query_one("#home-actions")
    return [str(actions.get_option_at_index(i).prompt).strip()
            for i in range(actions.option_count)]


async def test_a_quiz_started_on_other_banks_keeps_homes_listing(ui_bank, held_loader, tmp_path):
    """`relu-quiz take FILE` between two home starts must not replace home's listing
    (the benchmark caught this: every home start after a `take` was a miss)."""
    held_loader.set()
    await _start_once(ui_bank)
    other = tmp_path / "other.yaml"
    shutil.copy(FIXTURES / "ui" / "quiz.yaml", other)
    app = create_app(AppConfig(paths=[other], shuffle=False, start="take"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
    held_loader.clear()
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False))
    async with app.run_test(size=(80, 24)):
        assert text_of(app, "#home-status") == "1 bank, 2 questions, 2 topics."
        held_loader.set()


async def test_a_listing_that_arrives_as_the_app_quits_is_dropped(ui_bank, held_loader):
    """The loader's results reach home by call_from_thread; if the app is quitting, home's
    widgets may already be gone (CI once saw NoMatches('#home-actions') fail the worker)."""
    held_loader.set()
    app = create_app(AppConfig(paths=[ui_bank], shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        home = app.screen
        assert isinstance(home, HomeScreen)
        from quiz_app.bank.listing import BankListing

        listing = BankListing.from_report(app.report)
        await home.query("#home-actions").remove()
        home.show_listing(listing)  # no NoMatches: nothing left to show it in


def test_homes_first_frame_imports_no_loader_no_dataclasses_and_no_sympy(isolated_home):
    """With the listing cached, Home's first frame needs only the listing: not the loader,
    the compiled cache or the bank's dataclasses (quiz_app.bank.code_version keys the
    listing), not SQLite (progress counts come just after), and none of pydantic, ruamel,
    sympy, plotext or markdown-it."""
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home))
    first, second = imports_at_first_frame(
        f"AppConfig(paths=[Path({str(REPO / 'questions')!r})])",
        "any(' banks, ' in str(s.render()) for s in app.screen.query('#home-status'))",
        {"quiz_app.bank.loader", "quiz_app.bank.compiled", "quiz_app.bank.data",
         "quiz_app.study.progress", "sqlite3"}, env, runs=2)
    assert "quiz_app.bank.loader" in first.stdout  # listed by the full load, then saved
    assert second.stdout.strip() == "[]", second.stderr  # listed from the saved listing
