"""What a worker process runs: one analysis and the claim sets that depend on it, or the
grades and comparisons that prove one variant of a typed question.

Imported by the forkserver at start, so sympy is loaded once and every forked worker has it.
"""

from __future__ import annotations

import sympy  # noqa: F401  (preloaded on purpose: workers fork with sympy already imported)

from quiz_app.bank.data import KnownAnswer
from quiz_app.checker import grading
from quiz_app.checker.analysis import TIME_LIMIT, analyze_text
from quiz_app.checker.claims import evaluate_claims
from quiz_app.checker.expr import ExpressionError
from quiz_app.checker.limits import memory_limit_reason
from quiz_app.checker.tasks import AnalysisTask, PoolTask, TaskResult, TypedProofTask


def run_task(task: PoolTask) -> TaskResult:
    try:
        if task["kind"] == "typed-proof":
            return run_typed_task(task)
        return run_analysis_task(task)
    except MemoryError:  # past the limit (quiz_app.checker.limits): undecided, not a bug
        return {"crashed": True, "reason": memory_limit_reason()}
    except Exception as exc:  # a checker bug must surface as "undecided", not kill the pool
        return {"crashed": True, "reason": f"internal error: {type(exc).__name__}: {exc}"}


def run_analysis_task(task: AnalysisTask) -> TaskResult:
    analysis = analyze_text(task["expression"], task["point"], task["variable"],
                            task.get("params", ()), task.get("time_limit", TIME_LIMIT))
    outcomes = [] if analysis.error else [
        evaluate_claims(analysis, claims).to_dict() for claims in task.get("claims", [])]
    return {"analysis": analysis.to_dict(), "claims": outcomes}


def run_typed_task(task: TypedProofTask) -> TaskResult:
    """Every grade and equivalence the proof of one typed variant needs (quiz_app.checker.
    question_tests), through grading.grade: the function the quiz uses, not a copy."""
    def known(entries):
        return [KnownAnswer(answer=a, feedback=f) for a, f in entries]

    accept, reject = known(task["accept"]), known(task["reject"])
    common = (task["type"], task["variable"], task["domain"], task["tolerance"])
    grades = []
    for response in task["responses"]:
        result = grading.grade(response, task["key"], *common, accept, reject, task["forbid"])
        grades.append([result.status, result.message])
    comparisons = []
    for text in task["compare"]:
        try:
            comparisons.append(list(grading.equivalent(text, task["key"], *common)))
        except ExpressionError as exc:  # reported by the parse check already
            comparisons.append([None, str(exc)])
    return {"grades": grades, "equivalent": comparisons}
