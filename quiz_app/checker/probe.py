"""Numbers as evidence: evaluate a sympy expression with mpmath floats, and time budgets.

sympy's own substitution is exact: `(1 + t)**(1/t)` at t = 10⁻³⁰ would compute
(1 + 10⁻³⁰)^(10³⁰) as a rational and never finish. So the probe walks the expression tree
itself and computes every node with mpmath at a fixed precision chosen from t (enough digits
that 1 + t is not 1). Branching functions (Max, Abs, sign, Heaviside, Piecewise) are
evaluated as written, so a probe of the *original* expression also checks which branch the
symbolic machinery chose. A node the probe does not know makes it give up (NoProbe); a
value that is not real is reported as such, never rounded to its real part.

The time budget uses SIGALRM in the main thread of the process (the checker's workers, the
CLI, the test runner); elsewhere it is a no-op and the worker's hard kill is the only limit.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import mpmath  # type: ignore[import-untyped]
import sympy as sp

PROBE_TS = (sp.Rational(1, 10**10), sp.Rational(1, 10**20), sp.Rational(1, 10**40),
            sp.Rational(1, 10**80))


class NoProbe(Exception):
    """The expression holds something the probe cannot evaluate as a real number."""


class NotReal(Exception):
    """The expression is not a real number at the probed point."""


class OutOfTime(BaseException):
    """A BaseException, so that sympy's own `except Exception` cannot swallow it."""


def digits_for(t: sp.Rational) -> int:
    """Working digits for a probe at t: twice its decimal exponent (cancellation such as
    (sin t − t)/t³ loses that many twice over) plus a margin."""
    return 2 * max(1, len(str(t.q)) - len(str(t.p))) + 40


def evaluate(expr: sp.Basic, values: dict, digits: int):
    """expr as an mpmath number with its symbols replaced by `values` (sympy numbers)."""
    with mpmath.workdps(digits):
        number = _eval(expr, {k: _number(v) for k, v in values.items()})
        if isinstance(number, mpmath.mpc):
            if number.imag != 0:
                raise NotReal(str(expr))
            number = number.real
        if not mpmath.isfinite(number):
            raise NoProbe("not finite")
        return +number


def probe_values(expr, t, values: dict | None = None, ts=PROBE_TS) -> list:
    """expr at each t in `ts` (parameters from `values`), as mpmath numbers; NoProbe or
    NotReal when it cannot give a real number at one of them."""
    results = []
    for point in ts:
        results.append(evaluate(expr, {**(values or {}), t: point}, digits_for(point)))
    return results


def _number(value):
    if isinstance(value, (int, float)):
        return mpmath.mpf(value)
    if value.is_Rational:
        return mpmath.mpf(value.p) / value.q
    if value.is_Float or value.is_NumberSymbol:
        return mpmath.mpf(value.evalf(mpmath.mp.dps + 5))
    raise NoProbe(f"not a number: {value}")


def _real(value):
    if isinstance(value, mpmath.mpc):
        if value.imag != 0:
            raise NotReal("complex intermediate value")
        return value.real
    return value


def _truth(condition, env) -> bool:
    if condition in (sp.true, True):
        return True
    if condition in (sp.false, False):
        return False
    if isinstance(condition, sp.And):
        return all(_truth(c, env) for c in condition.args)
    if isinstance(condition, sp.Or):
        return any(_truth(c, env) for c in condition.args)
    if isinstance(condition, sp.Not):
        return not _truth(condition.args[0], env)
    if isinstance(condition, sp.core.relational.Relational):
        left, right = _real(_eval(condition.lhs, env)), _real(_eval(condition.rhs, env))
        return {sp.StrictLessThan: left < right, sp.LessThan: left <= right,
                sp.StrictGreaterThan: left > right, sp.GreaterThan: left >= right,
                sp.Equality: left == right, sp.Unequality: left != right}[type(condition)]
    raise NoProbe(f"condition {condition}")


