"""The tasks the worker pool runs (quiz_app.checker.pool), and what comes back.

Defined once for the modules that build tasks (keys, free_answers, question_tests, service),
the pool that ships them to a child process and the worker that runs them. Plain dicts at
run time: they are pickled to the workers and cached as JSON.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict


class _AnalysisTask(TypedDict):
    kind: Literal["analysis"]
    expression: str
    point: str
    variable: str
    params: list[str]
    claims: list[dict[str, object]]  # claim sets to evaluate against the analysis


class AnalysisTask(_AnalysisTask, total=False):
    """Analyse f at a point (quiz_app.checker.analysis), then each claim set against it."""

    time_limit: float  # seconds the analysis plans to use (below the pool's hard kill)


class TypedProofTask(TypedDict):
    """Grade every response and compare every known answer for one typed variant."""

    kind: Literal["typed-proof"]
    key: str
    type: str
    variable: str
    domain: str | None
    tolerance: float | None
    forbid: list[str]
    accept: list[list[str | None]]  # [answer, feedback] of each known answer
    reject: list[list[str | None]]
    responses: list[str]  # graded in order: the key, accepts, rejects, the tests' answers
    compare: list[str]  # each checked for equivalence with the key


class _GlobalTask(TypedDict):
    """Decide claim sets about f on a domain (quiz_app.checker.global_claims): convexity,
    range, the subdifferential at `point`, …"""

    kind: Literal["global"]
    expression: str
    variable: str
    domain: str | None  # an interval such as "[0, oo)" or a condition; None: every real
    point: str
    claims: list[dict[str, object]]


class GlobalTask(_GlobalTask, total=False):
    """Global claim sets, and the value facts to compute (answer_fact)."""

    compute: list[str]  # value facts to compute (answer_fact: lipschitz, expectation, …)


PoolTask = AnalysisTask | TypedProofTask | GlobalTask


class TaskResult(TypedDict, total=False):
    """One task's outcome: the keys of its kind, or `crashed` (with `reason`) or `timeout`."""

    analysis: dict[str, Any]  # Analysis.to_dict()
    claims: list[dict[str, Any]]  # ClaimOutcome.to_dict(), one per claim set
    grades: list[list]  # [status, message] per response
    equivalent: list[list]  # [same (bool | None), how it was decided] per compared answer
    values: dict[str, dict[str, Any]]  # computed global facts: kind, value, reason
    error: str  # the task's function, domain or point does not parse
    field: str  # which of them: function, domain or at
    crashed: bool
    timeout: bool
    reason: str
