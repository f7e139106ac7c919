"""The activation zoo and the textbook cases, with expectations taken from the definitions.

Each row says what calculus says; none was produced by running the code. A checker may
answer "undecided" (None) only where a row allows it explicitly with UNDECIDED.
"""

from __future__ import annotations

import pytest

from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.expr import parse_expression
from quiz_app.checker.symbolic import equal

DNE = "dne"
UNDEFINED = "undefined"
OO, NEG_OO = "oo", "-oo"

SELU = "1.0507*Piecewise((1.67326*(exp(x) - 1), x < 0), (x, True))"
GELU_TANH = "x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))"

# name, expression, point, params, expected facts/verdicts (only the keys given are checked)
CASES = [
    ("relu max", "Max(0, x)", "0", (), dict(
        value="0", left_limit="0", right_limit="0", left_derivative="0",
        right_derivative="1", derivative_left_limit="0", derivative_right_limit="1",
        continuous=True, differentiable=False, derivative=DNE)),
    ("relu lower-case", "max(0, x)", "0", (), dict(continuous=True, differentiable=False)),
    ("relu piecewise", "Piecewise((0, x < 0), (x, True))", "0", (), dict(
        value="0", left_derivative="0", right_derivative="1", continuous=True,
        differentiable=False)),
    ("relu x*heaviside", "x*Heaviside(x)", "0", (), dict(
        value="0", left_derivative="0", right_derivative="1", differentiable=False)),
    ("relu at 2", "Max(0, x)", "2", (), dict(value="2", differentiable=True, derivative="1")),
    ("relu at -3", "Max(0, x)", "-3", (), dict(value="0", differentiable=True, derivative="0")),
    ("relu at 1/2", "Max(0, x)", "0.5", (), dict(value="1/2", derivative="1")),
    ("leaky relu max", "Max(0.01*x, x)", "0", (), dict(
        left_derivative="1/100", right_derivative="1", continuous=True, differentiable=False)),
    ("leaky relu piecewise", "Piecewise((x/10, x < 0), (x, True))", "0", (), dict(
        left_derivative="1/10", right_derivative="1", derivative_left_limit="1/10",
        differentiable=False)),
    ("prelu parameter", "Piecewise((alpha*x, x < 0), (x, True))", "0", ("alpha",), dict(
        left_derivative="alpha", right_derivative="1", continuous=True, differentiable=None)),
    ("elu alpha 1", "Piecewise((exp(x) - 1, x < 0), (x, True))", "0", (), dict(
        value="0", left_derivative="1", right_derivative="1", continuous=True,
        differentiable=True, derivative="1")),
    ("elu alpha 2", "Piecewise((2*(exp(x) - 1), x < 0), (x, True))", "0", (), dict(
        left_derivative="2", right_derivative="1", differentiable=False)),
    ("elu parameter", "Piecewise((alpha*(exp(x) - 1), x < 0), (x, True))", "0", ("alpha",),
     dict(left_derivative="alpha", continuous=True, differentiable=None)),
    ("selu", SELU, "0", (), dict(
        left_derivative="1.0507*1.67326", right_derivative="1.0507", continuous=True,
        differentiable=False)),
    ("celu alpha 2", "Max(0, x) + Min(0, 2*(exp(x/2) - 1))", "0", (), dict(
        left_derivative="1", right_derivative="1", differentiable=True, derivative="1")),
    ("gelu erf", "x*(1 + erf(x/sqrt(2)))/2", "0", (), dict(
        value="0", continuous=True, differentiable=True, derivative="1/2")),
    ("gelu tanh", GELU_TANH, "0", (), dict(differentiable=True, derivative="1/2")),
    ("silu", "x/(1 + exp(-x))", "0", (), dict(differentiable=True, derivative="1/2")),
    ("mish", "x*tanh(log(1 + exp(x)))", "0", (), dict(differentiable=True, derivative="3/5")),
    ("softplus", "log(1 + exp(x))", "0", (), dict(
        value="log(2)", continuous=True, differentiable=True, derivative="1/2")),
    ("relu6 at 0", "Min(Max(0, x), 6)", "0", (), dict(
        left_derivative="0", right_derivative="1", continuous=True, differentiable=False)),
    ("relu6 at 6", "Min(Max(0, x), 6)", "6", (), dict(
        value="6", left_limit="6", right_limit="6", left_derivative="1",
        right_derivative="0", derivative_left_limit="1", derivative_right_limit="0",
        continuous=True, differentiable=False)),
    ("relu6 at 3", "Min(Max(0, x), 6)", "3", (), dict(differentiable=True, derivative="1")),
    ("hardtanh at 1", "Min(Max(-1, x), 1)", "1", (), dict(
        left_derivative="1", right_derivative="0", continuous=True, differentiable=False)),
    ("hardtanh at -1", "Min(Max(-1, x), 1)", "-1", (), dict(
        value="-1", left_derivative="0", right_derivative="1", differentiable=False)),
    ("hardswish at -3", "x*Min(Max(0, x + 3), 6)/6", "-3", (), dict(
        value="0", left_derivative="0", right_derivative="-1/2", continuous=True,
        differentiable=False)),
    ("hardswish at 3", "x*Min(Max(0, x + 3), 6)/6", "3", (), dict(
        value="3", left_derivative="3/2", right_derivative="1", differentiable=False)),
    ("hardsigmoid at -3", "Min(Max(0, x/6 + 1/2), 1)", "-3", (), dict(
        left_derivative="0", right_derivative="1/6", differentiable=False)),
    ("hardsigmoid at 3", "Min(Max(0, x/6 + 1/2), 1)", "3", (), dict(
        value="1", left_derivative="1/6", right_derivative="0", differentiable=False)),
    ("squared relu", "Max(0, x)**2", "0", (), dict(
        left_derivative="0", right_derivative="0", differentiable=True, derivative="0")),
    ("abs", "Abs(x)", "0", (), dict(
        value="0", left_derivative="-1", right_derivative="1", derivative_left_limit="-1",
        derivative_right_limit="1", continuous=True, differentiable=False)),
    ("abs lower-case", "abs(x)", "0", (), dict(differentiable=False)),
    ("heaviside", "Heaviside(x)", "0", (), dict(
        value="1/2", left_limit="0", right_limit="1", continuous=False, differentiable=False)),
    ("sign", "sign(x)", "0", (), dict(
        value="0", left_limit="-1", right_limit="1", continuous=False, differentiable=False)),
    ("jump piecewise", "Piecewise((0, x < 0), (1, True))", "0", (), dict(
        value="1", left_limit="0", right_limit="1", left_derivative=OO, right_derivative="0",
        continuous=False, differentiable=False)),
    ("cusp sqrt|x|", "sqrt(Abs(x))", "0", (), dict(
        value="0", continuous=True, left_derivative=NEG_OO, right_derivative=OO,
        differentiable=False)),
    ("vertical tangent", "sign(x)*Abs(x)**(1/3)", "0", (), dict(
        continuous=True, left_derivative=OO, right_derivative=OO, differentiable=False)),
    ("x sin(1/x)", "Piecewise((x*sin(1/x), Ne(x, 0)), (0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", continuous=True, left_derivative=DNE,
        right_derivative=DNE, differentiable=False)),
    ("x^2 sin(1/x)", "Piecewise((x**2*sin(1/x), Ne(x, 0)), (0, True))", "0", (), dict(
        value="0", continuous=True, left_derivative="0", right_derivative="0",
        derivative_left_limit=DNE, derivative_right_limit=DNE, differentiable=True,
        derivative="0")),
    ("sin(1/x) filled", "Piecewise((sin(1/x), Ne(x, 0)), (0, True))", "0", (), dict(
        left_limit=DNE, right_limit=DNE, continuous=False, differentiable=False)),
    ("removable hole", "sin(x)/x", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="1", continuous=False,
        differentiable=False)),
    ("removable filled", "Piecewise((sin(x)/x, Ne(x, 0)), (1, True))", "0", (), dict(
        value="1", continuous=True, differentiable=True, derivative="0")),
    ("hole sympy would cancel", "x**2/x", "0", (), dict(
        value=UNDEFINED, left_limit="0", right_limit="0", continuous=False,
        differentiable=False)),
    ("hole in the active branch", "Piecewise((1/x, x < 0), (x/x, True))", "0", (), dict(
        value=UNDEFINED, right_limit="1", left_limit=NEG_OO, continuous=False)),
    ("division in an inactive branch", "Piecewise((x/x, x > 0), (0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="1", continuous=False)),
    ("root sympy would square away", "sqrt(x)**2", "-1", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit=UNDEFINED, continuous=False,
        differentiable=False)),
    ("log sympy would cancel", "exp(log(x))", "-1", (), dict(
        value=UNDEFINED, continuous=False)),
    ("root squared on its domain", "sqrt(x)**2", "1", (), dict(
        value="1", continuous=True, differentiable=True, derivative="1")),
    ("pole", "1/x", "0", (), dict(
        value=UNDEFINED, left_limit=NEG_OO, right_limit=OO, continuous=False,
        differentiable=False)),
    ("relu minus mirrored relu is x", "Max(0, x) - Max(0, -x)", "0", (), dict(
        left_derivative="1", right_derivative="1", differentiable=True, derivative="1")),
    ("x times abs", "x*Abs(x)", "0", (), dict(differentiable=True, derivative="0")),
    ("product of relus is zero", "Max(0, x)*Max(0, -x)", "0", (), dict(
        value="0", differentiable=True, derivative="0")),
    ("relu plus leaky", "Max(0, x) + Min(0, x)", "0", (), dict(
        differentiable=True, derivative="1")),
    ("shifted corner", "Max(0, x - 1/2)", "1/2", (), dict(
        left_derivative="0", right_derivative="1", differentiable=False)),
    ("symbolic point", "Abs(x - pi)", "pi", (), dict(
        value="0", left_derivative="-1", right_derivative="1", differentiable=False)),
    ("sqrt at 0 one-sided domain", "sqrt(x)", "0", (), dict(
        value="0", left_limit=UNDEFINED, right_limit="0", right_derivative=OO,
        differentiable=False)),
]

