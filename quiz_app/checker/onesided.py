"""One-sided limits that do not trust sympy's direction handling.

sympy 1.14's `limit` ignores the direction inside Piecewise (issues #23836, #27236) and
raises on nested Min/Max. So every limit here is a right limit in a positive Dummy `t`:
the caller substitutes x = a + t or x = a - t, we rewrite Max/Min/Abs/sign/Heaviside into
Piecewise, pick the branch that is active for all small t > 0 ourselves, and only then ask
sympy for `limit(g, t, 0, '+')` on a branch-free expression. Every answer is cross-checked
numerically near t = 0; any doubt becomes "undecided", never a guess.
"""

from __future__ import annotations

import sympy as sp
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from quiz_app.checker.facts import Fact

NON_SMOOTH = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)
PROBE_T = sp.Rational(1, 10**30)
PROBE_DIGITS = 60


class Undecided(Exception):
    """Raised inside the machinery when a step cannot be decided; becomes an undecided Fact."""


def remove_branches(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """The expression that equals `expr` for all sufficiently small t > 0, free of branches."""
    expr = expr.rewrite(sp.Piecewise) if expr.has(*NON_SMOOTH) else expr
    return _resolve(expr, t)


def _resolve(expr, t):
    if isinstance(expr, sp.Piecewise):
        for branch, condition in expr.args:
            if _eventually(_resolve_condition(condition, t), t):
                return _resolve(branch, t)
        raise Undecided("no branch of the piecewise function applies near the point")
    if isinstance(expr, sp.DiracDelta):
        # The derivative of a jump: zero wherever its argument is eventually nonzero.
        if eventual_sign(_resolve(expr.args[0], t), t) != 0:
            return sp.Integer(0)
        raise Undecided("a Dirac delta sits at the point")
    if not expr.args or not expr.has(t):
        return expr
    return expr.func(*[_resolve(arg, t) for arg in expr.args])


def _resolve_condition(condition, t):
    if isinstance(condition, sp.Piecewise):
        return _resolve(condition, t)
    if isinstance(condition, (sp.core.relational.Relational,)):
        return condition.func(_resolve(condition.lhs, t), _resolve(condition.rhs, t))
    if condition.args and isinstance(condition, sp.logic.boolalg.Boolean):
        return condition.func(*[_resolve_condition(a, t) for a in condition.args])
    return condition


def _eventually(condition, t) -> bool:
    """Whether `condition` holds for every t in some interval (0, delta)."""
    if isinstance(condition, (BooleanTrue, bool)) and condition:
        return True
    if isinstance(condition, BooleanFalse) or condition is False:
        return False
    if isinstance(condition, sp.And):
        return all(_eventually(c, t) for c in condition.args)
    if isinstance(condition, sp.Or):
        return any(_eventually(c, t) for c in condition.args)
    if isinstance(condition, sp.Not):
        return _eventually_false(condition.args[0], t)
    if isinstance(condition, sp.ITE):
        test, then, otherwise = condition.args
        return _eventually(then, t) if _eventually(test, t) else _eventually(otherwise, t)
    if isinstance(condition, sp.core.relational.Relational):
        sign = eventual_sign(condition.lhs - condition.rhs, t)
        return {
            sp.StrictLessThan: sign < 0, sp.LessThan: sign <= 0,
            sp.StrictGreaterThan: sign > 0, sp.GreaterThan: sign >= 0,
            sp.Equality: sign == 0, sp.Unequality: sign != 0,
        }[type(condition)]
    raise Undecided(f"cannot decide the condition {condition} near the point")


def _eventually_false(condition, t) -> bool:
    if isinstance(condition, sp.core.relational.Relational):
        return _eventually(condition.negated, t)
    return not _eventually(condition, t)  # And/Or/ITE: total on the eventual branch


def eventual_sign(h, t) -> int:
    """-1, 0 or 1: the sign of h(t) for all small t > 0 (0 only when h is identically 0)."""
    h = _resolve(h, t) if h.has(sp.Piecewise) else h
    if not h.has(t):
        return _constant_sign(h)
    if sp.simplify(h) == 0:
        return 0
    try:
        leading = sp.limit(h, t, 0, "+")
    except Exception as exc:  # sympy raises many kinds; any of them means "cannot tell"
        raise Undecided(f"cannot find the sign of {h} near the point ({type(exc).__name__})") \
            from None
    if leading in (sp.oo, -sp.oo):
        return 1 if leading == sp.oo else -1
    if leading.is_real and leading.is_zero is False:
        return _constant_sign(leading)
    if leading.is_zero:
        try:
            term = h.as_leading_term(t)
        except Exception:
            raise Undecided(f"cannot find the sign of {h} near the point") from None
        coefficient = term.subs(t, 1)
        if term.has(t) and coefficient.is_real and coefficient.is_zero is False:
            return _constant_sign(coefficient)
    raise Undecided(f"cannot find the sign of {h} near the point")


def _constant_sign(value) -> int:
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    if value.is_zero:
        return 0
    raise Undecided(f"the sign of {value} depends on the parameters")


def right_limit(g: sp.Expr, t: sp.Symbol) -> tuple[Fact, sp.Expr | None]:
    """lim g(t) as t → 0⁺ for an expression that may still contain branches.

    Returns the Fact and, when the limit is a finite value, that value as a sympy object.
    """
    try:
        g = remove_branches(g, t)
    except Undecided as exc:
        return Fact("undecided", reason=str(exc)), None
    if g.is_extended_real is False:
        return Fact("undefined", reason="f is not real-valued on this side"), None
    value = _direct_value(g, t)
    how = "active branch, by substitution"
    if value is None:
        how = "active branch, sympy limit (checked numerically)"
        try:
            value = sp.limit(g, t, 0, "+")
        except Exception as exc:
            reason = f"sympy could not take the limit ({type(exc).__name__})"
            return Fact("undecided", reason=reason), None
    fact = _classify(value, g, t)
    if fact.kind == "value" and not fact.reason:
        fact = Fact("value", fact.value, how)
    return fact, (value if fact.kind == "value" else None)


def _direct_value(g, t):
    """g(0) when every piece of g is finite there and no power has t in its exponent.

    The whitelisted functions are continuous where they are finite, so substitution is then
    the limit, and it avoids sympy's slow limit on smooth activations. Anything doubtful
    (0**t, atan(1/t) → AccumBounds, 0·∞) falls back to `limit`.
    """
    if any(p.exp.has(t) for p in g.atoms(sp.Pow)):
        return None
    for node in sp.postorder_traversal(g):
        if not isinstance(node, sp.Expr) or not node.has(t):
            continue
        at_zero = node.subs(t, 0)
        if at_zero.is_finite is not True or at_zero.has(sp.nan, sp.zoo, sp.AccumBounds):
            return None
    return g.subs(t, 0)


def _classify(value, g, t) -> Fact:
    if isinstance(value, sp.Limit) or value is sp.nan or value.has(sp.Limit, sp.nan):
        return Fact("undecided", reason="sympy left the limit unevaluated")
    if isinstance(value, sp.AccumBounds):
        return Fact("dne", reason=f"oscillates between {value.min} and {value.max}")
    if value is sp.zoo:
        return _checked(Fact("infinite", reason="|f| grows without bound"), g, t, value)
    if value == sp.oo:
        return _checked(Fact("oo", reason="grows without bound"), g, t, value)
    if value == -sp.oo:
        return _checked(Fact("-oo", reason="decreases without bound"), g, t, value)
    if value.has(sp.oo, sp.zoo, sp.AccumBounds, sp.I) or value.is_extended_real is False:
        return Fact("undecided", reason=f"sympy gave an unusable limit {value}")
    return _checked(Fact("value", sp.sstr(value)), g, t, value)


def _checked(fact: Fact, g, t, value) -> Fact:
    """Numerical evidence at t = 1e-30: a sympy answer that contradicts it is not trusted."""
    if g.free_symbols - {t}:
        return fact  # symbolic parameters: no numbers to probe with
    try:
        probe = sp.N(g.subs(t, PROBE_T), PROBE_DIGITS)
    except Exception:
        return fact
    if not probe.is_number or probe.has(sp.nan, sp.zoo):
        return fact
    if probe.is_real is False:
        return Fact("undecided", reason="f is not real-valued near the point")
    if fact.kind == "value":
        limit_value = sp.N(value, 30)
        if abs(probe - limit_value) <= sp.Float("0.01") * (1 + abs(limit_value)):
            return fact
    elif fact.kind == "oo" and probe > 100:
        return fact
    elif fact.kind == "-oo" and probe < -100:
        return fact
    elif fact.kind == "infinite" and abs(probe) > 100:
        return fact
    return Fact("undecided", reason=f"sympy's {fact.display()} disagrees with f near the point "
                                    f"({sp.sstr(sp.N(probe, 6))})")  # no format():
    # Float.__format__ goes through decimal.Decimal, which refuses exponents like 1e+100000

