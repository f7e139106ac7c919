"""Issue 13 in the app itself (Pilot): a full disk and a locked file are shown next to the
mark and lose nothing; random keys on typed answers and in Explore crash nothing."""

from __future__ import annotations

import random
import sqlite3

import pytest

import quiz_app.study.opening as opening
from quiz_app.study.session import QuizSession, items_from
from quiz_app.study.store import ProgressStore
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import QuizScreen
from quiz_app.ui.screens.summary import SummaryScreen
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for, wait_for_question

UI_BANK = FIXTURES / "ui" / "quiz.yaml"
TYPED = FIXTURES / "ui" / "typed.yaml"


def attempts_in(path) -> int:
    return ProgressStore(path).connection.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]


def _fill_the_disk(progress) -> None:
    """SQLite's own page limit, then filler answers until one is refused and kept."""
    db = progress.store.connection
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    from quiz_app.bank.loader import load_banks

    junk = QuizSession(items_from(load_banks([UI_BANK]).banks) * 400)
    progress.begin(junk)
    while not progress.pending:
        progress.record(junk, junk.answer(frozenset({0})), 1.0)


async def test_a_full_disk_says_not_saved_next_to_the_mark_and_retries(isolated_home):
    app = create_app(AppConfig(paths=[UI_BANK], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        await wait_for_question(pilot)
        before = attempts_in(isolated_home / "progress.sqlite3")
        _fill_the_disk(app.progress)
        await pilot.press("1")  # right
        first = text_of(app, "#quiz-result").splitlines()[0]
        assert first == "✓ Correct. (not saved: the disk is full · kept, will retry)"
        assert len(app.progress.pending) >= 2  # the filler's, then this one, in order
        app.progress.store.connection.execute("PRAGMA max_page_count = 1073741823")
        await pilot.press("n")
        await wait_for_question(pilot)
        await pilot.press("1", "2", "enter")
        assert not text_of(app, "#quiz-result").splitlines()[0].endswith("will retry)")
        assert not app.progress.pending
    after = attempts_in(isolated_home / "progress.sqlite3")
    junk = after - before - 2
    assert junk >= 0 and app.progress.saving


async def test_another_instance_importing_never_freezes_or_crashes_a_quiz(isolated_home):
    path = isolated_home / "progress.sqlite3"
    ProgressStore(path).close()
    importing = sqlite3.connect(path, isolation_level=None)
    importing.execute("BEGIN IMMEDIATE")  # a long `progress import` in another terminal
    importing.execute("INSERT INTO sessions (id, kind, question_ids, started_at) VALUES "
                      "('other', 'quiz', '[]', '2026-01-01T00:00:00+00:00')")
    app = create_app(AppConfig(paths=[UI_BANK], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        await wait_for_question(pilot)
        await pilot.press("1")
        first = text_of(app, "#quiz-result").splitlines()[0]
        assert first == ("✓ Correct. (not saved: progress is in use by another relu-quiz · "
                         "kept, will retry)")
        importing.execute("COMMIT")  # the import ends
        importing.close()
        await pilot.press("n")
        await wait_for_question(pilot)
        await pilot.press("1", "2", "enter")
        assert "not saved" not in text_of(app, "#quiz-result")
        assert app.is_running
    assert attempts_in(path) == 2  # both answers, the kept one first
    sessions = ProgressStore(path).connection.execute("SELECT COUNT(*) FROM sessions")
    assert sessions.fetchone()[0] == 2


async def test_a_file_locked_at_start_starts_read_only_and_says_so(isolated_home, monkeypatch):
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(opening, "READ_ONLY_WAIT_MS", 100)
    path = isolated_home / "progress.sqlite3"
    ProgressStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        app = create_app(AppConfig(paths=[UI_BANK], start="take", shuffle=False))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
            assert "progress is in use by another relu-quiz" in app.progress.store.notice
            # notify() posts a message: the notice is listed once the app has handled it
            await wait_for(pilot, lambda: any("in use by another relu-quiz" in n.message
                                              for n in app._notifications))
            await wait_for_question(pilot)
            await pilot.press("2")  # wrong
            first = text_of(app, "#quiz-result").splitlines()[0]
            assert first == "✗ Not quite. (not saved: progress is in use by another relu-quiz)"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert attempts_in(path) == 0 and not list(isolated_home.glob("*.corrupt-*"))


TYPED_KEYS = list("0123456789x+-*/().,^ eoqnhr?") + [
    "enter", "enter", "backspace", "backspace", "tab", "escape", "up", "down", "left", "right",
    "space", "ctrl+a", "delete"]


async def test_mashing_keys_on_typed_answers_never_crashes(seed=2026):
    rng = random.Random(seed)
    app = create_app(AppConfig(paths=[TYPED], start="take", seed=seed))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        typed_seen = 0
        for _ in range(200):
            if isinstance(app.screen, (HomeScreen, SummaryScreen)):
                app.start_quiz()  # the quiz was ended by the mashing: start another
                await pilot.pause(0.05)
            typed_seen += len(app.screen.query("#free-input"))
            key = rng.choice(TYPED_KEYS)
            if key in ("q", "escape") and isinstance(app.screen, (HomeScreen, SummaryScreen)):
                continue  # q quits from these screens: a feature, not a crash
            await pilot.press(key)
        await pilot.pause(0.5)
        assert app.is_running and app.return_code in (None, 0)
        assert typed_seen > 50  # most of the mashing landed on typed-answer questions


EXPLORE_KEYS = list("x0123456789()*+-/,.<>=eE_ aAmMsSpPqQ") + [
    "enter", "backspace", "backspace", "backspace", "tab", "shift+tab", "left", "right", "up",
    "down",
    "home", "end", "escape", "ctrl+a", "delete"]


async def test_mashing_keys_in_explore_never_crashes():
    from quiz_app.ui.screens.explore import ExploreScreen

    rng = random.Random(1313)
    app = create_app(AppConfig(paths=[UI_BANK], start="explore",
                               explore_expression="Max(0, x)", explore_point="0"))
    async with app.run_test(size=(80, 24)) as pilot:
        presses = 0
        while presses < 150:
            if not isinstance(app.screen, ExploreScreen):
                app.open_explore()  # escape leaves the lab; come back and go on mashing
                await pilot.pause(0.05)
            key = rng.choice(EXPLORE_KEYS)
            if key in ("q", "Q") and not isinstance(app.screen, ExploreScreen):
                continue
            await pilot.press(key)
            presses += 1
        await pilot.pause(0.5)
        assert app.is_running and app.return_code in (None, 0)


@pytest.mark.parametrize("leaving", ["lab popped", "app quitting"])
async def test_results_that_arrive_as_the_lab_closes_touch_nothing(leaving):
    """A worker's result can land while the lab's widgets are being removed: after it was
    popped (the screen is still attached then), or as the app quits (it is even still on
    the screen stack; this crashed the benchmark's Explore run once, as NoMatches in a
    worker). It must be dropped, not looked up."""
    from quiz_app.ui.screens.explore import ExploreScreen

    app = create_app(AppConfig(paths=[UI_BANK], start="explore",
                               explore_expression="Max(0, x)", explore_point="0"))
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, ExploreScreen) or app.screen.last_analysis is None:
            await pilot.pause(0.05)
        lab = app.screen
        inputs, analysis = lab._inputs(), lab.last_analysis
        if leaving == "lab popped":
            app.pop_screen()
            assert lab.is_attached  # mid-removal
        else:
            await lab.query_one("#explore-expression").parent.remove()  # as on quitting
            assert lab in app.screen_stack
        looked_up = []
        lab.query_one = lambda *args, **kwargs: looked_up.append(args)  # type: ignore
        lab._validated(inputs, None)
        lab._show_analysis(analysis, inputs)
        lab._show_picture(None, inputs)
        lab._validate_now()  # a pause in typing that ends then
        assert looked_up == [], "a widget of a closing lab was looked up"


async def test_a_picture_for_a_quiz_on_its_way_out_is_dropped():
    """The analysis and plot panels are mounted when first needed (quiz_why). A picture
    to read off before answering that arrives as the quiz screen is removed finds nothing
    to mount into: it must be dropped, not crash the app."""
    from quiz_app.checker.sampling import Picture, Samples

    app = create_app(AppConfig(paths=[UI_BANK], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and not quiz.query("#quiz-plot")
        quiz.query_one("#quiz-body").remove()  # not awaited: on its way out, as when the
        # quiz screen is dismissed (Textual then mounts nothing into it)
        picture = Picture(samples=Samples([0.0, 1.0], [0.0, 1.0], [1.0, 1.0], 0.0, 0.0))
        quiz._show_plot(picture, quiz.shown_item, derivative=False)  # wanted while asking
        await pilot.pause()
        assert app.is_running and not quiz.query("#quiz-plot")
        await pilot.press("q")  # the app still answers its keys
        await wait_for(pilot, lambda: "End this quiz" in str(app.screen.query_one(
            "#confirm-question").render()))
