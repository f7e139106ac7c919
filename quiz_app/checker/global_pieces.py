"""The whole function at once: the domain cut at the kinks into open pieces, each with its
smooth formula, and the kinks with their values, in order along the line; and the sign of
a smooth formula over a whole piece.

The global claims (`global_claims.py`) stand on this. The cutting itself is
`regions.split` / `regions.on_piece`; what is added here is the order (piece, kink, piece,
…), the values at the kinks, the limits at the ends of each piece, and `sign_on`: the sign
of a smooth g on an open interval, proved from the zeros of g that sympy finds there (then
one exact sign between each two), or refuted by one point where the sign is proved wrong.

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> [segment.describe() for segment in layout(sp.Max(0, x), x, sp.S.Reals).segments]
    ['0 on x < 0', 'f(0) = 0', 'x on x > 0']
    >>> sign_on(x**2 - 1, x, Piece(None, None)).kind
    'mixed'
    >>> sign_on(sp.exp(x), x, Piece(None, 0)).kind
    'pos'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath  # type: ignore[import-untyped]
import sympy as sp

from quiz_app.checker.eventual import Undecided
from quiz_app.checker.facts import TIME_LIMIT_REASON
from quiz_app.checker.global_sets import show
from quiz_app.checker.onesided import at_point
from quiz_app.checker.probe import NoProbe, NotReal, OutOfTime, evaluate, time_budget
from quiz_app.checker.regions import Piece, Unlocatable, on_piece, split
from quiz_app.checker.symbolic import SYMPY_ERRORS, equal, sign_of, sympy_gave_up

# One solveset, limit or integral: past this, undecided (and, being the machine's load as
# much as the maths, never cached: the reason names the time limit).
SOLVE_SECONDS = 2.0
DIGITS = 50  # numeric checks (mpmath)
# Where numbers look inside a piece: a grid, and far out along an infinite end.
GRID = tuple(sp.Rational(k, 4) for k in range(-40, 41))
FAR = (sp.Integer(20), sp.Integer(100), sp.Integer(10**3), sp.Integer(10**6))


class GlobalUndecided(Exception):
    """A step that cannot be decided; its message is the reason a course author reads."""


def guarded(call, what: str, seconds: float = SOLVE_SECONDS):
    """call() within `seconds`; GlobalUndecided (with `what`) when sympy gives up or runs
    out of time."""
    try:
        with time_budget(seconds):
            return call()
    except OutOfTime:
        raise GlobalUndecided(f"sympy took too long to {what} ({TIME_LIMIT_REASON} of "
                              f"{seconds:g} s)") from None
    except Undecided as exc:
        raise GlobalUndecided(str(exc)) from None
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        raise GlobalUndecided(f"sympy could not {what}") from None




def where(piece: Piece, x: sp.Symbol) -> str:
    """The piece as a condition a student reads: x < 0, 0 < x < 6, every x."""
    low, high = piece.low, piece.high
    if low is None and high is None:
        return f"every {x}"
    if high is None:
        return f"{x} > {show(low)}"
    if low is None:
        return f"{x} < {show(high)}"
    return f"{show(low)} < {x} < {show(high)}"


@dataclass(frozen=True)
class Segment:
    """An open piece with its formula, or a point (a kink or a closed end) with f there."""

    piece: Piece | None
    point: sp.Expr | None
    formula: sp.Expr  # on a piece: the smooth formula; at a point: the value
    x: sp.Symbol

    def describe(self) -> str:
        if self.piece is not None:
            return f"{show(self.formula)} on {where(self.piece, self.x)}"
        return f"f({show(self.point)}) = {show(self.formula)}"


@dataclass(frozen=True)
class Layout:
    expr: sp.Expr
    x: sp.Symbol
    domain: sp.Set
    segments: tuple[Segment, ...]  # in order along the line

    @property
    def pieces(self) -> list[Segment]:
        return [s for s in self.segments if s.piece is not None]

    @property
    def points(self) -> list[Segment]:
        return [s for s in self.segments if s.piece is None]

    def neighbours(self, index: int) -> tuple[Segment | None, Segment | None]:
        """The segments just before and after segments[index]."""
        before = self.segments[index - 1] if index > 0 else None
        after = self.segments[index + 1] if index + 1 < len(self.segments) else None
        return before, after


def layout(expr: sp.Expr, x: sp.Symbol, domain: sp.Set = sp.S.Reals) -> Layout:
    """The domain (one interval) as pieces and points, in order; GlobalUndecided when the
    kinks cannot be placed, a formula has a pole inside its piece, or f at a kink is not
    a number."""
    try:
        return _layout(expr, x, domain)
    except (Unlocatable, Undecided) as exc:
        raise GlobalUndecided(str(exc)) from None


@lru_cache(maxsize=128)  # pragma: no mutate (the size changes speed, not results)
def _layout(expr: sp.Expr, x: sp.Symbol, domain: sp.Set) -> Layout:
    others = expr.free_symbols - {x}
    if others:
        names = ", ".join(sorted(str(s) for s in others))
        raise GlobalUndecided(f"f has the parameter(s) {names}: a global claim is decided "
                              "here only for a function without parameters")
    if not (domain == sp.S.Reals or isinstance(domain, sp.Interval)):
        raise GlobalUndecided(f"the domain {domain} is not one interval")
    parts = guarded(lambda: split(expr, x, domain), "place the kinks")
    items: list[tuple[sp.Expr, Segment]] = []
    for piece in parts.pieces:
        formula = guarded(lambda p=piece: on_piece(expr, x, p), "pick the branch on a piece")
        _no_pole(formula, x, piece)
        items.append((_position(piece), Segment(piece, None, formula, x)))
    for kink in parts.kinks:
        value = guarded(lambda k=kink: at_point(expr, x, k), f"evaluate f at {kink}")
        if not isinstance(value, sp.Expr) or value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) \
                or value.is_extended_real is False:
            raise GlobalUndecided(f"f is not a real number at {x} = {show(kink)}")
        items.append((sp.N(kink, 30), Segment(None, kink, value, x)))
    items.sort(key=lambda item: item[0])
    return Layout(expr, x, domain, tuple(segment for _, segment in items))


def _position(piece: Piece):
    return sp.N(piece.inside(), 30)


def _no_pole(formula: sp.Expr, x: sp.Symbol, piece: Piece) -> None:
    denominator = sp.fraction(sp.together(formula))[1]
    if not denominator.has(x):
        return
    zeros = guarded(lambda: sp.solveset(denominator, x, interval(piece)), "find the poles")
    if zeros != sp.S.EmptySet:
        raise GlobalUndecided(f"the formula {show(formula)} has a pole for "
                              f"{where(piece, x)}")


def interval(piece: Piece) -> sp.Interval:
    low = -sp.oo if piece.low is None else piece.low
    high = sp.oo if piece.high is None else piece.high
    return sp.Interval.open(low, high)


def end_limit(formula: sp.Expr, x: sp.Symbol, piece: Piece, side: str) -> sp.Expr:
    """The limit of the piece's formula at its low ("low") or high end, possibly ±oo."""
    end = piece.low if side == "low" else piece.high
    if end is None:
        end = -sp.oo if side == "low" else sp.oo
    else:
        value = guarded(lambda: formula.subs(x, end), "substitute an end of a piece")
        if value.is_extended_real and value.is_finite and not value.has(sp.nan):
            return value
    return _limit(formula, x, end, "+" if side == "low" else "-")


