"""f of a standard normal X: E[f(X)] and P(f(X) = 0).

E[f(X)] is the sum over the pieces of ∫ formula·φ (φ the standard normal density), each
integral by sympy within a time limit, then checked against mpmath's quadrature of f as
written. P(f(X) = 0) is the normal mass of the pieces where f's formula is identically 0:
elsewhere the formula is analytic and not 0, so its zeros are isolated and carry no mass
(nor do the kinks).

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> expectation(sp.Max(0, x), x)[0]
    sqrt(2)/(2*sqrt(pi))
    >>> expectation(sp.Max(0, x)**2, x)[0]
    1/2
    >>> probability_zero(sp.Max(0, x), x)[0]
    1/2
"""

from __future__ import annotations

import mpmath  # type: ignore[import-untyped]
import sympy as sp

from quiz_app.checker.eventual import Undecided
from quiz_app.checker.global_checks import disagree, precise
from quiz_app.checker.global_maps import equals
from quiz_app.checker.global_pieces import (
    GlobalUndecided,
    Layout,
    constant,
    guarded,
    layout,
    number_at,
    rational_inside,
    show,
    sign_on,
    where,
)
from quiz_app.checker.onesided import at_point

INTEGRAL_SECONDS = 2.0  # sympy's first integral in a process is slow


def density(x: sp.Symbol) -> sp.Expr:
    return sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)


def _ends(segment) -> tuple[sp.Expr, sp.Expr]:
    piece = segment.piece
    return (-sp.oo if piece.low is None else piece.low,
            sp.oo if piece.high is None else piece.high)


def _whole_line(expr: sp.Expr, x: sp.Symbol) -> Layout:
    return layout(expr, x, sp.S.Reals)


def expectation(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, list[str]]:
    """E[f(X)] for X ~ Normal(0, 1), exact; GlobalUndecided when an integral is not."""
    lay = _whole_line(expr, x)
    symmetric = _symmetric(expr, x)
    if symmetric is not None:
        return symmetric
    total, working = sp.S.Zero, []
    for segment in lay.pieces:
        low, high = _ends(segment)
        if segment.formula == 0:
            working.append(f"{segment.describe()}: contributes 0")
            continue
        part = guarded(lambda s=segment, a=low, b=high:
                       sp.integrate(s.formula * density(x), (x, a, b), conds="none"),
                       f"integrate {show(segment.formula)}·φ", INTEGRAL_SECONDS)
        if part.has(sp.Integral, sp.nan, sp.zoo) or not part.is_finite:
            raise GlobalUndecided(f"sympy cannot integrate {show(segment.formula)} against "
                                  "the normal density in closed form")
        working.append(f"{segment.describe()}: ∫ f·φ = {show(part)}")
        total += part
    value = guarded(lambda: sp.simplify(total.rewrite(sp.erf)), "simplify the expectation")
    working.append(f"so E[f(X)] = {show(value)}")
    return value, working


@precise
def _symmetric(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, list[str]] | None:
    """When f(x) + f(−x) = 2·f(0) everywhere, f − f(0) is odd, so E[f(X)] = f(0) for the
    symmetric X (tanh: 0; the sigmoid: 1/2)."""
    try:
        centre = at_point(expr, x, sp.Integer(0))
        if not isinstance(centre, sp.Expr) or centre.has(sp.nan, sp.zoo, sp.oo):
            return None
        found = equals(expr + expr.subs(x, -x), 2 * centre, x, sp.S.Reals)
    except (GlobalUndecided, Undecided):
        return None
    if not found.holds:
        return None
    return centre, [f"f(x) + f(−x) = {show(2 * centre)} for every x, so f − f(0) is odd",
                    f"X is symmetric, so E[f(X)] = f(0) = {show(centre)}"]


def check_expectation(expr: sp.Expr, x: sp.Symbol, value: sp.Expr) -> None:
    """mpmath's quadrature of f·φ over the line, split at the kinks, agrees."""
    lay = _whole_line(expr, x)
    cuts = [-mpmath.inf]
    for segment in lay.points:
        cuts.append(constant(segment.point))
    cuts.append(mpmath.inf)

    def integrand(t):
        number = number_at(expr, x, sp.Float(str(t), 30))
        if number is None:
            raise disagree("E[f(X)] (f is not a number at a sample point)")
        return number * mpmath.exp(-t * t / 2) / mpmath.sqrt(2 * mpmath.pi)

    with mpmath.workdps(30):
        numeric = mpmath.quad(integrand, cuts)
        target = constant(value)
    if abs(numeric - target) > 1e-12 * (1 + abs(target)):
        raise disagree(f"E[f(X)] = {show(value)} (quadrature gives "
                       f"{mpmath.nstr(numeric, 12)})")


def probability_zero(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, list[str]]:
    """P(f(X) = 0): the normal mass of the pieces where f is identically 0."""
    lay = _whole_line(expr, x)
    total, working = sp.S.Zero, []
    for segment in lay.pieces:
        assert segment.piece is not None
        sign = sign_on(segment.formula, x, segment.piece)
        if sign.kind != "zero":
            working.append(f"{segment.describe()}: not identically 0, so its zeros are "
                           "isolated and have probability 0")
            continue
        low, high = _ends(segment)
        mass = (sp.erf(high / sp.sqrt(2)) - sp.erf(low / sp.sqrt(2))) / 2
        working.append(f"f = 0 on {where(segment.piece, x)}: probability {show(mass)}")
        total += mass
    value = sp.simplify(total)
    working.append(f"the kinks have probability 0, so P(f(X) = 0) = {show(value)}")
    return value, working


@precise
def check_probability_zero(expr: sp.Expr, x: sp.Symbol, value: sp.Expr) -> None:
    """Numbers: f is 0 inside each piece counted, and not 0 somewhere in each other."""
    lay = _whole_line(expr, x)
    for segment in lay.pieces:
        assert segment.piece is not None
        numbers = [number_at(expr, x, p) for p in
                   (rational_inside(segment.piece), segment.piece.inside() + 0)]
        zero = sign_on(segment.formula, x, segment.piece).kind == "zero"
        if zero and any(n is None or n != 0 for n in numbers):
            raise disagree(f"f is 0 on {where(segment.piece, x)}")
    if not value.is_number:
        raise disagree(f"P(f(X) = 0) = {show(value)}")
