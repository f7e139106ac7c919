"""The analysis's guards, each shown doing its job (cases a full mutation run found untested).

The guards are the checks that stop a wrong verdict: a point that is not a finite real
number, a value at the point that is not real, a restriction inside a Piecewise branch
that is or is not in force, a function defined on one side only, and the theorem that a
differentiable function is continuous. Every expected value is worked out from the
definitions (the reasoning is on each row), as in tests/test_checker_hard_cases.py, whose
matching rules these rows share.
"""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.analysis import _reconcile, analyze_text
from quiz_app.checker.facts import Analysis, Fact, Verdict
from quiz_app.checker.symbolic import equal
from tests.helpers.checker_table import UNDEFINED, assert_case, maybe

A = ("alpha",)

GUARDS = [
    # a real cube root at the point is a plain value: (1 + 7)^(1/3) = 2, slope 1/12
    ("cube root of a positive number", "(x + 7)**(1/3)", "1", (), dict(
        value="2", left_limit="2", right_limit="2", continuous=True, differentiable=True,
        derivative="1/12")),
    # the cube root of −8 is −2 (real root) or 1 + i√3 (principal root): a convention
    ("cube root of a negative number", "(x - 9)**(1/3)", "1", (), dict(value=None)),
    # a Piecewise whose 1/x branch is not in force near 0: f = 0 there
    ("1/x only beyond 1, at 0", "Piecewise((1/x, x > 1), (0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", left_derivative="0",
        right_derivative="0", continuous=True, differentiable=True)),
    # at 1: f(1) = 0 (1 > 1 is false), f = 0 on the left, f = 1/x → 1 on the right
    ("1/x only beyond 1, at 1", "Piecewise((1/x, x > 1), (0, True))", "1", (), dict(
        value="0", left_limit="0", right_limit="1", continuous=False, differentiable=False)),
    # log only where x > 0: on the left f = 0; on the right log t → −∞
    ("log only on the right", "Piecewise((log(x), x > 0), (0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="-oo", continuous=False)),
    # the even root is only used where its argument is positive: f = |x|^(1/2) signed
    ("signed square root", "Piecewise((sqrt(x), x >= 0), (-sqrt(-x), True))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", continuous=True, left_derivative="oo",
        right_derivative="oo", differentiable=False)),
    # x**alpha only where x > 0, 0 elsewhere: for alpha > 0 both sides tend to 0 = f(0)
    ("x**alpha only on the right", "Piecewise((x**alpha, x > 0), (0, True))", "0", A, dict(
        value="0", left_limit="0", right_limit="0", left_derivative="0",
        continuous=maybe(True))),
    # x**(3/2) is real on x >= 0 only: the left side does not exist, so neither verdict
    # can be "yes" or "no" from two sides; the right derivative is 0
    ("defined on the right only", "x**(3/2)", "0", (), dict(
        value="0", left_limit=UNDEFINED, right_limit="0", left_derivative=UNDEFINED,
        right_derivative="0", continuous=None, differentiable=None)),
    # sin(x)/x is 0/0 at 0 but 1 near it: no f(0), so no difference quotient either
    ("sin(x)/x", "sin(x)/x", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="1", left_derivative=UNDEFINED,
        right_derivative=UNDEFINED, continuous=False, differentiable=False)),
    # the root's argument is exactly 0 on the whole left side: sqrt(0) = 0 is defined there
    ("root of a max", "sqrt(Max(0, x))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", left_derivative="0",
        right_derivative="oo")),
    # log's argument is exactly 0 on the left: log 0 is undefined there and at 0
    ("log of a max", "log(Max(0, x))", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit="-oo")),
    # the denominator is 0 on all of (−1/2, 1/2) and only there: undefined on both sides
    ("zero denominator on an interval", "1/Max(0, Abs(x) - 1/2)", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit=UNDEFINED)),
    # the branch 1/Max(0, x) is in force for x > −1, so the left of 0 is 1/0: undefined
    ("zero denominator inside a branch", "Piecewise((1/Max(0, x), x > -1), (0, True))", "0",
     (), dict(value=UNDEFINED, left_limit=UNDEFINED, right_limit="oo")),
    # 3^(1/3) is real: an odd root is only a convention for a negative number
    ("cube root of 3", "(x + 2)**(1/3)", "1", (), dict(value="3**(1/3)", continuous=True)),
    # ∞ is no value of a function
    ("infinity added", "x + oo", "0", (), dict(value=UNDEFINED)),
    # sympy cancels these as it builds them, so only the recorded restrictions see that
    # the quotient is 0/0 on all of (−1/2, 1/2), and that log 0 is taken left of 0
    ("quotient zero on an interval", "Max(0, Abs(x) - 1/2)/Max(0, Abs(x) - 1/2)", "0", (),
     dict(value=UNDEFINED, left_limit=UNDEFINED, right_limit=UNDEFINED)),
    ("log minus itself", "log(Max(0, x)) - log(Max(0, x))", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit="0")),
    # … and inside a branch that is in force on both sides of 0 (x > −1)
    ("cancelled quotient inside a branch", "Piecewise((Max(0, x)/Max(0, x), x > -1), (0, True))",
     "0", (), dict(value=UNDEFINED, left_limit=UNDEFINED, right_limit="1")),
    # … but not where that branch is out of force: beyond 5, or after an earlier branch
    ("cancelled quotient in an inactive branch",
     "Piecewise((Max(0, x)/Max(0, x), x > 5), (1, True))", "0", (), dict(
         value="1", left_limit="1", right_limit="1", continuous=True)),
    ("cancelled quotient in a later branch", "Piecewise((0, x < -5), (Max(0, x)/Max(0, x), True))",
     "-6", (), dict(value="0", left_limit="0", right_limit="0", continuous=True)),
    # sqrt(−x) is only taken for x > 1, where it is not real; near 0 f = 0
    ("root branch beyond 1, at 0", "Piecewise((sqrt(-x), x > 1), (0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", continuous=True, differentiable=True)),
    # x**(1/2) is sqrt(x): the difference is 0 on the right and undefined on the left
    ("half power minus itself", "x**(1/2) - x**(1/2)", "0", (), dict(
        value="0", left_limit=UNDEFINED, right_limit="0")),
    # x**alpha − x**alpha is 0 where it is real; left of 0 that depends on alpha
    ("x**alpha minus itself", "x**alpha - x**alpha", "0", A, dict(left_limit=None)),
    # 0**(alpha − 1) is 0, 1 or undefined as alpha > 1, = 1, < 1: the left side is open
    ("power of zero minus itself", "Max(0, x)**(alpha - 1) - Max(0, x)**(alpha - 1)", "0", A,
     dict(left_limit=None)),
    # a parameter in the value: 1/(alpha - 1) is no number at alpha = 1
    ("value infinite for one alpha", "x + 1/(alpha - 1)", "0", A, dict(value=None)),
    # a parameter deciding the branch at the point itself
    ("branch decided by alpha", "Piecewise((1, x > alpha - 1), (0, True))", "0", A, dict(
        value=None)),
]


