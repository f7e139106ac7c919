"""What a worker process runs: one analysis and the claim sets that depend on it, or the
grades and comparisons that prove one variant of a typed question.

Imported by the forkserver at start, so sympy is loaded once and every forked worker has it.
"""

from __future__ import annotations

import sympy  # (preloaded on purpose: workers fork with sympy already imported)

from quiz_app.bank.data import KnownAnswer
from quiz_app.checker import grading
from quiz_app.checker.analysis import TIME_LIMIT, analyze_text
from quiz_app.checker.claims import evaluate_claims
from quiz_app.checker.expr import ExpressionError, parse_expression, variable_symbol
from quiz_app.checker.facts import TIME_LIMIT_REASON
from quiz_app.checker.limits import memory_limit_reason
from quiz_app.checker.tasks import (
    AnalysisTask,
    GlobalTask,
    PoolTask,
    TaskResult,
    TypedProofTask,
)


def run_task(task: PoolTask) -> TaskResult:
    try:
        if task["kind"] == "typed-proof":
            return run_typed_task(task)
        if task["kind"] == "global":
            return run_global_task(task)
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


def run_global_task(task: GlobalTask) -> TaskResult:
    """Each claim set about f on its domain (a ClaimOutcome each, with the working), and
    each value fact asked for; an `error` when the function, domain or point does not
    parse, and for a claim set whose claimed value does not."""
    from quiz_app.checker.derivative import derivative_formula
    from quiz_app.checker.global_claims import (
        GlobalClaimError,
        IntervalError,
        compute_global,
        decide_global,
        parse_domain,
    )

    variable = task["variable"]
    x = variable_symbol(variable)
    field = "function"  # which of the question's keys does not parse, for the error's line
    try:
        f = parse_expression(task["expression"], variable)
        field = "domain"
        domain = parse_domain(task["domain"], variable) if task["domain"] else sympy.S.Reals
        field = "at"
        point = parse_expression(task["point"], variable)
    except (ExpressionError, GlobalClaimError, IntervalError) as exc:
        message = f"{field}: {exc}"
        return {"error": message, "field": field, "values": {},
                "claims": [{"error": message, "field": field} for _ in task["claims"]]}
    outcomes = []
    for claims in task["claims"]:
        outcome: dict = {"holds": True, "failures": [], "undecided": [], "working": [],
                         "final": True}
        for name, claimed in claims.items():
            try:
                verdict = decide_global(name, f, x, claimed, domain=domain, at=point)
            except (ExpressionError, GlobalClaimError, IntervalError) as exc:
                outcome = {"error": f"{name}: {exc}", "claim": name}  # reported at its line
                break
            outcome["working"].extend(verdict.working)
            if verdict.holds is False:
                shown = str(claimed).lower() if isinstance(claimed, bool) else claimed
                outcome["failures"].append(f"{name}: {shown} is false ({verdict.reason})")
            elif verdict.holds is None:
                outcome["undecided"].append(f"{name}: {verdict.reason}")
                outcome["final"] &= TIME_LIMIT_REASON not in verdict.reason
        if "error" not in outcome:
            outcome["holds"] = (False if outcome["failures"] else
                                None if outcome["undecided"] else True)
        outcomes.append(outcome)
    values = {}
    for name in task.get("compute", []):
        value, reason = (derivative_formula(f, x) if name == "derivative"
                         else (f, "f(x) itself") if name == "value"
                         else compute_global(name, f, x, domain=domain, at=point))
        values[name] = (
            {"kind": "undecided", "reason": reason, "final": TIME_LIMIT_REASON not in reason}
            if value is None else {"kind": "oo", "reason": reason} if value == sympy.oo
            else {"kind": "value", "value": str(value), "reason": reason})
    return {"claims": outcomes, "values": values}
