"""The live table of what each framework returns at the kinks: `relu-quiz conventions`.

For every supported call (quiz_app.bank.autodiff_calls) and each of its special points, the
value and gradient each installed framework returns (quiz_app.checker.autodiff), beside what
the mathematics says there: the one-sided derivatives sympy finds for the function the call
computes, and the subdifferential [f′(a−), f′(a+)] where f is continuous with
f′(a−) ≤ f′(a+) (a convex kink; elsewhere none). The app shows the same rows in a
question's feedback and in Explore.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from quiz_app.bank.autodiff_calls import Call, parse_call
from quiz_app.bank.autodiff_table import FRAMEWORKS, INSTALL, SUPPORTED, Framework
from quiz_app.checker.autodiff import Returned, installed_version, point_value, run_calls
from quiz_app.checker.cache import ResultCache, analysis_key


@dataclass(frozen=True)
class Maths:
    """What sympy says about the call's function at the point."""

    left_derivative: str
    right_derivative: str
    subdifferential: str  # "[0, 1]", or "none" (not a convex kink), or "undecided"


@dataclass(frozen=True)
class Row:
    call: Call
    point: str
    returned: Returned
    maths: Maths | None = None

    def to_json(self) -> dict:
        maths = self.maths
        return {"call": self.call.text(), "at": self.point, "formula": self.call.formula(),
                **self.returned.to_json(),
                "left_derivative": maths.left_derivative if maths else None,
                "right_derivative": maths.right_derivative if maths else None,
                "subdifferential": maths.subdifferential if maths else None}


def example_calls(frameworks: Iterable[Framework] = FRAMEWORKS
                  ) -> list[tuple[Call, tuple[str, ...]]]:
    """Every call the table lists, with its special points, in the table's order."""
    wanted = set(frameworks)
    return [(parse_call(entry.framework, text), points) for entry in SUPPORTED
            if entry.framework in wanted for text, points in entry.example_points()]


def framework_rows(calls: Sequence[tuple[Call, str]], cache: ResultCache | None = None
                   ) -> list[Row]:
    """What each call's framework returns at each point (text), one child per framework."""
    rows: list[Row | None] = [None] * len(calls)
    by_framework: dict[Framework, list[int]] = {}
    for index, (call, point) in enumerate(calls):
        number = point_value(point)
        if number is None:
            rows[index] = Row(call, point, Returned(call.framework, None,
                                                    missing=f"{point} is not a real number"))
        else:
            by_framework.setdefault(call.framework, []).append(index)
    for framework, indexes in by_framework.items():
        requests = [(calls[i][0], point_value(calls[i][1]) or 0.0) for i in indexes]
        for index, returned in zip(indexes, run_calls(framework, requests, cache)):
            rows[index] = Row(calls[index][0], calls[index][1], returned)
    return [row for row in rows if row is not None]


def convention_rows(point: str | None = None, frameworks: Iterable[Framework] = FRAMEWORKS,
                    cache: ResultCache | None = None, with_maths: bool = True,
                    progress: Callable[[int, int], None] | None = None) -> list[Row]:
    """The table for the installed frameworks among `frameworks`: each example call at its
    special points, or at `point` when one is given."""
    installed = [name for name in frameworks if installed_version(name) is not None]
    wanted = [(call, at) for call, points in example_calls(installed)
              for at in ([point] if point is not None else points)]
    rows = framework_rows(wanted, cache)
    if not with_maths:
        return rows
    maths = analyse([(row.call.formula(), row.point) for row in rows], cache, progress)
    return [Row(row.call, row.point, row.returned, maths[(row.call.formula(), row.point)])
            for row in rows]


