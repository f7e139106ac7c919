"""Issue 28, smaller: a hole is named as one. Where f(a) is undefined but both one-sided
limits are one finite number L, "not continuous" says the gap is removable (f(a) = L mends
it); a jump, a pole or an oscillation never is. And the working never says "→ does not
exist": a limit that does not exist is "has no limit". Limits by hand, from the
definitions (sin x / x → 1, x² sin(1/x) → 0 by squeezing, (x² − 1)/(x − 1) = x + 1 → 2)."""

from __future__ import annotations

import pytest

from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.words import describe

REMOVABLE = [("sin(x)/x", "0", "1"), ("x**2*sin(1/x)", "0", "0"), ("x*sin(1/x)", "0", "0"),
             ("(x**2 - 1)/(x - 1)", "1", "2"), ("(exp(x) - 1)/x", "0", "1"),
             ("(1 - cos(x))/x**2", "0", "1/2"), ("Max(0, x)/x * x", "0", "0")]
NOT_REMOVABLE = [("1/x", "0"), ("1/x**2", "0"), ("sin(1/x)", "0"), ("Abs(x)/x", "0"),
                 ("Max(0, x)", "0"), ("Heaviside(x)", "0"), ("x**2", "3")]


@pytest.mark.parametrize(("f", "a", "limit"), REMOVABLE)
def test_a_hole_is_named_removable_with_its_value(f, a, limit):
    analysis = analyze_text(f, a, "x", ())
    verdict = analysis.verdict("continuous")
    assert verdict.holds is False
    assert f"the gap is removable: defining f({a}) = {limit} makes f continuous" \
        in verdict.reason


@pytest.mark.parametrize(("f", "a"), NOT_REMOVABLE)
def test_a_jump_a_pole_or_a_defined_point_is_never_called_removable(f, a):
    analysis = analyze_text(f, a, "x", ())
    assert "removable" not in (analysis.verdict("continuous").reason or "")


@pytest.mark.parametrize("f", ["x**2*sin(1/x)", "sin(1/x)", "Max(0, x)", "1/x", "Abs(x)"])
def test_the_working_never_says_tends_to_does_not_exist(f):
    lines = describe(analyze_text(f, "0", "x", ()))
    assert not any("→ does not exist" in line for line in lines), lines
