"""The sign of a branch-free h(t) for all small t > 0, and the scale where it has taken effect.

Exact first. When h is smooth at 0 (every piece finite there, no t in an exponent), the
first Taylor coefficient h⁽ᵏ⁾(0)/k! that is not 0 gives the sign, and each coefficient's
sign is proved (`symbolic.sign_of`: a zero through its minimal polynomial or simplify, never
from digits). So a kink 10⁻³⁰ from the point is as plain as one at 1 (t − 10⁻³⁰ < 0), and
one at 2·cos(2π/9) is found exactly. Otherwise h ~ t^p·g(t), with p the power of t in
sympy's leading term, and the sign is that of G = lim g: the log factors stay in g, so
t·log t + 100t has g = log t + 100 → −∞ and is negative (below e⁻¹⁰⁰), where the leading
term's coefficient at t = 1 would say positive.

Numbers check a decision only where it has taken effect (`Leading.points`): for a
polynomial, below Cauchy's bound on its smallest root, where the sign provably cannot
change; for another smooth h, far below the ratio of its first two Taylor coefficients;
for t^p·g at t = 1e-160 and 1e-320, where g must already be within a factor 2 of G (or, for
G = ±∞, have G's sign and be growing). Numbers that cannot reach that scale decide nothing:
the sign is then undecided.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath  # type: ignore[import-untyped]
import sympy as sp

from quiz_app.checker.probe import NoProbe, NotReal, probe_values
from quiz_app.checker.symbolic import SYMPY_ERRORS, sign_of, sympy_gave_up

# Taylor coefficients tried before h counts as "not smooth enough here"; t^7 and flatter
# go the t^p·g way.
TAYLOR_ORDER = 6
# Where a t^p·g decision is checked: far below any scale of f itself (e⁻¹⁰⁰ ≈ 4·10⁻⁴⁴)
DEEP_TS = (sp.Rational(1, 10**160), sp.Rational(1, 10**320))
# how far below a smooth h's own scale the probes go (the old fixed 1e-20 and 1e-40)
BELOW = (sp.Rational(1, 10**20), sp.Rational(1, 10**40))


class Undecided(Exception):
    """Raised inside the machinery when a step cannot be decided; becomes an undecided Fact."""


@dataclass(frozen=True)
class Leading:
    """How h behaves for small t: its sign, and what numbers should show, and where."""

    sign: int
    probed: sp.Expr  # h itself, or g = h / t^p
    points: tuple = ()  # t values where the decision has taken effect
    limit: sp.Expr | None = None  # G = lim g for a t^p·g decision; None for a Taylor one
    variable: sp.Symbol | None = None  # of `probed`, when it is not h's own t (log scale)
    # below this t the decision holds (proved for a polynomial, probed otherwise): a limit's
    # numbers are taken below it (onesided.decision_scale)
    scale: sp.Expr = sp.Integer(1)

    def holds_at(self, numbers) -> bool:
        """Whether probes of `probed` at `points` show the decision."""
        signs = [(n > 0) - (n < 0) for n in numbers]
        if self.limit is None or self.limit in (sp.oo, -sp.oo):
            growing = self.limit is None or all(
                abs(later) > abs(earlier) for earlier, later in zip(numbers, numbers[1:]))
            return growing and all(s == self.sign for s in signs)
        target = mpmath.mpf(sp.N(self.limit, 30))
        return all(abs(n / target - 1) <= 0.5 for n in numbers)


def proved_sign(value: sp.Expr) -> int:
    sign = sign_of(value)
    if sign is None:
        depends = " (it depends on the parameters)" if value.free_symbols else ""
        raise Undecided(f"cannot prove the sign of {value}{depends}")
    return sign


@lru_cache(maxsize=512)  # pragma: no mutate (the size changes speed, not results)
def leading(h: sp.Expr, t: sp.Symbol) -> Leading:
    """The eventual sign of h (0 only when h is identically 0) and where it shows."""
    found = _taylor(h, t)
    if found is not None:
        return found
    try:
        if sp.simplify(h) == 0:
            return Leading(0, h)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
    return _asymptotic(h, t)


def value_at_zero(g: sp.Expr, t: sp.Symbol):
    """g(0) when every piece of g is finite there and no power has t in its exponent.

    The whitelisted functions are continuous where they are finite, so substitution is then
    the limit, and it avoids sympy's slow limit on smooth activations. Anything doubtful
    (0**t, atan(1/t) → AccumBounds, 0·∞) gives None.
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