LIMIT_SECONDS = 1.0


@lru_cache(maxsize=512)  # pragma: no mutate (the size changes speed, not results)
def _limit(formula: sp.Expr, x: sp.Symbol, end: sp.Expr, direction: str) -> sp.Expr:
    found = guarded(lambda: sp.limit(formula, x, end, direction),
                    f"take the limit of {show(formula)} at {show(end)}", LIMIT_SECONDS)
    if found.has(sp.Limit, sp.nan, sp.AccumBounds, sp.zoo, sp.I):
        raise GlobalUndecided(f"the limit of {show(formula)} at {show(end)} is not a "
                              "definite value")
    return found


@dataclass(frozen=True)
class SignOn:
    """The sign of g over a piece: "zero" (identically), "pos" (> 0 but at finitely many
    points), "neg", or "mixed" (proved positive at `positive`, negative at `negative`)."""

    kind: str
    positive: sp.Expr | None = None
    negative: sp.Expr | None = None
    zeros: tuple = ()


def sign_on(g: sp.Expr, x: sp.Symbol, piece: Piece) -> SignOn:
    """The sign of a smooth g on the open piece, proved; GlobalUndecided otherwise."""
    if not g.has(x):
        sign = sign_of(g)
        if sign is None:
            raise GlobalUndecided(f"cannot prove the sign of {show(g)}")
        return SignOn({1: "pos", 0: "zero", -1: "neg"}[sign])
    together = guarded(lambda: sp.together(g), "simplify a formula")
    known = _assumed_sign(g, together, x, piece)
    if known is not None:
        return known
    if guarded(lambda: equal(g, sp.Integer(0)), "simplify a formula") is True:
        return SignOn("zero")
    zeros = _zeros(g, together, x, piece)
    if zeros is not None:
        ordered = sorted(zeros, key=lambda z: sp.N(z, 30))
        signs: dict[int, sp.Expr] = {}
        for point in _between(ordered, piece):
            sign = sign_of(g.subs(x, point))
            if sign is None or sign == 0:
                raise GlobalUndecided(f"cannot prove the sign of {show(g)} at {x} = "
                                      f"{show(point)}")
            signs.setdefault(sign, point)
        if len(signs) == 1:
            return SignOn("pos" if 1 in signs else "neg", zeros=tuple(ordered))
        return SignOn("mixed", signs[1], signs[-1], tuple(ordered))
    return _refuted(g, x, piece)


