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
from quiz_app.checker.onesided import parameter_assignments, symbolic_limit
from quiz_app.checker.probe import NoProbe, NotReal, probe_values
from quiz_app.checker.symbolic import equal


def right_limit(g: sp.Expr, t: sp.Symbol) -> tuple[Fact, sp.Expr | None]:
    """lim g(t) as t → 0⁺ for an expression that may still contain branches and parameters.

    Returns the Fact and, when the limit is a finite value, that value as a sympy object.
    """
    if g.free_symbols - {t}:
        return parametric_limit(g, t)
    return symbolic_limit(g, t, check=True)


def parametric_limit(g: sp.Expr, t: sp.Symbol) -> tuple[Fact, sp.Expr | None]:
    fact, value = symbolic_limit(g, t, check=False)
    samples = []
    for values in parameter_assignments(g.free_symbols - {t}):
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
