"""What the screen shows is true: literal author text, the working, Explore, NO_COLOR.

Pilot drives the real app; expected texts come from the definitions (the derivative of
max(a·x, x) left of 0 is a), never from running the code first.
"""

from __future__ import annotations

import re

import pytest
from textual.content import Content
from textual.widgets import DataTable, Markdown, Static
from textual.worker import WorkerState

from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.screens.explore import ExploreScreen
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import QuizScreen
from quiz_app.ui.screens.quiz_state import analysis_target
from quiz_app.ui.screens.summary import SummaryScreen
from quiz_app.ui.widgets.choices import ChoiceList
from quiz_app.ui.widgets.function_plot import FunctionPlot, nice_ticks
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of
from tests.helpers.pilot import wait_for as wait_until

UI_BANK = FIXTURES / "ui" / "quiz.yaml"
MARKUP_BANK = FIXTURES / "ui" / "markup.yaml"


async def wait_for(pilot, condition):
    await wait_until(pilot, condition, tries=400)  # analyses take their time here


def explore_app(expression: str, point: str = "0"):
    return create_app(AppConfig(paths=[UI_BANK], start="explore",
                                explore_expression=expression, explore_point=point))


async def test_no_color_opens_home_and_quits_cleanly(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = create_app(AppConfig(paths=[UI_BANK]))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        assert isinstance(app.screen, HomeScreen)
        assert app.no_color
        await pilot.press("q")
    assert app.return_code == 0


async def test_explore_substitutes_parameter_values_into_the_analysis():
    app = explore_app("Max(a*x, x)")
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.query_one("#explore-params").value = "a=0.2"
        await pilot.pause()
        app.screen.action_analyze()
        # left of 0, max(0.2x, x) = 0.2x: the left derivative is 0.2 = 1/5
        await wait_for(pilot, lambda: "left derivative 1/5, right derivative 1"
                       in text_of(app, "#analysis-text"))
        shown = text_of(app, "#analysis-text")
        assert "_t" not in shown and "a*" not in shown


async def test_explore_clears_results_the_moment_the_input_is_invalid():
    app = explore_app("Abs(x)")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "right derivative 1" in text_of(app, "#analysis-text"))
        await wait_for(pilot, lambda: app.screen.query_one(DataTable).row_count == 3)
        app.screen.query_one("#explore-expression").focus()
        await pilot.press("end", "backspace")  # "Abs(x": unbalanced
        # at once: dimmed with a sentence saying so, or already cleared with the error
        status = text_of(app, "#explore-status")
        assert (app.screen.query_one("#explore-results").has_class("stale")
                and "previous input" in status) or status.startswith("✗")
        await wait_for(pilot, lambda: text_of(app, "#explore-status").startswith("✗"))
        assert "derivative" not in text_of(app, "#analysis-text")
        assert app.screen.query_one(DataTable).row_count == 0


async def test_explore_inputs_are_labelled():
    app = explore_app("Max(0, x)")
    async with app.run_test(size=(80, 24)) as pilot:
        labels = [str(label.render()) for label in app.screen.query(".explore-label")]
        assert labels == ["f(x) =", "at x =", "parameters"]
        await wait_for(pilot, lambda: app.screen.shown is not None)


async def test_explore_stays_responsive_while_a_slow_function_is_sampled():
    app = explore_app("(1 + 1/x)**x")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExploreScreen)

        def busy():
            return any(w.state == WorkerState.RUNNING and w.group in ("analysis", "picture")
                       for w in app.workers)

        await wait_for(pilot, busy)
        point = screen.query_one("#explore-point")
        point.focus()
        await pilot.press("end", "5")
        assert point.value.endswith("5")
        assert busy(), "the key had to be handled while the work was still running"
        await pilot.press("backspace")


async def test_zoom_keys_change_the_window_around_the_point():
    app = explore_app("Max(0, x)")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.shown is not None)
        app.screen.query_one(FunctionPlot).focus()
        await pilot.press("plus")
        assert app.screen.half_width == 1.5
        await pilot.press("minus", "minus")
        assert app.screen.half_width == 6


