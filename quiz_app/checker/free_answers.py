"""`check` for numeric and expression questions: keys parse, computed keys exist, and
the question's tests (implicit and stated) pass on every variant.

An `answer_fact` key is worked out by the same analysis that proves claims (cached, in the
worker pool, under the time limit), so an instructor cannot get it wrong; it must come out
as a value or ±oo, since a student cannot type "does not exist".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz_app.bank.data import GLOBAL_FACTS
from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.loader import LoadedBank
from quiz_app.checker.cache import ResultCache, analysis_key, cache_key
from quiz_app.checker.facts import typeable_key
from quiz_app.checker.global_keys import global_values_for

if TYPE_CHECKING:
    from quiz_app.bank.data import Question
    from quiz_app.checker.tasks import PoolTask


def check_free_answers(banks: list[LoadedBank], cache: ResultCache, options
                       ) -> tuple[list[Diagnostic], int]:
    """Diagnostics, and how many questions had their key computed and confirmed."""
    from quiz_app.checker.question_tests import TypedProof, prove_typed

    diagnostics: list[Diagnostic] = []
    facts: list[tuple[LoadedBank, int, tuple, Question, str]] = []
    proofs: list[TypedProof] = []
    unprovable: set[tuple[int, int, str]] = set()  # a known answer does not parse
    warned: dict[tuple[int, int], bool] = {}  # one warning per question, not per variant
    for loaded, index, question, variant in _realized_free_answers(banks):
        key = (id(loaded), index)
        texts: list[tuple[str | tuple, str]] = [("answer", question.answer)] \
            if question.answer else []
        texts += [((kind, i, "answer"), known.answer)
                  for kind in ("accept", "reject")
                  for i, known in enumerate(getattr(question, kind))]
        unparsed = False
        for where, text in texts:
            problem = _parse_problem(text, question.type, question.variable, cache)
            unparsed = unparsed or bool(problem)
            if problem:
                path = ("questions", index, *(where if isinstance(where, tuple) else
                                              (where,)))
                line, col = loaded.source_map.value_at(path)
                diagnostics.append(error(loaded.path, line, col, f"invalid answer: {problem}"
                                         + _suffix(variant), question.id))
        if unparsed:
            unprovable.add((id(loaded), index, variant))
        if question.answer_fact and question.function:
            facts.append((loaded, index, fact_target(question), question, variant))
        elif question.answer and not unparsed:
            proofs.append(TypedProof(loaded, index, question, variant, question.answer))
        if not question.answer_fact and not question.unproved and not warned.get(key):
            warned[key] = True
            line, col = loaded.source_map.value_at(("questions", index, "answer"))
            diagnostics.append(warning(
                loaded.path, line, col, "the key is not proved: add `answer_fact` (the "
                "fact it is, e.g. derivative or lipschitz, with `function`) and check "
                "computes it and compares it on every variant; or give the question "
                "`unproved:` with the reason nothing can prove it", question.id))
    proved: set[tuple[int, int]] = set()
    failed: set[tuple[int, int]] = set()
    analyses = computed_facts([question for _, _, _, question, _ in facts], cache, options)
    for loaded, index, target, question, variant in facts:
        before = len(diagnostics)
        fact = (analyses.get(target) or {}).get("facts", {}).get(question.answer_fact)
        error_text = (analyses.get(target) or {}).get("error")
        # the line is looked up only for a diagnostic: a clean warm check reads no YAML
        at = ("questions", index, "answer_fact")
        if error_text:
            field_name = (analyses.get(target) or {}).get("field")
            diagnostics.append(error(loaded.path, *loaded.source_map.value_at(
                ("questions", index, field_name) if field_name else at),
                error_text + _suffix(variant), question.id))
        elif fact is None or fact["kind"] == "undecided":
            reason = fact["reason"] if fact else "the analysis did not finish"
            diagnostics.append(warning(loaded.path, *loaded.source_map.value_at(at),
                                       f"could not compute {question.answer_fact}: {reason}"
                                       f"{_suffix(variant)}", question.id))
        elif typeable_key(fact["kind"], fact.get("value")) is None:
            diagnostics.append(error(loaded.path, *loaded.source_map.value_at(at),
                                     f"{question.answer_fact} has no value to type: it is "
                                     f"{fact['kind']} ({fact['reason']}){_suffix(variant)}",
                                     question.id))
        key = (id(loaded), index)
        (failed if len(diagnostics) > before else proved).add(key)
        if len(diagnostics) == before and (id(loaded), index, variant) not in unprovable:
            value = fact["value"] if fact["kind"] == "value" else fact["kind"]
            if question.answer is None:
                proofs.append(TypedProof(loaded, index, question, variant, value))
            else:
                proofs.append(TypedProof(loaded, index, question, variant, question.answer,
                                         (question.answer_fact, value)))
    failed.update((bank_id, index) for bank_id, index, _ in unprovable)
    before = len(diagnostics)
    diagnostics.extend(prove_typed(proofs, cache, options))
    for diagnostic in diagnostics[before:]:
        if diagnostic.severity == "error":
            failed.update((id(p.bank), p.index) for p in proofs
                          if p.question.id == diagnostic.question_id)
    return diagnostics, len(proved - failed)


def fact_target(question: Question) -> tuple:
    """What a question's `answer_fact` is computed from: the analysis of f at its point
    (function, point, variable, params), or f over its domain (function, variable, domain,
    point) for a global fact or a formula."""
    if over_the_domain(question):
        return (question.function, question.variable, question.domain, question.at)
    return (question.function, question.at, question.variable, ())


def computed_facts(questions: list[Question], cache: ResultCache, options
                   ) -> dict[tuple, dict]:
    """{fact_target(question): {"facts": {name: fact}, "error"?}} for questions with an
    `answer_fact` and a `function`, from the cache or one pass of the worker pool: the one
    way `check`, the exports and the app work out a computed key."""
    pointwise = [q for q in questions if not over_the_domain(q)]
    found = analyses_for([fact_target(q) for q in pointwise], cache, options)
    found.update(global_values_for([(fact_target(q), q.answer_fact) for q in questions
                                    if q.answer_fact and over_the_domain(q)], cache, options))
    return found


def over_the_domain(question: Question) -> bool:
    """Whether the key is a fact of f over its domain rather than at its point: a global
    fact (lipschitz, …), or, on an expression question, f′ (`derivative`) or f itself
    (`value`) as a formula."""
    return question.answer_fact in GLOBAL_FACTS or (
        question.type == "expression" and question.answer_fact in ("derivative", "value"))


def _suffix(variant: str) -> str:
    return f" (variant {variant})" if variant else ""


def _realized_free_answers(banks: list[LoadedBank]):
    """(bank, index, the question for one variant, variant label) for typed questions."""
    from quiz_app.bank.variants import VariantError, expand

    for loaded in banks:
        for index, template in enumerate(loaded.bank.questions):
            if not template.free_answer:
                continue
            try:
                variants = expand(template)
            except VariantError:
                continue  # reported by the loader's rules
            for variant in variants:
                yield loaded, index, variant.question, variant.label


def _parse_problem(text: str, kind: str, variable: str, cache: ResultCache) -> str | None:
    key = cache_key("typed-answer", text, kind, variable)
    cached = cache.get(key)
    if cached is None:
        from quiz_app.checker.expr import ExpressionError
        from quiz_app.checker.grading import interpret

        try:
            interpret(text, kind, variable)
            cached = {"problem": None}
        except ExpressionError as exc:
            cached = {"problem": str(exc)}
        cache.put(key, cached)
    return cached["problem"]


def analyses_for(targets: list[tuple], cache: ResultCache, options) -> dict[tuple, dict]:
    found: dict[tuple, dict] = {}
    missing = []
    for target in dict.fromkeys(targets):
        data = cache.get(analysis_key(*target))
        if data is None:
            missing.append(target)
        else:
            found[target] = data
    if missing:
        from quiz_app.checker.pool import run_tasks

        tasks: list[PoolTask] = [{"kind": "analysis", "expression": e, "point": p,
                                  "variable": v, "params": list(ps), "claims": []}
                                 for e, p, v, ps in missing]
        for target, result in zip(missing, run_tasks(tasks, options.timeout, options.jobs)):
            if "analysis" in result:
                found[target] = result["analysis"]
                cache.put(analysis_key(*target), result["analysis"])
    return found
