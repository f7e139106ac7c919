"""The checker's small decision rules, each pinned at its boundaries.

The analysis has layers (symbolic, then numeric probes), so a fault in one rule is often
masked by the next and an end-to-end case cannot see it; the mutation run showed that.
These tests hold each rule to its own definition: the sign of a condition that is exactly
0, the value of a branch function at its jump, the thresholds of the numeric checks.
"""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.evidence import agrees
from quiz_app.checker.facts import Fact
from quiz_app.checker.onesided import (
    Undecided,
    _direct_value,
    _eventually,
    _resolve,
    _symbolic_sign,
    eventual_sign,
    eventually,
    has_odd_root,
    rewrite_branches,
)

T = sp.Symbol("t", positive=True)
X = sp.Symbol("x", real=True)


@pytest.mark.parametrize(("function", "point", "expected"), [
    (sp.Abs(X), 0, 0), (sp.Abs(X), -2, 2), (sp.Abs(X), 3, 3),
    (sp.sign(X), 0, 0), (sp.sign(X), -5, -1), (sp.sign(X), 5, 1),
    (sp.Heaviside(X), 0, sp.Rational(1, 2)), (sp.Heaviside(X), -1, 0), (sp.Heaviside(X), 2, 1),
    (sp.Heaviside(X, 1), 0, 1), (sp.Heaviside(X, 0), 0, 0),
    (sp.Max(X, 0), 0, 0), (sp.Max(X, 0), -1, 0), (sp.Max(X, 2 - X), 1, 1),
    (sp.Max(X, 1, -X), 0, 1), (sp.Min(X, 0), -1, -1), (sp.Min(X, 6, 2 * X), 5, 5),
])
def test_branch_functions_as_piecewise_keep_their_value_everywhere(function, point, expected):
    """Including exactly at the jump, where the convention lives (sign(0) = 0, H(0) = ½)."""
    rewritten = rewrite_branches(function)
    assert rewritten.has(sp.Piecewise)
    assert rewritten.subs(X, point) == expected


@pytest.mark.parametrize(("relation", "expected"), [
    # lhs − rhs is exactly 0: only ≤, ≥ and = hold
    (sp.LessThan(T, T, evaluate=False), True),
    (sp.StrictLessThan(T, T, evaluate=False), False),
    (sp.GreaterThan(T, T, evaluate=False), True),
    (sp.StrictGreaterThan(T, T, evaluate=False), False),
    (sp.Eq(T, T, evaluate=False), True),
    (sp.Ne(T, T, evaluate=False), False),
    # lhs − rhs is eventually positive
    (sp.StrictGreaterThan(T, T**2), True), (sp.GreaterThan(T, T**2), True),
    (sp.StrictLessThan(T, T**2), False), (sp.LessThan(T, T**2), False),
    (sp.Eq(T, T**2, evaluate=False), False), (sp.Ne(T, T**2, evaluate=False), True),
])
def test_a_relation_near_zero_follows_the_eventual_sign(relation, expected):
    assert _eventually(relation, T) is expected


def test_logic_near_zero():
    small, large = T < sp.Rational(1, 10), T > 1
    assert _eventually(sp.And(small, T > 0), T) is True
    assert _eventually(sp.And(small, large), T) is False
    assert _eventually(sp.Or(large, small), T) is True
    assert _eventually(sp.Or(large, T < 0), T) is False
    assert _eventually(sp.Not(large), T) is True
    assert _eventually(sp.Not(sp.And(small, T > 0)), T) is False
    assert _eventually(sp.true, T) is True and _eventually(sp.false, T) is False
    assert _eventually(sp.ITE(large, T < 0, small), T) is True
    assert _eventually(sp.ITE(small, T < 0, T > 0), T) is False
    with pytest.raises(Undecided):
        _eventually(sp.Symbol("undecidable_name"), T)


def test_eventually_sees_through_branches():
    assert eventually(sp.Max(T, 2 * T) > 0, T) is True
    assert eventually(sp.Abs(T - 1) > sp.Rational(1, 2), T) is True
    assert eventually(sp.Min(T, -T) >= 0, T) is False


@pytest.mark.parametrize(("h", "sign"), [
    (T, 1), (-T, -1), (T - T**2, 1), (T**2 - T, -1), (1 / T, 1), (-1 / T, -1),
    (sp.sin(T), 1), (-sp.sin(T) ** 3, -1), (T**3 - 2 * T**5, 1), (sp.exp(-1 / T) - 1, -1),
    (sp.cos(T) - 1, -1), (T**2 * (1 - T), 1),
])
def test_the_sign_near_zero(h, sign):
    assert _symbolic_sign(h, T) == sign
    assert eventual_sign(h, T) == sign


