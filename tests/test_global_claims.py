"""Global claims (quiz_app/checker/global_claims.py) against the held-out table
tests/data/global_cases.py: every verdict is the hand-derived one or undecided, never
wrong; and every expectation of the table is itself confirmed by numbers computed from the
definition here (mpmath on a grid, quadrature), independent of the checker's proofs."""

from __future__ import annotations

import statistics
import time
from collections import defaultdict

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_app.checker.expr import ExpressionError, parse_expression, variable_symbol
from quiz_app.checker.global_claims import (
    GLOBAL_CLAIMS,
    GlobalClaimError,
    IntervalError,
    UnknownGlobalClaim,
    compute_global,
    decide_global,
    parse_domain,
    parse_interval,
)
from quiz_app.checker.global_pieces import GlobalUndecided, layout
from quiz_app.checker.global_shape import convex
from quiz_app.checker.probe import evaluate
from tests.data.global_cases import CASES, Case

x = variable_symbol("x")
GRID = [sp.Rational(k, 20) for k in range(-200, 201)] + \
    [sp.Integer(s * n) for s in (-1, 1) for n in (15, 20, 25, 30)] + \
    [k + s * sp.Rational(1, 10**e) for k in range(-6, 7) for s in (-1, 1) for e in (6, 9)]
FAR = [sp.Integer(s * n) for s in (-1, 1) for n in (10**3, 10**6)]
RESULTS: dict[str, list] = defaultdict(list)  # claim -> [(verdict, seconds, case)]


def f_of(case: Case) -> sp.Expr:
    return parse_expression(case.f)


def domain_of(case: Case) -> sp.Set:
    return parse_domain(case.domain) if case.domain else sp.S.Reals


def value(expr, point):
    try:
        with mpmath.workdps(50):
            return evaluate(expr, {x: point}, 50)
    except Exception:
        return None


def points_in(domain: sp.Set, extra=()) -> list:
    near = []
    for end, step in ((domain.inf, 1), (domain.sup, -1)):
        if end not in (sp.oo, -sp.oo):
            near += [end + step * sp.Rational(1, 10**k) for k in (3, 6, 12)] + [end]
    points = sorted(set(GRID) | set(near) | set(extra), key=float)
    return [p for p in points if domain.contains(p) is sp.true]


# --- the numeric oracle: what numbers from the definition say about each claim --------------
TOL = mpmath.mpf(10) ** -30


def numeric_truth(case: Case) -> bool:
    f, domain, claim = f_of(case), domain_of(case), case.claim
    with mpmath.workdps(50):
        if claim in ("convex", "concave"):
            sign = 1 if claim == "convex" else -1
            return (not _midpoint_fails(sign * f, domain)) == case.claimed
        if claim in ("nondecreasing", "increasing", "nonincreasing", "decreasing"):
            sign = 1 if claim in ("nondecreasing", "increasing") else -1
            return _monotone(sign * f, domain, strict=claim in ("increasing", "decreasing")) \
                == case.claimed
        if claim in ("bounded_below", "bounded_above"):
            sign = 1 if claim == "bounded_below" else -1
            values = [value(sign * f, p) for p in points_in(domain, FAR + _tiny(domain))]
            return (min(v for v in values if v is not None) > -1000) == case.claimed
        if claim == "lipschitz":
            return _lipschitz(f, domain, parse_expression(str(case.claimed)))
        if claim == "range":
            return _range(f, domain, parse_interval(str(case.claimed)))
        if claim == "positively_homogeneous":
            return _homogeneous(f, domain) == case.claimed
        if claim == "idempotent":
            return _same(f.subs(x, f), f, domain) == case.claimed
        if claim == "equals":
            return _same(f, parse_expression(str(case.claimed)), domain)
        if claim in ("subdifferential", "subgradient"):
            return _subdifferential(f, parse_expression(case.at), case)
        if claim == "clarke":
            return _clarke(f, parse_expression(case.at), parse_interval(str(case.claimed)))
        if claim == "expectation":
            return _expectation(f, parse_expression(str(case.claimed)))
        if claim == "probability_zero":
            return _probability_zero(f, parse_expression(str(case.claimed)))
    raise AssertionError(claim)


def _tiny(domain):
    return [domain.inf + sp.Rational(1, 10**1000)] if domain.inf not in (-sp.oo,) else []


