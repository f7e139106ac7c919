"""The working behind a one-sided derivative, from what the analysis actually computed.

Not a template: the branch is the one `onesided.remove_branches` picked for small t > 0
(the same function every limit of the analysis goes through), the quotient is that branch
minus the computed f(a), and the limit and how it was found are the analysis's own Facts.
A student sees *why* f′(a) is what it is:

    right: f(0 + t) = t   (for x > 0: Max(0, x) = x)
           (f(0 + t) − f(0))/t = t/t = 1  →  1 as t → 0⁺

The region in brackets is one where the piece named holds (`near.region`): at 3 the left
piece of Max(0, x) is said for 0 < x < 3, never for x < 3, which is false below 0.
"""

from __future__ import annotations

import sympy as sp

from quiz_app.checker.facts import Analysis
from quiz_app.checker.near import region
from quiz_app.checker.onesided import NON_SMOOTH, Undecided, remove_branches, substituted
from quiz_app.checker.words import fact_words, number_words, reason_words

SIDES = (("right", 1, "+"), ("left", -1, "−"))


def _say(expr) -> str:
    return number_words(sp.sstr(expr))


def _branch_notes(f, x, a, sign: int, t) -> tuple[list[str], list[tuple]]:
    """For each Max/Min/Abs/Piecewise in f: the piece in force just right (left) of a, and
    the (node, formula) pairs said, for `near.region` to state where they hold."""
    notes, claims, seen = [], [], set()
    back = x - a if sign > 0 else a - x  # t in terms of x on this side
    for node in sp.preorder_traversal(f):
        if not isinstance(node, (sp.Piecewise, *NON_SMOOTH)) or not node.has(x) or node in seen:
            continue
        seen.add(node)
        try:
            piece = remove_branches(substituted(node, x, a + sign * t), t)
        except Undecided:
            notes.append(f"cannot tell which piece of {_say(node)} applies")
            continue
        in_x = sp.cancel(piece.subs(t, back))  # not simplify: 10× slower on tanh/erf
        claims.append((node, in_x))
        if isinstance(node, sp.Piecewise):
            notes.append(f"the piece {_say(in_x)} applies")
        elif in_x != node:
            notes.append(f"{_say(node)} = {_say(in_x)}")
    return notes, claims


def derivation(f: sp.Expr, x: sp.Symbol, a: sp.Expr, t: sp.Symbol,
               result: Analysis) -> list[str]:
    """The steps of both one-sided derivatives and the conclusion, as display lines."""
    point = _say(a)
    fa = result.exact.get("value")
    if fa is None:
        return [f"f({point}) is {fact_words(result.fact('value'), point)}: there is no "
                "difference quotient to take."]
    lines = []
    for side, sign, op in SIDES:
        fact = result.fact(f"{side}_derivative")
        head = f"{side}:".ljust(7)
        pad = " " * 7
        at = f"f({point} {op} t)"
        try:
            piece = remove_branches(substituted(f, x, a + sign * t), t)
        except Undecided as exc:
            lines.append(f"{head}{at}: {reason_words(str(exc))}")
            continue
        notes, claims = _branch_notes(f, x, a, sign, t)
        where = f"   ({region(f, x, a, sign, claims, _say)}: {'; '.join(notes)})" \
            if notes else ""
        lines.append(f"{head}{at} = {_say(piece)}{where}")
        numerator = piece - fa  # as sympy builds it: cancel rewrites exp(−t) − 1 in exp(t)
        denominator = "t" if sign > 0 else "(−t)"
        raw = numerator / (sign * t)
        quotient = sp.cancel(raw)
        limit = fact_words(fact, point)
        how = "   (limit by sympy, checked numerically)" if "sympy limit" in fact.reason else (
            "   (limit from the Taylor coefficients of the numerator)"
            if "Taylor" in fact.reason else "")
        top = _say(numerator)
        top = top if " " not in top and not top.startswith("−") else f"({top})"
        chain = f"({at} − f({point}))/{denominator} = {top}/{denominator}"
        shown = _say(quotient)
        if shown != f"{top}/{denominator}" and len(shown) <= len(f"{top}/{denominator}"):
            chain += f" = {shown}"
        lines.append(f"{pad}{chain}  →  {limit} as t → 0⁺{how}")
    lines.append(_conclusion(result, point))
    return lines


def _conclusion(result: Analysis, point: str) -> str:
    left, right = result.fact("left_derivative"), result.fact("right_derivative")
    verdict = result.verdict("differentiable")
    said_left, said_right = fact_words(left, point), fact_words(right, point)
    if verdict.holds:
        return f"Both sides give {said_right}, so f′({point}) = {said_right}."
    if verdict.holds is False and left.finite and right.finite:
        return f"{said_right} ≠ {said_left}, so f′({point}) does not exist."
    if verdict.holds is False:
        return f"So f′({point}) does not exist ({reason_words(verdict.reason)})."
    return f"So whether f′({point}) exists could not be determined " \
           f"({reason_words(verdict.reason)})."
