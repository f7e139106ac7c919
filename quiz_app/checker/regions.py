"""Where a piecewise expression is smooth: its kinks, the open pieces between them, and the
formula that holds on each piece.

An expression built from Abs, sign, Heaviside, Max, Min and Piecewise of smooth parts is,
between the points where an argument of one of these changes sign (its kinks), one smooth
formula. Two such expressions are equal on a domain exactly when their formulas agree on
each piece and their values agree at each kink. Exports that cannot compare Max with Abs
(STACK's AlgEquiv) compare piece by piece instead.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> split(sp.Max(0, x - 1), x)
    Split(pieces=[Piece(low=None, high=1), Piece(low=1, high=None)], kinks=[1])
    >>> [on_piece(sp.Max(0, x - 1), x, piece) for piece in split(sp.Max(0, x - 1), x).pieces]
    [0, x - 1]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import sympy as sp

DIGITS = 60  # for ordering kinks and picking branches, where exact signs are not decided
TOO_CLOSE = sp.Float("1e-40")


class Unlocatable(ValueError):
    """The kinks cannot be located exactly (not finitely many, or too close to order)."""


@dataclass(frozen=True)
class Piece:
    """The open interval (low, high); None is an infinite end."""

    low: sp.Expr | None
    high: sp.Expr | None

    def inside(self) -> sp.Expr:
        """A point strictly inside."""
        low, high = self.low, self.high
        if low is None:
            return sp.Integer(0) if high is None else high - 1
        return low + 1 if high is None else (low + high) / 2


@dataclass(frozen=True)
class Split:
    pieces: list[Piece]
    kinks: list[sp.Expr]  # in increasing order, each inside the domain


def kinks(expr: sp.Expr, x: sp.Symbol) -> set[sp.Expr]:
    """The real points where an argument of Abs, sign, Heaviside, Max, Min or a Piecewise
    condition changes: where the expression may stop being one smooth formula."""
    points: set[sp.Expr] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Abs, sp.sign, sp.Heaviside)):
            zeros: Iterable[sp.Expr] = [node.args[0]]
        elif isinstance(node, (sp.Max, sp.Min)):
            zeros = [a - b for a, b in itertools.combinations(node.args, 2)]
        elif isinstance(node, sp.Piecewise):
            zeros = [relation.lhs - relation.rhs for _, condition in node.args
                     for relation in sp.sympify(condition).atoms(sp.core.relational.Relational)]
        else:
            continue
        for zero in zeros:
            if not zero.has(x):
                continue
            found = sp.solveset(zero, x, sp.S.Reals)
            if not isinstance(found, sp.FiniteSet):
                raise Unlocatable(f"the points where {zero} = 0 are not finitely many")
            points |= set(found)
    return points


def split(expr_or_exprs, x: sp.Symbol, domain: sp.Set = sp.S.Reals) -> Split:
    """The open pieces of `domain` between the kinks of the expressions, and the kinks
    that lie in it. Raises Unlocatable when they cannot be placed exactly."""
    exprs = expr_or_exprs if isinstance(expr_or_exprs, (list, tuple)) else [expr_or_exprs]
    points = set().union(*(kinks(e, x) for e in exprs))
    ordered = sorted(points, key=lambda p: sp.N(p, DIGITS))
    for a, b in zip(ordered, ordered[1:]):
        if abs(sp.N(b - a, DIGITS)) < TOO_CLOSE:
            raise Unlocatable(f"the kinks {a} and {b} are too close to order")
    intervals = _intervals(domain)
    pieces: list[Piece] = []
    for low, high in intervals:
        inner = [p for p in ordered if _after(p, low) and _after(high, p)]
        ends = [low, *inner, high]
        pieces += [Piece(a, b) for a, b in zip(ends, ends[1:])]
    inside = [p for p in ordered if domain.contains(p) is sp.true]
    return Split(pieces, inside)


def _after(b: sp.Expr | None, a: sp.Expr | None) -> bool:
    """a < b, with None as −∞ on the left and +∞ on the right."""
    if a is None or b is None:
        return True
    return bool(sp.N(b - a, DIGITS) > 0)


def _intervals(domain: sp.Set) -> list[tuple[sp.Expr | None, sp.Expr | None]]:
    """The domain as open intervals (ends as None when infinite); Unlocatable otherwise.
    Isolated points of the domain are not pieces: they are compared as kinks, if at all."""
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    found = []
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            continue
        if part == sp.S.Reals:
            found.append((None, None))
        elif isinstance(part, sp.Interval):
            low = None if part.start == -sp.oo else part.start
            high = None if part.end == sp.oo else part.end
            found.append((low, high))
        else:
            raise Unlocatable(f"the domain {domain} is not a union of intervals")
    return found


def on_piece(expr: sp.Expr, x: sp.Symbol, piece: Piece) -> sp.Expr:
    """The smooth formula `expr` is on `piece` (which holds none of its kinks): each Abs,
    sign, Heaviside, Max, Min and Piecewise replaced by the branch active inside it."""
    at = piece.inside()

    def sign_of(value: sp.Expr) -> int:
        value = value.subs(x, at)
        if value.is_positive:
            return 1
        if value.is_negative:
            return -1
        number = sp.N(value, DIGITS)
        if not number.is_real or abs(number) < TOO_CLOSE:
            raise Unlocatable(f"cannot tell the sign of {value} inside the piece")
        return 1 if number > 0 else -1

    def resolve(node: sp.Expr) -> sp.Expr:
        if isinstance(node, sp.Piecewise):
            for branch, condition in node.args:
                relations = sp.sympify(condition).atoms(sp.core.relational.Relational)
                truth = {r: sp.true if sign_of(r.lhs - r.rhs) in _HOLDS[type(r)] else sp.false
                         for r in relations}
                if sp.sympify(condition).xreplace(truth) is sp.true:
                    return resolve(branch)
            raise Unlocatable("no branch of the Piecewise holds there")
        if not node.args:
            return node
        args = [resolve(arg) for arg in node.args]
        if isinstance(node, sp.Abs):
            return args[0] * sign_of(args[0])
        if isinstance(node, sp.sign):
            return sp.Integer(sign_of(args[0]))
        if isinstance(node, sp.Heaviside):
            return sp.Integer(1 if sign_of(args[0]) > 0 else 0)
        if isinstance(node, (sp.Max, sp.Min)):
            pick = max if isinstance(node, sp.Max) else min
            return pick(args, key=lambda arg: sp.N(arg.subs(x, at), DIGITS))
        return node.func(*args)

    return resolve(expr)


# The signs of lhs − rhs (never 0 inside a piece) for which a relation holds.
_HOLDS = {sp.StrictGreaterThan: (1,), sp.GreaterThan: (1,), sp.StrictLessThan: (-1,),
          sp.LessThan: (-1,), sp.Eq: (), sp.Ne: (1, -1)}