def _midpoint_fails(f, domain) -> bool:
    points = points_in(domain)
    values = {p: value(f, p) for p in points}
    for h_steps in (1, 5, 40):
        for i in range(h_steps, len(points) - h_steps):
            u, m, v = points[i - h_steps], points[i], points[i + h_steps]
            if m - u != v - m:
                continue
            a, b, c = values[u], values[m], values[v]
            if None not in (a, b, c) and b - (a + c) / 2 > TOL * (1 + abs(b)):
                return True
    return False


def _monotone(f, domain, strict) -> bool:
    values = [value(f, p) for p in points_in(domain)]
    values = [v for v in values if v is not None]
    steps = [b - a for a, b in zip(values, values[1:])]
    if strict:
        return all(s > 0 for s in steps)
    return all(s >= -TOL for s in steps)


def _lipschitz(f, domain, claimed) -> bool:
    points = points_in(domain, FAR)
    values = [(p, value(f, p)) for p in points]
    quotients = [abs(b - a) / abs(evaluate(q - p, {}, 50))
                 for (p, a), (q, b) in zip(values, values[1:]) if None not in (a, b)]
    biggest = max(quotients)
    if claimed == sp.oo:
        return biggest > 100
    bound = evaluate(claimed, {}, 50)
    return bool(biggest <= bound * (1 + 1e-9) + 1e-20 and biggest >= bound * (1 - 1e-2))


def _range(f, domain, claimed) -> bool:
    every = [v for v in (value(f, p) for p in points_in(domain, FAR + _tiny(domain)))
             if v is not None]
    values = [v for v in (value(f, p) for p in points_in(domain)) if v is not None]
    # (ends are hit only on the grid: far out, 50 digits round e⁻¹⁰⁰⁰⁰⁰⁰ − 1 to −1)

    def hit(end):
        target = evaluate(end, {}, 50)
        return any(abs(v - target) < mpmath.mpf(10) ** -40 for v in values)

    if isinstance(claimed, sp.FiniteSet):
        targets = [evaluate(e, {}, 50) for e in claimed]
        return all(any(abs(v - t) < TOL for t in targets) for v in values) and all(
            hit(e) for e in claimed)
    for end, seen, side in ((claimed.inf, min(every), -1), (claimed.sup, max(every), 1)):
        if end in (sp.oo, -sp.oo):
            if side * seen < 10:
                return False
            continue
        target = evaluate(end, {}, 50)
        if abs(seen - target) > 1e-5:
            return False
        is_open = claimed.left_open if side < 0 else claimed.right_open
        if hit(end) == is_open:
            return False
    middle = sorted(v for v in values if -3 <= v <= 3)  # an interval has no holes
    return all(b - a < 1 for a, b in zip(middle, middle[1:]))


def _homogeneous(f, domain) -> bool:
    for p in points_in(domain)[::7]:
        for c in (sp.Rational(1, 2), sp.Integer(2), sp.Integer(3)):
            if domain.contains(c * p) is not sp.true:
                continue
            a, b = value(f, c * p), value(f, p)
            if a is None or b is None or abs(a - c * b) > TOL * (1 + abs(a)):
                return False
    return True


def _same(f, g, domain) -> bool:
    for p in points_in(domain):
        a, b = value(f, p), value(g, p)
        if a is None or b is None or abs(a - b) > TOL * (1 + abs(a)):
            return False
    return True


def _subdifferential(f, at, case: Case) -> bool:
    """Convex near at (midpoint probes at shrinking scales) with one-sided quotients at
    10⁻³⁰ for its ends; else empty."""
    convex_near = True
    for k in range(2, 10):
        h = sp.Rational(1, 10**k)
        for u, v in ((at - h, at + h), (at - 2 * h, at), (at, at + 2 * h)):
            a, m, b = value(f, u), value(f, (u + v) / 2), value(f, v)
            if m - (a + b) / 2 > TOL:
                convex_near = False
    h = sp.Rational(1, 10**30)
    here = value(f, at)
    low = (here - value(f, at - h)) * 10**30
    high = (value(f, at + h) - here) * 10**30
    if case.claim == "subgradient":
        slope = evaluate(parse_expression(str(case.claimed)), {}, 50)
        inside = convex_near and low - 1e-9 <= slope <= high + 1e-9
        return bool(inside)
    claimed = sp.S.EmptySet if str(case.claimed) == "none" else \
        parse_interval(str(case.claimed))
    if not convex_near or claimed == sp.S.EmptySet:
        return (not convex_near) == (claimed == sp.S.EmptySet)
    if isinstance(claimed, sp.FiniteSet) and len(claimed) > 1:
        return False  # not an interval
    return abs(evaluate(claimed.inf, {}, 50) - low) < 1e-9 and \
        abs(evaluate(claimed.sup, {}, 50) - high) < 1e-9


