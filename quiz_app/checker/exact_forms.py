"""One exact form per number, and its decimal: values a reader can compare.

sympy's limits come back in whatever form its algorithm ends in. GELU's slope at 1 arrived
as three different expressions for one number (the left and right derivatives, the limit
of f′), none simplified, and nothing said which number that was. So each finite constant
fact is simplified (kept as it is when that is not shorter), every fact proven equal to
another of its group is written in the group's shortest form, and an irrational value
carries its decimal (`Fact.approx`) for the words to show. Only the writing changes: a form
replaces another only when their difference simplifies to exactly 0.
"""

from __future__ import annotations

from dataclasses import replace

import sympy as sp

from quiz_app.checker.facts import Analysis
from quiz_app.checker.symbolic import SYMPY_ERRORS, sign_of, sympy_gave_up

GROUPS = (("value", "left_limit", "right_limit"),
          ("left_derivative", "right_derivative", "derivative_left_limit",
           "derivative_right_limit"))
SIGNIFICANT = 6  # as the slope table's cells
DIFFERENT = sp.Float("1e-20")  # a 30-digit difference this large needs no simplify to tell


def tidy(result: Analysis) -> None:
    """Rewrite the finite constant facts of `result` (and their exact values) in place."""
    simplest: dict[sp.Expr, sp.Expr] = {}  # one simplify per distinct value
    for group in GROUPS:
        names = [name for name in group
                 if result.fact(name).kind == "value" and _constant(result.exact.get(name))]
        for name in names:
            value = result.exact[name]
            if value not in simplest:
                simplest[value] = _simplest(value)
        # shortest first: each form is written as the shortest one proven equal to it
        kept: list[sp.Expr] = []
        written: dict[sp.Expr, sp.Expr] = {}
        for form in sorted({simplest[result.exact[name]] for name in names}, key=_order):
            written[form] = next((other for other in kept if _same(form, other)), form)
            if written[form] is form:
                kept.append(form)
        for name in names:
            shown = written[simplest[result.exact[name]]]
            result.exact[name] = shown
            result.facts[name] = replace(result.fact(name), value=sp.sstr(shown),
                                         approx=decimal(shown))


def decimal(value: sp.Expr) -> str | None:
    """`1.08332` for an irrational constant; None for a rational one (it is exact already)
    or one that has no finite real decimal."""
    if value.is_Rational or not value.is_number:
        return None
    try:
        number = sp.N(value, 15)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return None
    if not number.is_Float or not number.is_finite:
        return None
    return f"{float(number):.{SIGNIFICANT}g}"


def _constant(value) -> bool:
    return value is not None and isinstance(value, sp.Expr) and not value.free_symbols


def _length(value: sp.Expr) -> int:
    return len(sp.sstr(value))


def _order(value: sp.Expr) -> tuple[int, str]:
    """Shortest first; ties by text, so that the form shown does not vary between runs."""
    return _length(value), sp.sstr(value)


def _simplest(value: sp.Expr) -> sp.Expr:
    if value.is_Rational:
        return value
    if sign_of(value) == 0:  # 8·cos³(2π/9) − 6·cos(2π/9) + 1, proved 0: simplify cannot
        return sp.Integer(0)
    try:
        simpler = sp.simplify(value)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return value
    if _length(simpler) >= _length(value):
        return value
    return simpler if _close(value, simpler) else value  # a cheap check of simplify itself


def _close(u: sp.Expr, v: sp.Expr) -> bool:
    try:
        return bool(abs(sp.N(u - v, 30)) <= DIFFERENT)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return False


def _same(u: sp.Expr, v: sp.Expr) -> bool:
    """Proven equal: the same tree, or a difference that simplifies to 0 (as written, or in
    exponentials: 1/(4·cosh(1)²) and e²/(1 + e²)² are one number)."""
    if u == v:
        return True
    try:
        difference = u - v
        if not _close(u, v):
            return False
        return bool(sp.simplify(difference) == 0
                    or sp.simplify(difference.rewrite(sp.exp)) == 0)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return False
