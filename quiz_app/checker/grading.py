"""Grading typed answers: the safe parser, then sympy equivalence, never string equality.

`1/2`, `0.5` and `2/4` are the same number. An expression answer must agree with the key on
the question's domain: symbolically when the domain is a half-line we can encode in the
symbol's assumptions, otherwise at sample points, and the result then says so. A typo is
"invalid" with its column: it is never marked wrong.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sympy as sp

from quiz_app.checker.expr import ExpressionError, parse_expression, variable_symbol
from quiz_app.checker.global_sets import IntervalError, domain_condition, parse_domain
from quiz_app.checker.onesided import NON_SMOOTH
from quiz_app.checker.symbolic import SYMPY_ERRORS, equal
from quiz_app.checker.tolerance import within

Status = Literal["right", "wrong", "invalid"]
SAMPLES = 24


@dataclass(frozen=True)
class Grade:
    status: Status
    interpreted: str = ""  # the parsed answer, shown back as "interpreted as …"
    message: str = ""  # why, as a teacher says it ("equal for x > 0"), or the parse error
    feedback: str | None = None


def interpret(text: str, kind: str, variable: str = "x", forbid: Sequence[str] = ()) -> sp.Expr:
    """Parse a student's answer; a numeric answer may not mention the variable, and no
    answer may call a function the question forbids."""
    expr = parse_expression(text, variable, forbid=forbid)
    if kind == "numeric" and expr.free_symbols:
        raise ExpressionError(f"a number is expected, not an expression in {variable}")
    booleans = (sp.logic.boolalg.BooleanFunction, sp.logic.boolalg.BooleanAtom)
    if expr.is_Relational or isinstance(expr, booleans):  # (a Symbol is a Boolean too)
        raise ExpressionError("an answer is a value, not a condition")
    return expr


def grade(response: str, key: str, kind: str, variable: str = "x", domain: str | None = None,
          tolerance: float | None = None, accept=(), reject=(), forbid: Sequence[str] = ()
          ) -> Grade:
    """Right when equivalent to the key; known answers only add feedback or decide the rest.

    The key is compared first, so an answer equivalent to it is right even if some `reject`
    entry also matches it: a reject describes a wrong answer, and `check` refuses one that
    is equivalent to the key on the domain. An `accept` entry is right with its feedback.
    """
    try:
        answer = interpret(response, kind, variable, forbid)
    except ExpressionError as exc:
        return Grade("invalid", message=str(exc))
    shown = show(answer)
    if _undefined(answer):
        return Grade("invalid", shown, "this value is undefined (such as 0/0, 1/0, ∞ − ∞ "
                     "or sin(∞)); write a number")
    try:
        return _graded(answer, shown, key, kind, variable, domain, tolerance, accept, reject)
    except ExpressionError:
        raise  # a bad key is the bank's fault: `check` reports it with its position
    except (TypeError, ValueError, ArithmeticError, RecursionError, AttributeError) as exc:
        # sympy can still fail on odd-but-valid input; never a crash, never a false mark
        return Grade("invalid", shown, f"could not compare with the key ({type(exc).__name__}); "
                     "try writing it differently")


def _undefined(expr) -> bool:
    """NaN, complex infinity (1/0) and interval 'values' (sin(∞) is AccumBounds(-1, 1)) are
    not real numbers: comparing them with a tolerance has no meaning (and raised before)."""
    return expr.has(sp.nan, sp.zoo, sp.AccumBounds)


def _graded(answer, shown, key, kind, variable, domain, tolerance, accept, reject) -> Grade:
    same, method = _same(answer, parse_expression(key, variable), kind, variable, domain,
                         tolerance)
    if same:
        known = _known(answer, accept, kind, variable, domain, tolerance)
        return Grade("right", shown, teacher_words(True, method),
                     known.feedback if known else None)
    outcomes: tuple[tuple[Any, Status], ...] = ((accept, "right"), (reject, "wrong"))
    for entries, status in outcomes:
        known = _known(answer, entries, kind, variable, domain, tolerance)
        if known is not None:
            said = "an accepted answer" if status == "right" else "a common wrong answer"
            return Grade(status, shown, said, known.feedback)
    if same is None:
        return Grade("invalid", shown, f"could not compare with the key ({method}); "
                     "try writing it differently")
    return Grade("wrong", shown, teacher_words(False, method))


TEACHER_WORDS = [
    (re.compile(r"compared (exactly|symbolically)"), "equal to the key", "not equal to the key"),
    (re.compile(r"within the tolerance (\S+)"), r"within \1 of the key",
     r"more than \1 away from the key"),
    (re.compile(r"equal by simplification for (.+)"), r"equal for \1", ""),
    (re.compile(r"equal by simplification"), "equal to the key", ""),
    (re.compile(r"differs from the key"), "", "not equal to the key"),
    (re.compile(r"differs at (.+)"), "", r"different from the key at \1"),
    (re.compile(r"differs for (.+)"), "", r"different from the key for \1"),
    (re.compile(r"equal piece by piece for (.+)"), r"equal for \1", ""),
    (re.compile(r"equal piece by piece"), "equal to the key", ""),
    (re.compile(r"agrees at (\d+) sample points(.*)"), r"equal to the key, checked at \1 points\2",
     ""),
]


def teacher_words(right: bool, method: str) -> str:
    """How the comparison went, as a teacher says it to the student ("equal for x > 0",
    "checked at 24 points"); `check` keeps the method's own wording for authors."""
    for pattern, if_right, if_wrong in TEACHER_WORDS:
        match = pattern.fullmatch(method)
        if match and (if_right if right else if_wrong):
            return match.expand(if_right if right else if_wrong)
    return method