def _clarke(f, at, claimed) -> bool:
    slopes = []
    for k in range(300):
        distance = sp.Rational(1000 + 37 * k, 10**(6 + k % 5))
        for step in (-1, 1):
            p, h = at + step * distance, sp.Rational(1, 10**25)
            a, b = value(f, p - h), value(f, p + h)
            slopes.append((b - a) / (2 * mpmath.mpf(10) ** -25))
    low, high = min(slopes), max(slopes)
    width = 0.02 * (1 + abs(low) + abs(high))
    return abs(low - evaluate(claimed.inf, {}, 50)) < width and \
        abs(high - evaluate(claimed.sup, {}, 50)) < width


def _expectation(f, claimed) -> bool:
    def integrand(t):
        return value(f, sp.Float(str(t), 40)) * mpmath.npdf(t)

    with mpmath.workdps(30):
        found = mpmath.quad(integrand, [-mpmath.inf, -3, -1, 0, 1, 2, 3, 6, mpmath.inf])
        return bool(abs(found - evaluate(claimed, {}, 30)) < 1e-10)


def _probability_zero(f, claimed) -> bool:
    mass, step = mpmath.mpf(0), sp.Rational(1, 50)
    for k in range(-400, 400):
        a = k * step
        if value(f, a + step / 2) == 0:
            mass += mpmath.ncdf(float(a + step)) - mpmath.ncdf(float(a))
    return bool(abs(mass - evaluate(claimed, {}, 30)) < 0.01)


