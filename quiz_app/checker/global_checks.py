"""Numbers from the original expression that every global decision must agree with.

A proof from the pieces is only trusted when mpmath, evaluating f as written (branches and
all) at rational points of the domain, shows nothing against it: a "convex" must survive
midpoint probes f((u + v)/2) ≤ (f(u) + f(v))/2, a "nondecreasing" must not fall between
sample points, a Lipschitz constant must bound every sampled difference quotient and be
reached, a range must hold every sampled value and its ends must be approached. A "false"
must show in numbers at its witness. Any disagreement raises GlobalUndecided.

    >>> import sympy as sp
    >>> from quiz_app.checker.global_pieces import layout
    >>> x = sp.Symbol("x", real=True)
    >>> midpoint_violation(sp.Abs(x), x, sp.Integer(-1), sp.Integer(1))
    False
    >>> midpoint_violation(-sp.Abs(x), x, sp.Integer(-1), sp.Integer(1))
    True
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from itertools import combinations

import mpmath  # type: ignore[import-untyped]
import sympy as sp

from quiz_app.checker.global_extremes import Extreme, confirm
from quiz_app.checker.global_pieces import (
    DIGITS,
    GlobalUndecided,
    Layout,
    as_number,
    constant,
    domain_points,
    number_at,
    show,
)
from quiz_app.checker.probe import evaluate

PAIR_POINTS = 24  # sample points whose pairs are probed (276 pairs)
SCALES = tuple(sp.Rational(1, 10**k) for k in (1, 2, 4, 8, 16))  # witness distances
TOLERANCE = mpmath.mpf(10) ** -25  # relative: far below any real effect at 50 digits


def precise(function):
    """Run `function` with mpmath at DIGITS + 10 digits: the comparisons of 50-digit values
    must not round to mpmath's default 15."""
    @wraps(function)
    def run(*args, **kwargs):
        with mpmath.workdps(DIGITS + 10):
            return function(*args, **kwargs)
    return run


def _tol(*numbers) -> mpmath.mpf:
    return TOLERANCE * (1 + max(abs(n) for n in numbers))


def disagree(what: str) -> GlobalUndecided:
    return GlobalUndecided(f"the proof says {what}, but numbers from f disagree, so the "
                           "claim is left undecided")


def spread(points: list, count: int = PAIR_POINTS) -> list:
    """At most `count` of the sorted points, evenly chosen, first and last included."""
    if len(points) <= count:
        return points
    step = (len(points) - 1) / (count - 1)
    return [points[round(i * step)] for i in range(count)]


@precise
def midpoint_violation(f: sp.Expr, x: sp.Symbol, u: sp.Expr, v: sp.Expr) -> bool | None:
    """f((u + v)/2) > (f(u) + f(v))/2 beyond rounding (None: not computable)."""
    values = [number_at(f, x, p) for p in (u, (u + v) / 2, v)]
    if any(n is None for n in values):
        return None
    left, middle, right = values
    average = (left + right) / 2
    return bool(middle - average > _tol(left, middle, right))


@precise
def check_convex(lay: Layout, holds: bool, witness: tuple | None) -> None:
    f, x = lay.expr, lay.x
    if holds:
        for u, v in combinations(spread(domain_points(lay)), 2):
            if midpoint_violation(f, x, u, v):
                raise disagree(f"f is convex (f at the midpoint of {show(u)} and {show(v)} "
                               "is above the chord)")
        return
    if witness is None or not any(midpoint_violation(f, x, u, v)
                                  for u, v in near_pairs(lay, witness[1])):
        raise disagree("f is not convex")


def near_pairs(lay: Layout, center: sp.Expr) -> list[tuple]:
    """Pairs u < v of domain points around `center`, at shrinking distances."""
    pairs = []
    for h in SCALES:
        for u, v in ((center - h, center + h), (center, center + 2 * h),
                     (center - 2 * h, center)):
            if all(lay.domain.contains(p) is sp.true for p in (u, v)):
                pairs.append((u, v))
    return pairs


@precise
def check_nondecreasing(lay: Layout, holds: bool, strict: bool, witness) -> None:
    f, x = lay.expr, lay.x
    if holds:
        points = domain_points(lay)
        values = [number_at(f, x, p) for p in points]
        known = [(p, n) for p, n in zip(points, values) if n is not None]
        for (p, a), (q, b) in zip(known, known[1:]):
            if a - b > _tol(a, b):
                raise disagree(f"f never falls, yet f({show(p)}) > f({show(q)})")
        return
    for u, v in near_pairs(lay, witness[1]) if witness else []:
        a, b = number_at(f, x, u), number_at(f, x, v)
        if a is None or b is None:
            continue
        if a - b > _tol(a, b) or (strict and abs(a - b) <= _tol(a, b)):
            return
    raise disagree(f"f is not {'increasing' if strict else 'nondecreasing'}")