def _sign(value) -> int:
    value = _real(value)
    return 1 if value > 0 else (-1 if value < 0 else 0)


UNARY = {sp.exp: mpmath.exp, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan,
         sp.tanh: mpmath.tanh, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh,
         sp.atan: mpmath.atan, sp.erf: mpmath.erf, sp.sech: mpmath.sech,
         sp.cot: mpmath.cot, sp.sec: mpmath.sec, sp.csc: mpmath.csc}


def _eval(node, env):  # noqa: C901  (one case per node type reads best as one function)
    if node in env:
        return env[node]
    if node is sp.I:
        return mpmath.mpc(0, 1)
    if node.is_Number or node.is_NumberSymbol:
        if node in (sp.oo, -sp.oo, sp.zoo, sp.nan):
            raise NoProbe("infinite constant")
        return _number(node)
    if isinstance(node, sp.Symbol):
        raise NoProbe(f"no value for {node}")
    if isinstance(node, sp.Add):
        return mpmath.fsum(_eval(a, env) for a in node.args)
    if isinstance(node, sp.Mul):
        result = mpmath.mpf(1)
        for factor in node.args:
            result *= _eval(factor, env)
        return result
    if isinstance(node, sp.Pow):
        base, exponent = _eval(node.base, env), _eval(node.exp, env)
        if base == 0 and _real(exponent) <= 0:
            raise NoProbe("0 to a non-positive power")
        if node.exp.is_Integer:
            return base ** int(node.exp)
        if node.exp.is_Rational and node.exp.q % 2 == 1 and _real(base) < 0:
            root = mpmath.root(-_real(base), node.exp.q) ** node.exp.p
            return -root if node.exp.p % 2 else root
        return mpmath.power(base, exponent)
    if isinstance(node, sp.log):
        argument = _eval(node.args[0], env)
        if _real(argument) <= 0:
            raise NotReal("log of a non-positive number")
        return mpmath.log(argument)
    if type(node) in UNARY:
        return UNARY[type(node)](_eval(node.args[0], env))
    if isinstance(node, sp.Abs):
        return abs(_real(_eval(node.args[0], env)))
    if isinstance(node, sp.sign):
        return mpmath.mpf(_sign(_eval(node.args[0], env)))
    if isinstance(node, (sp.Max, sp.Min)):
        values = [_real(_eval(a, env)) for a in node.args]
        return max(values) if isinstance(node, sp.Max) else min(values)
    if isinstance(node, sp.Heaviside):
        sign = _sign(_eval(node.args[0], env))
        if sign:
            return mpmath.mpf(1 if sign > 0 else 0)
        return _eval(node.args[1], env) if len(node.args) > 1 else mpmath.mpf(0.5)
    if isinstance(node, sp.DiracDelta):
        if _sign(_eval(node.args[0], env)) != 0:
            return mpmath.mpf(0)
        raise NoProbe("a Dirac delta at its spike")
    if isinstance(node, sp.Piecewise):
        for value, condition in node.args:
            if _truth(condition, env):
                return _eval(value, env)
        raise NotReal("no branch of the piecewise function applies")
    raise NoProbe(f"cannot evaluate {type(node).__name__}")


_budget_lock = threading.Lock()


def _raise_out_of_time(signum, frame):
    raise OutOfTime()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OutOfTime inside the block once `seconds` have passed (main thread only).

    Nested budgets keep the earlier deadline, so a stage never outlives its caller.
    """
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if seconds is None or not usable:
        yield
        return
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_left, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    seconds = max(seconds, 0.001)
    if previous_left and previous_left < seconds:
        seconds = previous_left
    signal.signal(signal.SIGALRM, _raise_out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_left:
            left = previous_left - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))


def relative_gap(a, b) -> float:
    """|a − b| relative to 1 + |b|, as a float (for trend judgements)."""
    return float(abs(a - b) / (1 + abs(b))) if math.isfinite(float(b)) else math.inf
