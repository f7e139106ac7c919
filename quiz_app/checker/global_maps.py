"""Identities on the whole domain: f equals an expression, f is idempotent, f is positively
homogeneous. Each becomes "f − g is 0 on the domain", decided piece by piece on the pieces
of f − g (its kinks are both functions' kinks): each piece's formula is identically 0, and
so is the value at each kink. A difference that is not 0 somewhere gives the point.

Positive homogeneity on a cone (the line, a half-line from 0) is the same as
f(x) = x·f(1) for x > 0, f(x) = −x·f(−1) for x < 0 and f(0) = 0 (take c = |x|), so it is
that identity.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> equals(sp.Max(0, x) - sp.Max(0, -x), x, x, sp.S.Reals).holds
    True
    >>> equals(sp.Max(0, x), sp.Min(sp.Max(0, x), 6), x, sp.S.Reals).witness
    25/4
    >>> homogeneous(sp.Max(x / 10, x), x, sp.S.Reals).holds
    True
    >>> idempotent(sp.Heaviside(x), x, sp.S.Reals).holds
    False
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from quiz_app.checker.eventual import Undecided
from quiz_app.checker.global_pieces import (
    GlobalUndecided,
    domain_points,
    grid,
    guarded,
    layout,
    number_at,
    show,
    sign_on,
    where,
)
from quiz_app.checker.onesided import at_point
from quiz_app.checker.symbolic import equal, sign_of


@dataclass
class Identity:
    holds: bool
    working: list[str] = field(default_factory=list)
    witness: sp.Expr | None = None  # a point where f and g differ
    points: list = field(default_factory=list)  # where numbers compare f and g
    f: sp.Expr = sp.S.Zero
    g: sp.Expr = sp.S.Zero


def equals(f: sp.Expr, g: sp.Expr, x: sp.Symbol, domain: sp.Set) -> Identity:
    """Whether f = g at every x of the domain."""
    lay = layout(f - g, x, domain)
    found = Identity(True, f=f, g=g, points=domain_points(lay))
    for segment in lay.segments:
        if segment.piece is None:
            same = guarded(lambda s=segment: equal(s.formula, sp.S.Zero), "compare values")
            if same is None:
                raise GlobalUndecided(f"cannot tell whether f − g = {show(segment.formula)}"
                                      f" is 0 at {x} = {show(segment.point)}")
            if not same:
                found.working.append(f"at {x} = {show(segment.point)}, f − g = "
                                     f"{show(segment.formula)} ≠ 0")
                return _differs(found, segment.point)
            found.working.append(f"at {x} = {show(segment.point)} both are equal")
            continue
        assert segment.piece is not None
        point = _nonzero_at(segment.formula, x, segment.piece)
        if point is not None:
            found.working.append(f"on {where(segment.piece, x)}, f − g = "
                                 f"{show(segment.formula)} is not 0")
            return _differs(found, point)
        if sign_on(segment.formula, x, segment.piece).kind != "zero":
            raise GlobalUndecided(f"cannot tell where f − g = {show(segment.formula)} "
                                  f"is not 0 for {where(segment.piece, x)}")
        found.working.append(f"on {where(segment.piece, x)}, f − g = 0")
    found.working.append("so f equals it everywhere on the domain")
    return found


def _nonzero_at(formula: sp.Expr, x: sp.Symbol, piece) -> sp.Expr | None:
    """A point of the piece where the formula is proved not 0 (None: none found, or it is
    identically 0)."""
    if guarded(lambda: equal(formula, sp.S.Zero), "compare formulas") is True:
        return None
    for point in grid(piece):
        number = number_at(formula, x, point)
        if number is not None and abs(number) > 1e-20 and \
                sign_of(formula.subs(x, point)) in (1, -1):
            return point
    return None


def _differs(found: Identity, point: sp.Expr) -> Identity:
    found.holds, found.witness = False, point
    found.working.append(f"so they differ at {show(point)}")
    return found


def idempotent(f: sp.Expr, x: sp.Symbol, domain: sp.Set) -> Identity:
    """f(f(x)) = f(x) for every x of the domain (f applied to f's value as written)."""
    composed = f.subs(x, f)
    found = equals(composed, f, x, domain)
    found.working.insert(0, f"f(f(x)) = {show(composed)}; compare it with f(x)")
    return found


CONES = (sp.S.Reals, sp.Interval(0, sp.oo), sp.Interval.open(0, sp.oo),
         sp.Interval(-sp.oo, 0), sp.Interval.open(-sp.oo, 0))


def homogeneous(f: sp.Expr, x: sp.Symbol, domain: sp.Set) -> Identity:
    """f(c·x) = c·f(x) for every c > 0 and x of the domain (a cone)."""
    if domain not in CONES:
        raise GlobalUndecided(f"positive homogeneity needs a domain closed under scaling "
                              f"(the line or a half-line from 0), not {domain}")
    try:
        at_one = at_point(f, x, sp.Integer(1)) if domain.contains(1) is sp.true else 0
        at_minus = at_point(f, x, sp.Integer(-1)) if domain.contains(-1) is sp.true else 0
    except Undecided as exc:
        raise GlobalUndecided(str(exc)) from None
    model = sp.Piecewise((at_one * x, x > 0), (-at_minus * x, x < 0), (0, True))
    found = equals(f, model, x, domain)
    found.working.insert(0, f"with c = |x|: f is positively homogeneous exactly when "
                            f"f(x) = x·f(1) = {show(at_one * x)} for x > 0, "
                            f"f(x) = −x·f(−1) = {show(-at_minus * x)} for x < 0, and "
                            "f(0) = 0")
    return found
