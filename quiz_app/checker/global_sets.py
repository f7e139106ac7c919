"""Intervals as authors write them, "[0, oo)", "(-1, 1]", "{0, 1}", and domains ("x > 0" as
well), read through the safe parser (never eval); and exact comparison of two such sets.

    >>> parse_interval("[0, oo)")
    Interval(0, oo)
    >>> parse_interval("{0, 1/2, 1}")
    {0, 1/2, 1}
    >>> parse_domain("x > 0")
    Interval.open(0, oo)
    >>> same_set(parse_interval("[0, 6]"), parse_interval("[0, 3*2]"))
    True
"""

from __future__ import annotations

import sympy as sp

from quiz_app.checker.expr import ExpressionError, parse_expression
from quiz_app.checker.symbolic import equal

EMPTY = ("none", "empty", "{}")


class IntervalError(ValueError):
    """Text that is not an interval; the message says what is wrong."""


def _top_level_commas(text: str) -> list[int]:
    depth, commas = 0, []
    for index, character in enumerate(text):
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        elif character == "," and depth == 0:
            commas.append(index)
    return commas


def _end(text: str, variable: str) -> sp.Expr:
    try:
        value = parse_expression(text, variable)
    except ExpressionError as exc:
        raise IntervalError(f"the end {text.strip()!r} is not a number: {exc}") from None
    if not isinstance(value, sp.Expr) or value.free_symbols or \
            value.is_extended_real is False:
        raise IntervalError(f"the end {text.strip()!r} is not a real number")
    return value


def parse_interval(text: str, variable: str = "x") -> sp.Set:
    """An interval "[a, b]", "(a, b]", … (oo for ∞, whose end is open), a finite set
    "{a, b}", or "none" for the empty set."""
    if not isinstance(text, str):
        raise IntervalError(f"expected an interval as text, not {text!r}")
    stripped = text.strip()
    if stripped.lower() in EMPTY:
        return sp.S.EmptySet
    if len(stripped) < 2:
        raise IntervalError(f"{text!r} is not an interval: write it like [0, oo) or (-1, 1]")
    first, last, inner = stripped[0], stripped[-1], stripped[1:-1]
    if first == "{" and last == "}":
        if not inner.strip():
            return sp.S.EmptySet
        ends = _split(inner)
        return sp.FiniteSet(*[_end(part, variable) for part in ends])
    if first not in "[(" or last not in "])":
        raise IntervalError(f"{text!r} is not an interval: it must start with [ or ( and "
                            "end with ] or ), like [0, oo) or (-1, 1]")
    commas = _top_level_commas(inner)
    if len(commas) != 1:
        raise IntervalError(f"{text!r} is not an interval: it needs exactly two ends "
                            "separated by one comma")
    low = _end(inner[:commas[0]], variable)
    high = _end(inner[commas[0] + 1:], variable)
    for value, bracket, side in ((low, first, "left"), (high, last, "right")):
        if value in (sp.oo, -sp.oo) and bracket in "[]":
            raise IntervalError(f"{text!r}: an infinite end is never included; write "
                                f"{'(' if side == 'left' else ')'} at {show(value)}")
    if low == sp.oo or high == -sp.oo or (sp.N(high - low) < 0) is sp.true:
        raise IntervalError(f"{text!r}: the left end must not be larger than the right one")
    return sp.Interval(low, high, first == "(", last == ")")


def show(value) -> str:
    """A value or a set as an author writes it in a claim.

    >>> show(sp.Interval.Lopen(0, sp.oo)), show(sp.FiniteSet(0, 1)), show(sp.S.EmptySet)
    ('(0, oo)', '{0, 1}', 'none (the empty set)')
    """
    if isinstance(value, sp.Interval):
        return (f"{'(' if value.left_open else '['}{sp.sstr(value.start)}, "
                f"{sp.sstr(value.end)}{')' if value.right_open else ']'}")
    if isinstance(value, sp.FiniteSet):
        items = sorted(value, key=sp.default_sort_key)
        return "{" + ", ".join(sp.sstr(item) for item in items) + "}"
    if value == sp.S.EmptySet:
        return "none (the empty set)"
    if isinstance(value, sp.Union):
        return " ∪ ".join(show(part) for part in value.args)
    if value == sp.S.Reals:
        return "(-oo, oo)"
    return sp.sstr(value)