FACT_KEYS = ("value", "left_limit", "right_limit", "left_derivative", "right_derivative",
             "derivative_left_limit", "derivative_right_limit", "derivative")


@pytest.mark.parametrize("name, expression, point, params, expected", CASES,
                         ids=[case[0] for case in CASES])
def test_zoo(name, expression, point, params, expected):
    analysis = analyze_text(expression, point, "x", params)
    assert analysis.error is None
    for key, want in expected.items():
        if key in FACT_KEYS:
            fact = analysis.fact(key)
            if want in (DNE, UNDEFINED, OO, NEG_OO):
                assert fact.kind == want, f"{key}: {fact}"
            else:
                assert fact.kind == "value", f"{key}: {fact}"
                got = parse_expression(fact.value, "x", params)
                assert equal(got, parse_expression(want, "x", params)) is True, \
                    f"{key}: {fact.value} != {want}"
        else:
            verdict = analysis.verdict(key)
            assert verdict.holds is want, f"{key}: {verdict}"
            assert verdict.reason


def test_reasons_read_like_a_teacher():
    analysis = analyze_text("Max(0, x)", "0")
    assert analysis.verdict("differentiable").reason == "left derivative 0 ≠ right derivative 1"


def test_parameter_dependence_is_named_never_decided():
    analysis = analyze_text("Piecewise((alpha*x, x < 0), (x, True))", "0", "x", ["alpha"])
    assert analysis.verdict("differentiable").reason == "differentiable iff alpha = 1"


def test_heaviside_convention_is_stated():
    analysis = analyze_text("Heaviside(x)", "0")
    assert any("Heaviside(0) = 1/2" in note for note in analysis.notes)


def test_definition_wins_note_for_x_squared_sin():
    analysis = analyze_text("Piecewise((x**2*sin(1/x), Ne(x, 0)), (0, True))", "0")
    assert any("the definition decides" in note for note in analysis.notes)


def test_invalid_expression_is_an_error_not_a_verdict():
    analysis = analyze_text("Max(0, y)", "0")
    assert analysis.error == "invalid function: unknown name 'y' at column 8"
    assert analysis.verdicts == {}
