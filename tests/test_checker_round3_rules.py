"""The rules behind round 3 (issue 24), each held to its definition at its boundaries.

End-to-end rows (tests/test_checker_round3*.py) cannot see a rule whose fault the next
layer masks, so each rule is pinned here on its own: the proved sign of a constant, the
eventual sign of h(t) with its log factors, where a decision takes effect, the limit of a
difference quotient from Taylor coefficients, the parameter values where something changes
kind, a value at a point with every branch decided, and "levelling off is no infinity".
"""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.eventual import (
    Leading,
    Undecided,
    confirmed,
    leading,
    quotient_limit,
    value_at_zero,
)
from quiz_app.checker.evidence import agrees
from quiz_app.checker.facts import Fact
from quiz_app.checker.onesided import (
    at_point,
    decision_scale,
    eventual_sign,
    rewrite_branches,
    substituted,
)
from quiz_app.checker.parametric import assignments, right_limit
from quiz_app.checker.symbolic import equal, sign_of

T = sp.Symbol("t", positive=True)
X = sp.Symbol("x", real=True)
ALPHA = sp.Symbol("alpha", positive=True)
ROOT = 2 * sp.cos(2 * sp.pi / 9)  # a root of x³ − 3x + 1 that sympy does not simplify
TINY = sp.Rational(1, 10**30)


@pytest.mark.parametrize(("value", "sign"), [
    (ROOT**3 - 3 * ROOT + 1, 0),  # through its minimal polynomial, x
    (sp.tanh(sp.log(2)) - sp.Rational(3, 5), 0),  # in exponentials: (2 − 1/2)/(2 + 1/2)
    (sp.log(8) - 3 * sp.log(2), 0),
    (sp.sqrt(2) + sp.sqrt(3) - sp.sqrt(5 + 2 * sp.sqrt(6)), 0),
    (ROOT**3 - 3 * ROOT + 1 + sp.Rational(1, 10**40), 1),  # a zero plus 10⁻⁴⁰
    (ROOT**3 - 3 * ROOT + 1 - sp.pi / 10**45, -1),
    (-TINY, -1), (TINY, 1), (sp.Integer(0), 0), (sp.atan(2) - sp.pi / 3, 1),
    (3 * ROOT**2 - 3, 1), (ALPHA, 1), (-ALPHA - 1, -1),
])
def test_the_sign_of_a_constant_is_proved(value, sign):
    assert sign_of(value) == sign


@pytest.mark.parametrize("value", [
    ALPHA - 1,  # depends on the parameter
    sp.I, sp.oo, -sp.oo, sp.zoo, sp.nan,  # not real numbers
    sp.atan(sp.Rational(1, 2)) + sp.atan(sp.Rational(1, 3)) - sp.pi / 4,  # 0, not proved
])
def test_a_sign_that_cannot_be_proved_is_none(value):
    assert sign_of(value) is None


def test_equal_proves_an_exact_zero_difference():
    assert equal(ROOT**3 - 3 * ROOT, sp.Integer(-1)) is True
    assert equal(ROOT**3 - 3 * ROOT, sp.Integer(-1) + TINY) is False


@pytest.mark.parametrize(("h", "sign"), [
    (T - TINY, -1),  # a kink 10⁻³⁰ away: negative below it
    (T + TINY, 1), (T, 1), (-T, -1),
    (T * sp.log(T) + 100 * T, -1),  # negative below e⁻¹⁰⁰: the log factor decides
    (sp.log(T) + 100, -1), (T * sp.sqrt(-sp.log(T)) - 10 * T, 1),
    (sp.log(-sp.log(T)) - 5, 1), (-1 - 100 / sp.log(T), -1),
    (T / sp.log(T), -1), (T / sp.log(T) ** 2, 1),  # g → 0 through logs: in the log scale
    (sp.sqrt(T) - TINY, -1),  # not smooth: the next term comes from sympy's leading term
    ((ROOT + T) ** 3 - 3 * (ROOT + T) + 1, 1), ((ROOT - T) ** 3 - 3 * (ROOT - T) + 1, -1),
    (sp.tanh(sp.log(2) + T) - sp.Rational(3, 5), 1),
    (sp.sin(T) - T, -1), (sp.cos(T) - 1, -1), (sp.exp(T) - 1 - TINY, -1),
    (sp.sin(T) ** 2 + sp.cos(T) ** 2 - 1, 0), (T**8, 1),
    (T * (ROOT**3 - 3 * ROOT + 1), 0),  # a polynomial whose coefficients are all exactly 0
    # 1/(log t + 2) → 0⁻ (it is 1/2 > 0 near t = 1): in the scale of log t, s/(2s − 1)
    (T / (sp.log(T) + 2), -1),
    # identically 0, with no Taylor series at 0: simplify proves it
    (sp.sin(1 / T) ** 2 + sp.cos(1 / T) ** 2 - 1, 0),
    ((sp.cosh(1 / T) ** 2 - sp.sinh(1 / T) ** 2 - 1) * sp.log(T), 0),
])
def test_the_eventual_sign(h, sign):
    assert eventual_sign(h, T) == sign


