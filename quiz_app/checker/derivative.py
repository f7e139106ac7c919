"""f′ as sympy gives it, for the analysis's one-sided limits of f′ and for a typed key that
asks for f′(x) as a formula (`answer_fact: derivative` on an expression question).

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> derivative(sp.Max(0, x), x)
    Heaviside(x)
    >>> derivative_formula(sp.Abs(x) * sp.Heaviside(x), x)[0]
    Heaviside(x)*sign(x)
"""

from __future__ import annotations

import sympy as sp

from quiz_app.checker.onesided import rewrite_branches
from quiz_app.checker.symbolic import SYMPY_ERRORS, sympy_gave_up


class NoDerivative(ValueError):
    """sympy could not differentiate f, or left f′ unevaluated."""


def derivative(f: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """f′, right on every open interval where f's branches keep their sides.

    Raises NoDerivative when sympy gives up or leaves a Derivative or Subs in it."""
    try:
        fprime = sp.diff(f, x)
        if fprime.has(sp.Derivative, sp.Subs, sp.re, sp.im):
            # sign(u), |u| of an argument sympy cannot prove real: differentiate the
            # branches instead (right on every open interval where one branch holds)
            fprime = sp.diff(rewrite_branches(f), x)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        raise NoDerivative(f"sympy could not differentiate f ({type(exc).__name__})") from None
    if fprime.has(sp.Derivative, sp.Subs):
        raise NoDerivative("sympy left f′ unevaluated")
    return fprime


def derivative_formula(f: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr | None, str]:
    """f′(x) as a formula a typed key is compared with, or (None, why not).

    A step's derivative (DiracDelta) is 0 away from the step, which is all a formula can
    say: at the kinks f′ may not exist, and the comparison leaves them out."""
    try:
        fprime = derivative(f, x)
    except NoDerivative as exc:
        return None, str(exc)
    fprime = fprime.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S.Zero)
    return fprime, "f′(x) wherever it exists (the kinks, if any, left out)"
