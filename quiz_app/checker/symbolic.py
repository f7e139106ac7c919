"""What every part of the checker asks of sympy first: did sympy give up, and are two
expressions equal.

The lowest layer of the checker's maths (it imports nothing of ours): the safe parser, the
limit engine and the grader all stand on it, and none of them on each other for these.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import PoleError
from sympy.core.sympify import SympifyError
from sympy.polys.polyerrors import BasePolynomialError

# Exceptions sympy raises when it gives up. Any of them is "cannot tell", but only when it
# was raised inside sympy or mpmath: the same types raised by our code are bugs.
SYMPY_ERRORS = (ArithmeticError, NotImplementedError, ValueError, TypeError, AttributeError,
                IndexError, KeyError, RecursionError, PoleError, SympifyError,
                BasePolynomialError)


def raised_by_sympy(exc: BaseException) -> bool:
    """Whether the innermost frame of the traceback is sympy's or mpmath's own code."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    filename = tb.tb_frame.f_code.co_filename if tb is not None else ""
    return any(part in filename.replace("\\", "/") for part in ("/sympy/", "/mpmath/"))


def sympy_gave_up(exc: BaseException) -> None:
    """Returns for sympy's own refusals (the caller then says undecided); re-raises
    anything else, because a bug must fail loudly."""
    if not (isinstance(exc, SYMPY_ERRORS) and raised_by_sympy(exc)):
        raise exc


def equal(u: sp.Expr, v: sp.Expr) -> bool | None:
    """Proven equal, proven different, or None (undecided, e.g. depends on a parameter).

    simplify first; then the exponential form (tanh, cosh and friends); then, for constants
    only, a strict 50-digit evaluation, which can show a difference but never equality (a
    second guard: is_zero already evaluates constants, and no input we found reaches it).
    """
    try:
        difference = sp.simplify(u - v)
        if difference.is_zero is not None:
            return difference.is_zero
        exponential = sp.simplify(difference.rewrite(sp.exp))
        if exponential.is_zero is not None:
            return exponential.is_zero
        if not difference.free_symbols:  # pragma: no mutate
            magnitude = abs(sp.N(difference, 50, strict=True))  # pragma: no mutate
            if magnitude > sp.Float("1e-30"):  # pragma: no mutate
                return False  # pragma: no mutate
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return None
    return None