# --- the table ---------------------------------------------------------------------------------
def test_the_table_is_large_and_covers_every_claim():
    assert len(CASES) >= 150
    assert {case.claim for case in CASES} == set(GLOBAL_CLAIMS)
    assert len({case.label for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_each_expectation_is_confirmed_by_numbers(case: Case):
    assert numeric_truth(case) == case.holds, case.why


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_each_verdict_is_right_or_undecided(case: Case):
    started = time.perf_counter()
    verdict = decide_global(case.claim, f_of(case), x, case.claimed,
                            domain=domain_of(case), at=case.at)
    RESULTS[case.claim].append((verdict.holds, time.perf_counter() - started, case))
    assert verdict.holds in (case.holds, None), (case.why, verdict)
    if verdict.holds is None:
        assert verdict.reason  # undecided always says why
        assert not case.linear, f"a piecewise-linear case is undecided: {verdict.reason}"


def test_how_many_are_decided_and_how_fast():
    """Runs after the table (pytest keeps file order with -n 0); prints the counts."""
    if not RESULTS:
        for case in CASES:
            test_each_verdict_is_right_or_undecided(case)
    total = undecided = 0
    for claim in GLOBAL_CLAIMS:
        rows = RESULTS[claim]
        times = sorted(seconds for _, seconds, _ in rows)
        open_ = [case.label for holds, _, case in rows if holds is None]
        total += len(rows)
        undecided += len(open_)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0
        print(f"{claim:24} cases {len(rows):3}  undecided {len(open_):2}  "
              f"p50 {statistics.median(times) if times else 0:.3f}s  p95 {p95:.3f}s  {open_}")
    print(f"total {total}, undecided {undecided}")
    assert undecided <= 0.10 * total


# --- the API's edges ---------------------------------------------------------------------------
def test_an_unknown_claim_lists_the_valid_names():
    with pytest.raises(UnknownGlobalClaim) as caught:
        decide_global("subgradiant", x, x, "0", at=0)
    assert "subgradient" in str(caught.value) and "convex" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_claims_are_typed_once():
    assert len(GLOBAL_CLAIMS) == 18 and "probability_zero" in GLOBAL_CLAIMS


@pytest.mark.parametrize(("text", "expected"), [
    ("[0, oo)", sp.Interval(0, sp.oo)),
    ("(0, oo)", sp.Interval.open(0, sp.oo)),
    ("(-1, 1]", sp.Interval.Lopen(-1, 1)),
    ("(-oo, oo)", sp.S.Reals),
    ("[0, 6]", sp.Interval(0, 6)),
    ("{0}", sp.FiniteSet(0)),
    ("[Max(1, 2), 3]", sp.Interval(2, 3)),
    ("none", sp.S.EmptySet),
])
def test_intervals_are_read(text, expected):
    assert parse_interval(text) == expected


@pytest.mark.parametrize(("text", "says"), [
    ("[0, oo]", "infinite end"),
    ("0, 1", "must start with"),
    ("[0, 1, 2]", "exactly two ends"),
    ("[2, 1]", "must not be larger"),
    ("[x, 1]", "not a real number"),
    ("[__import__('os'), 1]", "not a number"),
    ("[0 1]", "exactly two ends"),
])
def test_interval_errors_say_what_is_wrong(text, says):
    with pytest.raises(IntervalError) as caught:
        parse_interval(text)
    assert says in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_domains_as_conditions():
    assert parse_domain("x > 0") == sp.Interval.open(0, sp.oo)
    assert parse_domain("[0, oo)") == sp.Interval(0, sp.oo)


def test_malformed_claims_are_errors():
    with pytest.raises(GlobalClaimError):
        decide_global("convex", x, x, "yes")
    with pytest.raises(GlobalClaimError):
        decide_global("subdifferential", x, x, "[0, 1]")  # no point
    with pytest.raises(GlobalClaimError):
        compute_global("convex", x, x)


def test_values_are_computed_for_answer_fact():
    relu = sp.Max(0, x)
    assert compute_global("lipschitz", relu, x)[0] == 1
    assert compute_global("range", sp.Min(relu, 6), x)[0] == sp.Interval(0, 6)
    assert compute_global("probability_zero", relu, x)[0] == sp.Rational(1, 2)
    assert compute_global("clarke", sp.Min(relu, 6), x, at=6)[0] == sp.Interval(0, 1)
    value, reason = compute_global("lipschitz", x * relu, x, domain="x > 0")
    assert value == sp.oo
    value, reason = compute_global("expectation", relu, x, domain="x > 0")
    assert value is None and "whole line" in reason


def test_the_proof_is_in_student_words():
    verdict = decide_global("convex", sp.Max(0, x), x, True)
    assert verdict.holds is True
    text = " ".join(verdict.working)
    assert "0 on x < 0" in text and "x on x > 0" in text and "jumps up" in text
    wrong = decide_global("convex", sp.Min(sp.Max(0, x), 6), x, True)
    assert wrong.holds is False and "jumps down" in wrong.reason


def test_parameters_are_undecided():
    a = sp.Symbol("a", positive=True)
    verdict = decide_global("convex", sp.Max(a * x, x), x, True)
    assert verdict.holds is None and "parameter" in verdict.reason


def test_numbers_that_disagree_make_it_undecided(monkeypatch):
    """A proof the numbers contradict is never reported: here the symbolic join is made to
    say "convex" for ReLU6, and the midpoint probes catch it."""
    from quiz_app.checker import global_shape

    real = global_shape.convex

    def lying(lay):
        shape = real(lay)
        shape.holds, shape.witness = True, None
        return shape

    monkeypatch.setattr(global_shape, "convex", lying)
    verdict = decide_global("convex", sp.Min(sp.Max(0, x), 6), x, True)
    assert verdict.holds is None and "numbers" in verdict.reason


def test_the_joining_rule_directly():
    """A convex function's slope may only jump up; a jump in value inside is never convex."""
    assert convex(layout(sp.Max(0, x), x)).holds is True
    assert convex(layout(sp.Min(0, x), x)).holds is False
    assert convex(layout(sp.Heaviside(x), x)).holds is False
    # a jump up at a closed end keeps convexity; a jump down does not
    end_up = sp.Piecewise((1, sp.Eq(x, 0)), (x, True))
    assert convex(layout(end_up, x, sp.Interval(0, 1))).holds is True
    end_down = sp.Piecewise((-1, sp.Eq(x, 0)), (x, True))
    assert convex(layout(end_down, x, sp.Interval(0, 1))).holds is False


def test_what_cannot_be_laid_out_is_undecided():
    with pytest.raises(GlobalUndecided):
        layout(sp.Max(0, sp.sin(x)), x)  # infinitely many kinks
    verdict = decide_global("convex", sp.Max(0, sp.sin(x)), x, True)
    assert verdict.holds is None and verdict.reason


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[](){},-+*/. 0123456789xoainfpsqrt<>=!", max_size=30) | st.text())
def test_interval_and_domain_texts_parse_or_are_refused_clearly(text):
    """Any text: a sympy set, or IntervalError / ExpressionError with a message."""
    for parse in (parse_interval, parse_domain):
        try:
            found = parse(text, "x")
        except (IntervalError, ExpressionError) as refused:
            assert str(refused)
        else:
            assert isinstance(found, sp.Set)
