"""Nested Min/Max (ReLU6, hardtanh, clip) at every kind of point, answers from the definition.

sympy folds the branch conditions of nested Min/Max into ITE(c, a, b); the checker once
called those undecidable, so ReLU6's left limit at 10 (plainly 6) came back "undecided"
on a bundled question. Each case here is a clip of x to [low, high], whose facts are known
without sympy: the value is the clipped point, the slope is 1 strictly inside and 0 outside.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from quiz_app.checker.analysis import analyze_text

CLIPS = {  # expression: (low, high)
    "Min(Max(0, x), 6)": (0, 6),
    "Max(Min(x, 6), 0)": (0, 6),
    "Min(6, Max(x, 0))": (0, 6),
    "Max(-1, Min(1, x))": (-1, 1),
    "Min(Max(x, -1), 1)": (-1, 1),
    "Max(Min(x, 3), 1)": (1, 3),
}


def _slope(x: Fraction, low: int, high: int, side: int) -> int:
    """The one-sided slope of clip(x) from the side of `side` (-1 left, +1 right)."""
    if low < x < high:
        return 1
    if x == low:
        return 1 if side > 0 else 0
    if x == high:
        return 1 if side < 0 else 0
    return 0


def _points(low: int, high: int) -> list[Fraction]:
    return [Fraction(low - 3), Fraction(low), Fraction(low + high, 2), Fraction(high),
            Fraction(high + 4), Fraction(low) - Fraction(1, 10), Fraction(high) + Fraction(1, 7)]


CASES = [(expression, point, low, high) for expression, (low, high) in CLIPS.items()
         for point in _points(low, high)]


@pytest.mark.parametrize(("expression", "point", "low", "high"), CASES,
                         ids=[f"{e}@{p}" for e, p, _, _ in CASES])
def test_clips_are_decided_and_right_at_every_kind_of_point(expression, point, low, high):
    analysis = analyze_text(expression, str(point))
    value = min(max(point, low), high)
    facts = analysis.facts
    for name in ("value", "left_limit", "right_limit"):
        assert facts[name].kind == "value", (name, facts[name])
        assert Fraction(facts[name].value) == value, (name, facts[name])
    left, right = _slope(point, low, high, -1), _slope(point, low, high, 1)
    for name, expected in (("left_derivative", left), ("right_derivative", right),
                           ("derivative_left_limit", left), ("derivative_right_limit", right)):
        assert facts[name].kind == "value", (name, facts[name])
        assert Fraction(facts[name].value) == expected, (name, facts[name])
    assert analysis.verdicts["continuous"].holds is True
    assert analysis.verdicts["differentiable"].holds is (left == right)
