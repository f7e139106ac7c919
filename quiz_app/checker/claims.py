"""Decide a choice's claims against an Analysis: true, false, or undecided with a reason.

A value claim of null means "has no finite value" (does not exist, ±oo, or undefined), so
`right_derivative: null` holds for √|x| at 0, whose right quotient tends to oo.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from quiz_app.checker.facts import VERDICT_NAMES, Analysis

NO_FINITE_VALUE = ("dne", "undefined", "oo", "-oo", "infinite")


@dataclass
class ClaimOutcome:
    holds: bool | None
    failures: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def evaluate_claims(analysis: Analysis, claims: dict[str, object]) -> ClaimOutcome:
    outcome = ClaimOutcome(holds=True)
    for name, claimed in claims.items():
        verdict, explanation = _claim(analysis, name, claimed)
        if verdict is False:
            outcome.failures.append(explanation)
        elif verdict is None:
            outcome.undecided.append(explanation)
    if outcome.failures:
        outcome.holds = False
    elif outcome.undecided:
        outcome.holds = None
    return outcome


def _claim(analysis: Analysis, name: str, claimed: object) -> tuple[bool | None, str]:
    if name in VERDICT_NAMES:
        verdict = analysis.verdict(name)
        if verdict.holds is None:
            return None, f"{name}: {verdict.reason}"
        return verdict.holds == claimed, f"{name} is {verdict.holds} ({verdict.reason})"
    fact = analysis.fact(name)
    shown = f"{name} is {fact.display()}" + (f" ({fact.reason})" if fact.reason else "")
    if fact.kind == "undecided":
        return None, f"{name}: {fact.reason}"
    if claimed is None:
        return fact.kind in NO_FINITE_VALUE, shown
    text = str(claimed).strip()
    if text in ("oo", "-oo"):
        return fact.kind == text, shown
    if fact.kind != "value" or fact.value is None:
        return False, shown
    return _same_value(name, fact.value, text, analysis), shown


def _same_value(name: str, actual: str, claimed: str, analysis: Analysis) -> bool | None:
    from quiz_app.checker.expr import ExpressionError, parse_expression
    from quiz_app.checker.symbolic import equal

    try:
        claimed_expr = parse_expression(claimed, analysis.variable, analysis.params)
        actual_expr = analysis.exact.get(name)
        if actual_expr is None:  # a cached analysis: only its strings survive
            actual_expr = parse_expression(actual, analysis.variable, analysis.params)
    except ExpressionError:
        return None
    return equal(actual_expr, claimed_expr)
