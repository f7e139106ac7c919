"""What a worker process runs: one analysis and the claim sets that depend on it.

Imported by the forkserver at start, so sympy is loaded once and every forked worker has it.
"""

from __future__ import annotations

import sympy  # noqa: F401  (preloaded on purpose: workers fork with sympy already imported)

from quiz_app.checker.analysis import TIME_LIMIT, analyze_text
from quiz_app.checker.claims import evaluate_claims
from quiz_app.checker.limits import memory_limit_reason


def run_task(task: dict) -> dict:
    try:
        if task.get("kind") == "typed-proof":
            from quiz_app.checker.question_tests import run_typed_task

            return run_typed_task(task)
        analysis = analyze_text(task["expression"], task["point"], task["variable"],
                                task.get("params", ()), task.get("time_limit", TIME_LIMIT))
        outcomes = [] if analysis.error else [
            evaluate_claims(analysis, claims).to_dict() for claims in task.get("claims", [])]
        return {"analysis": analysis.to_dict(), "claims": outcomes}
    except MemoryError:  # past the limit (quiz_app.checker.limits): undecided, not a bug
        return {"crashed": True, "reason": memory_limit_reason()}
    except Exception as exc:  # a checker bug must surface as "undecided", not kill the pool
        return {"crashed": True, "reason": f"internal error: {type(exc).__name__}: {exc}"}