def _zeros(g: sp.Expr, together: sp.Expr, x: sp.Symbol, piece: Piece) -> sp.FiniteSet | None:
    """A finite set holding every zero of g inside the piece, or None. The numerator's
    zeros include g's (its denominator has none: no pole in the piece); extra ones only
    split the piece further."""
    numerators = [sp.fraction(together)[0]]
    if g.has(sp.tanh, sp.cosh, sp.sinh, sp.sech):
        numerators.append(sp.fraction(guarded(
            lambda: sp.factor(sp.together(g.rewrite(sp.exp))), "rewrite a formula"))[0])
    for numerator in numerators:
        for where_ in (interval(piece), sp.S.Reals):
            found = guarded(lambda n=numerator, w=where_: sp.solveset(n, x, w),
                            f"solve {show(g)} = 0")
            if found == sp.S.EmptySet:
                return sp.FiniteSet()
            if isinstance(found, sp.FiniteSet) and all(z.is_real for z in found):
                inside = interval(piece)
                return sp.FiniteSet(*[z for z in found if inside.contains(z) is not sp.false])
    return None


def _assumed_sign(g: sp.Expr, together: sp.Expr, x: sp.Symbol,
                  piece: Piece) -> SignOn | None:
    """The sign sympy's assumptions prove: for every real x, or on the piece through
    x = low + t or high − t with t > 0."""
    t = sp.Dummy("t", positive=True)
    forms = [g, together]
    if g.has(sp.tanh, sp.cosh, sp.sinh, sp.sech):
        forms.append(guarded(lambda: sp.factor(sp.together(g.rewrite(sp.exp))),
                             "rewrite a formula"))
    if piece.low is not None and piece.high is None:
        forms.append(together.subs(x, piece.low + t))
    if piece.high is not None and piece.low is None:
        forms.append(together.subs(x, piece.high - t))
    for form in forms:
        positive, negative = form.is_positive, form.is_negative
        if positive:
            return SignOn("pos")
        if negative:
            return SignOn("neg")
    return None


