"""The front door of the global claims: properties of f on its whole domain, each decided
true, false or undecided with a reason, never wrong.

`decide_global(name, expr, x, claimed, domain=…, at=…)` decides a claim (a GlobalVerdict:
holds, reason, and the proof in student words); `compute_global(name, expr, x, …)`
computes the value of a value claim (lipschitz, range, subdifferential, clarke,
expectation, probability_zero) for answer_fact. Every decision is made exactly on the
pieces between f's kinks (`global_shape`, `global_maps`, `subgradients`, `gaussian`) and
then checked against numbers from f as written (`global_checks`): when they disagree, the
claim is undecided. Functions with parameters are undecided (a claim must hold for every
value, which is not proved here).

    >>> import sympy as sp
    >>> x = sp.Symbol("x", real=True)
    >>> decide_global("convex", sp.Max(0, x), x, True).holds
    True
    >>> decide_global("range", sp.log(1 + sp.exp(x)), x, "[0, oo)").holds
    False
    >>> decide_global("subdifferential", sp.Max(0, x), x, "[0, 1]", at=0).holds
    True
    >>> compute_global("expectation", sp.Max(0, x)**2, x)
    (1/2, 'so E[f(X)] = 1/2')
    >>> parse_interval("(-1, 1]")
    Interval.Lopen(-1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from quiz_app.bank.data import GLOBAL_CLAIMS, GlobalClaimName
from quiz_app.checker import global_checks as checks
from quiz_app.checker import global_maps as maps
from quiz_app.checker.expr import ExpressionError, parse_expression
from quiz_app.checker.gaussian import (
    check_expectation,
    check_probability_zero,
    expectation,
    probability_zero,
)
from quiz_app.checker.global_pieces import (
    GlobalUndecided,
    constant,
    domain_points,
    grid,
    guarded,
    layout,
    number_at,
    show,
)
from quiz_app.checker.global_sets import IntervalError, parse_domain, parse_interval, same_set
from quiz_app.checker.global_shape import decide_shape
from quiz_app.checker.onesided import at_point
from quiz_app.checker.probe import OutOfTime, time_budget
from quiz_app.checker.subgradients import (
    check_clarke,
    check_subdifferential,
    clarke,
    subdifferential,
)
from quiz_app.checker.symbolic import equal, sign_of

VALUE_CLAIMS = ("lipschitz", "range", "subdifferential", "clarke", "expectation",
                "probability_zero")
BOOL_CLAIMS = ("convex", "concave", "nondecreasing", "increasing", "nonincreasing",
               "decreasing", "bounded_below", "bounded_above", "positively_homogeneous",
               "idempotent")
AT_CLAIMS = ("subdifferential", "subgradient", "clarke")
TOTAL_SECONDS = 8.0  # a guard: sympy steps have their own, shorter, limits

__all__ = ["GLOBAL_CLAIMS", "GlobalClaimError", "GlobalClaimName", "GlobalVerdict",
           "IntervalError", "UnknownGlobalClaim", "compute_global", "decide_global",
           "parse_domain", "parse_interval"]


class GlobalClaimError(ValueError):
    """A claim that is not well formed (an author's mistake, not an undecided claim)."""


class UnknownGlobalClaim(GlobalClaimError):
    def __init__(self, name: object):
        super().__init__(f"unknown global claim {name!r}; the global claims are: "
                         + ", ".join(GLOBAL_CLAIMS))


@dataclass(frozen=True)
class GlobalVerdict:
    """True, false, or None (undecided); why (false or undecided); the proof in words."""

    holds: bool | None
    reason: str = ""
    working: list[str] = field(default_factory=list)
    value: str | None = None  # the computed value of a value claim, as sympy text


def _check_name(name: str) -> None:
    if name not in GLOBAL_CLAIMS:
        raise UnknownGlobalClaim(name)


def _set(domain) -> sp.Set:
    return parse_domain(domain) if isinstance(domain, str) else domain


def _point(at) -> sp.Expr:
    if at is None:
        raise GlobalClaimError("this claim needs a point: give `at`")
    if isinstance(at, sp.Basic):
        return at
    try:
        return parse_expression(str(at), "x")
    except ExpressionError as exc:
        raise GlobalClaimError(f"the point {at!r}: {exc}") from None


def compute_global(name: str, expr: sp.Expr, x: sp.Symbol, *, domain=sp.S.Reals,
                   at=None) -> tuple[sp.Basic | None, str]:
    """The value of a value claim, proved and checked in numbers, or (None, the reason)."""
    _check_name(name)
    if name not in VALUE_CLAIMS:
        raise GlobalClaimError(f"{name} is a yes/no claim: it has no value to compute; the "
                               "claims with a value are " + ", ".join(VALUE_CLAIMS))
    try:
        with time_budget(TOTAL_SECONDS):
            value, working = _value(name, expr, x, _set(domain), at)
    except GlobalUndecided as exc:
        return None, str(exc)
    except OutOfTime:
        return None, "the time limit ran out"
    return value, working[-1] if working else ""


def _value(name: str, expr: sp.Expr, x: sp.Symbol, domain: sp.Set, at):
    if name in ("lipschitz", "range"):
        lay = layout(expr, x, domain)
        shape = decide_shape(name, lay)
        if name == "lipschitz":
            checks.check_lipschitz(lay, shape.value, shape.extremes, shape.witness)
        else:
            checks.check_range(lay, shape.value, shape.extremes)
        return shape.value, shape.working
    if name in ("subdifferential", "clarke"):
        point = _point(at)
        if name == "clarke":
            found, working = clarke(expr, x, domain, point)
            check_clarke(expr, x, point, found)
        else:
            found, working = subdifferential(expr, x, domain, point)
            check_subdifferential(expr, x, domain, point, found)
        return found, working
    if domain != sp.S.Reals:
        raise GlobalUndecided("X ~ Normal(0, 1) ranges over the whole line: the "
                              "expectation is decided only for the domain (-oo, oo)")
    if name == "expectation":
        value, working = expectation(expr, x)
        check_expectation(expr, x, value)
    else:
        value, working = probability_zero(expr, x)
        check_probability_zero(expr, x, value)
    return value, working


def decide_global(name: str, expr: sp.Expr, x: sp.Symbol, claimed: object, *,
                  domain=sp.S.Reals, at=None) -> GlobalVerdict:
    """Whether the claim `name: claimed` holds for f = expr on the domain."""
    _check_name(name)
    domain = _set(domain)
    if name in AT_CLAIMS:
        at = _point(at)
    working: list[str] = []
    try:
        with time_budget(TOTAL_SECONDS):
            return _decide(name, expr, x, claimed, domain, at, working)
    except GlobalUndecided as exc:
        return GlobalVerdict(None, str(exc), working)
    except OutOfTime:
        return GlobalVerdict(None, "the time limit ran out", working)


def _decide(name, expr, x, claimed, domain, at, working) -> GlobalVerdict:
    if name in BOOL_CLAIMS:
        if not isinstance(claimed, bool):
            raise GlobalClaimError(f"{name} takes true or false, not {claimed!r}")
        holds = _truth(name, expr, x, domain, working)
        return _verdict(holds == claimed, name, holds, working)
    if name == "equals":
        other = _expression(claimed, x)
        found = maps.equals(expr, other, x, domain)
        working[:] = found.working
        checks.check_equal_at(expr, other, x, found.points, found.holds, found.witness)
        return _verdict(found.holds, name, found.holds, working)
    if name == "subgradient":
        slope = _expression(claimed, x)
        found, working[:] = _value("subdifferential", expr, x, domain, at)
        inside = _inside(slope, found)
        return _verdict(inside, name, inside, working, show(found))
    try:
        value, working[:] = _value(name, expr, x, domain, at)
    except GlobalUndecided:
        if name == "lipschitz":
            return _steeper(expr, x, domain, _expression(claimed, x))
        if name != "range":
            raise
        return _outside(expr, x, domain, _claimed_set(claimed, name))
    if name in ("range", "subdifferential", "clarke"):
        same = same_set(value, _claimed_set(claimed, name))
    else:
        same = _same_number(value, _expression(claimed, x))
    if same is None:
        raise GlobalUndecided(f"cannot tell whether {show(value)} equals {claimed}")
    return _verdict(same, name, None, working, show(value))


def _truth(name: str, expr: sp.Expr, x: sp.Symbol, domain: sp.Set,
           working: list[str]) -> bool:
    """The truth of a yes/no claim; `working` gets the proof before numbers check it."""
    if name in ("idempotent", "positively_homogeneous"):
        found = (maps.idempotent if name == "idempotent" else maps.homogeneous)(
            expr, x, domain)
        working[:] = found.working
        if name == "idempotent":  # numbers: f at the number f(x)
            checks.check_equal_at(expr, expr, x, found.points, found.holds, found.witness,
                                  inner=expr)
        else:
            checks.check_equal_at(found.f, found.g, x, found.points, found.holds,
                                  found.witness)
        return found.holds
    flipped = name in ("concave", "nonincreasing", "decreasing")
    rule = {"concave": "convex", "nonincreasing": "nondecreasing",
            "decreasing": "increasing"}.get(name, name)
    lay = layout(-expr if flipped else expr, x, domain)
    shape = decide_shape(rule, lay)
    assert shape.holds is not None
    working[:] = shape.working
    if flipped:
        working.insert(0, f"f is {name} exactly when −f is {rule}; for −f:")
    if rule == "convex":
        checks.check_convex(lay, shape.holds, shape.witness)
    elif rule in ("nondecreasing", "increasing"):
        checks.check_nondecreasing(lay, shape.holds, rule == "increasing", shape.witness)
    else:
        checks.check_bounded(lay, shape.holds, rule == "bounded_below", shape.witness)
    return shape.holds


def _verdict(right: bool, name: str, holds: bool | None, working: list[str],
             value: str | None = None) -> GlobalVerdict:
    if right:
        return GlobalVerdict(True, "", list(working), value)
    if value is not None and name not in ("equals", "subgradient"):
        reason = f"{name} is {value}"
    elif holds is None:
        reason = f"the claim {name} does not hold"
    else:
        reason = f"{name} is {'true' if holds else 'false'}"
    if name == "subgradient":
        reason = f"the subdifferential is {value}"
    # the whole proof when it is short (a convex verdict needs its kinks), else its end
    detail = "; ".join(working if len(working) <= 5 else ["…", *working[-4:]])
    return GlobalVerdict(False, f"{reason}: {detail}" if detail else reason,
                         list(working), value)


def _outside(expr: sp.Expr, x: sp.Symbol, domain: sp.Set, claimed: sp.Set) -> GlobalVerdict:
    """When the range is not computed, a claimed range can still be refuted: a point where
    f is proved (exactly, then in numbers) to lie outside it. Else the GlobalUndecided."""
    lay = layout(expr, x, domain)
    for point in domain_points(lay):
        value = guarded(lambda p=point: at_point(expr, x, p), "evaluate f")
        if not isinstance(value, sp.Expr) or not isinstance(claimed, sp.Interval):
            break
        below = claimed.inf != -sp.oo and sign_of(value - claimed.inf) in (
            (-1, 0) if claimed.left_open else (-1,))
        above = claimed.sup != sp.oo and sign_of(claimed.sup - value) in (
            (-1, 0) if claimed.right_open else (-1,))
        number = number_at(expr, x, point)
        if (below or above) and number is not None and (
                number < constant(claimed.inf) if below else number > constant(claimed.sup)):
            line = f"f({show(point)}) = {show(value)} lies outside {show(claimed)}"
            return GlobalVerdict(False, f"the range is not {show(claimed)}: {line}", [line])
    raise GlobalUndecided("the range is not proved (sympy cannot find where f' = 0), and "
                          "no point of f lies outside the claimed range")


def _steeper(expr: sp.Expr, x: sp.Symbol, domain: sp.Set, claimed: sp.Expr) -> GlobalVerdict:
    """When the Lipschitz constant is not computed, a claimed one can still be refuted: a
    point inside a piece where |f′| is proved (exactly, then in numbers) larger, since
    every Lipschitz constant bounds |f′| wherever f′ exists. Else the GlobalUndecided.

    (SiLU's constant has no closed form, but SiLU′(12/5) > 1 refutes `lipschitz: 1`.)
    """
    if claimed.is_finite:
        lay = layout(expr, x, domain)
        for segment in lay.pieces:
            assert segment.piece is not None
            slope = guarded(lambda f=segment.formula: sp.diff(f, x), "differentiate f")
            for point in grid(segment.piece):
                steep = guarded(lambda p=point, d=slope: sp.Abs(d.subs(x, p)), "evaluate f'")
                number = number_at(sp.Abs(slope), x, point)
                if sign_of(steep - claimed) == 1 and number is not None and \
                        number > constant(claimed):
                    line = (f"|f'({show(point)})| = {show(steep)} ≈ {float(number):.6g} "
                            f"> {show(claimed)}")
                    return GlobalVerdict(False, f"the smallest Lipschitz constant is more "
                                         f"than {show(claimed)}: {line}", [line])
    raise GlobalUndecided("the Lipschitz constant is not proved (sympy cannot find where "
                          "|f'| is largest), and no slope of f is larger than the claimed one")


def _expression(claimed: object, x: sp.Symbol) -> sp.Expr:
    if isinstance(claimed, bool) or claimed is None:
        raise GlobalClaimError(f"expected a number or an expression, not {claimed!r}")
    if isinstance(claimed, sp.Basic):
        return claimed
    try:
        return parse_expression(str(claimed), x.name)
    except ExpressionError as exc:
        raise GlobalClaimError(f"the claimed value {claimed!r}: {exc}") from None


def _claimed_set(claimed: object, name: str) -> sp.Set:
    if isinstance(claimed, sp.Set):
        return claimed
    if name == "subdifferential" and str(claimed).strip().lower() in ("none", "empty"):
        return sp.S.EmptySet
    return parse_interval(str(claimed))


def _same_number(value: sp.Expr, claimed: sp.Expr) -> bool | None:
    if sp.oo in (value, claimed) or -sp.oo in (value, claimed):
        return value == claimed
    return equal(value, claimed)


def _inside(slope: sp.Expr, found: sp.Set) -> bool:
    if found == sp.S.EmptySet:
        return False
    above, below = sign_of(slope - found.inf), sign_of(found.sup - slope)
    if above is None or below is None:
        raise GlobalUndecided(f"cannot tell whether {show(slope)} lies in {show(found)}")
    return min(above, below) >= 0
