"""Self-study through the app and the CLI: answers are saved, reviewed, resumed, counted."""

from __future__ import annotations

import json
from datetime import timedelta

from click.testing import CliRunner

from quiz_app.cli import main
from quiz_app.study.progress import Progress
from quiz_app.study.store import utc_now
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import QuizScreen
from quiz_app.ui.screens.stats import StatsScreen
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for, wait_for_question

UI_BANK = FIXTURES / "ui" / "quiz.yaml"


def app(**settings):
    return create_app(AppConfig(paths=[UI_BANK], shuffle=False, **settings))


def home_options(app_) -> list[str]:
    actions = app_.screen.query_one("#home-actions")
    return [str(actions.get_option_at_index(i).prompt) for i in range(actions.option_count)]


async def test_answers_are_saved_and_a_wrong_one_comes_back_for_review(isolated_home):
    quiz = app(start="take")
    async with quiz.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("2")  # wrong
        await pilot.press("n", "n")  # see the answer (no retry), then move on
        await wait_for_question(pilot)
        await pilot.press("1", "2", "enter")  # right
    store = Progress.open().store
    rows = store.connection.execute(
        "SELECT question_id, correct FROM attempts ORDER BY id").fetchall()
    assert rows == [("ui-relu-at-zero", 0), ("ui-which-are-convex", 1)]
    # The wrong answer is due within minutes (FSRS "Again"); pretend they have passed.
    store.connection.execute("UPDATE cards SET due = ?", ((utc_now() - timedelta(1)).isoformat(),))
    reviewing = app()
    async with reviewing.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("Review (2 due)" in o for o in home_options(reviewing))
                       if isinstance(reviewing.screen, HomeScreen) else False)
        await pilot.press("r")
        await wait_for_question(pilot)
        assert reviewing.screen.session.kind == "review"
        assert len(reviewing.screen.session.items) == 2


async def test_interrupted_quiz_is_offered_and_resumed(isolated_home):
    first = app(start="take")
    async with first.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("1")  # then the app is closed mid-quiz
    again = app()
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen)
                       and any("Resume Bank: UI fixture (2 of 2)" in o
                               for o in home_options(again)))
        await pilot.press("enter")  # Resume is highlighted first
        await wait_for_question(pilot)
        assert isinstance(again.screen, QuizScreen)
        assert again.screen.session.index == 1
        assert text_of(again, "#quiz-progress").startswith(
            "Bank: UI fixture · Question 2 of 2 · score 1/1")  # `take FILE` names its bank


async def test_stats_screen_shows_the_history(isolated_home):
    quiz = app(start="take")
    async with quiz.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("2")
    viewer = app()
    async with viewer.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: viewer.progress is not None)
        await pilot.press("s")
        assert isinstance(viewer.screen, StatsScreen)
        await wait_for(pilot, lambda: "1 answered" in text_of(viewer, "#stats-headline"))
        assert "accuracy 0%" in text_of(viewer, "#stats-headline")
        assert "ui-relu-at-zero: missed 1 of 1" in text_of(viewer, "#stats-missed")


def test_cli_stats_json_and_progress_round_trip(isolated_home, tmp_path, monkeypatch):
    monkeypatch.setenv("RELU_QUIZ_BANKS", str(UI_BANK))
    progress = Progress.open()
    from quiz_app.study.store import AttemptRecord

    progress.store.record_answer(None, AttemptRecord("ui-relu-at-zero", "h", str(UI_BANK),
                                                     "differentiability", (1,), False, 4.0, 0,
                                                     ("derivative-exists-at-kink",)))
    runner = CliRunner()
    result = runner.invoke(main, ["stats", "--json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert set(document) == {"format", "total_answered", "correct", "accuracy", "by_topic",
                             "by_misconception", "streak_days", "due_today", "due_this_week",
                             "daily", "most_missed", "done", "forecast"}
    assert document["by_misconception"] == {"derivative-exists-at-kink": 1}
    export = tmp_path / "progress.json"
    assert runner.invoke(main, ["progress", "export", str(export)]).exit_code == 0
    monkeypatch.setenv("RELU_QUIZ_HOME", str(tmp_path / "other-machine"))
    imported = runner.invoke(main, ["progress", "import", str(export)])
    assert imported.output.strip() == f"imported 1 new answers from {export}"
    again = runner.invoke(main, ["progress", "import", str(export)])
    assert again.output.strip() == f"imported 0 new answers from {export}"