def _between(zeros: list, piece: Piece) -> list[sp.Expr]:
    """A rational point in each open gap between consecutive zeros (and the ends)."""
    ends = [piece.low, *zeros, piece.high]
    points = []
    for low, high in zip(ends, ends[1:]):
        points.append(rational_inside(Piece(low, high)))
    return points


def rational_inside(piece: Piece) -> sp.Expr:
    """A rational point strictly inside the piece (ends may be irrational)."""
    middle = piece.inside()
    if middle.is_Rational:
        return middle
    candidate = sp.Rational(str(sp.N(middle, 40)))
    if _strictly_inside(candidate, piece):
        return candidate
    raise GlobalUndecided(f"cannot place a point inside {piece}")


def _refuted(g: sp.Expr, x: sp.Symbol, piece: Piece) -> SignOn:
    """When the zeros are not found: the sign changes if numbers show both signs at two
    points and sign_of proves them there; otherwise undecided."""
    found: dict[int, sp.Expr] = {}
    for point in grid(piece):
        number = number_at(g, x, point)
        if number is None or abs(number) < mpmath.mpf(10) ** -30:
            continue
        sign = 1 if number > 0 else -1
        if sign not in found and sign_of(g.subs(x, point)) == sign:
            found[sign] = point
        if len(found) == 2:
            return SignOn("mixed", found[1], found[-1])
    raise GlobalUndecided(f"sympy cannot find where {show(g)} = 0 for "
                          f"{where(piece, x)}, so its sign there is not proved")


def grid(piece: Piece) -> list[sp.Expr]:
    """Rational points inside the piece: a grid, near each end, and far out."""
    low, high = piece.low, piece.high
    points = list(GRID) + [-p for p in FAR] + list(FAR)
    for k in (2, 5, 9):
        width = 2 * sp.Rational(1, 10**k)
        if low is not None:
            points.append(rational_inside(Piece(low, low + width)))
        if high is not None:
            points.append(rational_inside(Piece(high - width, high)))
    return [p for p in points if _strictly_inside(p, piece)]


def _strictly_inside(point: sp.Expr, piece: Piece) -> bool:
    if piece.low is not None and not sp.N(point - piece.low, 40) > 0:
        return False
    return piece.high is None or bool(sp.N(piece.high - point, 40) > 0)


def number_at(expr: sp.Expr, x: sp.Symbol, point: sp.Expr):
    """expr at x = point with mpmath (branches evaluated as written), or None."""
    try:
        return evaluate(expr, {x: as_number(point)}, DIGITS)
    except (NoProbe, NotReal, ZeroDivisionError, OverflowError, ValueError):
        return None


def constant(value: sp.Expr):
    """A real constant as an mpmath number of DIGITS digits (sympy's evalf: the probe knows
    fewer functions); GlobalUndecided when it is not a real number."""
    number = sp.N(value, DIGITS + 10)
    if not (number.is_real and number.is_finite) or not number.is_Float and \
            not number.is_Rational:
        raise GlobalUndecided(f"{show(value)} is not a real number")
    return mpmath.mpf(str(number)) if number.is_Float else \
        mpmath.mpf(number.p) / number.q


def as_number(point: sp.Expr) -> sp.Expr:
    """A point the probe can take: rational as it is, else a Float of DIGITS + 20 digits."""
    if point.is_Rational or point.is_Float:
        return point
    return sp.Float(sp.N(point, DIGITS + 20), DIGITS + 20)


def domain_points(lay: Layout) -> list[sp.Expr]:
    """Rational sample points of the domain: inside every piece (near its ends and far
    out) and the kinks themselves."""
    points: list[sp.Expr] = []
    for segment in lay.segments:
        if segment.piece is not None:
            points += grid(segment.piece)
        elif segment.point is not None and segment.point.is_Rational:
            points.append(segment.point)
    return sorted(set(points), key=lambda p: sp.N(p, 30))
