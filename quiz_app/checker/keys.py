"""Prove answer keys: each choice with claims must be true exactly when marked correct.

Work is grouped by (function, point): one analysis per distinct pair, run in worker
processes with a hard time limit, cached on disk with the outcome of every claim set so a
warm `check` never imports sympy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz_app.bank.data import AutodiffClaim
from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.loader import LoadedBank
from quiz_app.bank.variants import VariantError, expand
from quiz_app.checker.cache import ResultCache, analysis_key, cache_key, proof_cache
from quiz_app.checker.global_keys import GlobalTarget, add_global_verdicts, global_target
from quiz_app.checker.tasks import PoolTask


@dataclass
class ProofOutcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    proved: int = 0
    without_claims: int = 0
    undecided: int = 0
    unproved: list[tuple[str, str]] = field(default_factory=list)  # (question id, reason)


@dataclass
class _ChoiceJob:
    bank: LoadedBank
    question_index: int
    choice_index: int
    # expression, point, variable, params; None when only frameworks are claimed
    target: tuple[str, str, str, tuple[str, ...]] | None
    claims: dict  # what an analysis decides
    variant: str = ""  # "alpha=1" for a parametric question: every variant is proved
    result: dict | None = None
    autodiff: list[AutodiffClaim] = field(default_factory=list)
    point: str = "0"
    # expression, variable, domain, point; None when no global claim is made
    global_target: GlobalTarget | None = None
    global_claims: dict = field(default_factory=dict)  # what the global decider decides

    def suffix(self) -> str:
        return f" (variant {self.variant})" if self.variant else ""


def _jobs(banks: list[LoadedBank], outcome: ProofOutcome) -> list[_ChoiceJob]:
    jobs = []
    for loaded in banks:
        for qi, template in enumerate(loaded.bank.questions):
            claimed = [ci for ci, c in enumerate(template.choices) if c.claims is not None]
            if template.unproved:
                outcome.unproved.append((template.id, template.unproved))
            elif not claimed and not template.answer_fact:
                outcome.without_claims += 1
            unclaimed = [ci for ci in range(len(template.choices)) if ci not in claimed]
            if unclaimed and not template.unproved:
                outcome.diagnostics.append(_unproved_choices(loaded, qi, unclaimed))
            try:
                variants = expand(template)
            except VariantError:
                continue  # reported by the loader's rules
            for variant in variants if claimed else []:
                jobs.extend(_choice_jobs(loaded, qi, variant.question, claimed, variant.label,
                                         outcome))
    return jobs


def _unproved_choices(loaded: LoadedBank, qi: int, unclaimed: list[int]) -> Diagnostic:
    """A warning (an error under --strict) for options whose truth nothing proves."""
    numbers = ", ".join(str(ci + 1) for ci in unclaimed)
    line, col = loaded.choice_position(qi, unclaimed[0])
    which = f"choices {numbers} are" if len(unclaimed) > 1 else f"choice {numbers} is"
    return warning(loaded.path, line, col, f"{which} not proved: give each `claims` (the "
                   "claims are in docs/authoring.md), or give the question `unproved:` with "
                   "the reason nothing can prove it", loaded.bank.questions[qi].id)


def _choice_jobs(loaded, qi, question, claimed, variant, outcome):
    jobs = []
    for ci in claimed:
        choice = question.choices[ci]
        function = choice.function or question.function
        analysis = choice.claims.analysis_claims()
        global_claims = choice.claims.global_claims()
        point = choice.at or question.at
        if function is None and (analysis or global_claims):
            line, col = loaded.choice_position(qi, ci)
            outcome.diagnostics.append(error(
                loaded.path, line, col, f"choice {ci + 1} has claims but neither it nor "
                "the question gives a `function`", question.id))
            continue
        target = (function, point, question.variable, ()) if analysis and function else None
        jobs.append(_ChoiceJob(loaded, qi, ci, target, analysis, variant,
                               autodiff=list(choice.claims.autodiff or []), point=point,
                               global_target=global_target(question, choice)
                               if global_claims else None, global_claims=global_claims))
    return jobs


def prove_keys(banks: list[LoadedBank], options, progress=None) -> ProofOutcome:
    outcome = ProofOutcome()
    jobs = _jobs(banks, outcome)
    cache = proof_cache(enabled=options.use_cache)
    pending: dict[tuple, list[_ChoiceJob]] = {}
    for job in jobs:
        if job.target is None:
            job.result = {"holds": True, "failures": [], "undecided": []}
            continue
        job.result = cache.get(cache_key("claims", job.target, job.claims))
        if job.result is None:
            pending.setdefault(job.target, []).append(job)
    if pending:
        _compute(pending, cache, options, progress)
    add_global_verdicts([job for job in jobs if job.global_target], cache, options, progress)
    _add_autodiff([job for job in jobs if job.autodiff], cache)
    _report(banks, jobs, outcome)
    from quiz_app.checker.free_answers import check_free_answers

    diagnostics, computed = check_free_answers(banks, cache, options)
    outcome.diagnostics.extend(diagnostics)
    outcome.proved += computed
    return outcome


def _compute(pending: dict[tuple, list[_ChoiceJob]], cache: ResultCache, options,
             progress) -> None:
    from quiz_app.checker.facts import hit_time_limit
    from quiz_app.checker.pool import run_for_check

    targets = list(pending)
    tasks: list[PoolTask] = [{
        "kind": "analysis", "expression": expression, "point": point, "variable": variable,
        "params": list(params),
        "claims": [job.claims for job in pending[(expression, point, variable, params)]],
    } for expression, point, variable, params in targets]
    results = run_for_check(tasks, options, progress)
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


def _add_autodiff(jobs: list[_ChoiceJob], cache: ResultCache) -> None:
    """Run the frameworks' claims and fold each verdict into its choice's outcome."""
    if not jobs:
        return
    from quiz_app.checker.autodiff import claim_outcomes

    wanted = [(claim, job.point) for job in jobs for claim in job.autodiff]
    verdicts = iter(claim_outcomes(wanted, cache))
    for job in jobs:
        result = dict(job.result or {"holds": True, "failures": [], "undecided": []})
        if result.get("error"):
            continue
        failures, undecided = list(result.get("failures", [])), list(result.get("undecided", []))
        held, wrong = [], 0
        for _ in job.autodiff:
            holds, explanation = next(verdicts)
            if holds is None:
                undecided.append(explanation)
            elif holds:
                held.append(explanation)
            else:
                failures.append(explanation)
                wrong += 1
        holds = False if failures else (None if undecided or result.get("holds") is None
                                        else True)
        job.result = {"holds": holds, "failures": failures, "undecided": undecided,
                      "held": held, "autodiff_failed": wrong}


def _report(banks: list[LoadedBank], jobs: list[_ChoiceJob], outcome: ProofOutcome) -> None:
    status: dict[tuple[int, int], str] = {}
    for job in jobs:
        question = job.bank.bank.questions[job.question_index]
        choice = question.choices[job.choice_index]
        key = (id(job.bank), job.question_index)
        number = job.choice_index + 1
        result = job.result or {}
        if result.get("error"):
            line, col = job.bank.source_map.value_at(_error_path(job, choice, result))
            outcome.diagnostics.append(error(job.bank.path, line, col,
                                             result["error"] + job.suffix(), question.id))
            status[key] = "error"
            continue
        holds = result.get("holds")
        if holds is None:
            line, col = _choice_line(job, result)
            outcome.diagnostics.append(warning(
                job.bank.path, line, col,
                f"could not verify choice {number}: " + "; ".join(result.get("undecided", []))
                + job.suffix(), question.id))
            if status.get(key) != "error":
                status[key] = "undecided"
        elif holds != choice.correct:
            marked = "is marked correct but " if choice.correct else "is not marked correct " \
                                                                     "but its claims all hold: "
            detail = ("; ".join(result["failures"]) if choice.correct
                      else _holding(job.claims | job.global_claims, result.get("held", [])))
            line, col = _choice_line(job, result)
            outcome.diagnostics.append(error(
                job.bank.path, line, col, f"choice {number} {marked}{detail}{job.suffix()}",
                question.id))
            status[key] = "error"
        else:
            status.setdefault(key, "proved")
    said_unproved = {(id(loaded), qi) for loaded in banks
                     for qi, question in enumerate(loaded.bank.questions) if question.unproved}
    for key, value in status.items():  # proved only if no choice was doubtful
        if key in said_unproved:  # counted with its reason (its claims were still checked)
            continue
        if value == "proved":
            outcome.proved += 1
        elif value == "undecided":
            outcome.undecided += 1


def _error_path(job: _ChoiceJob, choice, result: dict) -> tuple:
    """Where an error is reported: the claim whose value does not parse, else the key that
    does not (the function, domain or point: the choice's own when it overrides it)."""
    in_choice = ("questions", job.question_index, "choices", job.choice_index)
    if result.get("claim"):
        return (*in_choice, "claims", result["claim"])
    field_name = result.get("field") or "function"
    if getattr(choice, field_name, None) is not None:
        return (*in_choice, field_name)
    return ("questions", job.question_index, field_name)


def _choice_line(job: _ChoiceJob, result: dict) -> tuple[int, int]:
    """Where a choice's verdict is reported: its `autodiff` claim when a framework decided
    it, else the choice. Asked only for a diagnostic, so a clean warm `check` never reads
    a cached bank's source map (quiz_app.bank.compiled.LazySourceMap)."""
    if job.autodiff and (result.get("autodiff_failed") or not job.claims):
        return job.bank.source_map.value_at(  # the claim's own line
            ("questions", job.question_index, "choices", job.choice_index, "claims",
             "autodiff"))
    return job.bank.choice_position(job.question_index, job.choice_index)


def _holding(claims: dict, held: list[str]) -> str:
    return "; ".join([", ".join(f"{k} = {v}" for k, v in claims.items())] * bool(claims)
                     + held)
