"""Numbers for pictures: f and f′ sampled near the point, and the slope table.

The plot and the table are illustrations, not proofs, so floats are fine here; the verdicts
always come from analysis.py. Points where f or f′ is undefined are left out (NaN), never
invented, and f′ is never evaluated at the point itself, where sympy's f′ may carry a
convention such as Heaviside(0) = 1/2. The app computes its pictures in its warm worker
process (quiz_app.checker.service.picture_in_worker), under a time budget.
"""

from __future__ import annotations

import math
import time
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
    formula: str = ""  # f as drawn (parameters substituted), in a student's notation
    cut_short: bool = False  # the time budget ran out before every point was sampled


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
           count: int = 121, deadline: float | None = None) -> Samples:
    """f and f′ on [a − w, a + w]; parameters need values to be drawn (default 1/10).

    Past `deadline` (a time.monotonic() value) the remaining points are left out (NaN)."""
    param_values = {p: "0.1" for p in params} | (param_values or {})
    x, f, a = _parsed(expression, point, variable, params, param_values)
    rules = _domain_rules(expression, variable, params, param_values)
    f_prime = sp.diff(f, x)
    cut_short = False
    center = _number(a)
    xs = [center - half_width + 2 * half_width * i / (count - 1) for i in range(count)]
    step = 2 * half_width / (count - 1)
    ys, dys = [], []
    for xi in xs:
        if deadline is not None and time.monotonic() > deadline:
            cut_short = True
            ys.append(math.nan)
            dys.append(math.nan)
            continue
        exact = sp.Rational(repr(xi)) if math.isfinite(xi) else sp.nan
        if not _defined(rules, x, exact):
            ys.append(math.nan)
            dys.append(math.nan)
            continue
        ys.append(_number(f.subs(x, exact)))
        near_point = abs(xi - center) < step / 2
        dys.append(math.nan if near_point else _number(f_prime.subs(x, exact)))
    from quiz_app.checker.words import formula_words

    at_point = _number(f.subs(x, a)) if _defined(rules, x, a) else math.nan
    return Samples(xs, ys, dys, center, at_point,
                   formula_words(expression, {p: param_values[p] for p in params}), cut_short)


def _domain_rules(expression, variable, params, param_values):
    """Where f as written is undefined (a zero divisor, an even root of a negative, log of
    a non-positive): sympy's own value there may be a convention (zoo**0 = 1), never drawn."""
    from quiz_app.checker.expr import parse_with_restrictions

    _, rules = parse_with_restrictions(expression, variable, params)
    values = {parse_expression(name, variable, params): parse_expression(value, variable, ())
              for name, value in param_values.items()}
    return [rule.expression.subs(values) for rule in rules], [rule.kind for rule in rules]


def _defined(rules, x, value) -> bool:
    """False when some rule is certainly broken at x = value; unknown counts as defined."""
    for expression, kind in zip(*rules):
        at = expression.subs(x, value)
        if kind == "nonzero" and at.is_zero or kind == "nonnegative" and at.is_negative or \
                kind == "positive" and at.is_nonpositive:
            return False
    return True


def slope_table(expression: str, point: str = "0", variable: str = "x",
                params: Sequence[str] = (), param_values: dict[str, str] | None = None,
                steps: Sequence[str] = SLOPE_STEPS) -> list[SlopeRow]:
    """f(a ± h) and the one-sided difference quotients, computed exactly then rounded."""
    param_values = {p: "0.1" for p in params} | (param_values or {})
    x, f, a = _parsed(expression, point, variable, params, param_values)
    rules = _domain_rules(expression, variable, params, param_values)
    fa = f.subs(x, a) if _defined(rules, x, a) else sp.nan  # no quotient without f(a)
    rows = []
    for h_text in steps:
        h = sp.Rational(h_text)
        left, right = (f.subs(x, side) if _defined(rules, x, side) else sp.nan
                       for side in (a - h, a + h))
        rows.append(SlopeRow(h_text, _number(left), _number(right),
                             _number((left - fa) / (-h)), _number((right - fa) / h)))
    return rows


@dataclass
class Picture:
    """What the plot and the slope table show, or why there is nothing to show."""

    samples: Samples | None = None
    rows: list[SlopeRow] | None = None
    problem: str | None = None


def picture_data(request: dict) -> dict:
    """The warm worker's answer to a picture request (quiz_app.checker.warm.PictureRequest):
    the samples and the slope table as plain data, or the problem that left none. Sampling
    stops after request["seconds"]; the worker is killed if even that overruns."""
    from dataclasses import asdict

    deadline = time.monotonic() + request["seconds"]
    args = (request["expression"], request["point"], request["variable"], request["params"],
            request["param_values"])
    try:
        rows = slope_table(*args)
        samples = sample(*args, half_width=request["half_width"], deadline=deadline)
    except Exception as exc:  # pictures are illustrations: say why there is none
        return {"problem": f"could not sample f ({exc})"}
    if all(math.isnan(y) for y in samples.f):
        return {"problem": f"could not sample f in {request['seconds']:g} s"}
    return {"samples": asdict(samples), "rows": [asdict(row) for row in rows]}
