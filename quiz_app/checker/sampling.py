"""Numbers for pictures: f and f′ sampled near the point, and the slope table.

The plot and the table are illustrations, not proofs, so floats are fine here; the verdicts
always come from analysis.py. Points where f or f′ is undefined are left out (NaN), never
invented, and f′ is never evaluated at the point itself, where sympy's f′ may carry a
convention such as Heaviside(0) = 1/2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from quiz_app.checker.expr import parse_expression, variable_symbol

SLOPE_STEPS = ("0.1", "0.01", "0.001")


@dataclass
class Samples:
    xs: list[float]
    f: list[float]
    f_prime: list[float]
    point: float
    value_at_point: float


@dataclass
class SlopeRow:
    h: str
    f_left: float
    f_right: float
    left_quotient: float
    right_quotient: float


def _number(expr) -> float:
    try:
        value = complex(sp.N(expr, 15))
    except (TypeError, ValueError, ZeroDivisionError):
        return math.nan
    return value.real if abs(value.imag) < 1e-12 and math.isfinite(value.real) else math.nan


def _parsed(expression: str, point: str, variable: str, params: Sequence[str],
            param_values: dict[str, str] | None):
    x = variable_symbol(variable)
    f = parse_expression(expression, variable, params)
    a = parse_expression(point, variable, params)
    substitutions = {
        parse_expression(name, variable, params): parse_expression(value, variable, params)
        for name, value in (param_values or {}).items()}
    return x, f.subs(substitutions), a.subs(substitutions)


def sample(expression: str, point: str = "0", variable: str = "x", params: Sequence[str] = (),
           param_values: dict[str, str] | None = None, half_width: float = 3.0,
           count: int = 121) -> Samples:
    """f and f′ on [a − w, a + w]; parameters need values to be drawn (default 1/10)."""
    param_values = {p: "0.1" for p in params} | (param_values or {})
    x, f, a = _parsed(expression, point, variable, params, param_values)
    f_prime = sp.diff(f, x)
    center = _number(a)
    xs = [center - half_width + 2 * half_width * i / (count - 1) for i in range(count)]
    step = 2 * half_width / (count - 1)
    ys, dys = [], []
    for xi in xs:
        exact = sp.Rational(repr(xi)) if math.isfinite(xi) else sp.nan
        ys.append(_number(f.subs(x, exact)))
        near_point = abs(xi - center) < step / 2
        dys.append(math.nan if near_point else _number(f_prime.subs(x, exact)))
    return Samples(xs, ys, dys, center, _number(f.subs(x, a)))


def slope_table(expression: str, point: str = "0", variable: str = "x",
                params: Sequence[str] = (), param_values: dict[str, str] | None = None,
                steps: Sequence[str] = SLOPE_STEPS) -> list[SlopeRow]:
    """f(a ± h) and the one-sided difference quotients, computed exactly then rounded."""
    param_values = {p: "0.1" for p in params} | (param_values or {})
    x, f, a = _parsed(expression, point, variable, params, param_values)
    fa = f.subs(x, a)
    rows = []
    for h_text in steps:
        h = sp.Rational(h_text)
        left, right = f.subs(x, a - h), f.subs(x, a + h)
        rows.append(SlopeRow(h_text, _number(left), _number(right),
                             _number((left - fa) / (-h)), _number((right - fa) / h)))
    return rows