def slope_at(f: sp.Expr, x: sp.Symbol, point: sp.Expr):
    """A central difference of f at the point (h = 10⁻²², at 60 digits), or None."""
    h, point = sp.Rational(1, 10**22), as_number(point)
    try:
        left = evaluate(f, {x: point - h}, DIGITS + 10)
        right = evaluate(f, {x: point + h}, DIGITS + 10)
    except Exception:  # (NoProbe, NotReal, arithmetic): no number here
        return None
    with mpmath.workdps(DIGITS + 10):
        return (right - left) / (2 * mpmath.mpf(10) ** -22)


@precise
def confirm_extremes(shape_extremes: list, numbers: Callable) -> None:
    """Every infimum and supremum the proof used is where the numbers put it."""
    for extreme, formula, piece in shape_extremes:
        assert isinstance(extreme, Extreme)
        if not confirm(extreme, numbers, piece):
            raise disagree(f"f's formula {show(formula)} reaches {show(extreme.value)}")


@precise
def check_lipschitz(lay: Layout, value: sp.Expr, shape_extremes: list, witness) -> None:
    f, x = lay.expr, lay.x
    if witness is not None:  # a jump: quotients across it blow up
        point = witness[1]
        here = number_at(f, x, point)
        for h in (sp.Rational(1, 10**30), -sp.Rational(1, 10**30)):
            there = number_at(f, x, point + h)
            if lay.domain.contains(point + h) is sp.true and here is not None \
                    and there is not None and abs(there - here) * 10**30 > 10**10:
                return
        raise disagree(f"f jumps at {show(point)}")
    confirm_extremes([item for item in shape_extremes],
                     lambda p: slope_at(f, x, p))
    if value == sp.oo:
        return
    bound = constant(value)
    points = spread(domain_points(lay))
    values = {p: number_at(f, x, p) for p in points}
    for u, v in combinations(points, 2):
        a, b = values[u], values[v]
        if a is None or b is None:
            continue
        quotient = abs(a - b) / abs(constant(u - v))
        if quotient - bound > _tol(quotient, bound) * 10**5:
            raise disagree(f"the smallest Lipschitz constant is {show(value)} "
                           f"(|f({show(u)}) − f({show(v)})| is larger)")


@precise
def check_range(lay: Layout, value: sp.Set, shape_extremes: list) -> None:
    f, x = lay.expr, lay.x
    confirm_extremes(shape_extremes, lambda p: number_at(f, x, p))
    low, high = value.inf, value.sup
    for point in domain_points(lay):
        number = number_at(f, x, point)
        if number is None:
            raise disagree(f"f is real on the domain (not at {show(point)})")
        if (low != -sp.oo and number < constant(low) - _tol(number)) or \
                (high != sp.oo and number > constant(high) + _tol(number)):
            raise disagree(f"the range is {show(value)} (f({show(point)}) is outside)")


@precise
def check_bounded(lay: Layout, holds: bool, below: bool, witness) -> None:
    """A false "bounded" shows: f heads off to ∓oo at the end the proof names."""
    if holds:
        return
    _, piece, side = witness
    extreme = Extreme(-sp.oo if below else sp.oo, False, end=side)
    if not confirm(extreme, lambda p: number_at(lay.expr, lay.x, p), piece):
        raise disagree(f"f is not bounded {'below' if below else 'above'}")


@precise
def check_equal_at(f: sp.Expr, g: sp.Expr, x: sp.Symbol, points: list, holds: bool,
                   witness: sp.Expr | None, inner: sp.Expr | None = None) -> None:
    """f = g at every sample point (holds), or f ≠ g at the witness. With `inner`, the
    left side is f(inner(x)), computed from the number inner(x) (sympy's own f(inner)
    may hold conditions the probe cannot read)."""
    def left(point):
        if inner is None:
            return number_at(f, x, point)
        middle = number_at(inner, x, point)
        return None if middle is None else number_at(f, x, sp.Float(str(middle), DIGITS))

    if not holds:
        a, b = left(witness), number_at(g, x, witness)
        if a is None or b is None or abs(a - b) <= _tol(a, b):
            raise disagree(f"f differs at {x} = {show(witness)}")
        return
    for point in points:
        a, b = left(point), number_at(g, x, point)
        if a is None or b is None:
            continue
        if abs(a - b) > _tol(a, b) * 10**5:
            raise disagree(f"they are equal (not at {x} = {show(point)})")
