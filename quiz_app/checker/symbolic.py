"""What every part of the checker asks of sympy first: did sympy give up, and are two
expressions equal.

The lowest layer of the checker's maths (it imports nothing of ours): the safe parser, the
limit engine and the grader all stand on it, and none of them on each other for these.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import PoleError
from sympy.core.sympify import SympifyError
from sympy.polys.polyerrors import BasePolynomialError, NotAlgebraic

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
    only, `sign_of` the difference: a zero proved through its minimal polynomial, or a
    difference that tracked digits show (digits never prove equality).
    """
    try:
        difference = sp.simplify(u - v)
        if difference.is_zero is not None:
            return difference.is_zero
        exponential = sp.simplify(difference.rewrite(sp.exp))
        if exponential.is_zero is not None:
            return exponential.is_zero
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return None
    if difference.free_symbols:
        return None
    sign = sign_of(difference)
    return None if sign is None else sign == 0


def sign_of(value: sp.Expr) -> int | None:
    """-1, 0 or 1, proved, for a real constant (positive parameters allowed); None when it
    cannot be proved.

    sympy's assumptions first (for a number they use digits with tracked precision, so
    they can tell 10⁻⁴⁰ from 0); then a number that cancels past its digits is 0 only when
    that is proved: its minimal polynomial is x (2·cos(2π/9) is a root of x³ − 3x + 1,
    which sympy does not simplify), or it simplifies to 0, also in exponentials
    (tanh(log 2) − 3/5). Digits alone never prove a zero.
    """
    try:
        if value.is_zero:
            return 0
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.AccumBounds) \
                or value.is_extended_real is False:
            return None
        if value.is_positive:
            return 1
        if value.is_negative:
            return -1
        if value.free_symbols or not value.is_number:
            return None
        if _proved_zero(value):
            return 0
        # PrecisionExhausted when it stays near 0 (any number of digits serves: strict
        # evalf says only what its tracked precision proves)
        number = sp.N(value, 60, strict=True)  # pragma: no mutate
        if number.is_real and number.is_zero is False:
            return 1 if number > 0 else -1
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
    return None


def _proved_zero(value: sp.Expr) -> bool:
    """Whether a constant is proved to be 0 (False: not proved, whatever it is)."""
    try:
        return sp.minimal_polynomial(value, _X) == _X
    except NotAlgebraic:
        pass
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
    try:
        return sp.simplify(value) == 0 or sp.simplify(value.rewrite(sp.exp)) == 0
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return False


_X = sp.Dummy("x")
