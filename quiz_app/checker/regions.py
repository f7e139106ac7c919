"""Where a piecewise expression is smooth: its kinks, the open pieces between them, and the
formula that holds on each piece.

An expression built from Abs, sign, Heaviside, Max, Min and Piecewise of smooth parts is,
away from the points where one of its branch conditions can change (its kinks), one smooth
formula on each interval. Two such expressions are equal on a domain exactly when their
formulas agree on each piece and their values agree at each kink. The branches are the
one-sided analysis's (`rewrite_branches`: everything as Piecewise); a condition can change
where its two sides meet, at a pole, or where a root or a logarithm in it stops being real,
so all of those are kinks.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> split(sp.Max(0, x - 1), x)
    Split(pieces=[Piece(low=None, high=1), Piece(low=1, high=None)], kinks=[1])
    >>> [on_piece(sp.Max(0, x - 1), x, piece) for piece in split(sp.Max(0, x - 1), x).pieces]
    [0, x - 1]
    >>> split(sp.Max(0, 1/(x - 2) - 2), x).kinks  # where 1/(x − 2) − 2 changes sign
    [2, 5/2]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.logic.boolalg import ITE

from quiz_app.checker.onesided import rewrite_branches

DIGITS = 60  # for ordering kinks and picking branches, where exact signs are not decided
TOO_CLOSE = sp.Float("1e-40")


class Unlocatable(ValueError):
    """The kinks cannot be located exactly (not finitely many, or too close to order), or a
    branch cannot be decided inside a piece."""


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
    kinks: list[sp.Expr]  # in increasing order, each in the domain (isolated points too)


def kinks(expr: sp.Expr, x: sp.Symbol) -> set[sp.Expr]:
    """The real points where a branch condition of the expression may change."""
    points: set[sp.Expr] = set()
    branched = rewrite_branches(expr)
    for relation in branched.atoms(sp.core.relational.Relational):
        side = relation.lhs - relation.rhs
        if side.has(x):
            points |= _changes(side, x)
    return points


def _changes(side: sp.Expr, x: sp.Symbol) -> set[sp.Expr]:
    """Where `side` can change sign: its zeros, its poles, and where a root or logarithm
    in it stops being real."""
    numerator, denominator = sp.fraction(sp.together(side))
    ends = [numerator, denominator]
    for node in sp.preorder_traversal(side):
        if isinstance(node, sp.log) or (isinstance(node, sp.Pow) and
                                         not node.exp.is_integer):
            ends.append(node.args[0])
    points: set[sp.Expr] = set()
    for end in ends:
        if not end.has(x):
            continue
        found = sp.solveset(end, x, sp.S.Reals)
        if not isinstance(found, sp.FiniteSet):
            raise Unlocatable(f"the points where {end} = 0 are not finitely many")
        points |= set(found)
    return points


def split(exprs, x: sp.Symbol, domain: sp.Set = sp.S.Reals) -> Split:
    """The open pieces of `domain` between the kinks of the expressions, and the kinks
    (with the domain's isolated points) that lie in it. Unlocatable when they cannot be
    placed exactly."""
    exprs = exprs if isinstance(exprs, (list, tuple)) else [exprs]
    points = set().union(*(kinks(e, x) for e in exprs))
    ordered = sorted(points, key=lambda p: sp.N(p, DIGITS))
    for a, b in zip(ordered, ordered[1:]):
        if abs(sp.N(b - a, DIGITS)) < TOO_CLOSE:
            raise Unlocatable(f"the kinks {a} and {b} are too close to order")
    intervals, isolated = _parts(domain)
    pieces: list[Piece] = []
    for low, high in intervals:
        inner = [p for p in ordered if _before(low, p) and _before(p, high)]
        ends = [low, *inner, high]
        pieces += [Piece(a, b) for a, b in zip(ends, ends[1:])]
    inside = [p for p in ordered if domain.contains(p) is sp.true]
    extra = [p for p in isolated if p not in inside]
    return Split(pieces, sorted(inside + extra, key=lambda p: sp.N(p, DIGITS)))


def _before(a: sp.Expr | None, b: sp.Expr | None) -> bool:
    """a < b, with None as −∞ on the left and +∞ on the right."""
    if a is None or b is None:
        return True
    return bool(sp.N(b - a, DIGITS) > 0)


def _parts(domain: sp.Set) -> tuple[list[tuple[sp.Expr | None, sp.Expr | None]],
                                    list[sp.Expr]]:
    """The domain as open intervals (ends None when infinite) and isolated points."""
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    intervals: list[tuple[sp.Expr | None, sp.Expr | None]] = []
    isolated: list[sp.Expr] = []
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            isolated += [p for p in part if p.is_real]
        elif part == sp.S.Reals:
            intervals.append((None, None))
        elif isinstance(part, sp.Interval):
            intervals.append((None if part.start == -sp.oo else part.start,
                              None if part.end == sp.oo else part.end))
            isolated += [end for end, open_ in ((part.start, part.left_open),
                                                (part.end, part.right_open))
                         if not open_ and end.is_finite]
        else:
            raise Unlocatable(f"the domain {domain} is not a union of intervals")
    return intervals, isolated


def on_piece(expr: sp.Expr, x: sp.Symbol, piece: Piece) -> sp.Expr:
    """The smooth formula `expr` is on `piece` (which holds none of its kinks): every
    branch replaced by the one active inside it."""
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

    def holds(condition) -> bool:
        if condition in (sp.true, sp.false):
            return condition is sp.true
        if isinstance(condition, (sp.And, sp.Or)):
            truths = [holds(c) for c in condition.args]
            return all(truths) if isinstance(condition, sp.And) else any(truths)
        if isinstance(condition, sp.Not):
            return not holds(condition.args[0])
        if isinstance(condition, ITE):
            test, then, otherwise = condition.args
            return holds(then if holds(test) else otherwise)
        if isinstance(condition, sp.core.relational.Relational):
            return sign_of(condition.lhs - condition.rhs) in _HOLDS[type(condition)]
        raise Unlocatable(f"cannot decide {condition} inside the piece")

    def resolve(node: sp.Expr) -> sp.Expr:
        if isinstance(node, sp.Piecewise):
            for branch, condition in node.args:
                if holds(condition):
                    return resolve(branch)
            raise Unlocatable("no branch holds inside the piece")
        if not node.args:
            return node
        return node.func(*[resolve(arg) for arg in node.args])

    return resolve(rewrite_branches(expr))


# The signs of lhs − rhs (never 0 inside a piece) for which a relation holds.
_HOLDS = {sp.StrictGreaterThan: (1,), sp.GreaterThan: (1,), sp.StrictLessThan: (-1,),
          sp.LessThan: (-1,), sp.Eq: (), sp.Ne: (1, -1)}
