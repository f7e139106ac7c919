"""Question tests: the author states how answers must be graded, and `check` runs them.

As in STACK and Numbas, a typed answer is proved the way a choice key is: on every variant,
through `grading.grade` (the function the quiz uses, not a copy), `check` confirms that the
key grades right, each `accept` is the key on the domain, each `reject` is not (it would
never apply), a literal `answer` beside an `answer_fact` is the computed fact, and every
entry of the question's `tests:` block is graded as stated. Grading runs in the worker
pool under the time limit, and outcomes are cached so a warm `check` needs no sympy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from quiz_app.bank.answers import LETTERS, is_right, picked_letters
from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.loader import LoadedBank
from quiz_app.checker.cache import ResultCache, cache_key
from quiz_app.checker.tasks import TaskResult, TypedProofTask

if TYPE_CHECKING:
    from quiz_app.bank.data import Question


@dataclass
class TypedProof:
    """One variant of a typed question, with its key resolved."""

    bank: LoadedBank
    index: int
    question: Question
    variant: str
    key: str
    fact: tuple[str | None, str] | None = None  # (fact name, computed value) to hold `answer` to

    def task(self) -> TypedProofTask:
        q = self.question
        return {"kind": "typed-proof", "key": self.key, "type": q.type,
                "variable": q.variable, "domain": q.domain, "tolerance": q.tolerance,
                "forbid": list(q.forbid),
                "accept": [[k.answer, k.feedback] for k in q.accept],
                "reject": [[k.answer, k.feedback] for k in q.reject],
                "responses": [self.key, *(k.answer for k in q.accept),
                              *(k.answer for k in q.reject),
                              *(t.answer for t in q.tests if t.answer is not None)],
                "compare": [*(k.answer for k in q.accept), *(k.answer for k in q.reject),
                            *([self.fact[1]] if self.fact else [])]}


def prove_typed(proofs: list[TypedProof], cache: ResultCache, options) -> list[Diagnostic]:
    tasks = [proof.task() for proof in proofs]
    results = [cast("TaskResult | None", cache.get(cache_key("typed-proof", t))) for t in tasks]
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:
        from quiz_app.checker.pool import run_for_check

        computed = run_for_check([tasks[i] for i in missing], options)
        for i, result in zip(missing, computed):
            results[i] = result
            if not result.get("crashed"):
                cache.put(cache_key("typed-proof", tasks[i]), result)
    diagnostics: list[Diagnostic] = []
    for proof, found in zip(proofs, results):
        diagnostics.extend(_report(proof, found or {"crashed": True}))
    return diagnostics


def _report(proof: TypedProof, result: TaskResult):
    q, loaded, where = proof.question, proof.bank, ("questions", proof.index)
    suffix = f" (variant {proof.variant})" if proof.variant else ""
    on = f" on {q.domain}" if q.domain else ""

    def at(*path) -> tuple[int, int]:
        return loaded.source_map.value_at((*where, *path))

    key_at = at("answer") if q.answer is not None else at("answer_fact")
    if result.get("crashed"):
        line, col = key_at
        yield warning(loaded.path, line, col, "could not run the question's tests: "
                      f"{result.get('reason', 'the worker crashed')}{suffix}", q.id)
        return
    grades = iter(result["grades"])
    status, message = next(grades)
    if status != "right":
        yield error(loaded.path, *key_at, f"the key '{proof.key}' is graded {status} "
                    f"against itself ({message}){suffix}", q.id)
    accepts, rejects = list(result["equivalent"][:len(q.accept)]), \
        list(result["equivalent"][len(q.accept):len(q.accept) + len(q.reject)])
    for number, (known, (status, message), (same, method)) in enumerate(
            zip(q.accept, grades, accepts), 1):
        line, col = at("accept", number - 1, "answer")
        if status == "invalid":
            yield error(loaded.path, line, col, f"accept {number} '{known.answer}' is graded "
                        f"invalid ({message}){suffix}", q.id)
        elif same is None:
            yield error(loaded.path, line, col, f"accept {number} '{known.answer}': could not "
                        f"decide that it equals the key '{proof.key}'{on} ({method}){suffix}",
                        q.id)
        elif not same:
            yield error(loaded.path, line, col, f"accept {number} '{known.answer}' is not the "
                        f"key '{proof.key}'{on} ({method}), yet it would be graded right"
                        f"{suffix}", q.id)
    for number, (known, (status, message), (same, method)) in enumerate(
            zip(q.reject, grades, rejects), 1):
        line, col = at("reject", number - 1, "answer")
        if status == "invalid":
            yield warning(loaded.path, line, col, f"reject {number} '{known.answer}' can never "
                          f"be graded: typing it is invalid ({message}){suffix}", q.id)
        elif same:
            yield error(loaded.path, line, col, f"reject {number} '{known.answer}' is "
                        f"equivalent to the key '{proof.key}'{on} ({method}), so typing it "
                        f"is graded right: reject an answer that is wrong{suffix}", q.id)
        elif same is None:
            yield warning(loaded.path, line, col, f"reject {number} '{known.answer}': could "
                          f"not decide that it differs from the key '{proof.key}'{on} "
                          f"({method}){suffix}", q.id)
    if proof.fact:
        name, value = proof.fact
        same, method = result["equivalent"][-1]
        if not same:
            verdict = "could not be compared with" if same is None else "differs from"
            yield error(loaded.path, *at("answer"), f"answer '{proof.key}' {verdict} the "
                        f"computed {name} = {value} ({method}){suffix}", q.id)
    typed_tests = [(n, t) for n, t in enumerate(q.tests, 1) if t.answer is not None]
    for (number, test), (status, _message) in zip(typed_tests, grades):
        if status != test.expect:
            line, col = at("tests", number - 1)
            yield error(loaded.path, line, col, f"test {number}: typing '{test.answer}' is "
                        f"graded {status}, expected {test.expect}{suffix}", q.id)


def run_choice_tests(loaded: LoadedBank, index: int, question: Question, variant: str):
    """Picking exactly the correct choices grades right; each `choose:` test as stated."""
    suffix = f" (variant {variant})" if variant else ""
    correct = frozenset(i for i, c in enumerate(question.choices) if c.correct)
    if correct and not is_right(question, correct):
        line, col = loaded.source_map.key_at(("questions", index, "choices"))
        yield error(loaded.path, line, col, f"choosing the correct choices "
                    f"{picked_letters(correct)} is not graded right{suffix}", question.id)
    for number, test in enumerate(question.tests, 1):
        if test.choose is None or test.expect == "invalid":
            continue  # reported by the format rules
        picked = frozenset(LETTERS.index(letter) for letter in test.choose)
        if any(i >= len(question.choices) for i in picked):
            continue  # reported by the format rules
        status = "right" if is_right(question, picked) else "wrong"
        if status != test.expect:
            line, col = loaded.source_map.value_at(("questions", index, "tests", number - 1))
            yield error(loaded.path, line, col, f"test {number}: choosing "
                        f"{picked_letters(picked)} is graded {status}, expected "
                        f"{test.expect}{suffix}", question.id)
