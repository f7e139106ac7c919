"""The one place that turns the checker's facts into words a student reads.

The checker speaks sympy (`oo`, `zoo`, `16733/10000`, "undecided"); scripts get that from
`analyze --json`. A student gets ∞ and −∞, "does not exist", "could not be determined
(why)", "undefined at 0", the author's decimals as decimals, and reasons a teacher would
write. Sympy-free, so the UI can use it on its start path.
"""

from __future__ import annotations

import re
from fractions import Fraction

from quiz_app.checker.facts import Analysis, Fact, Verdict

SYMPY_WORDS = [
    (re.compile(r"AccumBounds\(([^,()]+), ([^()]+)\)"), r"somewhere in [\1, \2]"),
    (re.compile(r"(?<![\w.])zoo(?!\w)"), "∞ (no sign)"),
    (re.compile(r"(?<![\w.])-oo(?!\w)"), "−∞"),
    (re.compile(r"(?<![\w.])oo(?!\w)"), "∞"),
    (re.compile(r"\bsqrt\((\w+)\)"), r"√\1"),
    (re.compile(r"\bsqrt\("), "√("),
    (re.compile(r"\bpi\b"), "π"),
    (re.compile(r"\bE\b"), "e"),
    (re.compile(r"\bexp\(1\)"), "e"),
    (re.compile(r"\*\*"), "^"),
    (re.compile(r"(?<=[\w)∞π])\*(?=[\w(√∞π−-])"), "·"),
    (re.compile(r"\b_t\b|\b_p\b"), "t"),
    (re.compile(r"(?<![\w.])-(?=[\w(√∞])"), "−"),
    (re.compile(r" - "), " − "),
]
REASONS = [
    (re.compile(r"sympy gave an unusable limit .*"),
     "the limit is not a single number"),
    (re.compile(r"sympy left the limit unevaluated"), "the limit could not be computed"),
    (re.compile(r"sympy could not take the limit \((\w+)\)"), "the limit could not be computed"),
    (re.compile(r"sympy's (.+) disagrees with f near the point \((.+)\)"),
     r"the computed limit \1 does not match the values of f near the point (\2)"),
    (re.compile(r"f\((.+?)\) is undefined: (.+?) is 0 at (.+)"),
     r"f(\1) is undefined: it divides by \2, which is 0 at x = \3"),
    (re.compile(r"cannot tell whether (.+?) is 0 at (.+)"),
     r"cannot tell whether \1 is 0 at x = \2"),
    (re.compile(r"^undecided: "), ""),
    (re.compile(r"\bis undecided\b"), "could not be determined"),
    (re.compile(r"\bundecided\b"), "not determined"),
    (re.compile(r"cannot decide the condition (.+?) near the point"),
     "cannot tell which branch applies near the point"),
]


def number_words(text: str, decimals: bool = False) -> str:
    """A sympy number or expression string as a student reads it.

    `decimals`: the author wrote decimals, so a terminating fraction (16733/10000) is shown
    as the decimal they wrote (1.6733), not as sympy's exact rational.
    """
    text = text.strip()
    if decimals and re.fullmatch(r"-?\d+/\d+", text):
        value = Fraction(text)
        denominator = value.denominator
        for prime in (2, 5):
            while denominator % prime == 0:
                denominator //= prime
        if denominator == 1:
            shown = f"{float(value):.12g}"
            return shown.replace("-", "−")
    for pattern, replacement in SYMPY_WORDS:
        text = pattern.sub(replacement, text)
    return text


def formula_words(expression: str, values: dict[str, str] | None = None) -> str:
    """An author's (or student's) formula as written, decimals kept, in a reader's notation:
    `(2)*Max(0, x)` → `2·Max(0, x)`; parameter values are said after it (`with a = 0.2`)."""
    text = re.sub(r"(?<![\w)])\((\d+(?:\.\d+)?)\)", r"\1", expression.strip())
    text = number_words(text)
    given = ", ".join(f"{name} = {number_words(value)}" for name, value in (values or {}).items())
    return f"{text}   with {given}" if given else text


