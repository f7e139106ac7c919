"""One-sided limits of any expression (right_limit), and with parameters: a symbolic answer
is only kept if it holds at sample values.

sympy answers for a generic positive α, and its generic answer can fail at particular
values: `-(α−1)/(α−1)**2` is 0/0 at α = 1, `0**(α−1)` is infinite for α < 1, and
`-oo*sign(α−1)` is not a value at all. So the symbolic limit is recomputed with α replaced by
each of 1, 1/2, 2, 10, 1/10 (without parameters, so the numeric probe applies), and the
symbolic answer stands only if, at every sample, it is one finite real value equal to the
sample's own limit (or the same infinity). Otherwise the fact is undecided, and its reason
says what was found at each sample, e.g. "depends on alpha: at alpha=1/2 oo; at alpha=2 0".
"""

from __future__ import annotations

import sympy as sp

from quiz_app.checker.evidence import agrees
from quiz_app.checker.facts import Fact
from quiz_app.checker.onesided import (
    NOT_REAL_NEAR,
    Undecided,
    parameter_assignments,
    substituted,
    symbolic_limit,
)
from quiz_app.checker.probe import NoProbe, NotReal, probe_values
from quiz_app.checker.symbolic import SYMPY_ERRORS, equal, sympy_gave_up


def limit_near(f: sp.Expr, x: sp.Symbol, near: sp.Expr, t: sp.Symbol
               ) -> tuple[Fact, sp.Expr | None]:
    """lim f(x) as x = near (a + t or a − t) and t → 0⁺.

    f's branches are substituted as Piecewise with their conditions unevaluated: sympy's own
    subs compares Max's arguments itself, which takes seconds on cos(2π/9) and refuses
    Max(0, log(−t)). A condition that is not real there (log(−t) > 0) is undecided here,
    and undefined once the domain check has found which restriction fails.
    """
    try:
        g = substituted(f, x, near)
    except Undecided:  # an argument of a branch function that is not real there
        return Fact("undecided", reason=NOT_REAL_NEAR), None
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return Fact("undecided", reason=NOT_REAL_NEAR), None
    return right_limit(g, t)


def right_limit(g: sp.Expr, t: sp.Symbol) -> tuple[Fact, sp.Expr | None]:
    """lim g(t) as t → 0⁺ for an expression that may still contain branches and parameters.

    Returns the Fact and, when the limit is a finite value, that value as a sympy object.
    """
    if g.free_symbols - {t}:
        return parametric_limit(g, t)
    return symbolic_limit(g, t, check=True)


def parametric_limit(g: sp.Expr, t: sp.Symbol) -> tuple[Fact, sp.Expr | None]:
    fact, value = symbolic_limit(g, t, check=False)
    if value is not None and _zero_to_a_parameter_power(value):
        fact, value = Fact("undecided", reason=f"{value} is 0 to a power that depends on "
                                               "the parameters (and 0⁰ is no limit)"), None
    samples = []
    for values in assignments(g, t):
        sample_fact, sample_value = symbolic_limit(g.subs(values), t, check=True)
        samples.append((values, sample_fact, sample_value))
    if fact.kind != "undecided" and all(_holds_at(fact, value, g, t, *s) for s in samples):
        return fact, value
    found = "; ".join(f"at {_shown(values)} {sample_fact.display()}"
                      for values, sample_fact, _ in samples)
    why = f"{fact.display()} does not hold at every parameter value" \
        if fact.kind != "undecided" else fact.reason
    return Fact("undecided", reason=f"depends on the parameters ({why}): {found}"), None


def _holds_at(fact: Fact, value, g, t, values: dict, sample: Fact, sample_value) -> bool:
    if fact.kind != "value":
        return sample.kind == fact.kind
    specialised = value.subs(values)
    if specialised.has(sp.nan, sp.zoo, sp.oo, -sp.oo, sp.AccumBounds) \
            or specialised.is_extended_real is not True or specialised.is_finite is not True:
        return False
    if sample.kind == "value":
        return equal(specialised, sample_value) is True
    if sample.kind != "undecided":
        return False
    try:  # the sample could not be decided symbolically: numbers must still agree
        return agrees(fact, probe_values(g.subs(values), t), specialised)
    except (NoProbe, NotReal):
        return False


def _shown(values: dict) -> str:
    return ", ".join(f"{name}={value}" for name, value in values.items())


def assignments(expr: sp.Expr, t: sp.Symbol | None = None) -> list[dict]:
    """The sample values of expr's parameters, and the special values where something in
    it changes kind: an exponent, a denominator, a log's argument, a comparison or the
    argument of a branch function is 0 (0**((α − 3)**2) is 0, but 1 at α = 3)."""
    params = expr.free_symbols - {t}
    found = parameter_assignments(params)
    for param in sorted(params, key=str):
        others = {p: sp.Integer(1) for p in params if p != param}
        for critical in _critical(expr, t):
            for root in _positive_roots(critical.subs(others), param):
                if {param: root, **others} not in found:
                    found.append({param: root, **others})
    return found


def _critical(expr, t) -> set:
    """The expressions whose zeros in a parameter change expr's kind (t-free parts)."""
    found = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow):
            found |= {node.exp} | ({node.base} if not node.exp.is_Integer
                                   or node.exp.is_negative else set())
        elif isinstance(node, (sp.log, sp.Abs, sp.sign, sp.Heaviside)):
            found.add(node.args[0])
        elif isinstance(node, (sp.Max, sp.Min)):
            found |= {u - v for u in node.args for v in node.args if u != v}
        elif isinstance(node, sp.core.relational.Relational):
            found.add(node.lhs - node.rhs)
    parts = set()
    for critical in found:
        if t is not None and critical.has(t) and critical.is_polynomial(t):
            parts |= set(sp.Poly(critical, t).coeffs())
        elif t is not None and critical.has(t):
            parts.add(sp.factor_terms(critical).as_independent(t, as_Add=False)[0])
        else:
            parts.add(critical)
    return {part for part in parts if part.free_symbols and not part.has(t)}


def _positive_roots(expr, param) -> list:
    """The positive real zeros of expr in param that sympy finds in closed form."""
    numerator = sp.fraction(sp.together(expr))[0]
    if not numerator.is_polynomial(param):
        return []
    try:
        roots = sp.roots(sp.Poly(numerator, param))
    except SYMPY_ERRORS as exc:
        sympy_gave_up(exc)
        return []
    return sorted((root for root in roots if root.is_positive), key=sp.default_sort_key)


def _zero_to_a_parameter_power(value) -> bool:
    return any(power.base.is_zero and power.exp.free_symbols for power in value.atoms(sp.Pow))
