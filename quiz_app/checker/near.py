"""Where a piece named in the working holds: a neighbourhood of the point on one side.

The working says which piece of a Max/Min/Abs/Piecewise is in force just right (left) of a.
`remove_branches` only knows that for *small* t > 0, so the honest region is a one-sided
neighbourhood of a. We state the widest one we can prove: from a to the nearest point where
a branch condition of f can change (`0 < x < 3` for Max(0, x) at 3, never `x < 3`, which is
false for x < 0). Between two such points every condition has one sign only when each side
of it is continuous there, so a side built from anything but whitelisted functions (which
are continuous on their real domain) gives no interval, and the region is said as "x just
above a" instead. The interval is then confirmed by `regions.on_piece`, which picks each
branch inside it independently of `remove_branches`; any disagreement also falls back.
"""

from __future__ import annotations

import sympy as sp
from sympy.logic.boolalg import ITE, BooleanAtom

from quiz_app.checker.onesided import Undecided, rewrite_branches
from quiz_app.checker.regions import DIGITS, TOO_CLOSE, Piece, Unlocatable, kinks, on_piece
from quiz_app.checker.symbolic import SYMPY_ERRORS, sympy_gave_up

# Continuous wherever they are real: a condition built from them changes sign only at a zero,
# at a pole (a negative power's base is 0) or where a log or root argument reaches 0.
CONTINUOUS = (sp.Add, sp.Mul, sp.Pow, sp.exp, sp.log, sp.sin, sp.cos, sp.atan, sp.sinh,
              sp.cosh, sp.tanh, sp.asinh, sp.erf, sp.erfc, sp.Piecewise, sp.And, sp.Or,
              sp.Not, ITE, sp.core.relational.Relational, sp.core.containers.Tuple,
              sp.functions.elementary.piecewise.ExprCondPair)


def region(f: sp.Expr, x: sp.Symbol, a: sp.Expr, sign: int,
           claims: list[tuple[sp.Expr, sp.Expr]], say) -> str:
    """`for 0 < x < 3`, `for x > 3`, or `for x just below 3`: a one-sided neighbourhood of a
    on which each (node, formula) in `claims` holds. `say` writes a number for a reader."""
    name, point = str(x), say(a)
    near = f"for {name} just {'above' if sign > 0 else 'below'} {point}"
    try:
        piece = _piece(f, x, a, sign)
        if piece is None or not all(_holds(node, formula, x, piece)
                                    for node, formula in claims):
            return near
    except (Unlocatable, Undecided):
        return near
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return near
    if sign > 0:
        return f"for {name} > {point}" if piece.high is None else \
            f"for {point} < {name} < {say(piece.high)}"
    return f"for {name} < {point}" if piece.low is None else \
        f"for {say(piece.low)} < {name} < {point}"


def _piece(f, x, a, sign: int) -> Piece | None:
    """The open interval from a to the nearest point beyond it (on the side of `sign`) where
    a branch condition of f may change sign; None when these cannot be placed exactly."""
    if a.free_symbols:
        return None
    points = set(kinks(f, x))
    for relation in rewrite_branches(f).atoms(sp.core.relational.Relational):
        side = relation.lhs - relation.rhs
        if not side.has(x):
            continue
        if not _tame(side):
            return None
        points |= _poles(side, x)
    beyond = []
    for point in points:
        if point.free_symbols:
            return None
        gap = sp.N(point - a, DIGITS)
        if not gap.is_real:
            return None
        if point != a and abs(gap) < TOO_CLOSE:
            return None  # too close to a to tell which side it is on
        if point != a and (gap > 0) == (sign > 0):
            beyond.append((abs(gap), point))
    end = min(beyond, key=lambda pair: pair[0])[1] if beyond else None
    return Piece(a, end) if sign > 0 else Piece(end, a)


def _tame(side: sp.Expr) -> bool:
    """Whether every node of the condition's side is continuous where it is real."""
    for node in sp.preorder_traversal(side):
        if node.is_Atom or isinstance(node, BooleanAtom):
            if node.is_Symbol or node.is_number or isinstance(node, BooleanAtom):
                continue
            return False
        if not isinstance(node, CONTINUOUS):
            return False
    return True


def _poles(side: sp.Expr, x: sp.Symbol) -> set[sp.Expr]:
    """Where a negative power anywhere in the side has base 0 (exp(1/x) jumps at 0, which
    the zeros of the side's own numerator and denominator do not show)."""
    points: set[sp.Expr] = set()
    for node in sp.preorder_traversal(side):
        if isinstance(node, sp.Pow) and node.base.has(x) and node.exp.is_negative is not False:
            found = sp.solveset(node.base, x, sp.S.Reals)
            if not isinstance(found, sp.FiniteSet):
                raise Unlocatable(f"the points where {node.base} = 0 are not finitely many")
            points |= set(found)
    return points


def _holds(node: sp.Expr, formula: sp.Expr, x: sp.Symbol, piece: Piece) -> bool:
    """The formula is what the node is on the whole piece (branch picked inside it)."""
    on = on_piece(node, x, piece)
    return bool(sp.simplify(on - formula) == 0)
