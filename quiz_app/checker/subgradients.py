"""Slopes at one point for functions with kinks: the convex subdifferential and Clarke's
generalized gradient at `at`.

The subdifferential here is the convex one of f near `at`: when f is convex on some
interval around `at` (continuous there, f'' ≥ 0 on each side, and the slope jumping up or
not at all), it is [f′₋(at), f′₊(at)]; when f is not convex on any interval around `at`,
it is empty ("none"). Clarke's gradient, for f Lipschitz near `at`, is the convex hull of
the values f′ clusters at from either side: [0, 1] for ReLU6 at 6, [−1, 1] for x²·sin(1/x)
at 0 (f′ = 2x·sin(1/x) − cos(1/x): the cosine sweeps [−1, 1] as x → 0).

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> subdifferential(sp.Max(0, x), x, sp.S.Reals, sp.Integer(0))[0]
    Interval(0, 1)
    >>> subdifferential(sp.Min(sp.Max(0, x), 6), x, sp.S.Reals, sp.Integer(6))[0]
    EmptySet
    >>> clarke(sp.Min(sp.Max(0, x), 6), x, sp.S.Reals, sp.Integer(6))[0]
    Interval(0, 1)
"""

from __future__ import annotations

import sympy as sp

from quiz_app.checker.eventual import Undecided
from quiz_app.checker.global_checks import (
    disagree,
    midpoint_violation,
    near_pairs,
    precise,
    slope_at,
)
from quiz_app.checker.global_pieces import (
    GlobalUndecided,
    Layout,
    constant,
    end_limit,
    guarded,
    layout,
    number_at,
    show,
)
from quiz_app.checker.onesided import eventual_sign
from quiz_app.checker.symbolic import sign_of

_T = sp.Dummy("t", positive=True)


def _around(lay: Layout, at: sp.Expr):
    """(formula left of at, formula right of at, f(at), is at a kink)."""
    x = lay.x
    for index, segment in enumerate(lay.segments):
        if segment.point is not None and sign_of(segment.point - at) == 0:
            before, after = lay.neighbours(index)
            if before is None or after is None:
                raise GlobalUndecided(f"{x} = {show(at)} is an end of the domain, not "
                                      "inside it")
            return before, after, segment.formula, True
        piece = segment.piece
        if piece is not None and (piece.low is None or sign_of(at - piece.low) == 1) and \
                (piece.high is None or sign_of(piece.high - at) == 1):
            value = guarded(lambda s=segment: s.formula.subs(x, at), "evaluate f")
            return segment, segment, value, False
    raise GlobalUndecided(f"{x} = {show(at)} is not inside the domain")


def _one_sided(lay: Layout, at: sp.Expr, slopes: bool = True):
    """f(at) and, from each side: f's limit, the slope's limit (when `slopes`)."""
    x = lay.x
    before, after, value, kink = _around(lay, at)
    if not kink:
        slope = guarded(lambda: sp.diff(before.formula, x).subs(x, at), "differentiate f")
        return before, after, value, (value, value), (slope, slope)
    limits = (end_limit(before.formula, x, before.piece, "high"),
              end_limit(after.formula, x, after.piece, "low"))
    if not slopes:
        return before, after, value, limits, ()
    found = (end_limit(sp.diff(before.formula, x), x, before.piece, "high"),
             end_limit(sp.diff(after.formula, x), x, after.piece, "low"))
    return before, after, value, limits, found


def _continuous(value, limits) -> bool:
    signs = [sign_of(value - limit) if limit not in (sp.oo, -sp.oo) else 1
             for limit in limits]
    if None in signs:
        raise GlobalUndecided("cannot tell whether f is continuous at the point")
    return all(sign == 0 for sign in signs)


def subdifferential(expr: sp.Expr, x: sp.Symbol, domain: sp.Set,
                    at: sp.Expr) -> tuple[sp.Set, list[str]]:
    lay = layout(expr, x, domain)
    before, after, value, limits, slopes = _one_sided(lay, at)
    working = [f"near {x} = {show(at)}: {before.describe()} and {after.describe()}"]
    if not _continuous(value, limits):
        working.append(f"f jumps at {show(at)}, so it is not convex near it: no "
                       "subgradients")
        return sp.S.EmptySet, working
    bends = []
    for segment, step in ((before, -1), (after, 1)):
        second = sp.diff(segment.formula, x, 2).subs(x, at + step * _T)
        try:
            bends.append(eventual_sign(second, _T))
        except Undecided as exc:
            raise GlobalUndecided(str(exc)) from None
    left, right = slopes
    if any(s in (sp.oo, -sp.oo) for s in slopes):
        raise GlobalUndecided(f"a one-sided slope at {show(at)} is infinite")
    jump = sign_of(right - left)
    if jump is None:
        raise GlobalUndecided(f"cannot compare the slopes {show(left)} and {show(right)}")
    if min(bends) < 0 or jump < 0:
        why = "f bends down on one side" if min(bends) < 0 else \
            f"the slope jumps down from {show(left)} to {show(right)}"
        working.append(f"{why}, so f is not convex near {show(at)}: no subgradients")
        return sp.S.EmptySet, working
    found = sp.Interval(left, right)
    working.append(f"f is convex near {show(at)} (f'' ≥ 0 on both sides, the slope goes "
                   f"from {show(left)} to {show(right)}), so ∂f({show(at)}) = {show(found)}")
    return found, working


