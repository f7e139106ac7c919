"""The banks as the app uses them: plain frozen dataclasses, typed as what they hold.

Two forms of a question exist, and each has one job. The pydantic models of the bank format
(quiz_app.bank.models) judge a file: the loader validates the YAML with them and turns the
result into these (models.bank_data), and nothing after the loader sees a model. The
compiled cache (quiz_app.bank.compiled) stores these as JSON and reads them back without
importing pydantic. The fields, their order and their defaults are the models' (a test holds
them equal), so a question reads the same whichever way it came.
"""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, Field, dataclass, field, fields
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from quiz_app.bank.yaml_source import SourceMap

QuestionType = Literal["single", "multiple", "numeric", "expression"]
FREE_ANSWER_TYPES = ("numeric", "expression")

FactName = Literal[
    "value", "left_limit", "right_limit", "left_derivative", "right_derivative", "derivative",
    "derivative_left_limit", "derivative_right_limit",
    # global facts with one exact value (quiz_app.checker.global_claims computes them)
    "lipschitz", "expectation", "probability_zero",
]

# Facts of the whole function on the question's (or choice's) `domain`, or of its
# subdifferential at `at` (docs/authoring.md, "Global claims"), in the format's order.
GlobalClaimName = Literal[
    "convex", "concave", "nondecreasing", "increasing", "nonincreasing", "decreasing",
    "lipschitz", "range", "bounded_below", "bounded_above", "positively_homogeneous",
    "idempotent", "equals", "subdifferential", "subgradient", "clarke", "expectation",
    "probability_zero",
]
GLOBAL_CLAIMS: tuple[GlobalClaimName, ...] = get_args(GlobalClaimName)
# The facts an `answer_fact` names that are global (the rest come from the pointwise analysis).
GLOBAL_FACTS = ("lipschitz", "expectation", "probability_zero")

# The functions a typed question may forbid, in the parser's spelling; forbidding one also
# forbids its other spelling (Max: max, Abs: abs).
FunctionName = Literal["Max", "Min", "Abs", "Heaviside", "sign", "Piecewise", "exp", "log",
                       "sqrt", "erf", "tanh", "sin", "cos", "atan"]

# The claim keys in the order of the format reference (Claims' field order; a test holds the
# two equal).
CLAIM_NAMES = (
    "continuous", "differentiable", "value", "left_limit", "right_limit", "left_derivative",
    "right_derivative", "derivative", "derivative_left_limit", "derivative_right_limit",
    *GLOBAL_CLAIMS, "autodiff",
)
# The claims sympy decides from an analysis of f at the point; the global ones are decided
# over the domain, and `autodiff` is run instead.
ANALYSIS_CLAIMS = CLAIM_NAMES[:10]

# A field that is not in the bank format (so not in `format_json`), only in the cache.
NOT_IN_FORMAT = {"format": False}
# A field added after progress began keying on the format's JSON: written only when set
# (pydantic's exclude_if), so a question without it keeps its content hash.
OMITTED_WHEN_NONE = {"omit_none": True}


@dataclass(frozen=True, kw_only=True, slots=True)
class AutodiffClaim:
    """What a framework's automatic differentiation returns at the choice's point, for one
    supported call (quiz_app.bank.autodiff_calls)."""

    framework: Literal["pytorch", "jax", "tensorflow"]
    call: str
    gradient: str | None = None
    value: str | None = None
    raises: bool | None = None

@dataclass(frozen=True, kw_only=True, slots=True)
class Claims:
    """Facts about a choice's function at its point. A claim the author did not write is not
    claimed; one written as null claims "does not exist": `written` tells the two apart."""

    continuous: bool | None = None
    differentiable: bool | None = None
    value: str | None = None
    left_limit: str | None = None
    right_limit: str | None = None
    left_derivative: str | None = None
    right_derivative: str | None = None
    derivative: str | None = None
    derivative_left_limit: str | None = None
    derivative_right_limit: str | None = None
    convex: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    concave: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    nondecreasing: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    increasing: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    nonincreasing: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    decreasing: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    lipschitz: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    range: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    bounded_below: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    bounded_above: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    positively_homogeneous: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    idempotent: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    equals: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    subdifferential: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    subgradient: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    clarke: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    expectation: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    probability_zero: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    autodiff: list[AutodiffClaim] | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    written: tuple[str, ...] = field(default=(), metadata=NOT_IN_FORMAT)

    def stated(self) -> dict[str, bool | str | None]:
        """Only the claims the author wrote, in the order of the format reference."""
        return {name: getattr(self, name) for name in CLAIM_NAMES if name in self.written}

    def global_claims(self) -> dict[str, bool | str | None]:
        """The stated claims about the whole function on the domain (or its subdifferential)."""
        return {name: getattr(self, name) for name in GLOBAL_CLAIMS if name in self.written}

    def analysis_claims(self) -> dict[str, bool | str | None]:
        """The stated claims that an analysis of f decides (all but `autodiff`)."""
        return {name: getattr(self, name) for name in ANALYSIS_CLAIMS if name in self.written}


@dataclass(frozen=True, kw_only=True, slots=True)
class Choice:
    text: str
    correct: bool = False
    claims: Claims | None = None
    feedback: str | None = None
    misconception: str | None = None
    function: str | None = None
    at: str | None = None
    domain: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@dataclass(frozen=True, kw_only=True, slots=True)
