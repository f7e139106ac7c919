"""Numerical evidence, and the decision rules a full mutation run found untested.

"Does not exist" rests on `oscillates`: a gap between values near the point that does not
shrink. Every expected value here comes from the definition of the limit: a function
squeezed to 0 (|f| ≤ c/|log t|^k) has the limit 0 however slowly it gets there, so calling
it an oscillation would be a wrong verdict; a function that takes two fixed values in every
neighbourhood of 0 has no limit.
"""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.evidence import checked, oscillates
from quiz_app.checker.facts import Fact
from quiz_app.checker.onesided import eventual_sign, eventually, rewrite_branches

T = sp.Symbol("t", positive=True)
X = sp.Symbol("x", real=True)
LOG = -sp.log(T)  # positive and growing as t → 0⁺

NO_LIMIT = [  # each takes two values at least a fixed distance apart in every (0, δ)
    sp.sin(1 / T), sp.cos(1 / T), sp.sin(1 / T**2), sp.sin(1 / T) * sp.cos(1 / T),
    sp.sign(sp.sin(1 / T)), sp.Heaviside(sp.sin(1 / T)), sp.sin(1 / T)**2,
    sp.sin(1 / T) + T, sp.sin(1 / T) / T,
]
SQUEEZED_TO_A_LIMIT = [  # |f − L| ≤ c·g(t) with g → 0, so the limit is L
    T * sp.sin(1 / T), 10 * sp.sin(1 / T) / LOG, 10 * sp.sin(1 / T) / LOG**sp.Rational(11, 10),
    10 * sp.sin(1 / T) / sp.sqrt(LOG), 10 * sp.sin(1 / T) / LOG**sp.Rational(1, 4),
    3 + 5 * sp.cos(1 / T) / LOG, sp.sin(1 / T)**2 + sp.cos(1 / T)**2, sp.Integer(1),
]


@pytest.mark.parametrize("g", NO_LIMIT, ids=str)
def test_a_gap_that_stays_is_an_oscillation(g):
    assert oscillates(g, T)


@pytest.mark.parametrize("g", SQUEEZED_TO_A_LIMIT, ids=str)
def test_a_gap_that_narrows_however_slowly_is_not_an_oscillation(g):
    """The gap of 10·sin(1/t)/|log t| narrows only 4-fold from t = 1e-10 to 1e-40."""
    assert not oscillates(g, T)


@pytest.mark.parametrize("g", SQUEEZED_TO_A_LIMIT[1:5], ids=str)
def test_sympys_bounds_on_a_squeezed_function_never_become_does_not_exist(g):
    fact = checked(Fact("dne", reason="sympy gave AccumBounds(-oo, oo)"), g, T, None)
    assert fact.kind == "undecided"


def test_sympys_bounds_on_an_oscillation_stay_does_not_exist():
    assert checked(Fact("dne"), sp.sin(1 / T), T, None).kind == "dne"


def test_a_negated_and_or_or_is_decided_on_the_eventual_branch():
    """For small t: 1 < t < 2 is false, so its negation holds; t < 1 or t > 2 is true."""
    assert eventually(sp.Not(sp.And(T > 1, T < 2)), T) is True
    assert eventually(sp.Not(sp.Or(T < 1, T > 2)), T) is False
    assert eventually(sp.Not(sp.And(T < 1, T < 2)), T) is False


def test_a_function_that_is_zero_on_the_whole_side_has_sign_zero():
    assert eventual_sign(sp.Max(0, -T), T) == 0
    assert eventual_sign(sp.Min(0, T), T) == 0


@pytest.mark.parametrize(("function", "point", "expected"), [
    # three arguments: each one is the largest (or smallest) somewhere
    (sp.Max(X, 1, -X), -5, 5), (sp.Max(X, 1, -X), 5, 5), (sp.Max(X, 1, -X), 0, 1),
    (sp.Min(X, 6, 2 * X), 10, 6), (sp.Min(X, 6, 2 * X), -3, -6), (sp.Min(X, 6, 2 * X), 5, 5),
    (sp.Max(0, X, 2 * X - 1), 3, 5), (sp.Max(0, X, 2 * X - 1), -1, 0),
    (sp.Max(0, X, 2 * X - 1), sp.Rational(1, 2), sp.Rational(1, 2)),
])
def test_every_argument_of_a_max_or_min_is_its_own_branch(function, point, expected):
    assert rewrite_branches(function).subs(X, point) == expected


def test_no_numbers_no_oscillation():
    """sqrt(sin(1/t) − 2) is real nowhere: there is no gap to show, so no claim."""
    assert not oscillates(sp.sqrt(sp.sin(1 / T) - 2), T)


def test_a_distrusted_limit_quotes_f_at_the_smallest_t():
    """1/|log t| at t = 1e-80 is 1/(80 ln 10) = 0.00542868… (6 significant digits)."""
    fact = checked(Fact("value", "1"), 1 / LOG, T, sp.Integer(1))
    assert fact.kind == "undecided"
    assert fact.reason.endswith("(0.00542868)")