def test_ticks_are_round_numbers():
    assert nice_ticks(-3, 3) == [-3, -2, -1, 0, 1, 2, 3][::2] or \
        nice_ticks(-3, 3) == [-2, 0, 2]
    for low, high in ((-3, 3), (0, 2.5), (-0.003, 0.003), (5.5, 6.5), (-1, 1e-9)):
        ticks = nice_ticks(low, high)
        assert 2 <= len(ticks) <= 6
        step = ticks[1] - ticks[0]
        mantissa = step / 10 ** __import__("math").floor(__import__("math").log10(step))
        assert round(mantissa, 6) in (1, 2, 5)
        assert all(low - 1e-12 <= t <= high + 1e-12 for t in ticks)


async def test_the_quiz_shows_the_working_after_an_answer():
    app = create_app(AppConfig(paths=[UI_BANK], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, ChoiceList))
        await pilot.press("a")
        await wait_for(pilot, lambda: "step by step" in text_of(app, "#analysis-text"))
        working = text_of(app, "#analysis-text")
        assert "f(0 + t) = t" in working and "(for x > 0: Max(0, x) = x)" in working
        assert "1 ≠ 0, so f′(0) does not exist." in working


async def test_author_markup_is_shown_literally_and_never_crashes():
    app = create_app(AppConfig(paths=[MARKUP_BANK], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, ChoiceList))
        choices = app.screen.query_one(ChoiceList)
        labels = [str(choices.get_option_at_index(i).prompt) for i in range(2)]
        assert "[/bold] continuous, (x + |x|)/2" in labels[0]
        assert "[bold]differentiable :smile:" in labels[1]  # no markup, no emoji
        await pilot.pause()
        prompt = text_of(app, "#quiz-prompt .prompt-text")
        assert "Which is [bold]true[/bold]? [/bold] Also (x + |x|)/2 and [x>0]." in prompt
        await pilot.press("h", "h")
        assert "[/i] a hint" in text_of(app, "#quiz-hints")
        await pilot.press("a")
        result = text_of(app, "#quiz-result")
        assert "[link=https://example.org]right[/link] [/bold]" in result
        assert "Because [/bold] the slopes differ at 0: e⁻¹ − 1." in result
        assert "**" not in result and "`" not in result
        await pilot.press("n", "q", "y")  # end the quiz: the summary's table of topics
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        table = app.screen.query_one("#summary-topics", DataTable)
        assert table.get_row_at(0)[0].plain == "[link=https://example.org]topic[/link] :x:"


async def test_home_shows_titles_and_topics_literally():
    app = create_app(AppConfig(paths=[MARKUP_BANK]))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        await pilot.pause()
        options = app.screen.query_one("#home-actions")
        shown = [Content.from_markup(str(options.get_option_at_index(i).prompt)).plain
                 for i in range(options.option_count)]
        assert any("Bank: Markup [bold]in a title[/bold] and [/bold]" in s for s in shown)
        assert any("Topic: [link=https://example.org]topic[/link]" in s for s in shown)


async def test_a_read_the_graph_question_shows_f_before_the_answer_but_not_f_prime():
    app = create_app(AppConfig(paths=[MARKUP_BANK], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.focused, ChoiceList))
        await pilot.press("a", "n")
        await wait_for(pilot, lambda: isinstance(app.focused, ChoiceList)
                       and not app.focused.answered)
        plot = app.screen.query_one(FunctionPlot)
        await wait_for(pilot, lambda: plot.display and plot.query_one(".plot-panels").display)
        assert not plot.query_one(".plot-f-prime").display  # the slope is not given away
        assert "Max(0, x)" in str(plot.query_one(".plot-title", Static).render())
        assert not re.search(r"\(\d+\)\*", str(plot.query_one(".plot-title", Static).render()))


FORBIDDEN = re.compile(r"(?<![\w])(zoo|-?oo|undecided)(?![\w])|_t\b|\*\*")


def _visible_texts(app) -> list[str]:
    """Every piece of text on the current screen, as the student reads it."""
    screen = app.screen
    texts = [str(widget.render()) for widget in screen.query(Static)]
    for choices in screen.query(ChoiceList):
        texts += [str(choices.get_option_at_index(i).prompt)
                  for i in range(choices.option_count)]
    for markdown in screen.query(Markdown):
        texts += [str(block.render()) for block in markdown.children]
    return texts


