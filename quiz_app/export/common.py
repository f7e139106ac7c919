"""What every export format shares: the questions to write, one per variant, with keys.

A parametric question becomes one exported question per variant (id suffixed with the
variant), and a computed key (answer_fact) is resolved through the checker's cached
analysis, so exports carry the same proved keys the quiz uses. Anything a format cannot
express is reported per question, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from quiz_app.bank.loader import LoadedBank
from quiz_app.bank.models import Question
from quiz_app.bank.variants import label, realize, variants


@dataclass
class ExportItem:
    question: Question
    export_id: str  # the question id, with the variant for parametric ones
    bank_title: str
    key: str | None = None  # typed answers: the resolved key text


@dataclass
class ExportResult:
    path: object
    exported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (id, why not exported)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (id, what was approximated)


def export_items(banks: Sequence[LoadedBank], timeout: float = 10.0
                 ) -> tuple[list[ExportItem], list[tuple[str, str]]]:
    items = []
    for loaded in banks:
        for template in loaded.bank.questions:
            for values in variants(template):
                question = realize(template, values)
                export_id = template.id + (f" ({label(values)})" if values else "")
                items.append(ExportItem(question, export_id, loaded.bank.title,
                                        question.answer if question.free_answer else None))
    computed = _computed_keys([i.question for i in items if i.question.answer_fact], timeout)
    kept, problems = [], []
    for item in items:
        if item.question.answer_fact:
            item.key = computed.get(_target(item.question))
        if item.question.free_answer and item.key is None:
            problems.append((item.export_id, "its computed key could not be worked out"))
        else:
            kept.append(item)
    return kept, problems


def _target(question: Question) -> tuple:
    return (question.function, question.at, question.variable, (), question.answer_fact)


def _computed_keys(questions: list[Question], timeout: float) -> dict[tuple, str]:
    """The checker's keys for answer_fact questions, all in one pass of the worker pool."""
    from quiz_app.bank.discovery import cache_dir
    from quiz_app.checker.cache import ResultCache
    from quiz_app.checker.free_answers import analyses_for
    from quiz_app.checker.run_check import CheckOptions

    analyses = analyses_for([_target(q)[:4] for q in questions],
                            ResultCache(cache_dir() / "proofs"), CheckOptions(timeout=timeout))
    keys = {}
    for question in questions:
        fact = (analyses.get(_target(question)[:4]) or {}).get("facts", {}).get(
            question.answer_fact)
        if fact and fact["kind"] == "value":
            keys[_target(question)] = fact["value"]
        elif fact and fact["kind"] in ("oo", "-oo"):
            keys[_target(question)] = fact["kind"]
    return keys


def numeric_value(key: str) -> float | None:
    """A float for formats that only know decimals (GIFT, Moodle numerical), else None."""
    from quiz_app.checker.expr import ExpressionError, parse_expression

    try:
        value = parse_expression(key)
    except ExpressionError:
        return None
    if value.free_symbols or not value.is_finite:
        return None
    return float(value.evalf(30))


def fractions(question: Question) -> list[float]:
    """Moodle/GIFT weights: right picks share +100%, wrong ones share −100% (multiple)."""
    right = [c.correct for c in question.choices]
    if question.type == "single":
        return [100.0 if r else 0.0 for r in right]
    n_right, n_wrong = sum(right), len(right) - sum(right)
    return [100.0 / n_right if r else (-100.0 / n_wrong if n_wrong else 0.0) for r in right]


LETTERS = "abcdefghijklmnopqrstuvwxyz"