def test_the_sign_of_an_identical_zero_is_zero_and_of_a_constant_its_own():
    assert eventual_sign(sp.sin(T) ** 2 + sp.cos(T) ** 2 - 1, T) == 0
    assert eventual_sign(sp.Integer(-3), T) == -1 and eventual_sign(sp.Integer(2), T) == 1


def test_an_oscillating_sign_is_undecided():
    with pytest.raises(Undecided):
        _symbolic_sign(sp.sin(1 / T), T)


def test_a_leading_term_with_a_log_factor_takes_its_sign_from_the_log():
    """t·log t < 0 near 0, though its coefficient at t = 1 is 0: the sign is that of
    lim (t·log t)/t = −∞ (issue 24: the log factors are part of the decision)."""
    assert _symbolic_sign(T * sp.log(T), T) == -1


def test_python_booleans_are_conditions_too():
    assert _eventually(True, T) is True and _eventually(False, T) is False


def test_a_dirac_delta_is_zero_where_its_argument_is_not():
    assert _resolve(sp.DiracDelta(1 + T), T) == 0
    assert _resolve(sp.DiracDelta(T - 2), T) == 0
    with pytest.raises(Undecided):  # an argument that is identically 0: the spike is here
        _resolve(sp.DiracDelta(sp.sin(T) ** 2 + sp.cos(T) ** 2 - 1), T)


@pytest.mark.parametrize(("expression", "odd"), [
    (X ** sp.Rational(1, 3), True), (X ** sp.Rational(2, 3), True),
    (X ** sp.Rational(1, 5), True), (X ** sp.Rational(1, 2), False),
    (X ** sp.Rational(3, 4), False), (X**3, False), (X**-1, False), (sp.sqrt(X) + 1, False),
])
def test_odd_roots_are_recognised(expression, odd):
    assert has_odd_root(expression) is odd


@pytest.mark.parametrize(("g", "value"), [
    (sp.exp(T) + 1, 2), (sp.cos(T), 1), (T + 3, 3), (sp.log(1 + T), 0),
    (sp.sin(T) / T, None), (T**T, None), (sp.atan(1 / T), None), (T * sp.log(T), None),
    (1 / T, None), (sp.Integer(2) ** (1 / T), None), (sp.Function("u")(T), None),
])
def test_substitution_only_where_every_piece_is_finite(g, value):
    found = _direct_value(g, T)
    assert (found is None) if value is None else (found == value)


def value(text: str) -> Fact:
    return Fact("value", text)


@pytest.mark.parametrize(("fact", "numbers", "expected"), [
    # close at the end (within 1e-8 relative), whatever came before
    (value("1"), [5, 3, 1 + 1e-9], True),
    (value("1"), [1, 1, 1 + 2e-8], False),  # not close and not closing in
    # still closing in, and within 5 % at the end (1/log t converges that slowly)
    (value("1"), [1.3, 1.1, 1.04], True),
    (value("1"), [1.3, 1.2, 1.11], False),  # closing in, but 5.5 % away
    (value("1"), [1.04, 1.04, 1.04], False),  # 4 % away and not moving: another limit
    (value("0"), [0.2, 0.1, 0.049], True),
    # within 5 % at the end, but not closer at every probe: no trend to trust
    (value("0"), [0.04, 0.03, 0.035, 0.02], False),
    # ±oo: rising, past 10, and by more than 1 over the probes
    (Fact("oo"), [11, 20, 40], True),
    (Fact("oo"), [5, 7, 9.9], False),  # still under 10
    (Fact("oo"), [8, 9, 10], False),  # exactly 10 is not past it
    (Fact("oo"), [2, 5, 10.5], True),  # just past it
    (Fact("oo"), [20, 20, 40], False),  # a step that does not rise is not rising
    (Fact("oo"), [100, 100.5, 101], False),  # climbs by exactly 1: a big constant's noise
    (Fact("oo"), [100, 100.5, 101.1], True),
    (Fact("oo"), [40, 20, 11], False),  # falling
    (Fact("-oo"), [-11, -20, -40], True),
    (Fact("-oo"), [11, 20, 40], False),
    (Fact("infinite"), [-11, 20, -40], True),
    (Fact("infinite"), [11, -5, 40], False),
])
def test_the_numeric_cross_check(fact, numbers, expected):
    target = sp.Integer(fact.value) if fact.value is not None else None
    assert bool(agrees(fact, [sp.Float(n) for n in numbers], target)) is expected