def reason_words(reason: str) -> str:
    for pattern, replacement in REASONS:
        reason = pattern.sub(replacement, reason)
    return number_words(reason) if reason else reason


def fact_words(fact: Fact, point: str = "", decimals: bool = False) -> str:
    """One value of the analysis: ∞, −∞, does not exist, undefined at a, or why unknown."""
    if fact.kind == "value":  # an irrational value with its decimal: e/(1 + e) ≈ 0.731059
        said = number_words(fact.value or "", decimals)
        return f"{said} ≈ {number_words(fact.approx)}" if fact.approx else said
    if fact.kind == "oo":
        return "∞"
    if fact.kind == "-oo":
        return "−∞"
    if fact.kind == "infinite":
        return "unbounded (∞ in size, no sign)"
    if fact.kind == "dne":
        return "does not exist"
    if fact.kind == "undefined":
        return f"undefined at {number_words(point)}" if point else "undefined"
    reason = reason_words(fact.reason)
    return f"could not be determined ({reason})" if reason else "could not be determined"


def verdict_words(verdict: Verdict, yes: str, no: str) -> str:
    """`continuous`, `not continuous`, or `could not be determined whether continuous (why)`."""
    if verdict.holds is True:
        return yes
    if verdict.holds is False:
        return no
    reason = reason_words(verdict.reason)
    return f"could not be determined whether {yes}" + (f" ({reason})" if reason else "")


def key_words(key: str, decimals: bool = False) -> str:
    """An answer key as the student should see it in "The answer: …"."""
    if key in ("oo", "-oo"):
        return "∞" if key == "oo" else "−∞"
    return number_words(key, decimals)


def wrote_decimals(*texts: str | None) -> bool:
    return any(text and re.search(r"\d\.\d", text) for text in texts)


def describe(analysis: Analysis) -> list[str]:
    """The analysis as sentences a student can follow, point by point."""
    if analysis.error:
        return [analysis.error]
    a = number_words(analysis.point)
    decimals = wrote_decimals(analysis.expression, analysis.point)

    def said(name: str) -> str:
        return fact_words(analysis.fact(name), analysis.point, decimals)

    continuous = analysis.verdict("continuous")
    differentiable = analysis.verdict("differentiable")
    lines = [
        f"f({a}) = {said('value')}" if analysis.fact("value").kind == "value"
        else f"f({a}): {said('value')}",
        f"lim x→{a}⁻ f = {said('left_limit')}, lim x→{a}⁺ f = {said('right_limit')}, so "
        + verdict_words(continuous, "continuous", "not continuous")
        + _because(continuous),
        f"left derivative {said('left_derivative')}, right derivative "
        f"{said('right_derivative')}, so "
        + verdict_words(differentiable, "differentiable", "not differentiable")
        + _because(differentiable),
        f"{_tends(analysis, 'derivative_left_limit', 'left', decimals)} and "
        f"{_tends(analysis, 'derivative_right_limit', 'right', decimals)}",
    ]
    if differentiable.holds:
        lines.append(f"f′({a}) = {said('derivative')}")
    lines.extend(f"Note: {reason_words(note)}" for note in analysis.notes)
    return lines


def _tends(analysis: Analysis, name: str, side: str, decimals: bool) -> str:
    """"f′(x) → 1 from the right", or "f′(x) has no limit from the left" (never "→ does
    not exist")."""
    fact = analysis.fact(name)
    said = fact_words(fact, analysis.point, decimals)
    if fact.kind in ("value", "oo", "-oo"):
        return f"f′(x) → {said} from the {side}"
    if fact.kind == "dne":
        return f"f′(x) has no limit from the {side}"
    return f"f′(x) from the {side}: {said}"


def _because(verdict: Verdict) -> str:
    return f" ({reason_words(verdict.reason)})" if verdict.holds is not None and verdict.reason \
        else ""