def analyse(targets: Iterable[tuple[str, str]], cache: ResultCache | None,
            progress: Callable[[int, int], None] | None = None,
            timeout: float = 20.0) -> dict[tuple[str, str], Maths]:
    """sympy's one-sided derivatives and subdifferential of each (formula, point), from the
    proof cache or the worker pool (time-limited, in parallel)."""
    from quiz_app.checker.facts import Analysis, hit_time_limit
    from quiz_app.checker.pool import run_tasks
    from quiz_app.checker.service import IN_PROCESS_SHARE
    from quiz_app.checker.tasks import AnalysisTask

    found: dict[tuple[str, str], Analysis] = {}
    todo = []
    for formula, point in dict.fromkeys(targets):
        stored = cache.get(analysis_key(formula, point, "x", ())) if cache else None
        if stored is not None and "steps" in stored:
            found[(formula, point)] = Analysis.from_dict(stored)
        else:
            todo.append((formula, point))
    tasks: list[AnalysisTask] = [
        {"kind": "analysis", "expression": formula, "point": point, "variable": "x",
         "params": [], "claims": [], "time_limit": IN_PROCESS_SHARE * timeout}
        for formula, point in todo]
    for (formula, point), result in zip(todo, run_tasks(tasks, timeout, progress=progress)):
        if "analysis" not in result:
            continue
        found[(formula, point)] = Analysis.from_dict(result["analysis"])
        if cache is not None and not hit_time_limit(result["analysis"]):
            cache.put(analysis_key(formula, point, "x", ()), result["analysis"])
    return {target: _maths(found.get(target)) for target in found}


def _maths(analysis) -> Maths:
    left = analysis.fact("left_derivative")
    right = analysis.fact("right_derivative")
    return Maths(_short(left.display()), _short(right.display()), _subdifferential(analysis))


def _short(text: str) -> str:
    """A rational with a long denominator (SELU's decimal constants) as a decimal."""
    number = _fraction(text)
    if number is None or number.denominator < 10**6:
        return text
    return f"{float(number):.9g}"


def _fraction(text: str) -> Fraction | None:
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        return None


def _subdifferential(analysis) -> str:
    left = analysis.fact("left_derivative")
    right = analysis.fact("right_derivative")
    continuous = analysis.verdict("continuous").holds
    if continuous is None or "undecided" in (left.kind, right.kind):
        return "undecided"
    if not continuous or left.kind != "value" or right.kind != "value":
        return "none"
    low, high = _fraction(left.value or ""), _fraction(right.value or "")
    if low is None or high is None:  # an irrational slope: leave the order to sympy
        from quiz_app.checker.expr import ExpressionError, parse_expression

        try:
            difference = parse_expression(right.value or "") - parse_expression(left.value or "")
        except ExpressionError:
            return "undecided"
        order, same = difference.is_nonnegative, difference.is_zero
    else:
        order, same = high >= low, high == low
    if order is None:
        return "undecided"
    if not order:
        return "none"
    shown = _short(left.value or ""), _short(right.value or "")
    return f"{{{shown[0]}}}" if same else f"[{shown[0]}, {shown[1]}]"


def missing_frameworks(frameworks: Iterable[Framework] = FRAMEWORKS) -> dict[str, str]:
    """Each framework that is not installed, with the command that installs it."""
    return {name: INSTALL[name] for name in frameworks if installed_version(name) is None}


SAMPLE_POINTS = ("-7", "-3", "-1", "-1/3", "0", "1/4", "1", "3", "6", "7")


def calls_computing(expression: str, variable: str = "x",
                    frameworks: Iterable[Framework] = FRAMEWORKS) -> list[Call]:
    """The listed calls whose function is `expression` (for Explore): imports sympy, so run
    it where sympy lives (the warm worker). Values at a few exact points rule most calls
    out; the rest must be proved equal (quiz_app.checker.symbolic.equal).

    >>> [call.text() for call in calls_computing("Max(x, 0)", frameworks=["jax"])]
    ['jax.nn.relu(x)', 'jax.numpy.maximum(0.0, x)', 'jax.numpy.maximum(x, 0.0)', \
'jax.numpy.clip(x, min=0.0)', 'jax.numpy.where(x > 0, x, 0.0)', \
'jax.numpy.where(x >= 0, x, 0.0)']
    """
    import sympy as sp

    from quiz_app.checker.expr import ExpressionError, parse_expression
    from quiz_app.checker.symbolic import equal

    try:
        target = parse_expression(expression, variable)
    except ExpressionError:
        return []
    x = sp.Symbol(variable, real=True)
    own = parse_expression("x").free_symbols.pop()
    found = []
    for call, _ in example_calls(frameworks):
        formula = parse_expression(call.formula()).subs(own, x)
        try:
            if any(sp.simplify(formula.subs(x, value) - target.subs(x, value)) != 0
                   for value in map(sp.Rational, SAMPLE_POINTS)):
                continue
        except (TypeError, ValueError):
            continue
        if equal(formula.rewrite(sp.Piecewise), target.rewrite(sp.Piecewise)):
            found.append(call)
    return found
