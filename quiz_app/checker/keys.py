"""Prove answer keys: each choice with claims must be true exactly when marked correct.

Work is grouped by (function, point): one analysis per distinct pair, run in worker
processes with a hard time limit, cached on disk with the outcome of every claim set so a
warm `check` never imports sympy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.loader import LoadedBank
from quiz_app.bank.variants import VariantError, expand
from quiz_app.checker.cache import ResultCache, analysis_key, cache_key, proof_cache
from quiz_app.checker.tasks import PoolTask, TaskResult


@dataclass
class ProofOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    proved: int = 0
    without_claims: int = 0
    undecided: int = 0


@dataclass
class _ChoiceJob:
    bank: LoadedBank
    question_index: int
    choice_index: int
    target: tuple[str, str, str, tuple[str, ...]]  # expression, point, variable, params
    claims: dict
    variant: str = ""  # "alpha=1" for a parametric question: every variant is proved
    result: dict | None = None

    def suffix(self) -> str:
        return f" (variant {self.variant})" if self.variant else ""


def _jobs(banks: list[LoadedBank], outcome: ProofOutcome) -> list[_ChoiceJob]:
    jobs = []
    for loaded in banks:
        for qi, template in enumerate(loaded.bank.questions):
            claimed = [ci for ci, c in enumerate(template.choices) if c.claims is not None]
            if not claimed and not template.answer_fact:
                outcome.without_claims += 1
            try:
                variants = expand(template)
            except VariantError:
                continue  # reported by the loader's rules
            for variant in variants if claimed else []:
                jobs.extend(_choice_jobs(loaded, qi, variant.question, claimed, variant.label,
                                         outcome))
    return jobs


def _choice_jobs(loaded, qi, question, claimed, variant, outcome):
    jobs = []
    for ci in claimed:
        choice = question.choices[ci]
        function = choice.function or question.function
        if function is None:
            line, col = loaded.choice_position(qi, ci)
            outcome.diagnostics.append(error(
                loaded.path, line, col, f"choice {ci + 1} has claims but neither it nor "
                "the question gives a `function`", question.id))
            continue
        target = (function, choice.at or question.at, question.variable, ())
        jobs.append(_ChoiceJob(loaded, qi, ci, target, choice.claims.stated(), variant))
    return jobs


def prove_keys(banks: list[LoadedBank], options, progress=None) -> ProofOutcome:
    outcome = ProofOutcome()
    jobs = _jobs(banks, outcome)
    cache = proof_cache(enabled=options.use_cache)
    pending: dict[tuple, list[_ChoiceJob]] = {}
    for job in jobs:
        job.result = cache.get(cache_key("claims", job.target, job.claims))
        if job.result is None:
            pending.setdefault(job.target, []).append(job)
    if pending:
        _compute(pending, cache, options, progress)
    _report(banks, jobs, outcome)
    from quiz_app.checker.free_answers import check_free_answers

    diagnostics, computed = check_free_answers(banks, cache, options)
    outcome.diagnostics.extend(diagnostics)
    outcome.proved += computed
    return outcome


def _compute(pending: dict[tuple, list[_ChoiceJob]], cache: ResultCache, options,
             progress) -> None:
    from quiz_app.checker.facts import hit_time_limit
    from quiz_app.checker.pool import run_tasks

    targets = list(pending)
    tasks: list[PoolTask] = [{
        "kind": "analysis", "expression": expression, "point": point, "variable": variable,
        "params": list(params),
        "claims": [job.claims for job in pending[(expression, point, variable, params)]],
    } for expression, point, variable, params in targets]

    def timed_out(task: PoolTask) -> TaskResult:
        return {"crashed": True, "reason": f"time limit ({options.timeout:g} s)"}

    results = run_tasks(tasks, options.timeout, options.jobs, timed_out, progress)
    for target, result in zip(targets, results):
        group = pending[target]
        if result.get("crashed"):
            for job in group:
                job.result = {"undecided": [result.get("reason", "the worker crashed")],
                              "holds": None, "failures": []}
            continue
        cacheable = not hit_time_limit(result["analysis"])  # a slow step: not final
        if cacheable:
            cache.put(analysis_key(*target), result["analysis"])
        error_text = result["analysis"].get("error")
        outcomes = [{"error": error_text} for _ in group] if error_text else result["claims"]
        for job, claim_outcome in zip(group, outcomes):
            job.result = claim_outcome
            if cacheable:
                cache.put(cache_key("claims", job.target, job.claims), job.result)


def _report(banks: list[LoadedBank], jobs: list[_ChoiceJob], outcome: ProofOutcome) -> None:
    status: dict[tuple[int, int], str] = {}
    for job in jobs:
        question = job.bank.bank.questions[job.question_index]
        choice = question.choices[job.choice_index]
        key = (id(job.bank), job.question_index)
        number = job.choice_index + 1
        result = job.result or {}
        if result.get("error"):
            field_name = "function" if choice.function is None else "choices"
            line, col = job.bank.source_map.value_at(
                ("questions", job.question_index, field_name)
                if field_name == "function" else
                ("questions", job.question_index, "choices", job.choice_index))
            outcome.diagnostics.append(error(job.bank.path, line, col,
                                             result["error"] + job.suffix(), question.id))
            status[key] = "error"
            continue
        line, col = job.bank.choice_position(job.question_index, job.choice_index)
        holds = result.get("holds")
        if holds is None:
            outcome.diagnostics.append(warning(
                job.bank.path, line, col,
                f"could not verify choice {number}: " + "; ".join(result.get("undecided", []))
                + job.suffix(), question.id))
            if status.get(key) != "error":
                status[key] = "undecided"
        elif holds != choice.correct:
            marked = "is marked correct but " if choice.correct else "is not marked correct " \
                                                                     "but its claims all hold: "
            detail = "; ".join(result["failures"]) if choice.correct else _holding(job.claims)
            outcome.diagnostics.append(error(
                job.bank.path, line, col, f"choice {number} {marked}{detail}{job.suffix()}",
                question.id))
            status[key] = "error"
        else:
            status.setdefault(key, "proved")
    for value in status.values():  # a question counts as proved only if no choice was doubtful
        if value == "proved":
            outcome.proved += 1
        elif value == "undecided":
            outcome.undecided += 1


def _holding(claims: dict) -> str:
    return ", ".join(f"{k} = {v}" for k, v in claims.items())
