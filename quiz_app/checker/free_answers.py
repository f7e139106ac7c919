"""`check` for numeric and expression questions: keys parse, computed keys exist, and
the question's tests (implicit and stated) pass on every variant.

An `answer_fact` key is worked out by the same analysis that proves claims (cached, in the
worker pool, under the time limit), so an instructor cannot get it wrong; it must come out
as a value or ±oo, since a student cannot type "does not exist".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.loader import LoadedBank
from quiz_app.checker.cache import ResultCache, analysis_key, cache_key
from quiz_app.checker.facts import typeable_key

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
    for loaded, index, question, variant in _realized_free_answers(banks):
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
            facts.append((loaded, index, (question.function, question.at,
                                          question.variable, ()), question, variant))
        elif question.answer and not unparsed:
            proofs.append(TypedProof(loaded, index, question, variant, question.answer))
            if question.function and question.type == "numeric":
                line, col = loaded.source_map.value_at(("questions", index, "answer"))
                diagnostics.append(warning(
                    loaded.path, line, col, "the literal answer is not proved against the "
                    "function: add `answer_fact` (the fact it is, e.g. derivative) and check "
                    "compares them on every variant", question.id))
    proved: set[tuple[int, int]] = set()
    failed: set[tuple[int, int]] = set()
    analyses = analyses_for([target for _, _, target, _, _ in facts], cache, options)
    for loaded, index, target, question, variant in facts:
        before = len(diagnostics)
        fact = (analyses.get(target) or {}).get("facts", {}).get(question.answer_fact)
        line, col = loaded.source_map.value_at(("questions", index, "answer_fact"))
        error_text = (analyses.get(target) or {}).get("error")
        if error_text:
            diagnostics.append(error(loaded.path, line, col, error_text + _suffix(variant),
                                     question.id))
        elif fact is None or fact["kind"] == "undecided":
            reason = fact["reason"] if fact else "the analysis did not finish"
            diagnostics.append(warning(loaded.path, line, col, f"could not compute "
                                       f"{question.answer_fact}: {reason}{_suffix(variant)}",
                                       question.id))
        elif typeable_key(fact["kind"], fact.get("value")) is None:
            diagnostics.append(error(loaded.path, line, col, f"{question.answer_fact} has no "
                                     f"value to type: it is {fact['kind']} ({fact['reason']})"
                                     + _suffix(variant), question.id))
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