@pytest.mark.parametrize("h", [
    sp.log(T) + 1000,  # changes sign at e⁻¹⁰⁰⁰, below the deepest probe (10⁻³²⁰)
    sp.sin(1 / T), T * sp.sin(1 / T),  # no eventual sign
    (ALPHA - 1) * T, ALPHA - 1,  # depends on the parameter
    sp.log(-T),  # not real
    T / sp.log(-sp.log(T)),  # the scale of log t is tried once: log log t is one deeper
])
def test_an_eventual_sign_that_cannot_be_decided_is_undecided(h):
    with pytest.raises(Undecided):
        eventual_sign(h, T)


def test_a_decision_is_probed_where_it_has_taken_effect():
    # t − 10⁻³⁰: Cauchy's bound puts every root beyond 10⁻³⁰/(10⁻³⁰ + 1)
    form = leading(T - TINY, T)
    assert form.scale <= TINY and all(point < TINY for point in form.points)
    # a t^p·g decision is probed at 10⁻¹⁶⁰ and 10⁻³²⁰, where log t + 100 < 0
    form = leading(T * sp.log(T) + 100 * T, T)
    assert form.points == (sp.Rational(1, 10**160), sp.Rational(1, 10**320))
    assert form.limit == -sp.oo and confirmed(form, T)
    # a smooth h at its own scale: the ratio of its first two coefficients
    assert leading(sp.exp(T) - 1 - TINY, T).scale <= TINY


def test_numbers_short_of_the_scale_decide_nothing():
    assert confirmed(Leading(-1, T - TINY, (TINY / 10, TINY / 100)), T)
    assert not confirmed(Leading(-1, T - TINY, (TINY * 10,)), T)
    # g = log t + 1000 is still positive at 10⁻¹⁶⁰ and 10⁻³²⁰: not yet −∞ there
    assert not confirmed(Leading(-1, sp.log(T) + 1000, (sp.Rational(1, 10**160),
                                                        sp.Rational(1, 10**320)), -sp.oo), T)
    # a finite G must be within a factor 2
    assert confirmed(Leading(1, 1 + T, (sp.Rational(1, 10),), sp.Integer(1)), T)
    assert not confirmed(Leading(1, 3 + T, (sp.Rational(1, 10),), sp.Integer(1)), T)


@pytest.mark.parametrize(("g", "limit"), [
    (sp.sin(T) / T, 1), ((sp.tanh(sp.log(2) + T) - sp.Rational(3, 5)) / T, sp.Rational(16, 25)),
    (((ROOT + T) ** 3 - 3 * (ROOT + T) + 1) / T, 3 * ROOT**2 - 3),
    ((1 - sp.cos(T)) / T, 0), (sp.cos(T) / T, sp.oo), (-sp.cos(T) / T**2, -sp.oo),
    ((sp.exp(T) - 1) / (-2 * T), -sp.Rational(1, 2)),
])
def test_a_quotient_limit_from_taylor_coefficients(g, limit):
    found = quotient_limit(g, T)
    assert found == limit if limit in (sp.oo, -sp.oo) else equal(found, limit) is True


@pytest.mark.parametrize("g", [
    sp.sqrt(T) / T,  # √t has no Taylor series at 0
    T * sp.log(T), sp.sin(T),  # no power of t below
    sp.sin(T) / T**7,  # past the orders tried
    (ALPHA - 1) * T / T**2,  # a sign that depends on α
])
def test_a_quotient_that_is_not_smooth_over_a_power_is_left_to_sympy(g):
    assert quotient_limit(g, T) is None


def test_values_at_zero_only_where_every_piece_is_finite():
    assert value_at_zero(sp.exp(T) + ROOT, T) == 1 + ROOT
    assert value_at_zero(sp.log(T), T) is None and value_at_zero(T**T, T) is None