def equivalent(text: str, key: str, kind: str, variable: str = "x", domain: str | None = None,
               tolerance: float | None = None) -> tuple[bool | None, str]:
    """Whether `text` is the key on the domain (None: undecided), with how it was decided.

    The same comparison `grade` makes, for `check` to hold accept/reject lists to account.
    """
    return _same(parse_expression(text, variable), parse_expression(key, variable), kind,
                 variable, domain, tolerance)


def _known(answer, entries, kind, variable, domain, tolerance):
    for known in entries:
        same, _ = _same(answer, parse_expression(known.answer, variable), kind, variable,
                        domain, tolerance)
        if same:
            return known
    return None


SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def show(expr) -> str:
    """One line a student can read back: Unicode when sympy fits it on one line."""
    from quiz_app.checker.words import number_words

    if expr.has(sp.zoo, sp.nan):
        return "an undefined value (a division by zero)"
    pretty = sp.pretty(expr, use_unicode=True)
    if "\n" not in pretty and not expr.has(sp.Heaviside):
        return pretty
    # Whole powers as superscripts (x²), any other as ** (x**(1/3)): never the ^ that
    # number_words writes, which the parser refuses if the student types it back.
    text = re.sub(r"\*\*(\d+)(?![\d.])", lambda m: m.group(1).translate(SUPERSCRIPTS),
                  sp.sstr(expr))
    return number_words(text).replace("^", "**")


def _same(answer, key, kind, variable, domain, tolerance) -> tuple[bool | None, str]:
    if answer.has(sp.oo, -sp.oo, sp.zoo) or key.has(sp.oo, -sp.oo, sp.zoo):
        return answer == key, "compared exactly"
    if kind == "numeric":
        if tolerance is not None:
            close = within(sp.N(answer, 30), sp.N(key, 30), tolerance)
            return close, f"within the tolerance {tolerance:g}"
        return equal(answer, key), "compared symbolically"
    x = variable_symbol(variable)
    restricted, endpoint = _restrict(domain, x)
    if restricted is not None:
        positive = sp.Dummy("p", positive=True)
        result = equal(answer.subs(x, restricted(positive)), key.subs(x, restricted(positive)))
        if result is True and endpoint is not None:  # x >= c: c itself counts too
            at_end = answer.subs(x, endpoint)
            result = False if _undefined(at_end) else equal(at_end, key.subs(x, endpoint))
            if result is False:
                return False, f"differs at {x} = {endpoint}"
    else:
        result = equal(answer, key)
    if result is True:
        return True, "equal by simplification" + (f" for {domain}" if restricted else "")
    if result is False and restricted is None:
        return False, "differs from the key"
    return _by_pieces(answer, key, x, domain) or _sampled(answer, key, x, domain, variable)


MAX_KINK_NODES = 12  # beyond this many Abs/Max/…, placing the kinks is left to sampling


