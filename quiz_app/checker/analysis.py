"""The facts about f at a point: value, one-sided limits, one-sided derivatives, verdicts.

The definition wins: differentiability is decided by the one-sided limits of the difference
quotient, never by evaluating sympy's f′ at the point (for Max that gives Heaviside(0) = 1/2,
for Abs sign(0) = 0). The limits of f′ are reported beside it, as the design card asks, and
any disagreement with the definition is called out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sympy as sp

from quiz_app.checker.expr import (
    Restriction,
    parse_expression,
    parse_with_restrictions,
    variable_symbol,
)
from quiz_app.checker.facts import Analysis, Fact, Verdict
from quiz_app.checker.onesided import right_limit

HEAVISIDE_NOTE = "sympy takes Heaviside(0) = 1/2; other conventions use 0 or 1"


def analyze_text(expression: str, point: str = "0", variable: str = "x",
                 params: Sequence[str] = ()) -> Analysis:
    """Parse with the safe parser and analyse; a refused input becomes `Analysis.error`.

    A parameter given as `a=0.2` is analysed at that value (Explore, `--param a=0.2`); a
    bare name stays a symbol (a positive real).
    """
    from quiz_app.checker.expr import ExpressionError

    result = Analysis(expression, variable, str(point), tuple(params))
    names = [p.partition("=")[0].strip() for p in params]
    try:
        f, restrictions = parse_with_restrictions(expression, variable, names)
        values = _parameter_values(params, variable, names)
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
    return analyze(f, variable_symbol(variable), a, result, restrictions)


def _parameter_values(params: Sequence[str], variable: str, names: Sequence[str]) -> dict:
    """{symbol: number} for each `name=value`; a value must be a number."""
    from quiz_app.checker.expr import ExpressionError

    values = {}
    for text in params:
        name, given, value = text.partition("=")
        if not given:
            continue
        number = parse_expression(value.strip(), variable, ())
        if number.free_symbols or number.is_extended_real is False:
            raise ExpressionError(f"the parameter {name.strip()} needs a real number, "
                                  f"not {value.strip()}")
        values[parse_expression(name.strip(), variable, names)] = number
    return values


def equal(u: sp.Expr, v: sp.Expr) -> bool | None:
    """Proven equal, proven different, or None (undecided, e.g. depends on a parameter).

    simplify first; then the exponential form (tanh, cosh and friends); then, for constants
    only, a strict 50-digit evaluation, which can show a difference but never equality.
    """
    try:
        difference = sp.simplify(u - v)
        if difference.is_zero is not None:
            return difference.is_zero
        exponential = sp.simplify(difference.rewrite(sp.exp))
        if exponential.is_zero is not None:
            return exponential.is_zero
        if not difference.free_symbols:
            magnitude = abs(sp.N(difference, 50, strict=True))
            if magnitude > sp.Float("1e-30"):
                return False
    except Exception:
        return None
    return None


def analyze(f: sp.Expr, x: sp.Symbol, a: sp.Expr, result: Analysis,
            restrictions: Sequence[Restriction] = ()) -> Analysis:
    t = sp.Dummy("t", positive=True)
    facts = result.facts
    value_fact, fa = _value(f, x, a, result, restrictions)
    facts["value"] = value_fact
    (facts["left_limit"], left), (facts["right_limit"], right) = (
        right_limit(f.subs(x, a - t), t), right_limit(f.subs(x, a + t), t))
    result.exact.update({"value": fa, "left_limit": left, "right_limit": right})
    if fa is None:
        missing = Fact("undefined", reason=f"f({a}) is undefined")
        facts["left_derivative"] = facts["right_derivative"] = missing
        dq_left = dq_right = None
    else:
        facts["left_derivative"], dq_left = right_limit((f.subs(x, a - t) - fa) / (-t), t)
        facts["right_derivative"], dq_right = right_limit((f.subs(x, a + t) - fa) / t, t)
    result.exact.update({"left_derivative": dq_left, "right_derivative": dq_right})
    _derivative_limits(f, x, a, t, result)
    for side, sign in (("left", -1), ("right", 1)):
        off_domain = _side_outside_domain(restrictions, x, a, sign, t)
        if off_domain is not None:
            for name in (f"{side}_limit", f"{side}_derivative", f"derivative_{side}_limit"):
                facts[name] = off_domain
                result.exact[name] = None
            left = None if side == "left" else left
            right = None if side == "right" else right
            dq_left = None if side == "left" else dq_left
            dq_right = None if side == "right" else dq_right

    result.verdicts["continuous"] = _continuity(facts, fa, left, right)
    result.verdicts["differentiable"] = _differentiability(facts, dq_left, dq_right)
    _reconcile(result)
    _compare_derivative_limits(result)
    result.steps = _steps(f, x, a, t, result)
    return result


def _steps(f, x, a, t, result: Analysis) -> list[str]:
    """The working for students; it explains the verdicts and must never change them."""
    from quiz_app.checker.steps import derivation

    try:
        return derivation(f, x, a, t, result)
    except Exception as exc:  # the steps are an explanation, never a reason to fail
        return [f"(the working could not be written out: {type(exc).__name__})"]


BROKEN = {"nonzero": "is 0", "nonnegative": "is negative under an even root",
          "positive": "is not positive inside log"}


def _violated(rule: Restriction, value) -> bool | None:
    """Whether the rule fails for this value of its expression (None: cannot tell)."""
    if rule.kind == "nonzero":
        same = equal(value, sp.Integer(0))
        return None if same is None else same
    if rule.kind == "nonnegative":
        return value.is_negative
    return None if value.is_positive is None else not value.is_positive


def _value(f, x, a, result: Analysis, restrictions: Sequence[Restriction] = ()
           ) -> tuple[Fact, sp.Expr | None]:
    if any(h.args[0].subs(x, a) == 0 for h in f.atoms(sp.Heaviside)):
        result.notes.append(HEAVISIDE_NOTE)
    for rule in restrictions:
        broken = _violated(rule, rule.expression.subs(x, a))
        active = _branches_active(rule.branches, x, a)
        if broken is False or active is False:
            continue
        where = f"{rule.expression} {BROKEN[rule.kind]} at {a}"
        if broken is None or active is None:  # do not guess
            return Fact("undecided", reason=f"cannot tell whether {where}"), None
        return Fact("undefined", reason=f"f({a}) is undefined: {where}"), None
    try:
        value = sp.simplify(f.subs(x, a))
    except Exception as exc:
        return Fact("undecided", reason=f"could not evaluate f({a}) ({type(exc).__name__})"), None
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.AccumBounds) or value.is_extended_real is False:
        return Fact("undefined", reason=f"f({a}) is not a real number"), None
    if value.is_extended_real is None or value.has(sp.Piecewise):
        return Fact("undecided", reason=f"cannot tell whether f({a}) = {value} is real"), None
    return Fact("value", sp.sstr(value), f"f({a}) = {value}"), value


def _side_outside_domain(restrictions, x, a, sign: int, t) -> Fact | None:
    """An undefined (or undecided) Fact when f is not real just left/right of a."""
    from quiz_app.checker.onesided import Undecided, eventual_sign

    for rule in restrictions:
        if rule.kind == "nonzero":
            continue  # a single hole does not affect one-sided limits
        try:
            near = eventual_sign(rule.expression.subs(x, a + sign * t), t)
        except Undecided:
            near = None
        bad = near is not None and (near < 0 or (near == 0 and rule.kind == "positive"))
        if bad and not rule.branches:
            side = "left" if sign < 0 else "right"
            return Fact("undefined", reason=f"f is not real-valued {side} of {a}: "
                                            f"{rule.expression} {BROKEN[rule.kind]} there")
        if (bad or near is None) and rule.branches:
            return Fact("undecided", reason=f"cannot tell whether {rule.expression} is in "
                                            "the domain there (inside a Piecewise branch)")
        if near is None:
            return Fact("undecided", reason=f"cannot tell the sign of {rule.expression} there")
    return None


def _branches_active(branches, x, a) -> bool | None:
    """Whether the Piecewise branches enclosing a divisor are the ones in force at x = a."""
    for condition, earlier in branches:
        here = [_truth(c, x, a)
                for c in (condition, *earlier)]
        if here[0] is False or any(h is True for h in here[1:]):
            return False
        if here[0] is None or any(h is None for h in here[1:]):
            return None
    return True


def _truth(condition, x, a) -> bool | None:
    value = condition.subs(x, a) if hasattr(condition, "subs") else condition
    if value in (sp.true, True):
        return True
    if value in (sp.false, False):
        return False
    return None


def _derivative_limits(f, x, a, t, result: Analysis) -> None:
    facts = result.facts
    try:
        fprime = sp.diff(f, x)
    except Exception as exc:
        fprime = None
        reason = f"sympy could not differentiate f ({type(exc).__name__})"
    else:
        reason = "sympy left f′ unevaluated"
    if fprime is None or fprime.has(sp.Derivative, sp.Subs):
        facts["derivative_left_limit"] = facts["derivative_right_limit"] = Fact(
            "undecided", reason=reason)
        return
    facts["derivative_left_limit"], result.exact["derivative_left_limit"] = right_limit(
        fprime.subs(x, a - t), t)
    facts["derivative_right_limit"], result.exact["derivative_right_limit"] = right_limit(
        fprime.subs(x, a + t), t)


def _continuity(facts, fa, left, right) -> Verdict:
    if facts["value"].kind == "undefined":
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
        return Verdict(False, f"left limit {left} ≠ f(a) = {fa}")
    if right_ok is False:
        return Verdict(False, f"right limit {right} ≠ f(a) = {fa}")
    if left_ok and right_ok:
        return Verdict(True, f"left limit = right limit = f(a) = {fa}")
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
        result.facts["derivative"] = Fact("value", right.value, differentiable.reason)
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
