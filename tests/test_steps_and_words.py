"""The working and the student words: derived from the computation, said as a teacher would.

Expected lines come from the definition: for max(0, x) at 0, f(0 + t) = t for t > 0, so the
right quotient is t/t = 1; f(0 − t) = 0, so the left quotient is 0.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.facts import Analysis, Fact, Verdict
from quiz_app.checker.words import (
    describe,
    fact_words,
    formula_words,
    key_words,
    number_words,
    reason_words,
)
from quiz_app.cli import main

STEPS = [
    ("Max(0, x)", "0", [], ["right: f(0 + t) = t   (for x > 0: Max(0, x) = x)",
                            "(f(0 + t) − f(0))/t = t/t = 1  →  1 as t → 0⁺",
                            "left:  f(0 − t) = 0   (for x < 0: Max(0, x) = 0)",
                            "1 ≠ 0, so f′(0) does not exist."]),
    ("Abs(x)", "0", [], ["(for x < 0: Abs(x) = −x)", "t/(−t) = −1  →  −1",
                         "1 ≠ −1, so f′(0) does not exist."]),
    ("Min(Max(0, x), 6)", "6", [], ["right: f(6 + t) = 6", "left:  f(6 − t) = 6 − t",
                                    "0 ≠ 1, so f′(6) does not exist."]),
    ("x**2", "0", [], ["t^2/t = t  →  0", "Both sides give 0, so f′(0) = 0."]),
    ("Max(a*x, x)", "0", ["a=0.2"], ["left:  f(0 − t) = −t/5", "→  1/5 as t → 0⁺",
                                     "1 ≠ 1/5, so f′(0) does not exist."]),
    ("Max(0, x - 2)", "2", [], ["right: f(2 + t) = t", "left:  f(2 − t) = 0"]),
    ("1/x", "0", [], ["there is no difference quotient to take"]),
    ("sqrt(Abs(x))", "0", [], ["→  ∞ as t → 0⁺", "→  −∞ as t → 0⁺"]),
    ("log(1 + exp(x))", "0", [], ["(limit from the Taylor coefficients of the numerator)",
                                  "Both sides give 1/2, so f′(0) = 1/2."]),
    # (t²·log t)/t = t·log t → 0: no Taylor series at 0, so sympy's limit, checked
    ("Piecewise((x**2*log(x), x > 0), (0, True))", "0", [], [
        "(limit by sympy, checked numerically)", "Both sides give 0, so f′(0) = 0."]),
]


@pytest.mark.parametrize(("expression", "point", "params", "expected"), STEPS)
def test_the_working_follows_the_computation(expression, point, params, expected):
    steps = "\n".join(analyze_text(expression, point, "x", params).steps)
    for line in expected:
        assert line in steps, (line, steps)
    assert "_t" not in steps and "oo" not in steps and "zoo" not in steps


def test_the_working_agrees_with_the_verdict_it_explains():
    for expression, point, params, _ in STEPS:
        analysis = analyze_text(expression, point, "x", params)
        last = analysis.steps[-1]
        if analysis.verdict("differentiable").holds:
            assert f"= {fact_words(analysis.fact('derivative'), point)}." in last
        elif analysis.fact("value").kind == "value":
            assert "does not exist" in last


def test_analyze_steps_and_json():
    runner = CliRunner()
    shown = runner.invoke(main, ["analyze", "Max(0, x)", "--at", "0", "--steps"])
    assert shown.exit_code == 0
    assert "(f(0 + t) − f(0))/t = t/t = 1  →  1 as t → 0⁺" in shown.output
    data = json.loads(runner.invoke(main, ["analyze", "Max(0, x)", "--json"]).output)
    assert data["steps"][-1] == "1 ≠ 0, so f′(0) does not exist."
    assert data["left_derivative"] == "0" and data["right_derivative"] == "1"  # sympy strings
    with_value = runner.invoke(main, ["analyze", "Max(a*x, x)", "--param", "a=0.2"])
    assert "left derivative   1/5" in with_value.output and "with a = 0.2" in with_value.output


def test_analyze_reports_an_oscillating_limit_in_words():
    shown = CliRunner().invoke(main, ["analyze", "x*sin(1/x)", "--at", "0"]).output
    assert "AccumBounds" not in shown and "oo" not in shown and "undecided" not in shown


@pytest.mark.parametrize(("fact", "expected"), [
    (Fact("oo"), "∞"), (Fact("-oo"), "−∞"), (Fact("dne"), "does not exist"),
    (Fact("undefined"), "undefined at 0"),
    (Fact("undecided", reason="time limit (10 s)"), "could not be determined (time limit (10 s))"),
    (Fact("value", "-1/2"), "−1/2"), (Fact("value", "sqrt(2)/2"), "√2/2"),
    (Fact("value", "oo"), "∞"), (Fact("value", "2*pi"), "2·π"),
])
def test_fact_words(fact, expected):
    assert fact_words(fact, "0") == expected


@pytest.mark.parametrize(("text", "decimals", "expected"), [
    ("16733/10000", True, "1.6733"), ("16733/10000", False, "16733/10000"),
    ("1/3", True, "1/3"), ("-1/4", True, "−0.25"), ("zoo", False, "∞ (no sign)"),
    ("x**2", False, "x^2"), ("oo*sign(x)", False, "∞·sign(x)"),
])
def test_number_words(text, decimals, expected):
    assert number_words(text, decimals) == expected


def test_keys_and_formulas_in_student_notation():
    assert key_words("oo") == "∞" and key_words("-oo") == "−∞"
    assert formula_words("(2)*Max(0, x)") == "2·Max(0, x)"
    assert formula_words("Max(a*x, x)", {"a": "0.2"}) == "Max(a·x, x)   with a = 0.2"


def test_reasons_lose_sympy_internals():
    said = reason_words("sympy gave an unusable limit oo*sign(AccumBounds(-1, 1))")
    assert "AccumBounds" not in said and "oo" not in said
    assert reason_words("f(0) is undefined: x is 0 at 0") == \
        "f(0) is undefined: it divides by x, which is 0 at x = 0"


def test_describe_never_says_undecided():
    analysis = Analysis("f", "x", "0", facts={"value": Fact("value", "0")},
                        verdicts={"continuous": Verdict(None, "undecided: time limit"),
                                  "differentiable": Verdict(None, "time limit")})
    text = "\n".join(describe(analysis))
    assert "undecided" not in text
    assert "could not be determined whether continuous (time limit)" in text