def _taylor(h, t) -> Leading | None:
    """The sign of the first Taylor coefficient that is not 0, or None when h is not smooth
    at 0 (or all of them up to TAYLOR_ORDER vanish)."""
    numeric = not h.free_symbols - {t}  # with parameters, each sample value is probed alone
    if h.is_polynomial(t):
        coefficients = sp.Poly(h, t).all_coeffs()[::-1]
        for order, coefficient in enumerate(coefficients):
            sign = proved_sign(coefficient)
            if sign:
                scale = _cauchy_bound(coefficients[order:]) if numeric else sp.Integer(1)
                return Leading(sign, h, _below(scale) if numeric else (), scale=scale)
        return Leading(0, h)
    derivative = h
    for order in range(TAYLOR_ORDER + 1):
        derivative = sp.diff(derivative, t) if order else h
        at_zero = value_at_zero(derivative, t)
        if at_zero is None:
            return None
        sign = proved_sign(at_zero)
        if sign:
            scale = _smooth_scale(h, derivative, at_zero, order, t) if numeric else 1
            return Leading(sign, h, _below(scale) if numeric else (), scale=_power_of_ten(scale))
    return None


def _cauchy_bound(coefficients) -> sp.Expr:
    """A power of ten below the smallest positive root of c₀ + c₁t + … (c₀ ≠ 0): every
    root has |t| ≥ |c₀| / (|c₀| + max|cⱼ|) (Cauchy's bound, for the reversed polynomial)."""
    sizes = [abs(sp.N(c, 15)) for c in coefficients]
    largest = max(sizes[1:], default=0)
    return _power_of_ten(sizes[0] / (sizes[0] + largest) / 2)


def _smooth_scale(h, derivative, at_zero, order: int, t):
    """A scale far below (|cₖ|/|cⱼ|)^(1/(j−k)) for the next two Taylor coefficients cⱼ,
    where the first nonzero term cₖtᵏ dominates (an estimate: the rest of the series is not
    bounded). When the next derivative is not finite at 0 (√t), the next term c·t^q comes
    from sympy's leading term of h − cₖtᵏ."""
    first = at_zero / sp.factorial(order)
    terms = []
    for later_order in (order + 1, order + 2):
        derivative = sp.diff(derivative, t)
        later = value_at_zero(derivative, t)
        if later is None:
            terms.append(_next_term(h - first * t**order, t))
            break
        terms.append((later / sp.factorial(later_order), later_order))
    scale = 1
    for coefficient, power in terms:
        size = abs(sp.N(coefficient, 15)) if coefficient is not None else 0
        if size and power > order:
            scale = min(scale, (abs(sp.N(first, 15)) / size) ** (1 / (power - order)) / 4)
    return scale


def _next_term(rest, t) -> tuple:
    """(c, q) for the leading term c·t^q of `rest`; (None, 0) when sympy cannot say."""
    try:
        coefficient, power = rest.leadterm(t)
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return None, 0
    if coefficient.has(t) or not power.is_Rational:
        return None, 0
    return coefficient, power


def _power_of_ten(scale) -> sp.Expr:
    """The power of ten at or below a positive scale, capped at 1 (a scale too small for 15
    digits to show is taken as the deepest point ever probed)."""
    if scale >= 1:
        return sp.Integer(1)
    if not scale > 0:
        return DEEP_TS[-1]
    return sp.Integer(10) ** int(mpmath.floor(mpmath.log10(mpmath.mpf(sp.N(scale, 15)))))