def _by_pieces(answer, key, x, domain) -> tuple[bool, str] | None:
    """Exact for piecewise answers (Max, Min, Abs, sign, Heaviside, Piecewise of smooth
    parts): split the domain at both expressions' kinks, then compare the two formulas on
    each open piece and the two values at each kink. None when that cannot decide (kinks
    not placeable, or a piece's formulas that simplification cannot compare).

    ReLU6 against ReLU differs only beyond 6, where sample points may never go:

    >>> from quiz_app.checker.expr import parse_expression as read
    >>> _by_pieces(read("Max(0, x)"), read("Min(Max(0, x), 6)"), variable_symbol("x"), None)
    (False, 'differs for x > 6')
    """
    from quiz_app.checker.regions import Unlocatable, on_piece, split

    kinked = (*NON_SMOOTH, sp.Piecewise)
    if sum(1 for e in (answer, key) for node in sp.preorder_traversal(e)
           if isinstance(node, kinked)) > MAX_KINK_NODES:
        return None
    try:
        where = parse_domain(domain, x.name) if domain else sp.S.Reals
        parts = split([answer, key], x, where)
        for piece in parts.pieces:
            mine, theirs = on_piece(answer, x, piece), on_piece(key, x, piece)
            same = equal(mine, theirs)
            at = piece.inside()  # not shown identical: different at a point of the piece?
            if same is None and equal(mine.subs(x, at), theirs.subs(x, at)) is False:
                same = False
            if same is None:
                return None
            if not same:
                return False, f"differs for {_describe(piece, x)}"
        for kink in parts.kinks:
            here = answer.subs(x, kink)
            if _undefined(here):
                return False, f"differs at {x} = {kink}"
            same = equal(here, key.subs(x, kink))
            if same is None:
                return None
            if not same:
                return False, f"differs at {x} = {kink}"
    except (Unlocatable, ExpressionError, IntervalError, *SYMPY_ERRORS):
        return None
    return True, "equal piece by piece" + (f" for {domain}" if domain else "")


def _describe(piece, x) -> str:
    if piece.low is None and piece.high is None:
        return f"every {x}"
    if piece.high is None:
        return f"{x} > {piece.low}"
    if piece.low is None:
        return f"{x} < {piece.high}"
    return f"{piece.low} < {x} < {piece.high}"


def _restrict(domain: str | None, x):
    """x > c, x >= c, x < c, x <= c as a map from a positive symbol onto the open
    half-line, and c when the domain holds it too (else None); (None, None) otherwise."""
    if not domain:
        return None, None
    try:
        condition = domain_condition(domain, x.name)
    except (ExpressionError, IntervalError):
        return None, None
    upper = (sp.StrictGreaterThan, sp.GreaterThan)
    lower = (sp.StrictLessThan, sp.LessThan)
    if not isinstance(condition, upper + lower):  # Eq, Ne, And…: by pieces, or sampled
        return None, None
    lhs, rhs = condition.lhs, condition.rhs
    if lhs == x and rhs.is_number:
        above = isinstance(condition, upper)
    elif rhs == x and lhs.is_number:
        above = isinstance(condition, lower)
        lhs, rhs = rhs, lhs
    else:
        return None, None
    closed = rhs if isinstance(condition, (sp.GreaterThan, sp.LessThan)) else None
    return ((lambda p: rhs + p) if above else (lambda p: rhs - p)), closed


def _sampled(answer, key, x, domain, variable: str = "x") -> tuple[bool | None, str]:
    """The tie-break: compare at sample points in the domain; reported as such."""
    condition = domain_condition(domain, variable) if domain else sp.true
    rng = random.Random(0)
    special = [sp.Integer(0), sp.Integer(1), sp.Integer(-1), sp.Rational(1, 2),
               sp.Rational(-1, 2), sp.Integer(2), sp.Integer(-2)]  # where kinks usually are
    points = special + [sp.Rational(rng.randint(-5000, 5000), 997) for _ in range(SAMPLES * 4)]
    checked = 0
    for point in points:
        if condition is not sp.true and condition.subs(x, point) is not sp.true:
            continue
        try:
            a, k = complex(sp.N(answer.subs(x, point), 20)), complex(sp.N(key.subs(x, point), 20))
        except (TypeError, ValueError):
            continue
        if not within(a, k):
            return False, f"differs at {x} = {point}"
        checked += 1
        if checked >= SAMPLES:
            break
    if checked < SAMPLES // 2:
        return None, "too few points of the domain to compare at"
    return True, f"agrees at {checked} sample points" + (f" with {domain}" if domain else "")

