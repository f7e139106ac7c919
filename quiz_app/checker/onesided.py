"""One-sided limits that do not trust sympy's direction handling.

sympy 1.14's `limit` ignores the direction inside Piecewise (issues #23836, #27236) and
raises on nested Min/Max. So every limit here is a right limit in a positive Dummy `t`:
the caller substitutes x = a + t or x = a - t, we rewrite Max/Min/Abs/sign/Heaviside into
Piecewise ourselves (sympy's own rewrite leaves sign(u) alone when it cannot prove u real,
and sign(0) = 0 then leaks in), pick the branch that is active for all small t > 0 (each
condition by a proved eventual sign, `eventual.py`), and only then take the limit of a
branch-free expression: by substitution where every piece is finite, from Taylor
coefficients for a smooth numerator over a power of t, else by sympy's `limit`.

Every answer is then checked against numbers: the *original* expression (branches and all)
is probed with mpmath at t = 1e-10, 1e-20, 1e-40, 1e-80, scaled below every branch
decision's own scale (a kink 10⁻³⁰ away is probed below 10⁻³⁰), and the trend must agree,
so a wrong branch choice is caught as well as a wrong limit. sympy's interval answers
(AccumBounds) prove nothing: "does not exist" needs a numeric gap that does not shrink. A
result with parameters must hold at several parameter values (1, 1/2, 2, 10, 1/10, and
where an exponent, a denominator or a comparison vanishes). Any doubt becomes "undecided",
never a guess.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.logic.boolalg import ITE, BooleanFalse, BooleanTrue

from quiz_app.checker.eventual import (
    Undecided,
    confirmed,
    leading,
    proved_sign,
    quotient_limit,
)
from quiz_app.checker.eventual import value_at_zero as _direct_value
from quiz_app.checker.evidence import checked, oscillates
from quiz_app.checker.facts import Fact
from quiz_app.checker.probe import PROBE_TS
from quiz_app.checker.symbolic import SYMPY_ERRORS, sympy_gave_up

NON_SMOOTH = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)
# The values a positive parameter is tried at: 1 and the boundaries around it.
PARAMETER_SAMPLES = (sp.Integer(1), sp.Rational(1, 2), sp.Integer(2), sp.Integer(10),
                     sp.Rational(1, 10))


NOT_REAL_NEAR = ("f is not real-valued on this side: an argument of Max, Min, Abs, sign or "
                 "Heaviside, or a Piecewise condition, is not a real number there")


@lru_cache(maxsize=256)  # pragma: no mutate (the size changes speed, not results)
def rewrite_branches(expr: sp.Expr) -> sp.Expr:
    """Max/Min/Abs/sign/Heaviside as Piecewise, whether or not sympy can prove the argument
    real (if it is not, deciding the condition fails and the limit is undecided).

    One pass, innermost first, with every comparison left unevaluated: sympy's own attempt
    can take seconds on constants such as cos(2π/9), and the branch is chosen by a proved
    sign anyway (`_eventually`). A branch function inside a comparison is unfolded here
    into And/Or of its pieces (sympy would do it by solving inequalities)."""
    if not expr.has(*NON_SMOOTH):
        return expr
    return _rewritten(expr)


def _rewritten(expr):
    if not expr.args or not expr.has(*NON_SMOOTH):
        return expr
    if isinstance(expr, sp.Piecewise):
        return _piecewise(*[(_rewritten(value), _rewritten(condition))
                            for value, condition in expr.args])
    args = [_rewritten(arg) for arg in expr.args]
    if isinstance(expr, sp.Abs):  # (at u = 0 both pieces are 0: `u >= 0` or `u > 0`)
        at_least = _relation(sp.GreaterThan, args[0], sp.S.Zero)  # pragma: no mutate
        return _piecewise((args[0], at_least), (-args[0], True))
    if isinstance(expr, sp.sign):
        return _piecewise((1, _relation(sp.StrictGreaterThan, args[0], sp.S.Zero)),
                          (-1, _relation(sp.StrictLessThan, args[0], sp.S.Zero)), (0, True))
    if isinstance(expr, sp.Heaviside):
        return _heaviside(*args)
    if isinstance(expr, (sp.Max, sp.Min)):
        return _extreme(args, sp.GreaterThan if isinstance(expr, sp.Max) else sp.LessThan)
    if isinstance(expr, sp.core.relational.Relational):
        return _relation(type(expr), *args)
    return expr.func(*args, evaluate=False)  # (sympy's And/Or/Add… on pieces: kept as is)


def _relation(kind, lhs, rhs):
    """lhs kind rhs, unevaluated; Undecided where the two sides cannot be compared because
    one is not real (log(−t), i·√t − 1): f is not real-valued there. A Piecewise in a side
    becomes an Or over its pieces, so that no condition holds a Piecewise."""
    inner = next((node for node in sp.preorder_traversal(lhs - rhs)
                  if isinstance(node, sp.Piecewise)), None)
    if inner is None:
        if (lhs - rhs).is_Rational:  # (0 ≥ −1/2 from an unfolded piece: settle it now)
            return kind(lhs, rhs)
        if (lhs - rhs).is_extended_real is False:
            raise Undecided(NOT_REAL_NEAR)
        return kind(lhs, rhs, evaluate=False)
    cases: list = []
    earlier: list = []
    for value, condition in inner.args:
        here = _relation(kind, lhs.xreplace({inner: value}), rhs.xreplace({inner: value}))
        cases.append(sp.And(condition, *[sp.Not(c, evaluate=False) for c in earlier], here,
                            evaluate=False))
        earlier.append(condition)
    return sp.Or(*cases, evaluate=False)


def _piecewise(*pairs):
    return sp.Piecewise(*pairs, evaluate=False)


def _heaviside(u, at_zero=None):
    # sympy >= 1.9 always passes H(0) itself: the default is for older sympy only
    at_zero = sp.Rational(1, 2) if at_zero is None else at_zero  # pragma: no mutate
    return _piecewise((1, _relation(sp.StrictGreaterThan, u, sp.S.Zero)),
                      (0, _relation(sp.StrictLessThan, u, sp.S.Zero)), (at_zero, True))


def _extreme(args, beats):
    pairs = [(arg, sp.And(*[_relation(beats, arg, other) for other in args[i + 1:]],
                          evaluate=False))
             for i, arg in enumerate(args[:-1])]
    return _piecewise(*pairs, (args[-1], True))


def abs_quotients_as_signs(expr: sp.Expr) -> sp.Expr:
    """|u|/u as sign(u) (and |u|/(-u) as -sign(u)): equal wherever u ≠ 0, and u = 0 is
    already outside the domain (the parser recorded the denominator). sympy's limit of the
    quotient's derivative can take seconds; the sign's derivative is 0 off u = 0."""
    def as_sign(product):
        factors = list(product.args)
        for i, factor in enumerate(factors):
            if not isinstance(factor, sp.Abs):
                continue
            u = factor.args[0]
            for j, other in enumerate(factors):
                if other.is_Pow and other.exp == -1 and other.base in (u, -u):
                    sign = sp.sign(u) if other.base == u else -sp.sign(u)
                    rest = [f for k, f in enumerate(factors) if k not in (i, j)]
                    return sp.Mul(sign, *rest)
        return product

    if not expr.has(sp.Abs):
        return expr
    return expr.replace(lambda node: node.is_Mul, as_sign)


def remove_branches(expr: sp.Expr, t: sp.Symbol) -> sp.Expr:
    """The expression that equals `expr` for all sufficiently small t > 0, free of branches."""
    return _resolve(rewrite_branches(expr), t)


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
    if not expr.args or not expr.has(t, sp.Piecewise):
        return expr
    return expr.func(*[_resolve(arg, t) for arg in expr.args])


def _resolve_condition(condition, t):
    if isinstance(condition, sp.Piecewise):
        return _resolve(condition, t)
    if isinstance(condition, sp.core.relational.Relational):  # decided by `_eventually`
        return condition.func(_resolve(condition.lhs, t), _resolve(condition.rhs, t),
                              evaluate=False)
    if isinstance(condition, (sp.And, sp.Or, sp.Not)):
        return condition.func(*[_resolve_condition(a, t) for a in condition.args],
                              evaluate=False)
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
    if isinstance(condition, ITE):  # sympy folds nested Min/Max conditions into ITE(c, a, b)
        test, then, otherwise = condition.args
        return _eventually(then if _eventually(test, t) else otherwise, t)
    if isinstance(condition, sp.core.relational.Relational):
        sign = eventual_sign(condition.lhs - condition.rhs, t)
        return {
            sp.StrictLessThan: sign < 0, sp.LessThan: sign <= 0,
            sp.StrictGreaterThan: sign > 0, sp.GreaterThan: sign >= 0,
            sp.Equality: sign == 0, sp.Unequality: sign != 0,
        }[type(condition)]
    raise Undecided(f"cannot decide the condition {condition} near the point")


def eventually(condition, t) -> bool:
    """Whether a condition (branches allowed inside) holds for all t in some (0, delta)."""
    return _eventually(_resolve_condition(rewrite_branches(condition), t), t)


def _eventually_false(condition, t) -> bool:
    # _eventually is total (it decides or raises): a comparison's eventual sign is one
    # sign, and And/Or are decided on the eventual branch
    return not _eventually(condition, t)


def at_point(expr, x, a):
    """expr (a value or a condition) at x = a, each branch decided by a proved sign;
    Undecided when a sign cannot be proved. (sympy's own subs tries to decide Piecewise
    conditions itself, which can take minutes on constants such as cos(2π/9).)"""
    try:  # most values and conditions sympy settles itself, and fast
        settled = expr.subs(x, a)
        if settled in (sp.true, sp.false):
            return bool(settled)
        if isinstance(settled, sp.Expr) and not settled.has(sp.Piecewise, *NON_SMOOTH):
            return settled
    except SYMPY_ERRORS as exc:  # Max(0, c) for a c sympy cannot compare with 0
        sympy_gave_up(exc)
    t = sp.Dummy("t")
    substituted = _substituted(rewrite_branches(expr), x, a)
    if isinstance(substituted, sp.Expr):
        return _resolve(substituted, t)
    return _eventually(_resolve_condition(substituted, t), t)


def substituted(expr, x, a):
    """expr at x = a with its branches as Piecewise, every condition left for `_resolve` to
    decide (sympy's own subs compares Max's arguments, which can take seconds)."""
    if not expr.has(sp.Piecewise, *NON_SMOOTH):
        return expr.subs(x, a)
    return _substituted(rewrite_branches(expr), x, a)


def _substituted(expr, x, a):
    """x = a everywhere, the comparisons and branches left unevaluated."""
    if isinstance(expr, sp.Piecewise):
        return _piecewise(*[(_substituted(value, x, a), _substituted(condition, x, a))
                            for value, condition in expr.args])
    if isinstance(expr, (sp.core.relational.Relational, sp.And, sp.Or, sp.Not)):
        return expr.func(*[_substituted(arg, x, a) for arg in expr.args], evaluate=False)
    if not expr.has(sp.Piecewise):
        return expr.subs(x, a)
    return expr.func(*[_substituted(arg, x, a) for arg in expr.args], evaluate=False)


def eventual_sign(h, t) -> int:
    """-1, 0 or 1: the sign of h(t) for all small t > 0 (0 only when h is identically 0)."""
    return _cached_sign(h, t)


@lru_cache(maxsize=512)  # pragma: no mutate (the size changes speed, not results)
def _cached_sign(h, t) -> int:
    """One decision per (h, t): sign(u) asks about u twice (u > 0, then u < 0)."""
    h = _resolve(rewrite_branches(h), t) if h.has(sp.Piecewise, *NON_SMOOTH) else h
    if h.is_extended_real is False:
        raise Undecided(NOT_REAL_NEAR)
    if not h.has(t):
        return proved_sign(h)
    sign = _symbolic_sign(h, t)
    if sign:
        _confirm_sign(h, t, sign)
    return sign


def _symbolic_sign(h, t) -> int:
    return leading(h, t).sign


def _confirm_sign(h, t, sign: int) -> None:
    """The sign must be the one decided for each sample parameter value on its own, and
    show in numbers where that decision has taken effect (`eventual.Leading.points`)."""
    for values in parameter_assignments(h.free_symbols - {t}):
        form = leading(h.subs(values), t) if values else leading(h, t)
        if form.sign != sign or not confirmed(form, t):
            raise Undecided(f"the sign of {h} near the point is not {sign} numerically")


def parameter_assignments(params) -> list[dict]:
    """Values to try the parameters at: each sample for all of them, and (with several
    parameters) the samples shifted so that they also differ from each other."""
    names = sorted(params, key=str)
    if not names:
        return [{}]
    count = len(PARAMETER_SAMPLES)
    assignments = [{p: value for p in names} for value in PARAMETER_SAMPLES]
    if len(names) > 1:
        assignments += [{p: PARAMETER_SAMPLES[(i + shift) % count]  # pragma: no mutate
                         for i, p in enumerate(names)}  # (i - shift: the same set of shifts)
                        for shift in range(count)]
    return assignments


ODD_ROOT_REASON = ("an odd root of a negative number: real (the real cube root) or not "
                   "(sympy's principal root), depending on the convention")


def has_odd_root(expr) -> bool:
    """Whether expr has a power like u**(1/3), whose value for u < 0 is a convention."""
    return any(p.exp.is_Rational and not p.exp.is_Integer and p.exp.q % 2 == 1
               for p in expr.atoms(sp.Pow))


def symbolic_limit(g, t, check: bool) -> tuple[Fact, sp.Expr | None]:
    original = g
    try:
        g = remove_branches(g, t)
    except Undecided as exc:
        return Fact("undecided", reason=str(exc)), None
    if g.is_extended_real is False:
        if has_odd_root(g):
            return Fact("undecided", reason=ODD_ROOT_REASON), None
        return Fact("undefined", reason="f is not real-valued on this side"), None
    value, how = _direct_value(g, t), "active branch, by substitution"
    if value is None:
        value, how = quotient_limit(g, t), "active branch, by Taylor coefficients"
    if value is None:
        how = "active branch, sympy limit (checked numerically)"
        try:
            value = sp.limit(g, t, 0, "+")
            # (`or` would only take a second, identical limit: this `and` saves the time)
            if value.has(sp.AccumBounds) and not oscillates(original, t):  # pragma: no mutate
                value = sp.limit(sp.simplify(g), t, 0, "+")  # sin²+cos² is 1, not [0, 2]
        except SYMPY_ERRORS as exc:
            sympy_gave_up(exc)
            reason = f"sympy could not take the limit ({type(exc).__name__})"
            return Fact("undecided", reason=reason), None
    fact = _classify(value)
    if check:  # a value found exactly converges like t: two probes suffice
        probes = PROBE_TS if how.endswith("numerically)") else PROBE_TS[:2]  # pragma: no mutate
        scale = decision_scale(original, t)  # the probes go below every kink's scale
        fact = checked(fact, original, t, value, tuple(p * scale for p in probes))
    if fact.kind == "value":  # a value that survived the check says how it was found
        fact = Fact("value", fact.value, how)
    return fact, (value if fact.kind == "value" else None)


def decision_scale(g, t) -> sp.Expr:
    """The t below which every branch decision about g has taken effect (1 for most: a kink
    10⁻³⁰ from the point gives 10⁻³¹, a sign that changes at e⁻¹⁰⁰ gives 10⁻¹⁶⁰), so that
    numbers from g are taken where the chosen branch is the one in force."""
    scale = sp.Integer(1)
    for relation in rewrite_branches(g).atoms(sp.core.relational.Relational):
        try:
            h = relation.lhs - relation.rhs
            h = _resolve(rewrite_branches(h), t) if h.has(sp.Piecewise, *NON_SMOOTH) else h
            if h.has(t):
                scale = min(scale, leading(h, t).scale)
        except Undecided:
            continue  # a condition no branch choice needed
    return scale


def _classify(value) -> Fact:
    if value.has(sp.Limit, sp.nan):
        return Fact("undecided", reason="sympy left the limit unevaluated")
    if isinstance(value, sp.AccumBounds):
        return Fact("dne", reason=f"oscillates between {value.min} and {value.max}")
    if value is sp.zoo:
        return Fact("infinite", reason="|f| grows without bound")
    if value == sp.oo:
        return Fact("oo", reason="grows without bound")
    if value == -sp.oo:
        return Fact("-oo", reason="decreases without bound")
    if value.has(sp.oo, sp.zoo, sp.AccumBounds, sp.I) or value.is_extended_real is False:
        return Fact("undecided", reason=f"sympy gave an unusable limit {value}")
    return Fact("value", sp.sstr(value))