def _below(scale) -> tuple:
    """The probe points BELOW a scale, as exact rationals."""
    return tuple(point * _power_of_ten(scale) for point in BELOW)


def _asymptotic(h, t, logs: bool = False) -> Leading:
    """h = t^p·g(t) with G = lim g nonzero (finite or infinite): the sign is G's."""
    limit = _limit(h, t)
    power = sp.Integer(0)
    if limit not in (sp.oo, -sp.oo) and proved_sign(limit) == 0:
        try:
            _, power = h.leadterm(t)
        except SYMPY_ERRORS as exc:
            sympy_gave_up(exc)
            raise Undecided(f"cannot find the sign of {h} near the point "
                            f"({type(exc).__name__})") from None
        limit = _limit(h * t**-power, t)
    g = h * t**-power
    # (in the log scale, t = e^(−1/s) is far below any probe of t: the deepest serves)
    scale = DEEP_TS[-1] if logs else DEEP_TS[0]
    if limit in (sp.oo, -sp.oo):
        return Leading(1 if limit == sp.oo else -1, g, DEEP_TS, limit, t, scale)
    sign = proved_sign(limit)
    if sign:
        return Leading(sign, g, DEEP_TS, limit, t, scale)
    if logs:
        raise Undecided(f"cannot find the sign of {h} near the point")
    # g → 0 through its log factors (t/log t has g = 1/log t): compare growth in the scale
    # of log t, where t = e^(−1/s) makes g a power of s (1/log t = −s)
    s = sp.Dummy("s", positive=True)
    # (t = e^(−k/s) for any k > 0 gives the same sign as s → 0⁺)
    return _asymptotic(g.subs(t, sp.exp(-1 / s)), s, logs=True)  # pragma: no mutate


def _limit(h, t):
    try:
        value = sp.limit(h, t, 0, "+")
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        raise Undecided(f"cannot find the sign of {h} near the point "
                        f"({type(exc).__name__})") from None
    if value.has(sp.AccumBounds, sp.nan, sp.zoo, sp.Limit):  # bounds are no sign
        raise Undecided(f"cannot find the sign of {h} near the point")
    return value


def confirmed(form: Leading, t) -> bool:
    """Numbers at the points where the decision has taken effect show it (no numbers to be
    had, e.g. a function the probe cannot evaluate: the exact decision stands)."""
    if form.sign == 0:
        return True
    try:
        numbers = probe_values(form.probed, form.variable or t, ts=form.points)
    except (NoProbe, NotReal):
        return True
    return form.holds_at(numbers)


def quotient_limit(g: sp.Expr, t: sp.Symbol) -> sp.Expr | None:
    """lim g for g = h(t)/(c·tᵐ) with h smooth at 0, from h's Taylor coefficients, each
    sign proved: the first nonzero cₖ gives ±∞ (k < m), cₘ/c (k = m), or 0 (none up to m).
    None when g is not of that form or a sign cannot be proved (sympy's limit then tries:
    it does not know that a difference quotient's 8·cos³(2π/9) − 6·cos(2π/9) + 1 is 0)."""
    numerator, denominator = g.as_numer_denom()
    constant, power = denominator.as_coeff_exponent(t)
    if constant.has(t) or not power.is_Integer or not 0 < power <= TAYLOR_ORDER:
        return None
    derivative = numerator
    try:
        if proved_sign(constant) == 0:
            return None
        for order in range(int(power) + 1):
            derivative = sp.diff(derivative, t) if order else numerator
            at_zero = value_at_zero(derivative, t)
            if at_zero is None:
                return None
            sign = proved_sign(at_zero) * proved_sign(constant)
            if sign and order < power:
                return sp.oo if sign > 0 else -sp.oo
            if sign:
                return at_zero / sp.factorial(order) / constant
    except Undecided:
        return None
    return sp.Integer(0)
