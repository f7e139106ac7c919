"""What the lab says about a point is about that point, and a slope is said once, plainly.

Pilot drives the real Explore screen. Expected values come from the definitions evaluated
with Python's math (tests/helpers/plain_math.py): f at the point minus h for the table, and
a central difference of f for a slope. Never from the code under test.
"""

from __future__ import annotations

import math
import re

import pytest
from textual.widgets import DataTable

from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of
from tests.helpers.pilot import wait_for as wait_until
from tests.helpers.plain_math import evaluate

UI_BANK = FIXTURES / "ui" / "quiz.yaml"


async def wait_for(pilot, condition):
    await wait_until(pilot, condition, tries=600)  # analyses take their time here


async def analyse(app, pilot, expression: str, point: str, params: str = "") -> None:
    """Type the inputs, press Enter and wait for this analysis (and its table) on screen."""
    screen = app.screen
    screen.query_one("#explore-expression").value = expression
    screen.query_one("#explore-point").value = point
    screen.query_one("#explore-params").value = params
    await pilot.pause()
    screen.action_analyze()
    await wait_for(pilot, lambda: (shown := screen.last_analysis) is not None
                   and (shown.expression, shown.point) == (expression, point)
                   and screen.shown is not None
                   and screen.query_one(DataTable).row_count > 0)


def explore_app():
    return create_app(AppConfig(paths=[UI_BANK], start="explore",
                                explore_expression="Max(0, x)", explore_point="0"))


# A parameter of any name, at points 0, 1 and −2: the screen must name the point by its
# value, never by a letter (the old `f(a)` and `f(a−h)` read as the parameter a).
PARAMETERS = ["a", "b", "alpha"]
POINTS = [("0", "0"), ("1", "1"), ("-2", "−2")]


@pytest.mark.parametrize("name", PARAMETERS)
async def test_the_point_is_named_by_its_value_whatever_the_parameters_are_called(name):
    f = f"Piecewise((x, x > 0), ({name}*(exp(x) - 1), True))"
    app = explore_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for point, said in POINTS:
            await analyse(app, pilot, f, point, f"{name}=0.5")
            shown = text_of(app, "#analysis-text")
            # every f(…) on screen is at the point, or the working's point ± t (f′(x) is
            # the derivative's variable)
            points = re.findall(r"(?<![\w′])f\(([^()]*?)(?: [+−] t)?\)", shown)
            assert set(points) == {said}, shown
            assert f"= f({said}) =" in shown, shown  # the continuity reason
            table = app.screen.query_one(DataTable)
            headings = [str(column.label) for column in table.columns.values()]
            assert headings == ["h", f"f({said}−h)", f"f({said}+h)",
                                f"(f({said}−h)−f({said}))/(−h)", f"(f({said}+h)−f({said}))/h"]
            values = {name: 0.5}
            for row in range(table.row_count):
                h, left = (str(cell) for cell in table.get_row_at(row)[:2])
                x = evaluate(point, {}) - float(h)
                expected = evaluate(f, {**values, "x": x})
                assert math.isclose(float(left.replace("−", "-")), expected, rel_tol=1e-5,
                                    abs_tol=1e-9), (point, h, left, expected)


# Names the lab shows with another meaning: the variable, the working's step t, the
# table's step h, f itself, and the constants. Each is refused before any analysis.
RESERVED = ["x", "t", "h", "f", "E", "pi"]


async def test_a_parameter_named_like_something_on_screen_is_refused_with_a_message():
    app = explore_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.shown is not None)
        for name in RESERVED:
            await analyse(app, pilot, "Max(0, x)", "1", "")  # results on screen first
            app.screen.query_one("#explore-expression").value = f"Max(0.5*x, x) + 0*{name}"
            app.screen.query_one("#explore-params").value = f"{name}=0.5"
            await pilot.pause()
            app.screen.action_analyze()
            await wait_for(pilot, lambda refusal=f"✗ parameter {name}:": text_of(
                app, "#explore-status").startswith(refusal))
            assert "another name" in text_of(app, "#explore-status")
            assert "derivative" not in text_of(app, "#analysis-text")
            assert app.screen.query_one(DataTable).row_count == 0


# Smooth activations away from any kink: the slope is one number, said in one exact form
# with its decimal, everywhere it appears (the old GELU at 1 showed three different
# unsimplified expressions and no decimal).
SMOOTH = [
    ("x*(1 + erf(x/sqrt(2)))/2", "1"), ("x*(1 + erf(x/sqrt(2)))/2", "-1"),
    ("x*(1 + erf(x/sqrt(2)))/2", "0.5"), ("x/(1 + exp(-x))", "1"),
    ("log(1 + exp(x))", "1"), ("tanh(x)", "1"), ("1/(1 + exp(-x))", "2"),
    ("Piecewise((exp(x) - 1, x < 0), (x, True))", "-1"),
]
SLOPE_LINES = [
    r"left derivative (?P<s1>.+?), right derivative (?P<s2>.+?), so differentiable",
    r"f′\(x\) → (?P<s3>.+?) from the left and f′\(x\) → (?P<s4>.+?) from the right",
    r"f′\([^)]*\) = (?P<s5>.+)",
]


def true_slope(f: str, point: float) -> float:
    step = 1e-5
    return (evaluate(f, {"x": point + step}) - evaluate(f, {"x": point - step})) / (2 * step)


async def test_a_slope_is_one_simplified_exact_form_with_its_decimal():
    app = explore_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for f, point in SMOOTH:
            await analyse(app, pilot, f, point)
            shown = text_of(app, "#analysis-text")
            said = {}
            for pattern in SLOPE_LINES:
                match = re.search(pattern, shown)
                assert match, (pattern, shown)
                said |= match.groupdict()
            assert len(set(said.values())) == 1, said  # one form, the same everywhere
            exact, _, decimal = said["s1"].partition(" ≈ ")
            assert decimal, f"no decimal for {exact}"
            expected = true_slope(f, evaluate(point, {}))
            assert math.isclose(float(decimal.replace("−", "-")), expected, rel_tol=1e-5)
            assert math.isclose(evaluate(exact, {}), expected, rel_tol=1e-7)  # and it is true
            assert "−(−" not in exact and len(exact) <= 45, exact  # simplified