@pytest.mark.usefixtures("bundled_proofs")  # about the screens: check below is then warm
async def test_a_walk_through_the_bundled_banks_never_shows_sympy_words(monkeypatch):
    """Answer every bundled question (the first option, or "1" typed), reveal the answer,
    wait for the analysis, and read every text on screen."""
    from quiz_app.bank.discovery import discover_bank_paths
    from quiz_app.checker import sampling, service
    from quiz_app.checker.run_check import run_check
    from quiz_app.ui.widgets.free_answer import FreeAnswer

    paths = discover_bank_paths()
    run_check(paths)  # fills the analysis cache the app reads, as `relu-quiz check` does
    monkeypatch.setattr(service, "picture_in_worker",
                        lambda *args, **kwargs: sampling.Picture(problem="(no plot here)"))
    app = create_app(AppConfig(paths=paths, start="take", shuffle=False, seed=3, count=500))
    seen = 0
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen))
        screen = app.screen
        total = len(screen.session.items)
        for _ in range(total):
            await wait_for(pilot, lambda: not screen.answered and (
                isinstance(app.focused, ChoiceList) and not app.focused.answered
                or app.focused is not None and isinstance(app.focused.parent, FreeAnswer)))
            if isinstance(app.focused, ChoiceList):
                await pilot.press("a")
                if screen.item.question.type == "multiple":
                    await pilot.press("enter")
            else:
                await pilot.press("1", "enter")
            await wait_for(pilot, lambda: screen.answered)
            if "r: try once more" in text_of(app, "#quiz-result"):
                await pilot.press("n")
            if analysis_target(screen.item.question) is not None:
                await wait_for(pilot, lambda: "Working out" not in text_of(app, "#analysis-text")
                               and text_of(app, "#analysis-text"))
            for text in _visible_texts(app):
                assert not FORBIDDEN.search(text), (screen.item.question.id, text)
            seen += 1
            await pilot.press("n")
        assert seen == total > 90


def test_sampling_has_a_time_budget_and_says_so():
    from quiz_app.checker.service import picture_in_worker as picture

    slow = picture("(1 + 1/x)**x", "0", seconds=0.5)
    assert (slow.problem or "").startswith("could not sample f") or slow.samples.cut_short
    if slow.samples is not None:  # sympy says (1 + 1/0)**0 = 1; f(0) is undefined
        assert slow.samples.value_at_point != slow.samples.value_at_point  # NaN: not drawn
    hole = picture("x**2/x", "0", half_width=1)
    assert hole.samples.value_at_point != hole.samples.value_at_point
    assert hole.samples.f[60] != hole.samples.f[60] and abs(hole.samples.f[61] - 1 / 60) < 1e-9
    quick = picture("Max(a*x, x)", "0", "x", ["a"], {"a": "0.2"}, half_width=1)
    assert quick.problem is None
    assert quick.samples.xs[0] == -1 and quick.samples.xs[-1] == 1
    left = [y for x, y in zip(quick.samples.xs, quick.samples.f_prime) if x < -0.1]
    assert all(abs(y - 0.2) < 1e-12 for y in left)  # f′ = a = 0.2 left of 0
    assert quick.samples.formula == "Max(a·x, x)   with a = 0.2"


def test_the_slope_table_takes_no_quotient_without_f_of_a():
    from quiz_app.checker.sampling import slope_table

    [row, *_] = slope_table("x**2/x", "0")  # f(0) undefined (0/0), f(±h) = ±h
    assert (row.f_left, row.f_right) == (-0.1, 0.1)
    assert row.left_quotient != row.left_quotient and row.right_quotient != row.right_quotient


async def test_a_picture_that_arrives_as_the_plot_is_removed_is_dropped():
    """The panels are built with the first picture, but Textual mounts nothing into a
    widget being removed: a late picture (the student ended the quiz) must be dropped."""
    from textual.app import App

    from quiz_app.checker.sampling import Samples

    class JustAPlot(App):
        def compose(self):
            yield FunctionPlot()

    app = JustAPlot()
    async with app.run_test(size=(80, 24)) as pilot:
        plot = app.query_one(FunctionPlot)
        plot.remove()  # not awaited: the plot is on its way out
        plot.show_samples(Samples([0.0, 1.0], [0.0, 1.0], [1.0, 1.0], 0.0, 0.0))
        plot.show_message("late")
        await pilot.pause()
