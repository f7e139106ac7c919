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
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the compiled cache's records stand in for it; pydantic stays unloaded
    from quiz_app.bank.models import Question


MAX_VARIANTS = 200


class VariantError(ValueError):
    pass


def _values(spec) -> list[str]:
    if isinstance(spec, list):
        return [str(v) for v in spec]
    low, high = (Fraction(str(v)) for v in spec.range)
    step = Fraction(str(spec.step))
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


def variants(question: Question) -> list[dict[str, str]]:
    """Every assignment of the question's parameters, or [{}] for a plain question."""
    if not question.params:
        return [{}]
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


def _text(template: str | None, values: dict[str, str]) -> str | None:
    if template is None or not values:
        return template
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def realize(question: Question, values: dict[str, str]) -> Question:
    """The plain question for one variant: texts filled in, expressions made concrete."""
    if not values:
        return question

    def expr(text):
        return None if text is None else substitute_names(text, values)

    choices = [
        choice.model_copy(update={
            "text": _text(choice.text, values), "feedback": _text(choice.feedback, values),
            "function": expr(choice.function), "at": expr(choice.at),
            "claims": None if choice.claims is None else choice.claims.model_copy(update={
                k: expr(v) if isinstance(v, str) else v
                for k, v in choice.claims.stated().items()}),
        }) for choice in question.choices]
    return question.model_copy(update={
        "prompt": _text(question.prompt, values),
        "explanation": _text(question.explanation, values),
        "hints": [_text(h, values) for h in question.hints],
        "function": expr(question.function), "at": expr(question.at),
        "answer": expr(question.answer), "choices": choices,
        "accept": [k.model_copy(update={"answer": expr(k.answer),
                                        "feedback": _text(k.feedback, values)})
                   for k in question.accept],
        "reject": [k.model_copy(update={"answer": expr(k.answer),
                                        "feedback": _text(k.feedback, values)})
                   for k in question.reject],
        "params": {},
    })
