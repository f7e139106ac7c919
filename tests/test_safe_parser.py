"""The safe parser: exact numbers, a whitelist, positioned errors, and nothing executed."""

from __future__ import annotations

import os
import signal
import uuid

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_app.checker.expr import (
    MAX_CHARS,
    ExpressionError,
    parameter_symbol,
    parse_expression,
    variable_symbol,
)
from tests.helpers.parser_tokens import TOKENS

x = variable_symbol("x")


@pytest.mark.parametrize("text, expected", [
    ("0.01", sp.Rational(1, 100)),
    ("1e-3", sp.Rational(1, 1000)),
    ("2/4", sp.Rational(1, 2)),
    ("0.5*x", x / 2),
    (".5", sp.Rational(1, 2)),
    ("max(0, x)", sp.Max(0, x)),
    ("abs(x)", sp.Abs(x)),
    ("Min(Max(0, x), 6)", sp.Min(sp.Max(0, x), 6)),
    ("-x**2", -x**2),
    ("+x", x),
    ("pi/2 + E + oo", sp.oo),
    ("Piecewise((0, x < 0), (x, True))", sp.Piecewise((0, x < 0), (x, True))),
    ("Heaviside(x, 0)", sp.Heaviside(x, 0)),
    ("Eq(x, 0)", sp.Eq(x, 0)),
])
def test_builds_the_exact_expression(text, expected):
    assert parse_expression(text) == expected


def test_decimal_is_never_a_float():
    value = parse_expression("0.1")
    assert value == sp.Rational(1, 10) and not value.is_Float


def test_chained_comparison_is_a_conjunction():
    assert parse_expression("0 < x < 1") == sp.And(sp.Lt(0, x), sp.Lt(x, 1))


def test_parameters_are_positive_and_the_variable_real():
    alpha = parse_expression("alpha", params=["alpha"])
    assert alpha == parameter_symbol("alpha") and alpha.is_positive
    assert parse_expression("x").is_real
    t = parse_expression("t**2", variable="t")
    assert t == variable_symbol("t") ** 2


@pytest.mark.parametrize("text, message, column", [
    ("x + y", "unknown name 'y'", 5),
    ("Max(0, x))", "unexpected ')'", 10),
    ("Max(0, x", "unclosed '('", 4),
    ("x +", "unexpected end of expression", 4),
    ("2x", "a number runs into a name: write 2*x for a product", 1),
    ("", "empty expression", 1),
    ("x.__class__", "attribute access is not allowed", 1),
    ("__import__('os').getcwd()", "only named functions can be called", 1),
    ("__import__('os')", "unknown function '__import__'", 1),
    ("(lambda: 1)()", "only named functions can be called", 2),
    ("[c for c in ()]", "a comprehension is not allowed", 1),
    ("Max(0, x=1)", "Max() takes no keyword arguments", 10),
    ("'text'", "a string is not allowed", 1),
    ("1j", "a complex number is not allowed", 1),
    # an operator that is refused is pointed at, not its left operand (issue 28)
    ("x^2", "operator '^' is not allowed (use ** for powers)", 2),
    ("2*x^3", "operator '^' is not allowed (use ** for powers)", 4),
    ("exp(x)^2", "operator '^' is not allowed (use ** for powers)", 7),
    ("(x + 1) ^ 2", "operator '^' is not allowed (use ** for powers)", 9),
    ("x**2 + 3^x", "operator '^' is not allowed (use ** for powers)", 9),
    ("é+x^2", "operator '^' is not allowed (use ** for powers)", 4),
    ("x // 2", "operator '//' is not allowed", 3),
    ("x|1", "operator '|' is not allowed (write |x| as Abs(x))", 2),
    ("9**9**9", "exponent is too large (at most 100)", 4),
    ("(x+1)**100000", "exponent is too large (at most 100)", 8),
    ("exp(1, 2)", "exp() takes 1 argument(s), got 2", 1),
    ("sin", "'sin' is a function: call it, as in sin(x)", 1),
    ("factorial(x)", "unknown function 'factorial'", 1),
    ("(0, x)", "a tuple is only allowed as a (value, condition) pair of Piecewise", 1),
    ("True", "True and False are only allowed as a Piecewise condition", 1),
    ("x == 0", "only < <= > >= comparisons are allowed (or Eq(a, b), Ne(a, b))", 1),
    ("x if x else 0", "'if' expressions is not allowed", 1),
    ("é + x", "unknown name 'é'", 1),
])
def test_refusals_say_what_and_where(text, message, column):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert (caught.value.message, caught.value.column) == (message, column)
    assert str(caught.value) == f"{message} at column {column}"


@pytest.mark.parametrize("text", [
    "9**9**9", "2**10**6", "(x+1)**100000", "x" * 10**6, "(" * 300 + "x" + ")" * 300,
    "-" * 450 + "x", "+".join(["x"] * 240), "Max(" * 100 + "x" + ")" * 100,
    "1" * 40, "1e999999", "exp(x)**1e50",
])
def test_blow_ups_are_refused_at_once(text):
    """Refused by their shape, never computed: a parser that tried would run for hours, so
    a generous alarm turns that hang into a failure (no claim about speed is made here;
    speed lives in benchmarks/)."""
    def hung(signum, frame):
        raise AssertionError(f"still computing {text[:40]!r} after a minute: not refused")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with pytest.raises(ExpressionError):
            parse_expression(text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_hostile_text_executes_nothing(tmp_path):
    marker = tmp_path / f"pwned-{uuid.uuid4().hex}"
    attempts = [
        f"__import__('os').system('touch {marker}')",
        f"().__class__.__base__.__subclasses__()[0]('{marker}')",
        f"exec(\"open('{marker}', 'w')\")",
        f"eval(\"open('{marker}', 'w')\")",
        f"[open('{marker}', 'w') for _ in (1,)]",
    ]
    for text in attempts:
        with pytest.raises(ExpressionError):
            parse_expression(text)
    assert not os.path.exists(marker)


def assert_only_expression_errors(text: str) -> None:
    try:
        result = parse_expression(text, params=["alpha"])
    except ExpressionError as exc:
        assert isinstance(exc.column, int) and exc.column >= 1
        assert exc.message
    else:
        assert isinstance(result, sp.Basic)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_random_text_raises_nothing_but_expression_error(text):
    assert_only_expression_errors(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_expression_shaped_noise_raises_nothing_but_expression_error(text):
    assert_only_expression_errors(text)


def test_columns_count_characters_not_bytes():
    with pytest.raises(ExpressionError) as caught:
        parse_expression("θ + y", variable="θ")
    assert caught.value.column == 5


def test_length_limit_is_the_documented_one():
    flat = "Max(" + ", ".join(["x"] * 165) + ")"
    assert len(flat) <= MAX_CHARS
    assert parse_expression(flat) == x
    assert parse_expression("+".join(["x"] * 60)) == 60 * x
    with pytest.raises(ExpressionError, match="longer than 500"):
        parse_expression("x" * (MAX_CHARS + 1))
