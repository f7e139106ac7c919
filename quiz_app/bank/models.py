"""The bank format, version 1, as pydantic models: they judge a file, and only that.

These names are a contract with instructors' files and with the JSON Schema that editors
validate against, so every model forbids unknown keys: a typo such as `corect: true` must be
an error, never a silently ignored key. Expressions stay text here; only the checker's safe
parser turns them into sympy objects (never `sympify`, which evaluates input).

The loader validates a file with `Bank` and hands on `bank_data(bank)`: the same fields as
plain frozen dataclasses (quiz_app.bank.data), which is all the rest of the app sees.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from quiz_app.bank import data
from quiz_app.bank.autodiff_calls import CallError, parse_call
from quiz_app.bank.data import FactName, FunctionName

__all__ = ["AutodiffClaim", "Bank", "Choice", "Claims", "FactName", "FunctionName",
           "KnownAnswer", "ParamRange", "Question", "QuestionTest", "bank_data"]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
MAX_EXPRESSION_CHARS = 500


def _number_to_text(value: object) -> object:
    """Accept YAML numbers where an expression is expected, keeping their exact decimal text.

    `repr` of a float is the shortest text that reads back as the same float, which is what
    the author typed (0.01 stays "0.01"), so the parser can still make an exact Rational.
    """
    if isinstance(value, bool):
        raise ValueError("expected a number or an expression, not a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError("NaN is not a value; use null for 'does not exist'")
        if math.isinf(value):
            return "oo" if value > 0 else "-oo"
        return repr(value)
    return value


ExpressionText = Annotated[
    str,
    BeforeValidator(_number_to_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_EXPRESSION_CHARS),
    # check reads YAML numbers here (at: 0, step: 0.01), so editors must accept them too
    WithJsonSchema({"anyOf": [
        {"type": "string", "minLength": 1, "maxLength": MAX_EXPRESSION_CHARS},
        {"type": "number"}]}),
]
TypedText = Annotated[
    str, BeforeValidator(_number_to_text),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}]}),
]
NonEmptyText = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class AutodiffClaim(_Strict):
    """What a framework's automatic differentiation returns at the choice's point (in
    float32) for one call, e.g. {framework: pytorch, call: "torch.clamp(x, min=0)",
    gradient: 1}. `check` proves it by running the framework (`relu-quiz conventions`
    lists the supported calls)."""

    framework: Literal["pytorch", "jax", "tensorflow"]
    call: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="One supported call with the input named x, as in the framework's "
        "documentation, e.g. \"jax.numpy.maximum(0.0, x)\". Never evaluated.")
    gradient: ExpressionText | None = Field(
        default=None, description="d/dx at the point, e.g. 1/2 or 0.01 (\"nan\" for NaN).")
    value: ExpressionText | None = None
    raises: StrictBool | None = Field(
        default=None, description="true: the call raises an error at the point.")

    @field_validator("call")
    @classmethod
    def _supported(cls, text: str, info: ValidationInfo) -> str:
        framework = info.data.get("framework")
        if framework is not None:
            try:
                parse_call(framework, text)
            except CallError as exc:
                raise ValueError(str(exc)) from None
        return text

    @model_validator(mode="after")
    def _says_something(self) -> AutodiffClaim:
        if self.gradient is None and self.value is None and self.raises is None:
            raise ValueError("an autodiff claim needs `gradient`, `value` or `raises`")
        return self


def _as_list(value: object) -> object:
    """One claim or a list of them, kept as a list (so an error has one path)."""
    return [value] if isinstance(value, dict) else value


def _one_or_more_autodiff() -> dict:
    """The schema of `autodiff` for editors: one claim, or a list of them."""
    claim = AutodiffClaim.model_json_schema()
    return {"anyOf": [claim, {"type": "array", "items": claim, "minItems": 1}]}


def _interval_text(value: object) -> object:
    """An interval as text, "[0, oo)", "(-1, 1]", or a finite set, "{0, 1}"; the checker
    parses what is inside."""
    if isinstance(value, str):
        text = value.strip()
        if not (text[:1] in "[(" and text[-1:] in ")]" and "," in text
                or text[:1] == "{" and text[-1:] == "}"):
            raise ValueError(f"{value!r} is not an interval such as \"[0, oo)\" or "
                             "\"(-1, 1]\", nor a set such as \"{0, 1}\"")
        return text
    return value


IntervalText = Annotated[str, BeforeValidator(_interval_text),
                         StringConstraints(max_length=MAX_EXPRESSION_CHARS)]


def _interval_or_none(value: object) -> object:
    return value if value == "none" else _interval_text(value)


def _global(description: str) -> Any:
    """A global claim: absent unless written, and never null (null claims nothing here)."""
    return Field(default=None, exclude_if=lambda value: value is None, description=description)


class Claims(_Strict):
    """Facts about the choice's function at its point; a choice is true iff all hold.

    A key that is absent is not claimed; a value key set to null claims "does not exist".
    """

    continuous: StrictBool | None = None
    differentiable: StrictBool | None = None
    value: ExpressionText | None = None
    left_limit: ExpressionText | None = None
    right_limit: ExpressionText | None = None
    left_derivative: ExpressionText | None = None
    right_derivative: ExpressionText | None = None
    derivative: ExpressionText | None = None
    derivative_left_limit: ExpressionText | None = None
    derivative_right_limit: ExpressionText | None = None
    # Global claims (docs/authoring.md): on the domain, or of the subdifferential at `at`.
    convex: StrictBool = _global("f is convex on the domain.")
    concave: StrictBool = _global("f is concave on the domain.")
    nondecreasing: StrictBool = _global("x < y implies f(x) <= f(y) on the domain.")
    increasing: StrictBool = _global("x < y implies f(x) < f(y) (strict).")
    nonincreasing: StrictBool = _global("x < y implies f(x) >= f(y) on the domain.")
    decreasing: StrictBool = _global("x < y implies f(x) > f(y) (strict).")
    lipschitz: ExpressionText = _global("The smallest Lipschitz constant on the domain, "
                                        "or oo when there is none.")
    range: IntervalText = _global("The exact image of the domain, e.g. \"(0, oo)\".")
    bounded_below: StrictBool = _global("f is bounded below on the domain.")
    bounded_above: StrictBool = _global("f is bounded above on the domain.")
    positively_homogeneous: StrictBool = _global("f(c x) = c f(x) for every c > 0.")
    idempotent: StrictBool = _global("f(f(x)) = f(x) for every x.")
    equals: ExpressionText = _global("f equals this expression at every x of the domain.")
    subdifferential: Annotated[str, BeforeValidator(_interval_or_none)] = _global(
        "The convex subdifferential at the point, e.g. \"[0, 1]\", or none when f is "
        "not convex near it.")
    subgradient: ExpressionText = _global("A number in the subdifferential at the point.")
    clarke: IntervalText = _global("Clarke's generalized gradient at the point.")
    expectation: ExpressionText = _global("E[f(X)] for X ~ Normal(0, 1).")
    probability_zero: ExpressionText = _global("P(f(X) = 0) for X ~ Normal(0, 1).")
    autodiff: Annotated[list[AutodiffClaim], BeforeValidator(_as_list), Field(min_length=1),
                        WithJsonSchema(_one_or_more_autodiff())] | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="What a framework returns at the point: one claim or a list.")


class Choice(_Strict):
    text: NonEmptyText
    correct: StrictBool = False
    claims: Claims | None = None
    feedback: str | None = None
    misconception: str | None = None
    function: ExpressionText | None = Field(
        default=None, description="Overrides the question's function for this choice's claims.")
    at: ExpressionText | None = Field(
        default=None, description="Overrides the question's point for this choice's claims.")
    domain: ExpressionText | None = Field(
        default=None, exclude_if=lambda value: value is None,
        description="Overrides the question's domain for this choice's global claims.")


class KnownAnswer(_Strict):
    """An answer to recognise in a free-answer question, with what to tell the student."""

    answer: ExpressionText
    feedback: str | None = None


class QuestionTest(_Strict):
    """An outcome the author states and `check` proves on every variant (STACK and Numbas
    call these question tests): what a student types or picks, and how it must be graded.
    """

    answer: TypedText | None = Field(
        default=None, description="What a student types (numeric and expression questions).")
    choose: list[Annotated[str, StringConstraints(pattern=r"^[a-z]$")]] | None = Field(
        default=None, description="The letters a student picks, in the bank's order "
        "(single and multiple questions).")
    expect: Literal["right", "wrong", "invalid"] = Field(
        description="invalid: the answer gets a syntax message and no mark.")


class ParamRange(_Strict):
    range: Annotated[list[ExpressionText], Field(min_length=2, max_length=2)]
    step: ExpressionText


ParamValues = Annotated[list[ExpressionText], Field(min_length=1)]


class Question(_Strict):
    id: Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)] = Field(
        description="Unique across all loaded banks: [a-z0-9][a-z0-9-]*")
    type: Literal["single", "multiple", "numeric", "expression"] = Field(
        default="single", description="single and multiple have choices; numeric and "
        "expression take a typed answer checked by sympy equivalence.")
    prompt: NonEmptyText = Field(description="Markdown; $...$ for inline maths.")
    topic: str | None = None
    tags: list[str] = Field(default_factory=list)
    difficulty: Annotated[int, Field(ge=1, le=3)] | None = None
    function: ExpressionText | None = Field(
        default=None, description="The function the question is about, in safe sympy syntax.")
    variable: Annotated[str, StringConstraints(pattern=NAME_PATTERN)] = "x"
    at: ExpressionText = Field(default="0", description="The point; a number or an expression.")
    choices: list[Choice] = Field(default_factory=list,
                                  description="At least two for single and multiple.")
    answer: ExpressionText | None = Field(
        default=None, description="Free-answer key as an expression, e.g. \"1/2\".")
    answer_fact: FactName | None = Field(
        default=None, description="Free-answer key computed by the checker from function/at.")
    tolerance: Annotated[float, Field(gt=0)] | None = Field(
        default=None, description="Absolute tolerance for numeric answers.")
    domain: ExpressionText | None = Field(
        default=None, description="Where f is considered: an interval such as \"[0, oo)\" "
        "or a condition such as \"x > 0\". Global claims hold on it, and an expression "
        "answer must agree on it.")
    forbid: list[FunctionName] = Field(
        default_factory=list, description="Functions a typed answer may not use, e.g. [Max, "
        "Heaviside] when the question asks for a form (STACK's forbidden words): an answer "
        "that uses one gets a message and no mark, as a syntax error does.")
    accept: list[KnownAnswer] = Field(default_factory=list)
    reject: list[KnownAnswer] = Field(default_factory=list)
    explanation: NonEmptyText
    hints: list[str] = Field(default_factory=list)
    shuffle: StrictBool = Field(
        default=True, description="false keeps the options in the file's order, for "
        "\"all of the above\" or a scale; otherwise the app shuffles them each time.")
    show_plot: Literal["after", "before"] = Field(
        default="after", description="When the plot of `function` appears: after the answer "
        "(default), or before it for questions that read something off the graph (then only "
        "f is drawn, never f′, which would give the slope away).")
    source: str | None = None
    tests: list[QuestionTest] = Field(
        default_factory=list, description="Answers and their expected grades; `check` runs "
        "them on every variant, besides the implicit tests (the key grades right, …).")
    params: dict[Annotated[str, StringConstraints(pattern=NAME_PATTERN)],
                 ParamValues | ParamRange] = Field(
        default_factory=dict, description="Exact values per parameter; each combination is "
        "a variant. {name} in texts is replaced; the name in expressions is substituted.")
    unproved: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = (
        Field(default=None, exclude_if=lambda value: value is None,
              description="Why nothing can prove this question's key (history, practice, "
              "terminology); `check` lists these with their reasons."))


class Bank(_Strict):
    title: NonEmptyText
    description: str | None = None
    topic: str | None = Field(default=None, description="Default topic for the file's questions.")
    questions: list[Question] = Field(min_length=1)


def bank_data(bank: Bank) -> data.Bank:
    """The validated bank as the app's plain data, field for field."""
    converted = _data(bank)
    assert isinstance(converted, data.Bank)
    return converted


def _data(value: Any) -> Any:
    """Dispatched on the exact type: a bank has 100,000 leaves, and isinstance against
    BaseModel (an ABC) cost more than the conversion itself."""
    conversion = _CONVERSIONS.get(type(value))
    if conversion is not None:
        kind, names = conversion
        values = {name: _data(getattr(value, name)) for name in names}
        if kind is data.Claims:
            values["written"] = tuple(name for name in data.CLAIM_NAMES
                                      if name in value.model_fields_set)
        return kind(**values)
    if type(value) is list:
        return [_data(item) for item in value]
    if type(value) is dict:
        return {key: _data(item) for key, item in value.items()}
    return value


# each model of the format: the dataclass of the same name, and the fields to copy
_CONVERSIONS: dict[type, tuple[type, tuple[str, ...]]] = {
    model: (getattr(data, model.__name__), tuple(model.model_fields))
    for model in (Bank, Question, Choice, Claims, AutodiffClaim, KnownAnswer, QuestionTest,
                  ParamRange)}
