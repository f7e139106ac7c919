"""Parametric questions: one question text, many exact variants.

`params: {alpha: [0.01, 0.1, 1]}` or `{alpha: {range: [0.01, 0.3], step: 0.01}}` gives one
variant per value (the product over several parameters). A variant replaces `{alpha}` in the
texts and the name `alpha` in every expression. Expressions are rewritten token by token
with the stdlib tokenizer (never by string search, which would also hit `alphabet`), and
nothing is evaluated here, so the bank stays free of sympy.
"""

from __future__ import annotations

import io
import itertools
import re
import tokenize
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from quiz_app.bank.data import Claims, KnownAnswer, ParamRange, Question

MAX_VARIANTS = 200
MAX_DIGITS = 30  # the safe parser's bounds for a number, so a range cannot cost more
MAX_EXPONENT = 100
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_FRACTION = re.compile(r"[+-]?\d+\s*/\s*\d+")


class VariantError(ValueError):
    """The question's `params` cannot give its variants; the message says why."""


@dataclass(frozen=True)
class Variant:
    """One assignment of the parameters; `question` is the plain question it gives."""

    template: Question
    values: dict[str, str]

    @property
    def label(self) -> str:
        return label(self.values)

    @property
    def question(self) -> Question:
        return realize(self.template, self.values)


def expand(question: Question) -> list[Variant]:
    """Every variant of the question (one, for a plain question). The one place variants are
    made: the loader reports a VariantError as an error and drops the bank, so callers that
    get their banks from the loader never see one. Nothing else escapes."""
    if not question.params:
        return [Variant(question, {})]
    try:
        assignments = _assignments(question)
    except VariantError:
        raise
    except (ValueError, ArithmeticError) as exc:  # a defect, not a crash: say what it was
        raise VariantError(f"cannot expand the parameters ({type(exc).__name__}: {exc})") \
            from None
    return [Variant(question, values) for values in assignments]


def _number(text: str) -> Fraction:
    """An exact range bound or step, refused before it becomes a 100-million-digit integer."""
    text = text.strip()
    decimal = _DECIMAL.fullmatch(text)
    if decimal is None and _FRACTION.fullmatch(text) is None:
        raise VariantError(f"a range bound or step must be a number, not {text!r}")
    digits = sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
    exponent = decimal.group(1) if decimal else None
    if digits > MAX_DIGITS or (exponent is not None and
                               (len(exponent) > 4 or abs(int(exponent)) > MAX_EXPONENT)):
        raise VariantError(f"the number {text[:40]!r} is too large or too precise "
                           f"(at most {MAX_DIGITS} digits and an exponent of {MAX_EXPONENT})")
    return Fraction(text.replace(" ", ""))


def _values(spec: list[str] | ParamRange) -> list[str]:
    if isinstance(spec, list):
        return [str(v) for v in spec]
    low, high = (_number(v) for v in spec.range)
    step = _number(spec.step)
    if step <= 0:
        raise VariantError(f"the step must be positive, not {spec.step}")
    if high < low:
        raise VariantError(f"the range is empty: {spec.range[0]} is above {spec.range[1]}")
    count = int((high - low) / step) + 1
    if count > MAX_VARIANTS:
        raise VariantError(f"the range gives {count} values; at most {MAX_VARIANTS}")
    return [_decimal(low + i * step) for i in range(count)]


def _decimal(value: Fraction) -> str:
    """Exact text for a range value: a terminating decimal when there is one."""
    if value.denominator == 1:
        return str(value.numerator)
    for digits in range(1, 12):
        scaled = value * 10**digits
        if scaled.denominator == 1:
            return f"{float(value):.{digits}f}"
    return f"{value.numerator}/{value.denominator}"


def _assignments(question: Question) -> list[dict[str, str]]:
    """Every assignment of the question's parameters (the product of their values)."""
    names = list(question.params)
    grid = [_values(question.params[name]) for name in names]
    total = 1
    for values in grid:
        total *= len(values)
    if total > MAX_VARIANTS:
        raise VariantError(f"{total} variants; at most {MAX_VARIANTS}")
    return [dict(zip(names, combo)) for combo in itertools.product(*grid)]


def label(values: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def substitute_names(expression: str, values: dict[str, str]) -> str:
    """Replace whole-name tokens only: alpha → (0.1), but alphabet stays alphabet."""
    return _substituted(expression, tuple(values.items()))


@lru_cache(maxsize=4096)  # `check` realizes each variant for its lints, tests and proofs
def _substituted(expression: str, assignment: tuple[tuple[str, str], ...]) -> str:
    values = dict(assignment)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(expression).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return expression  # the safe parser will report the problem at its column
    lines = expression.splitlines(keepends=True) or [""]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    result = expression
    for token in reversed(tokens):  # splice from the end so earlier offsets stay valid
        if token.type == tokenize.NAME and token.string in values:
            begin = starts[token.start[0] - 1] + token.start[1]
            end = starts[token.end[0] - 1] + token.end[1]
            result = f"{result[:begin]}({values[token.string]}){result[end:]}"
    return result


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _text(template: str | None, values: dict[str, str]) -> str | None:
    return None if template is None else _fill(template, values)


def realize(question: Question, values: dict[str, str]) -> Question:
    """The plain question for one variant: texts filled in, expressions made concrete."""
    if not values:
        return question

    def expr(text: str | None) -> str | None:
        return None if text is None else substitute_names(text, values)

    def claims(c: Claims | None) -> Claims | None:  # the value claims are expressions
        if c is None:
            return None
        return replace(c, value=expr(c.value), left_limit=expr(c.left_limit),
                       right_limit=expr(c.right_limit), left_derivative=expr(c.left_derivative),
                       right_derivative=expr(c.right_derivative),
                       derivative=expr(c.derivative),
                       derivative_left_limit=expr(c.derivative_left_limit),
                       derivative_right_limit=expr(c.derivative_right_limit))

    def known(answers: list[KnownAnswer]) -> list[KnownAnswer]:
        return [replace(k, answer=substitute_names(k.answer, values),
                        feedback=_text(k.feedback, values)) for k in answers]

    choices = [
        replace(choice, text=_fill(choice.text, values),
                feedback=_text(choice.feedback, values), function=expr(choice.function),
                at=expr(choice.at), claims=claims(choice.claims))
        for choice in question.choices]
    return replace(
        question, prompt=_fill(question.prompt, values),
        explanation=_fill(question.explanation, values),
        hints=[_fill(h, values) for h in question.hints],
        function=expr(question.function), at=substitute_names(question.at, values),
        answer=expr(question.answer), choices=choices,
        accept=known(question.accept), reject=known(question.reject), params={})
