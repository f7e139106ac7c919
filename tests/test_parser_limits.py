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


@pytest.mark.parametrize(("text", "column"), [
    # the bracket left open is named where it opened, even as the last character
    ("sin(", 4), ("(", 1), ("Max(x", 4), ("x + (1", 5),
])
def test_an_unclosed_bracket_is_named_where_it_opened(text, column):
    with pytest.raises(ExpressionError, match="unclosed '\\('") as caught:
        parse_expression(text)
    assert caught.value.column == column


@pytest.mark.parametrize(("text", "column", "message"), [
    # columns are 1-based characters: where the student has to look
    ("x" * 501, 501, "longer than 500 characters"),
    ("x +\x00 1", 4, "null character"),
    ("x\n+ 1", 2, "an expression is one line"),
    ("|x|", 1, "write |x| as Abs"), ("2 * |x|", 5, "write |x| as Abs"),
    ("Max(0, x))", 10, "unexpected ')'"),
    ("x $ 1", 3, "invalid syntax near '$'"),
    ("3 +", 4, "unexpected end of expression"),
    ("2x", 1, "a number runs into a name"),
    ("x**(-oo)", 5, "an infinite exponent"),
    ("x**(32*pi)", 5, "exponent is too large"),  # 32π ≈ 100.5 (31π ≈ 97.4 is fine)
    ("1000001**x", 1, "base is too large"),  # 10**6 is the largest base under x
    ("Max()", 1, "at least 1 argument"),
    ("Heaviside(x, 1, 2)", 1, "1 or 2 argument"),
    ("Eq(x)", 1, "takes 2 argument"),
    ("Piecewise(x)", 11, "Piecewise takes (value, condition) pairs"),
    ("Piecewise((x, x > 0, 1))", 11, "Piecewise takes (value, condition) pairs"),
])
def test_a_refusal_names_the_place(text, column, message):
    with pytest.raises(ExpressionError) as caught:
        parse_expression(text)
    assert message in caught.value.message
    assert caught.value.column == column


@pytest.mark.parametrize("text", ["x**(31*pi)", "1000000**x", "x**pi"])
def test_just_inside_the_power_limits(text):
    parse_expression(text)


def test_a_parameter_needs_a_real_number():
    from quiz_app.checker.expr import parameter_values

    [(symbol, value)] = parameter_values(["a=0.2"], "x", ["a"]).items()
    assert str(symbol) == "a" and value == sp.Rational(1, 5)
    assert parameter_values(["a=pi"], "x", ["a"])
    for bad in ("a=x", "a=sqrt(-1)", "a=x + 1"):
        with pytest.raises(ExpressionError, match="needs a real number"):
            parameter_values([bad], "x", ["a"])