def test_the_special_values_of_a_parameter_are_sampled():
    assert {ALPHA: 3} in assignments(T ** ((ALPHA - 3) ** 2), T)
    assert {ALPHA: sp.sqrt(2)} in assignments(T / (ALPHA**2 - 2), T)
    assert {ALPHA: 4} in assignments(sp.Max(ALPHA * T, 4 * T), T)
    assert {ALPHA: 5} in assignments(sp.log(ALPHA - 5 + T), T)
    # not a polynomial in t: the factor free of t, (α − 3)·eᵗ
    assert {ALPHA: 3} in assignments(sp.Max(ALPHA * sp.exp(T), 3 * sp.exp(T)), T)
    assert assignments(T + 1, T) == [{}]


@pytest.mark.parametrize(("g", "kind"), [
    (1 / T**ALPHA, "oo"),  # t^(−α) → ∞ for every α > 0
    (sp.exp(-ALPHA / T), "value"),  # → 0 for every α > 0
    # → 1 for α ≠ 2, but 0 at α = 2 (the numerator vanishes)
    ((ALPHA - 2) * T / ((ALPHA - 2) * T + T**2), "undecided"),
    # → 1 for α ≠ 2, but 1/t → ∞ at α = 2
    (((ALPHA - 2) ** 2 + T) / ((ALPHA - 2) ** 2 + T**2), "undecided"),
    (T ** ((ALPHA - 3) ** 2), "undecided"),  # 0, but t⁰ = 1 at α = 3
])
def test_a_parametric_limit_holds_for_every_value_or_is_undecided(g, kind):
    assert right_limit(g, T)[0].kind == kind


def test_a_value_at_a_point_decides_every_branch():
    assert at_point(sp.Max(0, sp.tanh(X) - sp.Rational(3, 5)), X, sp.log(2)) == 0
    assert at_point(sp.sign(X**3 - 3 * X + 1), X, ROOT) == 0
    assert at_point(sp.Heaviside(X**3 - 3 * X + 1), X, ROOT) == sp.Rational(1, 2)
    assert at_point(sp.Max(0, X) * sp.Max(0, -X), X, 0) == 0
    assert at_point(X**3 - 3 * X + 1 > 0, X, ROOT) is False
    assert at_point(X > 0, X, 1) is True
    with pytest.raises(Undecided):
        at_point(sp.sign(X + sp.atan(sp.Rational(1, 3)) - sp.pi / 4), X,
                 sp.atan(sp.Rational(1, 2)))


@pytest.mark.parametrize("expression", [
    sp.Max(0, sp.Max(0, sp.Max(0, X) - sp.Rational(1, 2)) - sp.Rational(1, 4)),
    sp.Heaviside(sp.Max(0, X) - 1), sp.Min(1, sp.Max(-1, 2 * X)),
    sp.Max(sp.sign(X**3 - 3 * X + 1), 0), sp.Abs(sp.Abs(X) - 1),
])
def test_no_condition_holds_a_piecewise(expression):
    """sympy folds a Piecewise inside a condition by solving inequalities, which takes
    minutes on cos(2π/9) and can fail: the rewrite unfolds it into And/Or itself."""
    rewritten = rewrite_branches(expression)
    for relation in rewritten.atoms(sp.core.relational.Relational):
        assert not relation.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)
    for point in (-2, 0, sp.Rational(1, 2), 1, 3):
        assert rewritten.subs(X, point) == expression.subs(X, point)


def test_a_side_where_an_argument_is_not_real_is_undecided_not_a_crash():
    g = substituted(sp.Max(0, sp.log(X)), X, -T)
    with pytest.raises(Undecided):
        eventual_sign(g.args[0].cond.lhs - g.args[0].cond.rhs, T)


def test_the_probes_of_a_limit_go_below_every_kink():
    assert decision_scale(sp.Max(0, T - TINY), T) <= TINY
    # 1 − t keeps its sign below its root 1: Cauchy's bound halved, as a power of ten
    assert decision_scale(sp.Max(0, T - 1), T) == sp.Rational(1, 10)
    assert decision_scale(T + 1, T) == 1


@pytest.mark.parametrize(("numbers", "holds"), [
    ([-23, -46, -92, -184], True),  # log t at 1e-10 … 1e-80: steps double
    ([-23, -46, -92, -100], False),  # levels off at −100: no −∞
    ([-23, -46, -47, -48], False),
    ([-5, -6, -7, -8], False),  # still small
])
def test_levelling_off_is_no_infinity(numbers, holds):
    assert agrees(Fact("-oo"), numbers, None) is holds
    assert agrees(Fact("oo"), [-n for n in numbers], None) is holds
