"""Whole flows through the Textual app, driven by Pilot as a student would drive them."""

from __future__ import annotations

import random

from quiz_app.study.session import QuizSession, is_right, items_from
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.explore import ExploreScreen
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import QuizScreen
from quiz_app.ui.screens.stats import StatsScreen
from quiz_app.ui.screens.summary import SummaryScreen
from tests.conftest import FIXTURES, REPO
from tests.helpers.pilot import text_of, wait_for, wait_for_question  # noqa: F401 (shared)

UI_BANK = FIXTURES / "ui" / "quiz.yaml"


def quiz_app(**settings):
    return create_app(AppConfig(paths=[UI_BANK], shuffle=False, **settings))


async def test_home_then_quiz_right_and_wrong_then_summary():
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # "Study now": new questions in learning order
        assert isinstance(app.screen, QuizScreen)
        await wait_for_question(pilot)
        await pilot.press("1")  # right: continuous but not differentiable
        result = text_of(app, "#quiz-result")
        assert result.startswith("✓ Correct.") and "Yes, a corner." in result
        await wait_for(pilot, lambda: "left derivative 0, right derivative 1"
                       in text_of(app, "#analysis-text"))
        assert "so not differentiable" in text_of(app, "#analysis-text")
        await pilot.press("n")
        await wait_for_question(pilot)
        await pilot.press("3", "enter")  # multiple: toggle only sin(x), submit: wrong
        assert text_of(app, "#quiz-result").startswith("✗ Not quite.")
        assert "r: try once more" in text_of(app, "#quiz-result")
        assert "Correct:" not in text_of(app, "#quiz-result")  # not while a retry remains
        assert "You answered c) sin(x)" in text_of(app, "#quiz-result")
        await pilot.press("n")  # decline the retry: the key and the explanation appear
        assert "You answered c) sin(x) · Correct: a) ReLU, b) |x|" in text_of(app, "#quiz-result")
        assert "Max of affine functions is convex" in text_of(app, "#quiz-result")
        await pilot.press("n")  # a miss in Study now comes back in the session (item 12)
        await wait_for_question(pilot)
        assert app.screen.item.question.id == "ui-which-are-convex"
        await pilot.press("1", "2", "enter")  # ReLU and |x|: right this time
        assert text_of(app, "#quiz-result").startswith("✓ Correct.")
        await pilot.press("n")
        assert isinstance(app.screen, SummaryScreen)
        assert text_of(app, "#summary-score") == "Score: 2 of 3 (66%)"
        assert "Max of affine functions is convex" in text_of(app, "#summary-missed")


async def test_multiple_answer_question_right():
    app = quiz_app(start="take", topic="properties")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("1", "2", "enter")
        assert text_of(app, "#quiz-result").startswith("✓ Correct.")


async def test_one_retry_after_a_wrong_pick_earns_half():
    app = quiz_app(start="take", topic="differentiability")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("b")  # wrong
        assert "Yes, a corner." not in text_of(app, "#quiz-result")
        assert "The slopes on the two sides differ." in text_of(app, "#quiz-result")
        await pilot.press("r")
        await wait_for_question(pilot)
        await pilot.press("a")  # right on the retry
        assert text_of(app, "#quiz-result").startswith("✓ Correct, on the retry (½).")
        assert app.screen.session.score == 0.5
        assert text_of(app, "#quiz-progress").endswith("score 0.5/1")
        await pilot.press("r")  # only one retry, and not after a right answer
        assert app.screen.answered


async def test_hints_reveal_one_at_a_time():
    app = quiz_app(start="take", topic="differentiability")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("h")
        hints = text_of(app, "#quiz-hints")
        assert "Hint 1: Compare the slopes" in hints and "Hint 2" not in hints
        await pilot.press("h")
        assert "Hint 2: Left slope 0, right slope 1." in text_of(app, "#quiz-hints")
        await pilot.press("2")
        assert app.screen.session.answers[0].hints_used == 2


async def test_quit_quiz_asks_then_shows_summary():
    app = quiz_app(start="take")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        await pilot.press("q")
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        assert text_of(app, "#summary-score") == "Score: 0 of 0"


async def test_explore_valid_and_invalid_expressions():
    app = create_app(AppConfig(paths=[UI_BANK], start="explore",
                               explore_expression="Min(Max(0, x), 6)", explore_point="6"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ExploreScreen)
        await wait_for(pilot, lambda: "left derivative 1, right derivative 0"
                       in text_of(app, "#analysis-text"))
        expression = app.screen.query_one("#explore-expression")
        expression.value = "Max(0, y)"
        await wait_for(pilot, lambda: "unknown name 'y' at column 8"
                       in text_of(app, "#explore-status"))
        assert "Traceback" not in text_of(app, "#explore-status")


async def test_mashing_random_keys_never_crashes():
    keys = list("0123456789abcdefghnqxy?ufkl!") + ["enter", "space", "up", "down", "tab",
                                                "escape", "left", "right", "backspace"]
    rng = random.Random(20261122)
    app = quiz_app(seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        for _ in range(500):
            key = rng.choice(keys)
            if key == "q" and isinstance(app.screen, (HomeScreen, SummaryScreen, StatsScreen)):
                continue  # q quits from these screens: a feature, not a crash
            await pilot.press(key)
        assert app.is_running


def test_session_scoring_is_exact_set_equality():
    from quiz_app.bank.loader import load_banks

    items = items_from(load_banks([UI_BANK]).banks)
    multiple = items[1].question
    assert is_right(multiple, frozenset({0, 1}))
    assert not is_right(multiple, frozenset({0}))
    session = QuizSession.build(items, shuffle=True, seed=3)
    assert sorted(i.question.id for i in session.items) == sorted(i.question.id for i in items)


async def test_home_after_a_quiz_started_by_take_lists_the_banks():
    """`take` builds no home screen underneath; asking for home builds one, filled in."""
    from quiz_app.ui.screens.home import HomeScreen

    app = quiz_app(start="take")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        await pilot.press("q")
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and "1 bank, 2 questions" in text_of(app, "#home-status"))
        assert len(app.screen_stack) == 2  # over Textual's default screen, in the summary's
        # place: nothing left over
        actions = app.screen.query_one("#home-actions")

        def prompts() -> list[str]:
            return [str(actions.get_option_at_index(i).prompt)
                    for i in range(actions.option_count)]

        await wait_for(pilot, lambda: "⟳ Review (0 due)" in prompts())  # progress counted


async def test_a_long_summary_opens_at_its_score():
    """Focusing the first button must not scroll a long summary past the score and table."""
    from quiz_app.bank.loader import load_banks
    from quiz_app.study.session import QuizSession, items_from

    report = load_banks([REPO / "questions" / "02-continuity.yaml"])
    session = QuizSession.build(items_from(report.banks, None, None, 1), None, False, 1)
    while not session.finished:
        session.skip()  # every question missed: the summary lists them all
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        app.push_screen(SummaryScreen(session))
        await pilot.pause()
        body = app.screen.query_one("#summary-body")
        assert body.max_scroll_y > 0  # longer than the screen
        assert body.scroll_y == 0 and text_of(app, "#summary-score").startswith("Score: 0 of")
        assert app.focused is app.screen.query_one("#retry")
