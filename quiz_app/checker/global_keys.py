"""Global claims in `check`: convexity, monotonicity, range, subdifferentials, … of a choice's
function on its domain, decided in the worker pool and folded into the choice's outcome.

One pool task per (function, variable, domain, point), carrying every claim set that names
it; each claim set's verdict is cached under its inputs and the checker's source, so a warm
`check` starts no worker and never imports sympy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from quiz_app.checker.cache import CacheKey, ResultCache, global_key, global_value_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from quiz_app.checker.tasks import GlobalTask, PoolTask


GlobalTarget = tuple[str, str, str | None, str]  # function, variable, domain, point


def global_target(question, choice) -> GlobalTarget | None:
    """What a choice's global claims are about: its function (or the question's) on its
    domain (or the question's), at its point (or the question's); None without a
    function. The one key `check` and the app's "why" both use."""
    function = choice.function or question.function
    if function is None:
        return None
    return (function, question.variable, choice.domain or question.domain,
            choice.at or question.at)


class GlobalJob(Protocol):
    """What this module needs of keys._ChoiceJob."""

    global_target: GlobalTarget | None
    global_claims: dict
    result: dict | None


def add_global_verdicts(jobs: list, cache: ResultCache, options,
                        progress: Callable[[int, int], None] | None = None) -> None:
    """Decide every job's global claims and merge the verdict into `job.result`. Jobs with
    the same claims on the same target (a bank copied under new ids, a claim repeated
    across choices) are decided once: the task's time limit is per task, so a target
    asked the same thing hundreds of times must not pay for it hundreds of times."""
    pending: dict[GlobalTarget, dict[CacheKey, list[GlobalJob]]] = {}
    for job in jobs:
        key = global_key(job.global_target, job.global_claims)
        cached = cache.get(key)
        if cached is None:
            pending.setdefault(job.global_target, {}).setdefault(key, []).append(job)
        else:
            job.result = merged(job.result, cached)
    if not pending:
        return
    from quiz_app.checker.pool import run_for_check

    targets = list(pending)
    tasks: list[PoolTask] = [
        global_task(target, [same[0].global_claims for same in pending[target].values()])
        for target in targets]
    results = run_for_check(tasks, options, progress)
    for target, result in zip(targets, results):
        groups = pending[target]
        if result.get("crashed"):
            reason = result.get("reason", "the worker crashed")
            for same in groups.values():
                for job in same:
                    job.result = merged(job.result, {"holds": None, "failures": [],
                                                     "undecided": [reason]})
            continue
        for (key, same), outcome in zip(groups.items(), result["claims"]):
            if outcome.get("final", True):
                cache.put(key, outcome)
            for job in same:
                job.result = merged(job.result, outcome)


def global_task(target: GlobalTarget, claim_sets: list[dict],
                compute: list[str] | None = None) -> GlobalTask:
    """The worker's task (worker.run_global_task) for claim sets about `target`, and the
    value facts to `compute`: for `check`'s pool and the app's warm worker alike."""
    expression, variable, domain, point = target
    task: GlobalTask = {"kind": "global", "expression": expression, "variable": variable,
                        "domain": domain, "point": point, "claims": claim_sets}
    if compute:
        task["compute"] = compute
    return task


def merged(result: dict | None, other: dict) -> dict:
    """Two outcomes of one choice as one: false if either fails, undecided if either is,
    an error from either kept.

    >>> merged({"holds": True, "failures": [], "undecided": []},
    ...        {"holds": None, "failures": [], "undecided": ["no proof"]})["holds"] is None
    True
    """
    result = dict(result or {"holds": True, "failures": [], "undecided": []})
    if result.get("error"):
        return result
    if other.get("error"):
        return {key: other[key] for key in ("error", "claim", "field") if key in other}
    failures = list(result.get("failures", [])) + list(other.get("failures", []))
    undecided = list(result.get("undecided", [])) + list(other.get("undecided", []))
    holds = False if failures else (None if undecided or result.get("holds") is None
                                    or other.get("holds") is None else True)
    return {**result, "holds": holds, "failures": failures, "undecided": undecided}


def global_values_for(wanted: list[tuple[tuple, str]], cache: ResultCache, options
                      ) -> dict[tuple, dict]:
    """For each (target, fact name), the computed value as an analysis gives its facts:
    {target: {"facts": {name: {"kind": "value" | "oo" | "undecided", "value", "reason"}}}}
    (so `answer_fact: lipschitz` reads like `answer_fact: derivative`)."""
    found: dict[tuple, dict] = {}
    missing: dict[tuple, list[str]] = {}
    for target, name in dict.fromkeys(wanted):
        fact = cache.get(global_value_key(target, name))
        if fact is None:
            missing.setdefault(target, []).append(name)
        else:
            found.setdefault(target, {"facts": {}})["facts"][name] = fact
    if missing:
        from quiz_app.checker.pool import run_for_check

        targets = list(missing)
        tasks: list[PoolTask] = [global_task(target, [], missing[target])
                                 for target in targets]
        for target, result in zip(targets, run_for_check(tasks, options)):
            entry = found.setdefault(target, {"facts": {}})
            if result.get("error"):  # the function, domain or point does not parse
                entry["error"], entry["field"] = result["error"], result.get("field")
                continue
            if "values" not in result:  # out of time, or the worker failed: undecided
                reason = result.get("reason", "the worker failed")
                entry["facts"].update({name: {"kind": "undecided", "reason": reason}
                                       for name in missing[target]})
                continue
            for name, fact in result["values"].items():
                entry["facts"][name] = fact
                if fact["kind"] != "undecided" or fact.get("final", True):
                    cache.put(global_value_key(target, name), fact)
    return found