@pytest.mark.parametrize("name, expression, point, params, expected", GUARDS,
                         ids=[case[0] for case in GUARDS])
def test_a_guard(name, expression, point, params, expected):
    assert_case(expression, point, params, expected)


@pytest.mark.parametrize("point", ["x", "oo", "-oo", "x + 1", "sqrt(-1)", "log(-1)"])
def test_the_point_must_be_a_finite_real_number(point):
    analysis = analyze_text("Max(0, x)", point, "x", ())
    assert analysis.error is not None and (
        "finite real number" in analysis.error or "invalid point" in analysis.error)


def test_a_one_sided_domain_says_so():
    """sqrt(x) and x**(3/2) have no left side at 0: a limit from both sides is undecided,
    and the reason says why, not only that something could not be determined."""
    for expression in ("sqrt(x)", "x**(3/2)"):
        analysis = analyze_text(expression, "0", "x", ())
        assert analysis.verdict("continuous").holds is None
        assert "one side" in analysis.verdict("continuous").reason
    assert "one side" in analyze_text("x**(3/2)", "0", "x", ()).verdict(
        "differentiable").reason


@pytest.mark.parametrize(("continuous", "differentiable", "after"), [
    (None, True, True),    # differentiable ⇒ continuous
    (False, None, False),  # not continuous ⇒ not differentiable
    (None, None, None), (True, None, True), (None, False, None),
])
def test_differentiable_implies_continuous_both_ways_round(continuous, differentiable, after):
    result = Analysis(expression="f", point="0", variable="x")
    result.facts["right_derivative"] = Fact("value", "1")
    result.verdicts["continuous"] = Verdict(continuous, "given")
    result.verdicts["differentiable"] = Verdict(differentiable, "given")
    _reconcile(result)
    assert result.verdicts["continuous"].holds is after
    if differentiable is None and continuous is False:
        assert result.verdicts["differentiable"].holds is False


@pytest.mark.parametrize(("expression", "noted"), [
    ("Max(0, x)", False), ("Abs(x)", False),
    # x² sin(1/x), with f(0) = 0: f′(0) = 0 by the definition, but
    # lim f′(x) = lim (2x sin(1/x) − cos(1/x)) does not exist: the definition decides
    ("Piecewise((x**2*sin(1/x), Ne(x, 0)), (0, True))", True),
])
def test_a_note_only_where_the_derivatives_limit_does_not_exist(expression, noted):
    analysis = analyze_text(expression, "0", "x", ())
    assert any("the definition decides" in note for note in analysis.notes) is noted


@pytest.mark.parametrize(("u", "v", "same"), [
    (sp.Integer(1), sp.Integer(1), True), (sp.Integer(1), sp.Integer(2), False),
    (sp.tanh(1), (sp.E**2 - 1) / (sp.E**2 + 1), True),
    (sp.pi, sp.Rational(355, 113), False),  # 2.7e-7 apart
    (sp.Symbol("alpha", positive=True), sp.Integer(1), None),  # depends on alpha
])
def test_equal_proves_or_refutes_or_says_undecided(u, v, same):
    assert equal(u, v) is same


@pytest.mark.parametrize(("expression", "params", "verdict", "reason"), [
    # |x|^(1/2): the left quotient −|t|^(−1/2) → −∞
    ("sqrt(Abs(x))", (), "differentiable", "the left derivative is -oo"),
    # x·sin(1/x), f(0) = 0: the quotient sin(1/t) has no limit
    ("Piecewise((x*sin(1/x), Ne(x, 0)), (0, True))", (), "differentiable",
     "the left derivative does not exist"),
    # what is undecided is named, and only that
    ("x + 1/(alpha - 1)", A, "continuous",
     "undecided: value (cannot tell whether alpha - 1 is 0"),
])
def test_a_verdict_says_why(expression, params, verdict, reason):
    assert analyze_text(expression, "0", "x", params).verdict(verdict).reason.startswith(reason)
