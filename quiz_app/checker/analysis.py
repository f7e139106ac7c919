"""The facts about f at a point: value, one-sided limits, one-sided derivatives, verdicts.

The definition wins: differentiability is decided by the one-sided limits of the difference
quotient, never by evaluating sympy's f′ at the point (for Max that gives Heaviside(0) = 1/2,
for Abs sign(0) = 0). The limits of f′ are reported beside it; a disagreement is called out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy as sp

from quiz_app.checker.derivative import NoDerivative, derivative
from quiz_app.checker.exact_forms import tidy
from quiz_app.checker.expr import (
    ExpressionError,
    Restriction,
    RestrictionKind,
    parameter_values,
    parse_expression,
    parse_with_restrictions,
    variable_symbol,
)
from quiz_app.checker.facts import Analysis, Fact, Verdict
from quiz_app.checker.onesided import (
    ODD_ROOT_REASON,
    Undecided,
    abs_quotients_as_signs,
    at_point,
    eventual_sign,
    eventually,
    has_odd_root,
)
from quiz_app.checker.parametric import assignments, limit_near
from quiz_app.checker.stages import Stages
from quiz_app.checker.steps import derivation
from quiz_app.checker.symbolic import SYMPY_ERRORS, equal, sign_of, sympy_gave_up

HEAVISIDE_NOTE = "sympy takes Heaviside(0) = 1/2; other conventions use 0 or 1"
# Seconds for a whole analysis in a worker process. Below the workers' hard kill (10 s by
# default), so that a slow f′ costs only its own facts, never f(a) or the limits of f.
# A direct call (tests, scripts) has no limit unless it asks: its result must not depend
# on how busy the machine is.
TIME_LIMIT = 8.0


def analyze_text(expression: str, point: str = "0", variable: str = "x",
                 params: Sequence[str] = (), time_limit: float | None = None) -> Analysis:
    """Parse with the safe parser and analyse; a refused input becomes `Analysis.error`.

    A parameter given as `a=0.2` is analysed at that value (Explore, `--param a=0.2`); a
    bare name stays a symbol (a positive real).
    """
    result = Analysis(expression, variable, str(point), tuple(params))
    names = [p.partition("=")[0].strip() for p in params]
    try:
        f, restrictions = parse_with_restrictions(expression, variable, names)
        values = parameter_values(params, variable, names)
    except ExpressionError as exc:
        result.error = f"invalid function: {exc}"
        return result
    try:
        a = parse_expression(str(point), variable, names).subs(values)
    except ExpressionError as exc:
        result.error = f"invalid point: {exc}"
        return result
    if values:
        f = f.subs(values)
        restrictions = [replace(rule, expression=rule.expression.subs(values))
                        for rule in restrictions]
    if a.has(variable_symbol(variable)) or a.is_extended_real is False or a.is_finite is False:
        result.error = f"the point must be a finite real number, not {point}"
        return result
    return analyze(f, variable_symbol(variable), a, result, restrictions, time_limit)


# x = a − t and a + t: any other step (a ± 2t) gives the same limits, so it is not mutated
SIDES = (("left", -1), ("right", 1))  # pragma: no mutate


def analyze(f: sp.Expr, x: sp.Symbol, a: sp.Expr, result: Analysis,
            restrictions: Sequence[Restriction] = (), time_limit: float | None = None
            ) -> Analysis:
    t = sp.Dummy("t", positive=True)
    f = abs_quotients_as_signs(f)
    facts, exact = result.facts, result.exact
    stages = Stages(time_limit, 12)  # pragma: no mutate  (shares time; decides nothing)

    def pair(fact):
        return fact, None

    facts["value"], fa = stages.run(lambda: _value(f, x, a, result, restrictions), pair)
    for side, sign in SIDES:
        name = f"{side}_limit"
        facts[name], exact[name] = stages.run(
            lambda sign=sign: limit_near(f, x, a + sign * t, t), pair)
    exact["value"] = fa
    for side, sign in SIDES:
        name = f"{side}_derivative"
        if fa is None:
            missing = Fact("undefined", reason=f"f({a}) is undefined") \
                if facts["value"].kind == "undefined" else Fact(
                    "undecided", reason=f"f({a}) is undecided")
            facts[name], exact[name] = missing, None
            continue
        facts[name], exact[name] = stages.run(
            lambda sign=sign: limit_near((f - fa) / (x - a), x, a + sign * t, t), pair)
    for side, sign in SIDES:
        name = f"derivative_{side}_limit"
        facts[name], exact[name] = stages.run(
            lambda sign=sign: _derivative_limit(f, x, a + sign * t, t), pair)
    for side, sign in SIDES:
        off_domain = stages.run(lambda sign=sign: _side_outside_domain(
            restrictions, x, a, sign, t), lambda fact: fact)
        if off_domain is not None:
            for name in (f"{side}_limit", f"{side}_derivative", f"derivative_{side}_limit"):
                facts[name] = off_domain
                exact[name] = None
    stages.run(lambda: tidy(result), lambda fact: None)  # only forms: no verdict waits on it
    stages.run(lambda: _verdicts(result, a), lambda fact: _undecided_verdicts(result, fact))
    result.steps = stages.run(lambda: _steps(f, x, a, t, result), lambda fact: [
        f"(the working was not written out: {fact.reason})"])
    return result


def _verdicts(result: Analysis, a) -> None:  # f(0), not f(a): a parameter may be named a
    facts, exact = result.facts, result.exact
    result.verdicts["continuous"] = _continuity(
        facts, exact["value"], exact["left_limit"], exact["right_limit"], f"f({a})")
    result.verdicts["differentiable"] = _differentiability(
        facts, exact["left_derivative"], exact["right_derivative"])
    _reconcile(result)
    _compare_derivative_limits(result)


def _undecided_verdicts(result: Analysis, fact: Fact) -> None:
    for name in ("continuous", "differentiable"):
        result.verdicts[name] = Verdict(None, fact.reason)
    result.facts["derivative"] = fact


def _steps(f, x, a, t, result: Analysis) -> list[str]:
    """The working for students; it explains the verdicts and must never change them."""
    try:
        return derivation(f, x, a, t, result)
    except Exception as exc:  # the steps are an explanation, never a reason to fail
        return [f"(the working could not be written out: {type(exc).__name__})"]


BROKEN: dict[RestrictionKind, str] = {
    "nonzero": "is 0", "nonnegative": "is negative under an even root",
    "positive": "is not positive inside log",
    "realpower": "is not positive under a symbolic exponent"}


def _violated(rule: Restriction, value, exponent=None) -> bool | None:
    """Whether the rule fails for this value of its expression (None: cannot tell)."""
    sign = sign_of(value)
    if sign is None:
        return None
    if rule.kind == "realpower":  # b**e with e symbolic: real for b > 0, 0 for b = 0 < e
        if sign > 0 or (sign == 0 and exponent.is_positive):
            return False
        return True if sign == 0 and exponent.is_nonpositive else None
    return {"nonzero": sign == 0, "nonnegative": sign < 0, "positive": sign <= 0}[rule.kind]


def _value(f, x, a, result: Analysis, restrictions: Sequence[Restriction] = ()
           ) -> tuple[Fact, sp.Expr | None]:
    if any(_sign_at(h.args[0], x, a) == 0 for h in f.atoms(sp.Heaviside)):
        result.notes.append(HEAVISIDE_NOTE)
    for rule in restrictions:
        broken = _violated(rule, rule.expression.subs(x, a), rule.exponent.subs(x, a)
                           if rule.exponent is not None else None)
        active = _branches_active(rule.branches, x, a)
        if broken is False or active is False:
            continue
        where = f"{rule.expression} {BROKEN[rule.kind]} at {a}"
        if broken is None or active is None:  # do not guess
            return Fact("undecided", reason=f"cannot tell whether {where}"), None
        return Fact("undefined", reason=f"f({a}) is undefined: {where}"), None
    try:
        # (sign(c) is no value: c = 8·cos³(2π/9) − 6·cos(2π/9) + 1 is exactly 0, and sympy
        # cannot tell, so each branch is decided by a proved sign)
        value = sp.simplify(at_point(f, x, a))
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return Fact("undecided", reason=f"could not evaluate f({a}) ({type(exc).__name__})"), None
    except Undecided as exc:
        return Fact("undecided", reason=f"cannot tell which branch holds at {a}: {exc}"), None
    if value.is_extended_real is False and has_odd_root(value):
        return Fact("undecided", reason=ODD_ROOT_REASON), None
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.AccumBounds) or value.is_extended_real is False:
        return Fact("undefined", reason=f"f({a}) is not a real number"), None
    if value.is_extended_real is None or value.has(sp.Piecewise):
        return Fact("undecided", reason=f"cannot tell whether f({a}) = {value} is real"), None
    for values in assignments(value):
        special = value.subs(values)
        if special.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or special.is_finite is not True \
                or special.is_extended_real is not True:
            shown = ", ".join(f"{k}={v}" for k, v in values.items())
            return Fact("undecided", reason=f"f({a}) = {value} is not a real number at "
                                            f"{shown}"), None
    return Fact("value", sp.sstr(value), f"f({a}) = {value}"), value


def _side_outside_domain(restrictions, x, a, sign: int, t) -> Fact | None:
    """An undefined (or undecided) Fact when f is not real just left/right of a.

    sympy cancels as it builds (Max(0, x)/Max(0, x) is 1), so a denominator that is zero on
    a whole side, or an even root of a negative number, would otherwise go unnoticed.
    """
    side = "left" if sign < 0 else "right"  # pragma: no mutate  (sign is ±1)
    for rule in restrictions:
        if rule.branches:
            in_force = _branches_in_force_near(rule.branches, x, a + sign * t, t)
            if in_force is False:
                continue
            if in_force is True:
                rule = Restriction(rule.expression, rule.kind, (), rule.exponent)
        near_expression = rule.expression.subs(x, a + sign * t)
        if rule.kind == "nonzero" and _nonzero_at(near_expression.subs(t, 0)):
            continue  # nonzero at a, so nonzero near a: nothing to check
        try:
            near = eventual_sign(near_expression, t)
        except Undecided:
            near = None
        bad = near is not None and {
            "nonzero": near == 0, "nonnegative": near < 0, "positive": near <= 0,
            "realpower": near <= 0}[rule.kind]
        if bad and not rule.branches and rule.kind != "realpower":
            return Fact("undefined", reason=f"f is not real-valued {side} of {a}: "
                                            f"{rule.expression} {BROKEN[rule.kind]} there")
        if bad and rule.kind == "realpower":
            return Fact("undecided", reason=f"{rule.expression} is not positive {side} of {a},"
                                            " and a power with a symbolic exponent is real "
                                            "there only for some exponents")
        if (bad or near is None) and rule.branches:
            return Fact("undecided", reason=f"cannot tell whether {rule.expression} is in "
                                            "the domain there (inside a Piecewise branch)")
        if near is None:
            return Fact("undecided", reason=f"cannot tell the sign of {rule.expression} there")
    return None


def _sign_at(u, x, a) -> int | None:
    try:
        return sign_of(at_point(u, x, a))
    except Undecided:
        return None
    except SYMPY_ERRORS as exc:  # Heaviside(log(x)) at −1: sympy refuses H(iπ)
        sympy_gave_up(exc)
        return None


def _nonzero_at(value) -> bool:
    try:
        return bool(value.is_number and value.is_finite and value.is_zero is False)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return False


def _branches_in_force_near(branches, x, near, t) -> bool | None:
    """Whether the Piecewise branches around a restriction are in force for all small t."""
    try:
        for condition, earlier in branches:
            if not eventually(condition.subs(x, near), t):
                return False
            if any(eventually(c.subs(x, near), t) for c in earlier):
                return False
    except Undecided:
        return None
    except SYMPY_ERRORS as exc:  # sympy will not compare a number that is not real
        sympy_gave_up(exc)
        return None
    return True


def _branches_active(branches, x, a) -> bool | None:
    """Whether the Piecewise branches enclosing a divisor are the ones in force at x = a."""
    for condition, earlier in branches:
        here = [_truth(c, x, a) for c in (condition, *earlier)]
        if here[0] is False or any(h is True for h in here[1:]):
            return False
        if here[0] is None or any(h is None for h in here[1:]):
            return None
    return True


def _truth(condition, x, a) -> bool | None:
    """Whether a condition holds at x = a, each comparison decided by a proved sign."""
    if not hasattr(condition, "subs"):
        return bool(condition)
    try:
        return at_point(condition, x, a)
    except Undecided:
        return None
    except SYMPY_ERRORS as exc:  # sympy will not compare a number that is not real
        sympy_gave_up(exc)
        return None


def _derivative_limit(f, x, near, t) -> tuple[Fact, sp.Expr | None]:
    """lim f′(x) as x → a from one side (`near` is a ± t)."""
    try:
        fprime = derivative(f, x)
    except NoDerivative as exc:
        return Fact("undecided", reason=str(exc)), None
    return limit_near(fprime, x, near, t)


def _continuity(facts, fa, left, right, at: str) -> Verdict:
    if facts["value"].kind == "undefined":
        if left is not None and right is not None and equal(left, right) \
                and facts["left_limit"].kind == "value":  # a hole, not a jump or a pole
            return Verdict(False, f"{facts['value'].reason}; both one-sided limits are "
                                  f"{left}, so the gap is removable: defining {at} = {left} "
                                  "makes f continuous there")
        return Verdict(False, facts["value"].reason)
    for side in ("left_limit", "right_limit"):
        fact = facts[side]
        name = side.replace("_", " ")
        if fact.kind in ("oo", "-oo", "infinite", "dne"):
            return Verdict(False, f"the {name} {fact.display()}")
    if facts["left_limit"].kind == "undefined" or facts["right_limit"].kind == "undefined":
        return Verdict(None, "f is defined on one side of the point only")
    if fa is None or left is None or right is None:
        pending = [n for n in ("value", "left_limit", "right_limit") if not facts[n].decided]
        return Verdict(None, "undecided: " + ", ".join(
            f"{n.replace('_', ' ')} ({facts[n].reason})" for n in pending))
    left_ok, right_ok = equal(left, fa), equal(right, fa)
    if left_ok is False:
        return Verdict(False, f"left limit {left} ≠ {at} = {fa}")
    if right_ok is False:
        return Verdict(False, f"right limit {right} ≠ {at} = {fa}")
    if left_ok and right_ok:
        return Verdict(True, f"left limit = right limit = {at} = {fa}")
    return Verdict(None, f"continuous iff {left} = {right} = {fa}")


def _differentiability(facts, dq_left, dq_right) -> Verdict:
    left, right = facts["left_derivative"], facts["right_derivative"]
    if facts["value"].kind == "undefined":
        return Verdict(False, facts["value"].reason)
    for name, fact in (("left derivative", left), ("right derivative", right)):
        if fact.kind in ("oo", "-oo", "infinite", "dne"):
            return Verdict(False, f"the {name} {'is ' if fact.kind != 'dne' else ''}"
                                  f"{fact.display()}")
    if left.kind == "undefined" or right.kind == "undefined":
        return Verdict(None, "f is defined on one side of the point only")
    if dq_left is None or dq_right is None:
        return Verdict(None, "undecided: a one-sided derivative is undecided ("
                       + (left.reason if not left.decided else right.reason) + ")")
    same = equal(dq_left, dq_right)
    if same is False:
        return Verdict(False, f"left derivative {dq_left} ≠ right derivative {dq_right}")
    if same:
        return Verdict(True, f"left derivative = right derivative = {dq_left}")
    return Verdict(None, f"differentiable iff {dq_left} = {dq_right}")


def _reconcile(result: Analysis) -> None:
    """Apply the theorem differentiable ⇒ continuous both ways round, and set f′(a)."""
    continuous, differentiable = result.verdicts["continuous"], result.verdicts["differentiable"]
    if differentiable.holds and continuous.holds is None:
        result.verdicts["continuous"] = Verdict(True, "differentiable, hence continuous")
    if continuous.holds is False and differentiable.holds is None:
        result.verdicts["differentiable"] = Verdict(False, "not continuous, hence not "
                                                           "differentiable")
    differentiable = result.verdicts["differentiable"]
    if differentiable.holds:
        right = result.facts["right_derivative"]
        result.facts["derivative"] = replace(right, reason=differentiable.reason)
        result.exact["derivative"] = result.exact.get("right_derivative")
    elif differentiable.holds is False:
        result.facts["derivative"] = Fact("dne", reason=differentiable.reason)
    else:
        result.facts["derivative"] = Fact("undecided", reason=differentiable.reason)


def _compare_derivative_limits(result: Analysis) -> None:
    for side in ("left", "right"):
        by_definition = result.facts[f"{side}_derivative"]
        of_derivative = result.facts[f"derivative_{side}_limit"]
        if by_definition.finite and of_derivative.kind == "dne":
            result.notes.append(
                f"lim f′(x) from the {side} does not exist, but the {side} derivative from the "
                f"definition is {by_definition.value}: the definition decides")
