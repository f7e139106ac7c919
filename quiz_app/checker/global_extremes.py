"""How far a smooth formula reaches over an open piece: its infimum and supremum, whether
each is attained, and where (a point, or an end it is approached at), from the sign of its
derivative (monotone: the ends) or its critical points (`global_pieces.sign_on` found them).

    >>> import sympy as sp
    >>> from quiz_app.checker.regions import Piece
    >>> x = sp.Symbol("x", real=True)
    >>> low, high = extremes(sp.log(1 + sp.exp(x)), x, Piece(None, None))
    >>> (low.value, low.attained, high.value)
    (0, False, oo)
    >>> low, high = extremes(x**2 - 2*x, x, Piece(None, None))
    >>> (low.value, low.attained, low.where)
    (-1, True, 1)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from quiz_app.checker.global_pieces import (
    GlobalUndecided,
    constant,
    end_limit,
    guarded,
    show,
    sign_on,
)
from quiz_app.checker.regions import Piece
from quiz_app.checker.symbolic import sign_of

# How close to an end a limit is confirmed by numbers (a finite end: 10⁻ᵏ away; an
# infinite one: that far out).
NEAR_END = (10**4, 10**8, 10**16)


@dataclass(frozen=True)
class Extreme:
    """An infimum or supremum: the value (maybe ±oo), whether f takes it, and where it is
    taken (a point) or approached (`end`: "low" or "high")."""

    value: sp.Expr
    attained: bool
    where: sp.Expr | None = None
    end: str | None = None


def extremes(h: sp.Expr, x: sp.Symbol, piece: Piece) -> tuple[Extreme, Extreme]:
    """(inf, sup) of the smooth h over the open piece."""
    if not h.has(x):
        point = piece.inside()
        return Extreme(h, True, point), Extreme(h, True, point)
    slope = sign_on(sp.diff(h, x), x, piece)
    low = Extreme(end_limit(h, x, piece, "low"), False, end="low")
    high = Extreme(end_limit(h, x, piece, "high"), False, end="high")
    if slope.kind == "zero":
        value = sp.simplify(h.subs(x, piece.inside()))
        point = piece.inside()
        return Extreme(value, True, point), Extreme(value, True, point)
    if slope.kind == "pos":
        return low, high
    if slope.kind == "neg":
        return high, low
    if not slope.zeros:
        raise GlobalUndecided(f"sympy cannot find where the slope of {show(h)} is 0, so "
                              "its smallest and largest values are not proved")
    inside = [Extreme(guarded(lambda z=z: sp.simplify(h.subs(x, z)), "evaluate f"), True, z)
              for z in slope.zeros]
    candidates = [low, high, *inside]
    return _pick(candidates, -1), _pick(candidates, 1)


def _pick(candidates: list[Extreme], direction: int) -> Extreme:
    """The largest (direction 1) or smallest (-1) candidate, proved; attained if any of
    the candidates equal to it is."""
    def key(candidate: Extreme):
        return direction * sp.N(candidate.value, 30)

    ordered = sorted(candidates, key=key, reverse=True)
    best = ordered[0]
    attained = best.attained
    for other in ordered[1:]:
        gap = _difference(best.value, other.value)
        if gap is None:
            raise GlobalUndecided(f"cannot prove which of {show(best.value)} and "
                                  f"{show(other.value)} is larger")
        if gap == 0:
            attained = attained or other.attained
            if other.attained and not best.attained:
                best = other
        elif gap * direction < 0:
            raise GlobalUndecided("the numbers and the proof disagree on the order of "
                                  f"{show(best.value)} and {show(other.value)}")
    return Extreme(best.value, attained, best.where, best.end if not attained else None)


def _difference(a: sp.Expr, b: sp.Expr) -> int | None:
    if a == b:
        return 0
    if a in (sp.oo, -sp.oo) or b in (sp.oo, -sp.oo):
        return 1 if a == sp.oo or b == -sp.oo else -1
    return sign_of(a - b)


def confirm(extreme: Extreme, numbers: Callable, piece: Piece) -> bool:
    """Numbers agree: `numbers(point)` (h in mpmath, or None) where the extreme is taken is
    its value, or at points closing in on the end where it is approached it tends to its
    value (beyond ±1000, or still growing, for ±oo)."""
    value = extreme.value
    if extreme.where is not None and extreme.end is None:
        return _near(numbers(extreme.where), value)
    end = piece.low if extreme.end == "low" else piece.high
    step = 1 if extreme.end == "low" else -1
    if end is None:
        points = [sp.Integer(-step * n) for n in NEAR_END]
    else:
        points = [end + step * sp.Rational(1, n) for n in NEAR_END]
    found = [numbers(p) for p in points]
    if any(n is None for n in found):
        return False
    if value in (sp.oo, -sp.oo):
        sign = 1 if value == sp.oo else -1
        return bool(sign * found[-1] > 1000 or sign * found[-1] > sign * found[0] + 1)
    target = constant(value)
    gaps = [abs(n - target) for n in found]
    return bool(gaps[-1] < 1e-6 or (gaps[-1] < gaps[0] and gaps[-1] < 1e-2))


def _near(number, value: sp.Expr) -> bool:
    if number is None or value in (sp.oo, -sp.oo):
        return False
    target = constant(value)
    return bool(abs(number - target) <= 1e-15 * (1 + abs(target)))
