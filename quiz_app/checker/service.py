"""One analysis under a hard time limit, for `relu-quiz analyze` and the app's workers; and
the proofs of a question's global claims for the app's "why"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from quiz_app.checker.facts import (
    FACT_NAMES,
    TIME_LIMIT_REASON,
    VERDICT_NAMES,
    Analysis,
    Fact,
    Verdict,
    hit_time_limit,
)
from quiz_app.checker.global_keys import GlobalTarget, global_target, global_task

if TYPE_CHECKING:
    from quiz_app.checker.sampling import Picture
    from quiz_app.checker.tasks import AnalysisTask
    from quiz_app.checker.warm import GradeReply

# The share of a caller's time limit the analysis plans to use in process; the rest is
# margin before the worker is killed (which would lose every fact).
IN_PROCESS_SHARE = 0.8
PICTURE_MARGIN = 2.0  # seconds past a picture's own sampling budget before its worker is killed


def cached_analysis(expression: str, point: str = "0", variable: str = "x",
                    params: Sequence[str] = ()) -> Analysis | None:
    """An analysis `check` (or an earlier run) already computed; never imports sympy."""
    from quiz_app.checker.cache import analysis_key, proof_cache

    data = proof_cache().get(analysis_key(expression, point, variable, params))
    # An entry written before analyses carried their working is recomputed, not shown bare.
    return Analysis.from_dict(data) if data and "steps" in data else None


def analyze_in_worker(expression: str, point: str = "0", variable: str = "x",
                      params: Sequence[str] = (), timeout: float = 10.0) -> Analysis:
    """The analysis from the app's warm worker process (sympy already imported there),
    under the hard time limit: on overrun the worker is killed and the result undecided."""
    from quiz_app.checker.warm import AnalyzeRequest, shared_worker

    request: AnalyzeRequest = {"op": "analyze", "expression": expression, "point": point,
                               "variable": variable, "params": list(params),
                               "time_limit": IN_PROCESS_SHARE * timeout}
    reply = shared_worker().request(request, timeout)
    if reply is None:
        reason = f"{TIME_LIMIT_REASON} ({timeout:g} s)"
    elif reply.get("crashed"):
        reason = str(reply.get("reason", "the analysis process failed"))
    else:
        return Analysis.from_dict(reply)
    return undecided_analysis(expression, point, variable, params, reason)


def grade_in_worker(response: str, key: str, kind: str, variable: str = "x",
                    domain: str | None = None, tolerance: float | None = None,
                    accept=(), reject=(), timeout: float = 10.0, forbid: Sequence[str] = ()
                    ) -> GradeReply | None:
    """A typed answer graded by the warm worker; None when it could not be graded in time
    (or the worker failed): the caller must then give no mark at all."""
    from quiz_app.checker.warm import GradeRequest, shared_worker

    request: GradeRequest = {
        "op": "grade", "response": response, "key": key, "kind": kind, "variable": variable,
        "domain": domain, "tolerance": tolerance,
        "accept": [(k.answer, k.feedback) for k in accept],
        "reject": [(k.answer, k.feedback) for k in reject], "forbid": list(forbid)}
    reply = shared_worker().request(request, timeout)
    if reply is None or reply.get("crashed"):
        return None
    return {"status": reply["status"], "interpreted": reply["interpreted"],
            "message": reply["message"], "feedback": reply["feedback"]}


def picture_in_worker(expression: str, point: str = "0", variable: str = "x",
                      params: Sequence[str] = (), param_values: dict[str, str] | None = None,
                      half_width: float = 3.0, seconds: float = 5.0,
                      cancelled: Callable[[], bool] = lambda: False) -> Picture:
    """The plot's samples and the slope table from the warm worker: sampling stops after
    `seconds` (the points left out are not drawn), and the worker is killed if even that
    overruns. A picture `cancelled()` before its turn (a zoom asked for a newer one) is
    not computed."""
    from quiz_app.checker.sampling import Picture, Samples, SlopeRow
    from quiz_app.checker.warm import PictureRequest, shared_worker

    request: PictureRequest = {
        "op": "picture", "expression": expression, "point": point, "variable": variable,
        "params": list(params), "param_values": param_values or {}, "half_width": half_width,
        "seconds": seconds}
    reply = shared_worker().request(request, seconds + PICTURE_MARGIN, cancelled)
    if reply is None or reply.get("crashed"):
        return Picture(problem=f"could not sample f in {seconds:g} s")
    if reply.get("problem"):
        return Picture(problem=reply["problem"])
    return Picture(Samples(**reply["samples"]), [SlopeRow(**row) for row in reply["rows"]])


def analysis_for_display(expression: str, point: str = "0", variable: str = "x",
                         params: Sequence[str] = (), timeout: float = 10.0) -> Analysis:
    """Cached if possible, else computed by the warm worker and cached when decided."""
    from quiz_app.checker.cache import analysis_key, proof_cache

    found = cached_analysis(expression, point, variable, params)
    if found is not None:
        return found
    analysis = analyze_in_worker(expression, point, variable, params, timeout)
    if not analysis.error and not hit_time_limit(analysis.to_dict()):
        proof_cache().put(analysis_key(expression, point, variable, params),
                          analysis.to_dict())
    return analysis




@dataclass(frozen=True)
class GlobalProof:
    """One choice's global claims and their outcome, as `check` caches it: `holds` (True,
    False or None), `failures` and `undecided` ("name: why" each), `working` (the proof's
    lines in words), or `error`."""

    choice: int  # the choice's index in the bank's order (not the shuffled one)
    target: GlobalTarget
    claims: dict[str, bool | str | None]
    outcome: dict[str, Any] = field(default_factory=dict)


def global_claim_sets(question) -> list[tuple[int, GlobalTarget, dict]]:
    """(choice index, target, claims) for each choice with global claims, keyed as `check`
    keys them (checker/keys.py); sympy-free and cheap, so the screen may ask at once."""
    found = []
    for index, choice in enumerate(question.choices):
        claims = choice.claims.global_claims() if choice.claims is not None else {}
        target = global_target(question, choice)
        if claims and target is not None:
            found.append((index, target, claims))
    return found


def global_proofs_for_display(question, timeout: float = 10.0,
                              cancelled: Callable[[], bool] = lambda: False
                              ) -> list[GlobalProof]:
    """For each choice with global claims, in the bank's order: the outcome `check` cached
    (then nothing is computed and sympy is not imported), else the warm worker's, cached
    when final. One request per (function, variable, domain, point); a target whose turn
    comes after `cancelled()` (the student moved on) is not asked."""
    from quiz_app.checker.cache import global_key, proof_cache

    cache = proof_cache()
    proofs: dict[int, GlobalProof] = {}
    pending: dict[GlobalTarget, list[tuple[int, dict]]] = {}
    for index, target, claims in global_claim_sets(question):
        found = cache.get(global_key(target, claims))
        if found is not None:
            proofs[index] = GlobalProof(index, target, claims, found)
        else:
            pending.setdefault(target, []).append((index, claims))
    for target, group in pending.items():
        if cancelled():
            break
        outcomes = globals_in_worker(target, [claims for _, claims in group], timeout)
        for (index, claims), outcome in zip(group, outcomes):
            if outcome.pop("computed", False) and outcome.get("final", True):
                cache.put(global_key(target, claims), outcome)
            proofs[index] = GlobalProof(index, target, claims, outcome)
    return [proofs[index] for index in sorted(proofs)]


def globals_in_worker(target: GlobalTarget, claim_sets: list[dict], timeout: float = 10.0
                      ) -> list[dict[str, Any]]:
    """Each claim set's outcome from the warm worker (run_global_task), marked `computed`;
    undecided with the reason when the time limit ran out or the worker failed."""
    from quiz_app.checker.warm import GlobalRequest, shared_worker

    request: GlobalRequest = {"op": "global", "task": global_task(target, claim_sets)}
    reply = shared_worker().request(request, timeout)
    if reply is not None and not reply.get("crashed") and \
            len(reply.get("claims", ())) == len(claim_sets):
        return [{**outcome, "computed": True} for outcome in reply["claims"]]
    reason = f"{TIME_LIMIT_REASON} ({timeout:g} s)" if reply is None else \
        str(reply.get("reason", "the proof's process failed"))
    return [{"holds": None, "failures": [], "undecided": [reason], "working": [],
             "final": False} for _ in claim_sets]


def computed_key_for_display(question, timeout: float = 10.0) -> str | None:
    """The key a question's `answer_fact` computes, as `check` and the exports compute it
    (checker.free_answers.fact_target): cached, else from the warm worker; None when it
    cannot be worked out (the app then gives no mark)."""
    from quiz_app.checker.cache import global_value_key, proof_cache
    from quiz_app.checker.facts import typeable_key
    from quiz_app.checker.free_answers import fact_target, over_the_domain

    if not over_the_domain(question):
        fact = analysis_for_display(question.function, question.at, question.variable, (),
                                    timeout).fact(question.answer_fact)
        return typeable_key(fact.kind, fact.value)
    target, name = fact_target(question), question.answer_fact
    found = proof_cache().get(global_value_key(target, name))
    if found is None:
        from quiz_app.checker.warm import GlobalRequest, shared_worker

        request: GlobalRequest = {"op": "global", "task": global_task(target, [], [name])}
        reply = shared_worker().request(request, timeout)
        found = (reply or {}).get("values", {}).get(name)
        if found is None:
            return None
        if found.get("final", True):
            proof_cache().put(global_value_key(target, name), found)
    return typeable_key(found["kind"], found.get("value"))


def analyze_with_time_limit(expression: str, point: str = "0", variable: str = "x",
                            params: Sequence[str] = (), timeout: float = 10.0) -> Analysis:
    """Run the analysis in a worker process that is killed when `timeout` runs out."""
    from quiz_app.checker.pool import run_tasks

    task: AnalysisTask = {"kind": "analysis", "expression": expression, "point": point,
                          "variable": variable, "params": list(params), "claims": [],
                          "time_limit": IN_PROCESS_SHARE * timeout}
    [result] = run_tasks([task], timeout, jobs=1)
    if result.get("crashed") or result.get("timeout"):
        reason = result.get("reason", f"{TIME_LIMIT_REASON} ({timeout:g} s)")
        return undecided_analysis(expression, point, variable, params, reason)
    return Analysis.from_dict(result["analysis"])


def undecided_analysis(expression, point, variable, params, reason: str) -> Analysis:
    return Analysis(
        expression, variable, point, tuple(params),
        facts={name: Fact("undecided", reason=reason) for name in FACT_NAMES},
        verdicts={name: Verdict(None, reason) for name in VERDICT_NAMES},
    )


def format_table(analysis: Analysis) -> str:
    """The facts as an aligned plain-text table: no colour, readable in any terminal."""
    from quiz_app.checker.words import fact_words, reason_words

    a = analysis.point
    v = analysis.variable
    rows: list[tuple[str, Fact | Verdict]] = [
        (f"f({a})", analysis.fact("value")),
        (f"lim {v}→{a}⁻ f", analysis.fact("left_limit")),
        (f"lim {v}→{a}⁺ f", analysis.fact("right_limit")),
        ("left derivative", analysis.fact("left_derivative")),
        ("right derivative", analysis.fact("right_derivative")),
        (f"lim {v}→{a}⁻ f′", analysis.fact("derivative_left_limit")),
        (f"lim {v}→{a}⁺ f′", analysis.fact("derivative_right_limit")),
        ("continuous", analysis.verdict("continuous")),
        ("differentiable", analysis.verdict("differentiable")),
        (f"f′({a})", analysis.fact("derivative")),
    ]
    given = ", ".join(p.replace("=", " = ") for p in analysis.params if "=" in p)
    lines = [f"f({v}) = {analysis.expression}   at {v} = {a}"
             + (f"   with {given}" if given else ""), ""]
    width = max(len(label) for label, _ in rows)
    for label, item in rows:
        if isinstance(item, Verdict):
            shown = {True: "yes", False: "no", None: "could not be determined"}[item.holds]
        else:
            shown = fact_words(item, a)
        said = reason_words(item.reason)
        reason = f"   ({said})" if said and said != shown and not shown.endswith(f"({said})") \
            else ""
        lines.append(f"  {label:<{width}}  {shown}{reason}")
    lines.extend(f"  note: {note}" for note in analysis.notes)
    return "\n".join(lines)


if __name__ == "__main__":
    import json
    import sys

    expression, point, variable, seconds, *names = sys.argv[1:]
    result = analyze_with_time_limit(expression, point, variable, names, float(seconds))
    print(json.dumps(result.to_dict()))
