"""The parser's documented limits (docs/authoring.md, "Expression syntax"), at their edges.

Each limit is pinned by its documented figure: an input exactly at it is accepted and one
step past it is refused with its message, so a limit that drifts by one fails here.
"""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.expr import ExpressionError, parse_expression

X = sp.Symbol("x", real=True)


def _max_of(count: int) -> str:
    return "Max(" + ",".join(["x"] * count) + ")"


@pytest.mark.parametrize(("accepted", "refused", "message"), [
    # 500 characters: Max(x,x,…) with 248 x's is 2·248 + 4 = 500 characters
    (_max_of(248), _max_of(248) + "+0", "longer than 500 characters"),
    # 100 levels: 98 × (−), then the Name, then its Load context: 98 + 1 + 1 = 100
    ("-" * 98 + "x", "-" * 99 + "x", "nested more than 100 deep"),
    # 30 characters in one number
    ("1" * 30, "1" * 31, "number is too long"),
    ("0." + "5" * 28, "0." + "5" * 29, "number is too long"),
    # scientific notation up to ±100
    ("1e100", "1e101", "too large or too small"),
    ("1e-100", "1e-101", "too large or too small"),
    # 1,000 digits once folded: 10**999 has 1,000, 10**1000 has 1,001
    ("(10**100)**9*10**99", "(10**100)**9*10**100", "more than 1000 digits"),
    ("1/((10**100)**9*10**99)", "1/((10**100)**9*10**100)", "more than 1000 digits"),
    # a numeric exponent up to 100
    ("x**100", "x**101", "exponent is too large"),
    ("x**(1/100)", "x**(1/101)", "exponent is too large"),
])
def test_a_limit_accepts_its_edge_and_refuses_one_past_it(accepted, refused, message):
    parse_expression(accepted)
    with pytest.raises(ExpressionError, match=message):
        parse_expression(refused)


def test_the_folded_numbers_at_the_edge_are_exact():
    assert parse_expression("(10**100)**9*10**99") == sp.Integer(10)**999
    assert parse_expression("1e100") == sp.Integer(10)**100
    assert parse_expression("-" * 98 + "x") == X


@pytest.mark.parametrize(("text", "expected"), [
    # one argument: the largest (smallest) of one number is that number
    ("Max(x)", X), ("Min(x)", X), ("max(x)", X), ("min(x)", X),
    ("Max(x, 1, 2)", sp.Max(X, 2)), ("abs(x)", sp.Abs(X)),
])
def test_max_and_min_take_one_argument_or_more(text, expected):
    assert parse_expression(text) == expected


# How many arguments each function takes, from its mathematical meaning (not read from the
# parser's table, so a drift in the table fails here): log(x, 2) would be a base-2 log.
ARITY = {"Max": (1, None), "Min": (1, None), "max": (1, None), "min": (1, None),
         "Abs": (1, 1), "abs": (1, 1), "sign": (1, 1), "Heaviside": (1, 2),
         "Eq": (2, 2), "Ne": (2, 2), "exp": (1, 1), "log": (1, 1), "sqrt": (1, 1),
         "erf": (1, 1), "tanh": (1, 1), "sin": (1, 1), "cos": (1, 1), "atan": (1, 1)}


@pytest.mark.parametrize("name", sorted(ARITY))
def test_each_function_takes_its_number_of_arguments(name):
    least, most = ARITY[name]
    arguments = ["x", "1/2", "2"]

    def call(count: int) -> str:
        return f"{name}({', '.join(arguments[:count])})"

    parse_expression(call(least))
    parse_expression(call(most or 3))
    with pytest.raises(ExpressionError):
        parse_expression(call(least - 1))
    if most is not None:
        with pytest.raises(ExpressionError):
            parse_expression(call(most + 1))


def test_piecewise_needs_a_pair():
    assert parse_expression("Piecewise((x, x > 0), (0, True))") == sp.Piecewise(
        (X, X > 0), (0, True))
    with pytest.raises(ExpressionError):
        parse_expression("Piecewise()")
