"""Tables of hand-derived checker cases: each row's expected facts and verdicts, and the
one assertion that checks a row (shared by the checker's round-1 and round-2 tables)."""

from __future__ import annotations

from dataclasses import dataclass

from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.expr import parse_expression
from quiz_app.checker.facts import FACT_NAMES
from quiz_app.checker.symbolic import equal

DNE, UNDEFINED, OO, NEG_OO, INFINITE = "dne", "undefined", "oo", "-oo", "infinite"


@dataclass(frozen=True)
class Maybe:
    """This answer, or undecided (never anything else)."""

    want: object


def maybe(want: object = None) -> Maybe:
    return Maybe(want)


def _matches(got_fact_or_verdict, want, key, params) -> bool:
    if key in FACT_NAMES:
        fact = got_fact_or_verdict
        if want in (DNE, UNDEFINED, OO, NEG_OO, INFINITE, None):
            return fact.kind == (want or "undecided")
        if fact.kind != "value":
            return False
        got = parse_expression(fact.value, "x", params)
        return equal(got, parse_expression(want, "x", params)) is True
    return got_fact_or_verdict.holds is want


def assert_case(expression: str, point: str, params: tuple, expected: dict) -> None:
    """Every expected fact and verdict, allowing undecided only where the row says maybe."""
    analysis = analyze_text(expression, point, "x", params)
    assert analysis.error is None
    for key, want in expected.items():
        got = analysis.fact(key) if key in FACT_NAMES else analysis.verdict(key)
        allowed = [want.want, None] if isinstance(want, Maybe) else [want]
        assert any(_matches(got, w, key, params) for w in allowed), f"{key}: {got}"
