"""The working states only what is true: each region it names is one where its formula holds.

A line of the working such as `left:  f(3 − t) = 3 − t   (for 0 < x < 3: Max(0, x) = x)`
makes claims: the region is a one-sided neighbourhood of the point, and on it the named
node equals the stated formula and f(x) equals the stated f(a ∓ t). Each claim is checked
at points strictly inside the region, from right next to the point to near its far end,
against the function evaluated by its definition (tests/helpers/plain_math.py), never by
the checker. The old working said `for x < 3: Max(0, x) = x`, false at x = −4.5.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app.bank.loader import load_bank_file
from quiz_app.bank.variants import expand
from quiz_app.checker.analysis import analyze_text
from quiz_app.cli import main
from quiz_app.ui.screens.quiz_state import analysis_target
from tests.conftest import REPO
from tests.helpers.plain_math import evaluate

SIDE = re.compile(r"^(?P<side>right|left):\s+f\((?P<point>.+) (?P<op>[+−]) t\) = (?P<rest>.+)$")
# Where inside a region the claims are checked: fractions of its width (at most 10) from
# the point, so that both "right next to the point" and "far from it" are tried.
FRACTIONS = (1e-6, 1e-3, 0.1, 0.25, 0.5, 0.75, 0.99)
NEAR = 1e-3  # how far "x just above a" is trusted: a neighbourhood, however small

# (f, points, parameters): linear pieces, kinks, negative points, the ReLU6 cap, shifted
# kinks, Min/Max combinations, |x|, Piecewise, irrational kinks, a pole inside exp.
FUNCTIONS = [
    ("Max(0, x)", ["3", "-1", "0", "-2.5", "1/2"], {}),
    ("Min(Max(0, x), 6)", ["6", "3", "0", "-1", "10"], {}),
    ("Max(0.01*x, x)", ["-3", "0", "2"], {}),
    ("Max(a*x, x)", ["-2", "0", "1"], {"a": "0.2"}),
    ("Max(0, x - 2)", ["2", "5", "0", "-1"], {}),
    ("Max(0, x + 1)", ["0", "-1", "-4"], {}),
    ("Min(Max(-1, x), 1)", ["-1", "0", "1", "3"], {}),
    ("Max(0, x) - Max(0, x - 1)", ["1/2", "1", "-2", "4"], {}),
    ("Max(0, -2*x)", ["3", "0", "-1"], {}),
    ("Abs(x)", ["0", "2", "-3"], {}),
    ("Abs(x - 1) + Abs(x + 1)", ["0", "1", "-1", "5"], {}),
    ("Piecewise((exp(x) - 1, x < 0), (x, True))", ["0", "-1", "2"], {}),
    ("Piecewise((0, x < -1), (x + 1, x < 1), (2, True))", ["0", "1", "-1", "3", "-5"], {}),
    ("Max(0, x**2 - 2)", ["0", "1", "3"], {}),
    ("Max(0, x)**2", ["0", "-1", "2"], {}),
    ("Max(0, exp(1/x) - 2)", ["-1", "2"], {}),
]
CASES = [(f, point, params) for f, points, params in FUNCTIONS for point in points]


def region_bounds(region: str, point: float, side: str) -> tuple[float, float]:
    """The open interval a region names; it must reach the point from the side it is on."""
    if match := re.fullmatch(r"for (.+) < x < (.+)", region):
        low, high = (evaluate(end, {}) for end in match.groups())
    elif match := re.fullmatch(r"for x ([<>]) (.+)", region):
        end = evaluate(match[2], {})
        low, high = (end, math.inf) if match[1] == ">" else (-math.inf, end)
    elif match := re.fullmatch(r"for x just (above|below) (.+)", region):
        end = evaluate(match[2], {})
        low, high = (end, end + NEAR) if match[1] == "above" else (end - NEAR, end)
    else:
        raise AssertionError(f"a region the test cannot read: {region!r}")
    touching = low if side == "right" else high
    assert math.isclose(touching, point, abs_tol=1e-12), (region, point, side)
    return low, high


def inside(low: float, high: float, side: str) -> list[float]:
    """Points strictly inside (low, high), measured from the point's end of it."""
    width = min(high - low, 10.0)
    return [low + f * width if side == "right" else high - f * width for f in FRACTIONS]


def close(p: float, q: float) -> bool:
    return math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-9)


def check_working(steps: list[str], f: str, point_text: str, params: dict[str, str]) -> int:
    """Every claim of every side line, at points of its region; returns how many were
    checked (a working that claims nothing checks nothing, and the caller says so)."""
    values = {name: evaluate(value, {}) for name, value in params.items()}
    point = evaluate(point_text, values)
    checked = 0
    for line in steps:
        match = SIDE.match(line)
        if not match:
            continue
        side, rest = match["side"], match["rest"]
        assert math.isclose(evaluate(match["point"], {}), point, abs_tol=1e-12), line
        formula, _, said = rest.partition("   (")
        if not said:
            continue  # no branch: the line is an identity in t, nothing is claimed about x
        region, _, notes = said.removesuffix(")").partition(": ")
        low, high = region_bounds(region, point, side)
        for x in inside(low, high, side):
            t = x - point if side == "right" else point - x
            env = {**values, "x": x}
            try:
                fx = evaluate(f, env)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue  # f is undefined at x: the region may hold such points
            assert close(fx, evaluate(formula, {"t": t})), (line, x)
            for note in notes.split("; "):
                if note.startswith("cannot tell"):
                    continue
                if piece := re.fullmatch(r"the piece (.+) applies", note):
                    assert f.startswith("Piecewise("), (f, note)  # the piece is f's own
                    node, stated = f, piece[1]
                else:
                    node, stated = note.split(" = ")
                assert close(evaluate(node, env), evaluate(stated, {"x": x})), (line, note, x)
                checked += 1
    return checked


@pytest.mark.parametrize(("f", "point", "params"), CASES)
def test_every_stated_region_is_a_neighbourhood_where_the_formula_holds(f, point, params):
    given = [f"{name}={value}" for name, value in params.items()]
    steps = analyze_text(f, point, "x", given).steps
    assert check_working(steps, f, point, params) > 0, steps


@pytest.mark.parametrize(("f", "point"), [
    ("Max(0,x)", "-1"), ("Max(0, x)", "3"), ("Min(Max(0, x), 6)", "6"),
    ("Max(0, x - 2)", "0"),
])
def test_the_analyze_command_states_true_regions(f, point):
    shown = CliRunner().invoke(main, ["analyze", f, "--at", point, "--steps"])
    assert shown.exit_code == 0, shown.output
    steps = [line.strip() for line in shown.output.split("The working")[1].splitlines()]
    assert check_working(steps, f, point, {}) > 0, shown.output


def bundled_targets() -> list[tuple[str, str, str]]:
    """What the quiz analyses (and shows the working of) for every bundled variant."""
    targets = set()
    for path in sorted(Path(REPO, "questions").glob("*.yaml")):
        loaded, _ = load_bank_file(path)
        assert loaded is not None, path
        for question in loaded.bank.questions:
            for variant in expand(question):
                target = analysis_target(variant.question)
                if target is not None:
                    targets.add(target)
    return sorted(targets)


def test_the_working_of_every_bundled_question_states_true_regions():
    targets = bundled_targets()
    assert len(targets) > 40  # all banks were read
    claims = 0
    for f, point, variable in targets:
        assert variable == "x"
        claims += check_working(analyze_text(f, point, variable).steps, f, point, {})
    assert claims > 100
