"""One-sided limits that do not trust sympy's direction handling.

sympy 1.14's `limit` ignores the direction inside Piecewise (issues #23836, #27236) and
raises on nested Min/Max. So every limit here is a right limit in a positive Dummy `t`:
the caller substitutes x = a + t or x = a - t, we rewrite Max/Min/Abs/sign/Heaviside into
Piecewise ourselves (sympy's own rewrite leaves sign(u) alone when it cannot prove u real,
and sign(0) = 0 then leaks in), pick the branch that is active for all small t > 0, and only
then ask sympy for `limit(g, t, 0, '+')` on a branch-free expression.

Every answer is then checked against numbers: the *original* expression (branches and all)
is probed with mpmath at t = 1e-10, 1e-20, 1e-40, 1e-80 and the trend must agree, so a wrong
branch choice is caught as well as a wrong limit. sympy's interval answers (AccumBounds)
prove nothing: "does not exist" needs a numeric gap that does not shrink. A result with
parameters must hold at several parameter values (1, 1/2, 2, 10, 1/10). Any doubt becomes
"undecided", never a guess.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.logic.boolalg import ITE, BooleanFalse, BooleanTrue

from quiz_app.checker.evidence import checked, oscillates
from quiz_app.checker.facts import Fact
from quiz_app.checker.probe import PROBE_TS, NoProbe, NotReal, probe_values
from quiz_app.checker.symbolic import SYMPY_ERRORS, sympy_gave_up

NON_SMOOTH = (sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside)
# The values a positive parameter is tried at: 1 and the boundaries around it.
PARAMETER_SAMPLES = (sp.Integer(1), sp.Rational(1, 2), sp.Integer(2), sp.Integer(10),
                     sp.Rational(1, 10))


class Undecided(Exception):
    """Raised inside the machinery when a step cannot be decided; becomes an undecided Fact."""


def rewrite_branches(expr: sp.Expr) -> sp.Expr:
    """Max/Min/Abs/sign/Heaviside as Piecewise, whether or not sympy can prove the argument
    real (if it is not, deciding the condition fails and the limit is undecided)."""
    if not expr.has(*NON_SMOOTH):
        return expr
    # (at u = 0 both pieces are 0, so `u >= 0` and `u > 0` give the same function)
    expr = expr.replace(sp.Abs,
                        lambda u: sp.Piecewise((u, u >= 0), (-u, True)))  # pragma: no mutate
    expr = expr.replace(sp.sign, lambda u: sp.Piecewise((1, u > 0), (-1, u < 0), (0, True)))
    expr = expr.replace(sp.Heaviside, _heaviside)
    expr = expr.replace(sp.Max, lambda *args: _extreme(args, sp.GreaterThan))
    return expr.replace(sp.Min, lambda *args: _extreme(args, sp.LessThan))


def _heaviside(u, at_zero=None):
    # sympy >= 1.9 always passes H(0) itself: the default is for older sympy only
    at_zero = sp.Rational(1, 2) if at_zero is None else at_zero  # pragma: no mutate
    return sp.Piecewise((1, u > 0), (0, u < 0), (at_zero, True))


def _extreme(args, beats):
    pairs = [(arg, sp.And(*[beats(arg, other) for other in args[i + 1:]]))
             for i, arg in enumerate(args[:-1])]
    return sp.Piecewise(*pairs, (args[-1], True))


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
    if not expr.args or not expr.has(t):
        return expr
    return expr.func(*[_resolve(arg, t) for arg in expr.args])


def _resolve_condition(condition, t):
    if isinstance(condition, sp.Piecewise):
        return _resolve(condition, t)
    if isinstance(condition, sp.core.relational.Relational):
        return condition.func(_resolve(condition.lhs, t), _resolve(condition.rhs, t))
    if isinstance(condition, (sp.And, sp.Or, sp.Not)):
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
    if isinstance(condition, sp.core.relational.Relational):
        return _eventually(condition.negated, t)
    return not _eventually(condition, t)  # And/Or: total on the eventual branch


def eventual_sign(h, t) -> int:
    """-1, 0 or 1: the sign of h(t) for all small t > 0 (0 only when h is identically 0)."""
    return _cached_sign(h, t)


@lru_cache(maxsize=512)  # pragma: no mutate (the size changes speed, not results)
def _cached_sign(h, t) -> int:
    """One decision per (h, t): sign(u) asks about u twice (u > 0, then u < 0)."""
    h = _resolve(rewrite_branches(h), t) if h.has(sp.Piecewise, *NON_SMOOTH) else h
    if not h.has(t):
        return _constant_sign(h)
    if sp.simplify(h) == 0:
        return 0
    sign = _symbolic_sign(h, t)
    _confirm_sign(h, t, sign)
    return sign


def _symbolic_sign(h, t) -> int:
    try:
        leading = sp.limit(h, t, 0, "+")
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        raise Undecided(f"cannot find the sign of {h} near the point ({type(exc).__name__})") \
            from None
    if leading in (sp.oo, -sp.oo):
        return 1 if leading == sp.oo else -1
    if leading.has(sp.AccumBounds, sp.nan, sp.zoo):  # bounds are no sign; nan/zoo neither
        raise Undecided(f"cannot find the sign of {h} near the point")
    if leading.is_real and leading.is_zero is False:
        return _constant_sign(leading)
    if leading.is_zero:
        try:
            term = h.as_leading_term(t)
        except SYMPY_ERRORS as exc:
            sympy_gave_up(exc)
            raise Undecided(f"cannot find the sign of {h} near the point") from None
        coefficient = term.subs(t, 1)
        if term.has(t) and coefficient.is_real and coefficient.is_zero is False:
            return _constant_sign(coefficient)
    raise Undecided(f"cannot find the sign of {h} near the point")


def _confirm_sign(h, t, sign: int) -> None:
    """The symbolic sign must agree with h at t = 1e-20 and 1e-40 (at each sample
    parameter value when there are parameters)."""
    for values in parameter_assignments(h.free_symbols - {t}):
        try:
            numbers = probe_values(h.subs(values), t, ts=_SIGN_TS)
        except (NoProbe, NotReal):
            continue
        # sign is ±1 here: a probe of exactly 0 is no support for it; counting it as
        # support (>= / <=) would be as safe, since the symbolic sign is the answer
        if any((n > 0) - (n < 0) != sign for n in numbers):  # pragma: no mutate
            raise Undecided(f"the sign of {h} near the point is not {sign} numerically")


# any two t far below the scale of f: the exact values are arbitrary
_SIGN_TS = (sp.Rational(1, 10**20), sp.Rational(1, 10**40))  # pragma: no mutate


def _constant_sign(value) -> int:
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    if value.is_zero:
        return 0
    raise Undecided(f"the sign of {value} depends on the parameters")


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
    value = _direct_value(g, t)
    how = "active branch, by substitution"
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
    if check:  # a value found by substitution converges like t: two probes suffice
        probes = PROBE_TS[:2] if how.endswith("substitution") else PROBE_TS  # pragma: no mutate
        fact = checked(fact, original, t, value, probes)  # (a third probe changes nothing)
    if fact.kind == "value":  # a value that survived the check says how it was found
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
        # (a node without t is a constant of a branch-free expression, and its parent with t
        # is tested anyway: testing it too changes nothing)
        if not isinstance(node, sp.Expr) or not node.has(t):  # pragma: no mutate
            continue
        at_zero = node.subs(t, 0)
        if at_zero.is_finite is not True or at_zero.has(sp.nan, sp.zoo, sp.AccumBounds):
            return None
    return g.subs(t, 0)


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
