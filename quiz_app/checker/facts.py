"""The results of an analysis as plain data: no sympy objects, only their strings.

Kept free of sympy so that cached results can be read, compared and shown (by `check` on a
warm cache, or by the UI) without paying for the sympy import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

FactKind = Literal["value", "oo", "-oo", "infinite", "dne", "undefined", "undecided"]

FACT_NAMES = (
    "value", "left_limit", "right_limit", "left_derivative", "right_derivative",
    "derivative_left_limit", "derivative_right_limit", "derivative",
)
VERDICT_NAMES = ("continuous", "differentiable")


def typeable_key(kind: str, value: str | None) -> str | None:
    """What a student can type for a computed fact: its value, or oo / -oo. None for the
    rest (does not exist, unsigned infinity, undefined, undecided): no typed key exists."""
    if kind == "value":
        return value
    return kind if kind in ("oo", "-oo") else None


TIME_LIMIT_REASON = "time limit"


def hit_time_limit(data: dict) -> bool:
    """Whether a serialised analysis has a step cut short by a time limit: such a result
    depends on the machine's load, so it must not be cached."""
    items = [*data.get("facts", {}).values(), *data.get("verdicts", {}).values()]
    return any(TIME_LIMIT_REASON in item.get("reason", "") for item in items)


@dataclass(frozen=True)
class Fact:
    """A value, a signed or unsigned infinity, "does not exist", "undefined" or undecided."""

    kind: FactKind
    value: str | None = None  # sympy string when kind == "value"
    reason: str = ""
    # The value to 6 significant digits when it is not rational (e^(−1/2)·√2/(2√π) + …
    # says nothing to a student without it); set by checker/exact_forms.py.
    approx: str | None = None

    @property
    def decided(self) -> bool:
        return self.kind != "undecided"

    @property
    def finite(self) -> bool:
        return self.kind == "value"

    def display(self) -> str:
        return {
            "value": self.value or "",
            "oo": "oo",
            "-oo": "-oo",
            "infinite": "unbounded (no sign)",
            "dne": "does not exist",
            "undefined": "undefined",
            "undecided": "undecided",
        }[self.kind]

    def json_value(self) -> str | None:
        """The contract of `analyze --json`: a sympy string, or null for dne/undecided."""
        return typeable_key(self.kind, self.value)


@dataclass(frozen=True)
class Verdict:
    holds: bool | None
    reason: str = ""

    def display(self) -> str:
        return {True: "yes", False: "no", None: "undecided"}[self.holds]


@dataclass
class Analysis:
    expression: str
    variable: str
    point: str
    params: tuple[str, ...] = ()
    facts: dict[str, Fact] = field(default_factory=dict)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # the safe parser's message, when the input was refused
    steps: list[str] = field(default_factory=list)  # the working, from checker/steps.py
    # The sympy values behind finite facts, for exact comparisons in the same process.
    # Never serialised: sympy's strings may name functions the safe parser refuses.
    exact: dict = field(default_factory=dict, repr=False, compare=False)

    def fact(self, name: str) -> Fact:
        return self.facts.get(name, Fact("undecided", reason="not computed"))

    def verdict(self, name: str) -> Verdict:
        return self.verdicts.get(name, Verdict(None, "not computed"))

    def to_dict(self) -> dict:
        return {
            "expression": self.expression, "variable": self.variable, "point": self.point,
            "params": list(self.params),
            "facts": {k: asdict(v) for k, v in self.facts.items()},
            "verdicts": {k: asdict(v) for k, v in self.verdicts.items()},
            "notes": list(self.notes), "error": self.error, "steps": list(self.steps),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        return cls(
            expression=data["expression"], variable=data["variable"], point=data["point"],
            params=tuple(data.get("params", ())),
            facts={k: Fact(**v) for k, v in data.get("facts", {}).items()},
            verdicts={k: Verdict(**v) for k, v in data.get("verdicts", {}).items()},
            notes=list(data.get("notes", [])), error=data.get("error"),
            steps=list(data.get("steps", [])),
        )

    def to_json(self) -> dict:
        """The documented `analyze --json` object."""
        result: dict = {"expression": self.expression, "variable": self.variable,
                        "point": self.point}
        for name in FACT_NAMES[:-1]:
            result[name] = self.fact(name).json_value()
        for name in VERDICT_NAMES:
            result[name] = self.verdict(name).holds
        result["derivative"] = self.fact("derivative").json_value()
        reasons = {name: self.fact(name).reason for name in FACT_NAMES}
        reasons.update({name: self.verdict(name).reason for name in VERDICT_NAMES})
        result["reasons"] = reasons
        result["notes"] = self.notes
        result["steps"] = self.steps
        if self.error:
            result["error"] = self.error
        return result