class KnownAnswer:
    answer: str
    feedback: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class QuestionTest:
    answer: str | None = None
    choose: list[str] | None = None
    expect: Literal["right", "wrong", "invalid"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ParamRange:
    range: list[str]
    step: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Question:
    id: str
    type: QuestionType = "single"
    prompt: str
    topic: str | None = None
    tags: list[str] = field(default_factory=list)
    difficulty: int | None = None
    function: str | None = None
    variable: str = "x"
    at: str = "0"
    choices: list[Choice] = field(default_factory=list)
    answer: str | None = None
    answer_fact: FactName | None = None
    tolerance: float | None = None
    domain: str | None = None
    forbid: list[FunctionName] = field(default_factory=list)
    accept: list[KnownAnswer] = field(default_factory=list)
    reject: list[KnownAnswer] = field(default_factory=list)
    explanation: str
    hints: list[str] = field(default_factory=list)
    shuffle: bool = True
    show_plot: Literal["after", "before"] = "after"
    source: str | None = None
    tests: list[QuestionTest] = field(default_factory=list)
    params: dict[str, list[str] | ParamRange] = field(default_factory=dict)
    unproved: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)

    @property
    def free_answer(self) -> bool:
        return self.type in FREE_ANSWER_TYPES


@dataclass(frozen=True, kw_only=True, slots=True)
class Bank:
    title: str
    description: str | None = None
    topic: str | None = None
    questions: list[Question]

    def topic_of(self, question: Question) -> str:
        return question.topic or self.topic or "general"


@dataclass
class LoadedBank:
    """A bank that loaded, with where it came from: its file, the positions of its values
    (for diagnostics) and its text as read (for lints that point inside a string)."""

    path: Path
    bank: Bank
    source_map: SourceMap
    text: str = ""

    def question_position(self, index: int) -> tuple[int, int]:
        return self.source_map.value_at(("questions", index))

    def choice_position(self, question_index: int, choice_index: int) -> tuple[int, int]:
        return self.source_map.value_at(("questions", question_index, "choices", choice_index))


FORMAT_CLASSES = (Bank, Question, Choice, Claims, AutodiffClaim, KnownAnswer, QuestionTest,
                  ParamRange)
_FORMAT_FIELDS = {kind: [f.name for f in fields(kind) if f.metadata.get("format", True)]
                  for kind in FORMAT_CLASSES}  # plain names: no escaping needed in JSON
_OMIT_NONE = {kind: {f.name for f in fields(kind) if f.metadata.get("omit_none")}
              for kind in FORMAT_CLASSES}


# --- the format's JSON text, as pydantic writes it ------------------------------------------

def format_json(value: object, exclude: frozenset[str] = frozenset()) -> str:
    """The JSON text pydantic's `model_dump_json(exclude=exclude)` gives for the model `value`
    was made from: every field of the format in order, compact, non-ASCII kept, floats as
    pydantic-core writes them. Progress keys on a hash of it (study.progress.content_hash), so
    it must never change; a test compares it with pydantic's on every bundled question."""
    if isinstance(value, FORMAT_CLASSES):
        omitted = _OMIT_NONE[type(value)]
        return "{" + ",".join(f'"{name}":{format_json(getattr(value, name))}'
                              for name in _FORMAT_FIELDS[type(value)]
                              if name not in exclude and not (
                                  name in omitted and getattr(value, name) is None)) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(str(k))}:{format_json(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(format_json(item) for item in value) + "]"
    if isinstance(value, str):
        return _string(value)
    if value is None or value is True or value is False:
        return json.dumps(value)  # null, true, false
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"not a value of the bank format: {type(value).__name__}")


def _string(text: str) -> str:
    return encode_basestring(text)  # what json.dumps(text, ensure_ascii=False) gives


def _float(number: float) -> str:
    """pydantic-core's float: Python's repr, except that an exponent is written without
    padding (1e-6, not 1e-06), 1e-5 ≤ |x| < 1e-4 positionally (0.00001), and inf and NaN
    as null."""
    if not math.isfinite(number):
        return "null"
    text = repr(number)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = int(exponent)
    if power == -5:
        sign = "-" if mantissa.startswith("-") else ""
        return f"{sign}0.0000{mantissa.lstrip('-').replace('.', '')}"
    return f"{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


def plain(value: Any) -> Any:
    """A tree of these dataclasses as JSON-ready dicts and lists, for the compiled cache,
    leaving out every field at its default (most of a question's 27 are): the cache is half
    the size, and reading it back (quiz_app.bank.compiled) gives the defaults again.

    dataclasses.asdict deep-copies every leaf it visits, which took seconds for a
    department's 10,000 questions; these are frozen and their leaves are strings, numbers
    and None, so nothing needs copying.
    """
    defaults = _DEFAULTS.get(type(value))
    if defaults is not None:
        return {name: plain(item) for name in _FIELD_NAMES[type(value)]
                if (item := getattr(value, name)) != defaults[name]}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


_REQUIRED = object()  # equal to no value: a field without a default is always written
_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind)) for kind in FORMAT_CLASSES}


def _default(spec: Field[Any]) -> Any:
    if spec.default_factory is not MISSING:
        return spec.default_factory()
    return spec.default if spec.default is not MISSING else _REQUIRED


_DEFAULTS: dict[type, dict[str, Any]] = {
    kind: {f.name: _default(f) for f in fields(kind)} for kind in FORMAT_CLASSES}
