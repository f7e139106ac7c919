"""Shape on the whole domain: convex, nondecreasing / increasing, the smallest Lipschitz
constant, the exact range, and bounds, decided piece by piece and joined at the kinks.

Each decision is the proof in student words (`working`), and a false one comes with a
witness the caller checks in numbers: for convexity a pair u < v with
f((u + v)/2) > (f(u) + f(v))/2, for monotonicity a pair u < v with f(u) > f(v).

    >>> import sympy as sp
    >>> from quiz_app.checker.global_pieces import layout
    >>> x = sp.Symbol("x", real=True)
    >>> convex(layout(sp.Max(0, x), x)).holds
    True
    >>> convex(layout(sp.Min(sp.Max(0, x), 6), x)).holds
    False
    >>> lipschitz(layout(sp.Max(x / 10, x), x)).value
    1
    >>> value_range(layout(sp.log(1 + sp.exp(x)), x)).value
    Interval.open(0, oo)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from quiz_app.checker.global_extremes import Extreme, extremes
from quiz_app.checker.global_pieces import (
    GlobalUndecided,
    Layout,
    Segment,
    end_limit,
    guarded,
    show,
    sign_on,
    where,
)
from quiz_app.checker.symbolic import sign_of


@dataclass
class Shape:
    """A decision (holds) or a value, the proof in words, and for a false decision the
    points where numbers must show it: ("midpoint", c) near c, ("order", c) near c."""

    holds: bool | None = None
    value: sp.Expr | None = None
    working: list[str] = field(default_factory=list)
    witness: tuple | None = None
    extremes: list = field(default_factory=list)  # (Extreme, formula, piece) to confirm


def _proved_sign(value: sp.Expr, what: str) -> int:
    if value == sp.oo:
        return 1
    if value == -sp.oo:
        return -1
    sign = sign_of(value)
    if sign is None:
        raise GlobalUndecided(f"cannot prove the sign of {show(value)} ({what})")
    return sign


def _sides(lay: Layout, index: int):
    """f's limits from the piece before and after the point segments[index] (None where
    the domain stops)."""
    before, after = lay.neighbours(index)
    left = end_limit(before.formula, lay.x, before.piece, "high") \
        if before is not None and before.piece is not None else None
    right = end_limit(after.formula, lay.x, after.piece, "low") \
        if after is not None and after.piece is not None else None
    return before, after, left, right


def _slope(segment: Segment, lay: Layout, side: str) -> sp.Expr:
    assert segment.piece is not None
    return end_limit(sp.diff(segment.formula, lay.x), lay.x, segment.piece, side)


def convex(lay: Layout) -> Shape:
    """Convex on the domain: each piece has f'' ≥ 0, f is continuous inside the domain (at
    a closed end it may only jump up), and at each kink the slope jumps up (or not at all)."""
    x, shape = lay.x, Shape()
    for index, segment in enumerate(lay.segments):
        if segment.piece is not None:
            second = sp.diff(segment.formula, x, 2)
            sign = sign_on(second, x, segment.piece)
            if sign.kind in ("neg", "mixed"):
                point = sign.negative if sign.kind == "mixed" else segment.piece.inside()
                shape.working.append(f"on {where(segment.piece, x)}, f = "
                                     f"{show(segment.formula)} has f'' = {show(second)} < 0 "
                                     f"at {x} = {show(point)}: it bends down there")
                return _no(shape, ("midpoint", point), "so f is not convex")
            bends = "is 0" if sign.kind == "zero" else "≥ 0"
            shape.working.append(f"{segment.describe()}: f'' {bends}")
            continue
        point, value = segment.point, segment.formula
        before, after, left, right = _sides(lay, index)
        for limit, side in ((left, "left"), (right, "right")):
            if limit is None:
                continue
            gap = _proved_sign(value - limit, f"f({show(point)}) against its {side} limit")
            inner = before is not None and after is not None
            if (gap != 0 and inner) or (not inner and gap < 0):
                shape.working.append(f"at {x} = {show(point)}, f = {show(value)} but f tends "
                                     f"to {show(limit)} from the {side}: a jump "
                                     f"{'inside' if inner else 'down at the end of'} the "
                                     "domain")
                return _no(shape, ("midpoint", point), "so f is not convex")
        if before is None or after is None or before.piece is None or after.piece is None:
            continue
        slope_left, slope_right = _slope(before, lay, "high"), _slope(after, lay, "low")
        jump = _proved_sign(slope_right - slope_left, f"the slope jump at {show(point)}")
        if jump < 0:
            shape.working.append(f"at {x} = {show(point)} the slope jumps down from "
                                 f"{show(slope_left)} to {show(slope_right)}")
            return _no(shape, ("midpoint", point), "so f is not convex")
        how = "jumps up" if jump > 0 else "does not change"
        shape.working.append(f"at {x} = {show(point)} f is continuous and the slope {how} "
                             f"(from {show(slope_left)} to {show(slope_right)})")
    shape.holds = True
    shape.working.append("so f is convex")
    return shape


def _no(shape: Shape, witness: tuple, conclusion: str) -> Shape:
    shape.holds, shape.witness = False, witness
    shape.working.append(conclusion)
    return shape


def nondecreasing(lay: Layout, strict: bool = False) -> Shape:
    """f' ≥ 0 on each piece (> 0 but at isolated points when strict), and at each point
    f(left) ≤ f(point) ≤ f(right) with the limits from the neighbouring pieces."""
    x, shape = lay.x, Shape()
    name = "increasing" if strict else "nondecreasing"
    for index, segment in enumerate(lay.segments):
        if segment.piece is not None:
            slope = sp.diff(segment.formula, x)
            sign = sign_on(slope, x, segment.piece)
            bad = ("neg", "mixed", "zero") if strict else ("neg", "mixed")
            if sign.kind in bad:
                point = sign.negative if sign.kind == "mixed" else segment.piece.inside()
                said = "is 0: f is constant" if sign.kind == "zero" else "< 0: f falls"
                shape.working.append(f"on {where(segment.piece, x)}, f' = {show(slope)} "
                                     f"{said} near {x} = {show(point)}")
                return _no(shape, ("order", point), f"so f is not {name}")
            rises = "f' = 0" if sign.kind == "zero" else "f' > 0 but at isolated points" \
                if sign.zeros else "f' > 0"
            shape.working.append(f"{segment.describe()}: {rises}")
            continue
        point, value = segment.point, segment.formula
        _, _, left, right = _sides(lay, index)
        for limit, sign_needed, side in ((left, 1, "left"), (right, -1, "right")):
            if limit is None:
                continue
            gap = _proved_sign(value - limit, f"f({show(point)}) against its {side} limit")
            if gap * sign_needed < 0:
                shape.working.append(f"at {x} = {show(point)}, f = {show(value)} but f tends "
                                     f"to {show(limit)} from the {side}: it jumps down")
                return _no(shape, ("order", point), f"so f is not {name}")
        shape.working.append(f"at {x} = {show(point)}: f = {show(value)}, no jump down")
    shape.holds = True
    shape.working.append(f"so f is {name}")
    return shape


def continuous_joins(lay: Layout, shape: Shape) -> bool:
    """Whether f is continuous at every point segment (from each side the domain has)."""
    x = lay.x
    for index, segment in enumerate(lay.segments):
        if segment.piece is not None:
            continue
        _, _, left, right = _sides(lay, index)
        for limit, side in ((left, "left"), (right, "right")):
            if limit is not None and _proved_sign(segment.formula - limit, "a jump") != 0:
                shape.working.append(f"f jumps at {x} = {show(segment.point)}: "
                                     f"f = {show(segment.formula)}, but tends to "
                                     f"{show(limit)} from the {side}")
                shape.witness = ("jump", segment.point)
                return False
    return True


def lipschitz(lay: Layout) -> Shape:
    """The smallest Lipschitz constant: oo when f jumps; else the supremum of |f'| over the
    pieces (f is continuous and piecewise smooth, so |f(u) − f(v)| ≤ sup|f'|·|u − v|)."""
    shape = Shape()
    if not continuous_joins(lay, shape):
        shape.value = sp.oo
        shape.working.append("a jump: no constant bounds |f(u) − f(v)|/|u − v|")
        return shape
    best: sp.Expr = sp.Integer(0)
    for segment in lay.pieces:
        assert segment.piece is not None
        slope = sp.diff(segment.formula, lay.x)
        low, high = extremes(slope, lay.x, segment.piece)
        shape.extremes += [(low, slope, segment.piece), (high, slope, segment.piece)]
        steepest = _larger(high.value, -low.value)
        shape.working.append(f"{segment.describe()}: f' = {show(slope)}, so "
                             f"sup|f'| = {show(steepest)} there")
        best = _larger(best, steepest)
    shape.value = best
    shape.working.append(f"so the smallest Lipschitz constant is {show(best)}")
    return shape


def _larger(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    if sp.oo in (a, b):
        return sp.oo
    return a if _proved_sign(a - b, "comparing slopes") >= 0 else b


def value_range(lay: Layout) -> Shape:
    """The image: on each piece the interval between its infimum and supremum (closed at
    an end f takes), joined with f's values at the points."""
    shape, parts = Shape(), []
    for segment in lay.segments:
        if segment.piece is None:
            parts.append(sp.FiniteSet(segment.formula))
            shape.working.append(segment.describe())
            continue
        low, high = extremes(segment.formula, lay.x, segment.piece)
        shape.extremes += [(low, segment.formula, segment.piece),
                           (high, segment.formula, segment.piece)]
        image = _image(low, high)
        parts.append(image)
        shape.working.append(f"{segment.describe()}: takes {show(image)}"
                             f"{_extreme_words(low, high)}")
    shape.value = sp.Union(*parts) if parts else sp.S.EmptySet
    shape.working.append(f"so the range is {show(shape.value)}")
    return shape


def _image(low: Extreme, high: Extreme) -> sp.Set:
    if low.attained and high.attained and low.value == high.value:
        return sp.FiniteSet(low.value)
    return sp.Interval(low.value, high.value, not low.attained, not high.attained)


def _extreme_words(low: Extreme, high: Extreme) -> str:
    words = []
    for extreme, name in ((low, "lowest"), (high, "highest")):
        if extreme.attained:
            words.append(f"{name} value {show(extreme.value)} at {show(extreme.where)}")
        elif extreme.value in (sp.oo, -sp.oo):
            words.append(f"unbounded towards the {extreme.end} end")
        else:
            words.append(f"tends to {show(extreme.value)} at the {extreme.end} end "
                         "without reaching it")
    return " (" + "; ".join(words) + ")"


def bounded(lay: Layout, below: bool) -> Shape:
    """Bounded below (above): every piece's limits at its ends are finite or +oo (−oo),
    and f is continuous on each piece, so it is bounded there."""
    x, shape, bad = lay.x, Shape(), -sp.oo if below else sp.oo
    for segment in lay.pieces:
        assert segment.piece is not None
        for side in ("low", "high"):
            limit = end_limit(segment.formula, x, segment.piece, side)
            if limit == bad:
                shape.working.append(f"{segment.describe()}: f tends to {show(bad)} at its "
                                     f"{side} end")
                shape.witness = ("end", segment.piece, side)
                shape.holds = False
                return shape
        shape.working.append(f"{segment.describe()}: continuous, with limits at both ends "
                             f"that are not {show(bad)}")
    shape.holds = True
    shape.working.append(f"so f is bounded {'below' if below else 'above'}")
    return shape


def decide_shape(name: str, lay: Layout) -> Shape:
    """The shape claim `name` on a layout (concave and nonincreasing through −f, which the
    caller lays out)."""
    if name == "convex":
        return convex(lay)
    if name in ("nondecreasing", "increasing"):
        return nondecreasing(lay, strict=name == "increasing")
    if name == "lipschitz":
        return lipschitz(lay)
    if name == "range":
        return value_range(lay)
    if name in ("bounded_below", "bounded_above"):
        return bounded(lay, below=name == "bounded_below")
    raise GlobalUndecided(f"no shape rule for {name}")


__all__ = ["Shape", "decide_shape", "guarded"]
