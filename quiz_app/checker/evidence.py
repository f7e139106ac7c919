"""Numerical evidence for a one-sided limit, from the *original* expression near the point.

sympy's answer is trusted only when numbers from f itself (branches and all, probed with
mpmath at t = 1e-10 … 1e-80) agree with its trend, so a wrong branch choice is caught as
well as a wrong limit; and "does not exist" needs a gap between values that does not shrink.
"""

from __future__ import annotations

import sympy as sp

from quiz_app.checker.facts import Fact
from quiz_app.checker.probe import (
    PROBE_TS,
    NoProbe,
    NotReal,
    evaluate,
    probe_values,
    relative_gap,
)


def checked(fact: Fact, g, t, value, ts=PROBE_TS) -> Fact:
    """Numerical evidence from the original g at t = 1e-10 … 1e-80: a sympy answer whose
    trend the numbers contradict is not trusted, and "oscillates" needs a gap that stays."""
    if fact.kind == "undecided":
        return fact
    if fact.kind == "dne":
        return fact if oscillates(g, t) else Fact(
            "undecided", reason="sympy gave bounds, but the values do not visibly oscillate")
    try:
        numbers = probe_values(g, t, ts=ts)
    except NotReal:
        return Fact("undecided", reason="f is not real-valued near the point")
    except NoProbe:
        return fact  # no numbers to judge by: the symbolic answer stands
    if agrees(fact, numbers, value):
        return fact
    return Fact("undecided", reason=f"sympy's {fact.display()} disagrees with f near the point "
                                    f"({sp.sstr(sp.Float(str(numbers[-1]), 6))})")  # no format():
    # Float.__format__ goes through decimal.Decimal, which refuses exponents like 1e+100000


def agrees(fact: Fact, numbers, value) -> bool:
    """Whether probes at shrinking t support the fact: close at the end, or getting closer."""
    if fact.kind == "value":
        target = evaluate(value, {}, 60)  # pragma: no mutate  (any precision past 1e-8)
        gaps = [relative_gap(n, target) for n in numbers]
        shrinking = all(later < earlier for earlier, later in zip(gaps, gaps[1:]))
        # close at t = 1e-80, or still closing in (1/log t converges that slowly); a gap of
        # exactly 1e-8 or 5e-2 never occurs, so < and <= are the same test here
        return gaps[-1] <= 1e-8 or (shrinking and gaps[-1] <= 5e-2)  # pragma: no mutate
    growing = [abs(n) for n in numbers] if fact.kind == "infinite" else (
        list(numbers) if fact.kind == "oo" else [-n for n in numbers])
    steps = [later - earlier for earlier, later in zip(growing, growing[1:])]
    # large and still climbing by a visible amount (a big constant does not climb), and not
    # levelling off: each step at least half the one before (t shrinks by 10¹⁰, 10²⁰,
    # 10⁴⁰, so log(1/t) doubles its steps; −23, −46, −92, −100 is levelling off at −100)
    keeps_climbing = all(later >= earlier / 2 for earlier, later in zip(steps, steps[1:]))
    return (all(step > 0 for step in steps) and keeps_climbing and growing[-1] > 10
            and growing[-1] - growing[0] > 1)


# Where `oscillates` looks: three scales far below f's own, 16 points spread over 20 % of
# each. The exact values are arbitrary (any such points serve), so they are not mutated.
_OSCILLATION_SCALES = (sp.Rational(1, 10**10), sp.Rational(1, 10**20),  # pragma: no mutate
                       sp.Rational(1, 10**40))  # pragma: no mutate
_OSCILLATION_STEPS = tuple(1 + sp.Rational(j * 137, 10**4)  # pragma: no mutate
                           for j in range(16))  # pragma: no mutate


def oscillates(g, t) -> bool:
    """A gap between values near t that does not shrink as t → 0 (16 points near each of
    t = 1e-10, 1e-20, 1e-40), which rules out a limit.

    A gap that narrows at every scale is shrinking, however slowly: sin(1/t)/|log t| has
    the limit 0, and its gaps shrink only 4-fold from 1e-10 to 1e-40. It is not called an
    oscillation (then the answer is undecided, never "does not exist"). A true oscillation's
    16 samples give gaps that wander (sin(1/t): 1.94, 2.00, 1.59), not a steady decline.
    """
    spreads = []
    for scale in _OSCILLATION_SCALES:
        points = [scale * step for step in _OSCILLATION_STEPS]
        try:
            values = probe_values(g, t, ts=points)
        except (NoProbe, NotReal):
            return False
        spreads.append(float(max(values) - min(values)))
    first, middle, last = spreads
    # The figures 0.8, 1/2 and 1e-3 are judgement, not definition (nearby ones serve as
    # well), so they and their exact boundaries are not mutated; the rules are tested with
    # functions whose limit is known (tests/test_checker_evidence.py).
    narrowing = first > middle > last and last < 0.8 * first  # pragma: no mutate
    return min(spreads) > 1e-3 and last >= first / 2 and not narrowing  # pragma: no mutate