def _split(inner: str) -> list[str]:
    commas = _top_level_commas(inner)
    bounds = [-1, *commas, len(inner)]
    return [inner[a + 1:b] for a, b in zip(bounds, bounds[1:])]


def _is_interval(stripped: str) -> bool:
    return stripped[:1] in ("[", "(", "{") and stripped[-1:] in ("]", ")", "}") and bool(
        _top_level_commas(stripped[1:-1]) or stripped[0] == "{")


def domain_condition(text: str, variable: str = "x") -> sp.Basic:
    """A domain as a condition on the variable, the form typed answers are compared under:
    a condition as written, an interval as its inequalities (a half-line as one).

    >>> domain_condition("[0, oo)"), domain_condition("(-1, 1]"), domain_condition("x > 2")
    (x >= 0, (x <= 1) & (x > -1), x > 2)
    """
    stripped = text.strip()
    if not _is_interval(stripped):
        return parse_expression(stripped, variable)
    found = parse_interval(stripped, variable)
    x = sp.Symbol(variable, real=True)
    if not isinstance(found, sp.Interval):
        return found.as_relational(x)
    parts = []
    if found.start != -sp.oo:
        parts.append(x > found.start if found.left_open else x >= found.start)
    if found.end != sp.oo:
        parts.append(x < found.end if found.right_open else x <= found.end)
    return sp.And(*parts)


def parse_domain(text: str, variable: str = "x") -> sp.Set:
    """A domain: an interval as in parse_interval, or a condition such as "x > 0"."""
    stripped = text.strip() if isinstance(text, str) else ""
    if _is_interval(stripped):
        return parse_interval(stripped, variable)
    try:
        condition = parse_expression(stripped, variable)
    except ExpressionError as exc:
        raise IntervalError(f"the domain {text!r} is neither an interval nor a condition: "
                            f"{exc}") from None
    if not isinstance(condition, sp.logic.boolalg.Boolean) or \
            condition.free_symbols - {sp.Symbol(variable, real=True)}:
        raise IntervalError(f"the domain {text!r} is neither an interval nor a condition on "
                            f"{variable}")
    try:
        return condition.as_set()
    except (NotImplementedError, ValueError, TypeError) as exc:
        raise IntervalError(f"the domain {text!r} cannot be read as a set: {exc}") from None


def _components(found: sp.Set) -> list[sp.Set]:
    parts = list(found.args) if isinstance(found, sp.Union) else [found]
    return sorted(parts, key=lambda part: sp.N(part.inf, 30))


def same_set(a: sp.Set, b: sp.Set) -> bool | None:
    """Whether two unions of intervals and points are the same set (None: cannot tell)."""
    if a == b:
        return True
    if sp.S.EmptySet in (a, b):
        return False
    mine, theirs = _components(a), _components(b)
    if len(mine) != len(theirs):
        return False
    verdicts: list[bool | None] = []
    for u, v in zip(mine, theirs):
        if type(u) is not type(v):
            return False
        if isinstance(u, sp.Interval):
            if (u.left_open, u.right_open) != (v.left_open, v.right_open):
                return False
            verdicts += [_same(u.start, v.start), _same(u.end, v.end)]
        else:
            if len(u) != len(v):
                return False
            verdicts += [_same(p, q) for p, q in zip(sorted(u, key=_key), sorted(v, key=_key))]
    if False in verdicts:
        return False
    return None if None in verdicts else True


def _key(value: sp.Expr):
    return sp.N(value, 30)


def _same(p: sp.Expr, q: sp.Expr) -> bool | None:
    if sp.oo in (p, q) or -sp.oo in (p, q):
        return p == q
    return equal(p, q)