@precise
def check_subdifferential(expr: sp.Expr, x: sp.Symbol, domain: sp.Set, at: sp.Expr,
                          found: sp.Set) -> None:
    """Empty: a midpoint probe near `at` shows f is not convex there. Else the one-sided
    difference quotients at 10⁻³⁰ are its ends, and f is convex at the probes near at."""
    lay = layout(expr, x, domain)
    pairs = near_pairs(lay, at)
    if found == sp.S.EmptySet:
        if not any(midpoint_violation(expr, x, u, v) for u, v in pairs):
            raise disagree(f"f is not convex near {show(at)}")
        return
    if any(midpoint_violation(expr, x, u, v) for u, v in pairs[-6:]):
        raise disagree(f"f is convex near {show(at)}")
    h = sp.Rational(1, 10**30)
    here = number_at(expr, x, at)
    for end, step in ((found.inf, -1), (found.sup, 1)):
        there = number_at(expr, x, at + step * h)
        if here is None or there is None:
            raise disagree("the one-sided slopes")
        quotient = (there - here) * step * 10**30
        target = constant(end)
        if abs(quotient - target) > 1e-6 * (1 + abs(target)):
            raise disagree(f"the one-sided slope at {show(at)} is {show(end)}")


def clarke(expr: sp.Expr, x: sp.Symbol, domain: sp.Set,
           at: sp.Expr) -> tuple[sp.Set, list[str]]:
    lay = layout(expr, x, domain)
    before, after, value, limits, _ = _one_sided(lay, at, slopes=False)
    if not _continuous(value, limits):
        raise GlobalUndecided(f"f jumps at {show(at)}: Clarke's gradient is for a function "
                              "that is Lipschitz near the point")
    ends: list[sp.Expr] = []
    working = [f"near {x} = {show(at)}: {before.describe()} and {after.describe()}"]
    for segment, step, side in ((before, -1, "left"), (after, 1, "right")):
        low, high = _cluster(sp.diff(segment.formula, x).subs(x, at + step * _T))
        ends += [low, high]
        what = show(low) if low == high else f"every value in [{show(low)}, {show(high)}]"
        working.append(f"from the {side}, f' tends to {what}")
    lowest, highest = _order(ends)
    found = sp.Interval(lowest, highest)
    working.append(f"so Clarke's gradient at {show(at)} is the hull {show(found)}")
    return found, working


def _order(ends: list) -> tuple[sp.Expr, sp.Expr]:
    ordered = sorted(ends, key=lambda e: sp.N(e, 30))
    for a, b in zip(ordered, ordered[1:]):
        if sign_of(b - a) not in (0, 1):
            raise GlobalUndecided(f"cannot order the slopes {show(a)} and {show(b)}")
    return ordered[0], ordered[-1]


def _cluster(h: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """The smallest and largest values h(t) clusters at as t → 0+: its limit, or, for one
    term c·sin(u) or c·cos(u) with u → ±oo beside terms with limits L, [L − |c|, L + |c|]."""
    found = guarded(lambda: sp.limit(h, _T, 0, "+"), "take the slope's limit")
    if not found.has(sp.AccumBounds, sp.Limit, sp.nan, sp.oo, -sp.oo, sp.zoo):
        return found, found
    if found in (sp.oo, -sp.oo, sp.zoo):
        raise GlobalUndecided("the slope is unbounded near the point, so f is not "
                              "Lipschitz there and Clarke's gradient is not defined")
    rest, waves = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand(h)):
        limit = guarded(lambda u=term: sp.limit(u, _T, 0, "+"), "take a limit")
        if limit.is_finite and not limit.has(sp.AccumBounds, sp.Limit, sp.nan):
            rest += limit
        else:
            waves.append(term)
    if len(waves) != 1:
        raise GlobalUndecided("the slope oscillates in a way whose extreme values are not "
                              "proved here")
    coefficient, wave = waves[0].as_independent(_T, as_Add=False)
    if not isinstance(wave, (sp.sin, sp.cos)) or coefficient.has(_T):
        raise GlobalUndecided(f"the slope term {show(waves[0])} oscillates, and its extreme "
                              "values are not proved here")
    speed = guarded(lambda: sp.limit(wave.args[0], _T, 0, "+"), "take a limit")
    if speed not in (sp.oo, -sp.oo):
        raise GlobalUndecided(f"the slope term {show(waves[0])} oscillates, and its extreme "
                              "values are not proved here")
    size = abs(coefficient)
    return rest - size, rest + size


@precise
def check_clarke(expr: sp.Expr, x: sp.Symbol, at: sp.Expr, found: sp.Set) -> None:
    """f' at 200 points near `at`, from both sides: inside the hull, and reaching near its
    two ends."""
    low, high = constant(found.inf), constant(found.sup)
    slopes = []
    for k in range(100):
        # 10⁻⁷ … 10⁻¹⁰: close enough that a continuous f' has settled (to f''·10⁻⁷)
        distance = sp.Rational(1000 + 37 * k, 10**(10 + k % 4))
        for step in (-1, 1):
            slope = slope_at(expr, x, at + step * distance)
            if slope is not None:
                slopes.append(slope)
    if not slopes:
        raise disagree("Clarke's gradient (no slopes near the point)")
    margin = 1e-6 * (1 + abs(low) + abs(high))
    if min(slopes) < low - margin or max(slopes) > high + margin:
        raise disagree(f"Clarke's gradient is {show(found)} (a slope lies outside)")
    reach = 0.05 * (1 + abs(low) + abs(high))
    if min(slopes) > low + reach or max(slopes) < high - reach:
        raise disagree(f"Clarke's gradient is {show(found)} (slopes do not reach its ends)")
