"""What every export format shares: the questions to write, one per variant, with keys.

A parametric question becomes one exported question per variant (id suffixed with the
variant), and a computed key (answer_fact) is resolved through the checker's cached
analysis, so exports carry the same proved keys the quiz uses. Anything a format cannot
express is reported per question, never dropped silently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quiz_app.bank.answers import option_order
from quiz_app.bank.loader import LoadedBank
from quiz_app.bank.variants import VariantError, expand
from quiz_app.export.richtext import without_control_characters

if TYPE_CHECKING:
    from quiz_app.bank.data import Choice, Question


@dataclass
class ExportItem:
    question: Question
    export_id: str  # the question id, with the variant for parametric ones
    bank_title: str
    key: str | None = None  # typed answers: the resolved key text
    topic: str = "general"
    bank_path: Path | None = None

    @property
    def shown_choices(self) -> list[Choice]:
        """The options in the order a printed page (an Anki card, the handout) shows them:
        shuffled, as the app shuffles, but the same at every export (seeded by the export
        id), and in the bank's order when the author wrote `shuffle: false`."""
        import random

        order = option_order(self.question, random.Random(self.export_id))
        return [self.question.choices[i] for i in order]

    @property
    def tags(self) -> list[str]:
        """Topic, the author's tags and the difficulty, as tags without spaces (Anki's rule)."""
        tags = [self.topic, *self.question.tags]
        if self.question.difficulty is not None:
            tags.append(f"difficulty-{self.question.difficulty}")
        cleaned = (re.sub(r"\s+", "_", without_control_characters(t).strip()) for t in tags)
        return list(dict.fromkeys(t for t in cleaned if t))


@dataclass
class ExportResult:
    path: object
    exported: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (id, why not exported)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (id, what was approximated)
    errors: list = field(default_factory=list)  # check's diagnostics that refuse an export
    warnings: list = field(default_factory=list)  # check's warnings (unproved keys, …)
    written: bool = False

    @property
    def warned(self) -> bool:
        """Something short of an error: a question skipped, or a warning of check's."""
        return bool(self.skipped or self.warnings)

    def report_lines(self, fmt: str) -> list[str]:
        """What the CLI prints: errors, skipped and approximated questions, then the outcome."""
        from quiz_app.bank.printable import printable

        lines = [d.format() for d in [*self.errors, *self.warnings]]
        lines += [printable(f"warning: skipped {qid}: {why}") for qid, why in self.skipped]
        lines += [printable(f"note {qid}: {what}") for qid, what in self.notes]
        path = printable(self.path)
        if self.written:
            forced = f" despite {len(self.errors)} errors (--force)" if self.errors else ""
            skipped = f"; {len(self.skipped)} skipped (warnings above)" if self.skipped else ""
            warned = (f"; {len(self.warnings)} check warnings (above)" if self.warnings
                      else "")
            lines.append(f"exported {self.exported} questions to {path} ({fmt})"
                         f"{forced}{skipped}{warned}")
        else:
            lines.append(f"not exported: check found {len(self.errors)} errors; {path} "
                         "is unchanged (fix them, or use --force)")
        return lines

    def to_json(self, fmt: str) -> dict:
        return {"format": fmt, "path": str(self.path), "written": self.written,
                "exported": self.exported,
                "skipped": [{"id": q, "reason": r} for q, r in self.skipped],
                "notes": [{"id": q, "note": n} for q, n in self.notes],
                "errors": [d.to_json() for d in self.errors],
                "warnings": [d.to_json() for d in self.warnings]}


def export_items(banks: Sequence[LoadedBank], timeout: float = 10.0,
                 one_variant: bool = False
                 ) -> tuple[list[ExportItem], list[tuple[str, str]]]:
    items, problems = [], []
    for loaded in banks:
        for template in loaded.bank.questions:
            try:
                variants = expand(template)
            except VariantError as exc:  # the loader keeps such banks out; never a traceback
                problems.append((template.id, f"params: {exc}"))
                continue
            for variant in variants[:1] if one_variant else variants:
                question = variant.question
                export_id = template.id + (f" ({variant.label})" if variant.values else "")
                items.append(ExportItem(
                    question, without_control_characters(export_id),
                    without_control_characters(loaded.bank.title),
                    question.answer if question.free_answer else None,
                    without_control_characters(loaded.bank.topic_of(template)), loaded.path))
    # A literal key beside an answer_fact is the author's form, which check proved equal to
    # the fact: it is exported as written; only a missing key is computed.
    computed = _computed_keys([i.question for i in items
                               if i.question.answer_fact and i.key is None], timeout)
    kept = []
    for item in items:
        if item.question.answer_fact and item.key is None:
            item.key = computed.get(_target(item.question))
        if item.key is not None:
            item.key = without_control_characters(item.key)
        if item.question.free_answer and item.key is None:
            problems.append((item.export_id, "its computed key could not be worked out"))
        else:
            kept.append(item)
    return kept, problems


def _target(question: Question) -> tuple:
    from quiz_app.checker.free_answers import fact_target

    return (*fact_target(question), question.answer_fact)


def _computed_keys(questions: list[Question], timeout: float) -> dict[tuple, str]:
    """The checker's keys for answer_fact questions, all in one pass of the worker pool."""
    from quiz_app.checker.cache import proof_cache
    from quiz_app.checker.facts import typeable_key
    from quiz_app.checker.free_answers import computed_facts, fact_target
    from quiz_app.checker.run_check import CheckOptions

    analyses = computed_facts(questions, proof_cache(), CheckOptions(timeout=timeout))
    keys = {}
    for question in questions:
        fact = (analyses.get(fact_target(question)) or {}).get("facts", {}).get(
            question.answer_fact)
        key = typeable_key(fact["kind"], fact.get("value")) if fact else None
        if key is not None:
            keys[_target(question)] = key
    return keys


def numeric_value(key: str) -> float | None:
    """A finite real float for formats that only know decimals (GIFT, Moodle numerical),
    else None: ±∞, a complex value such as sqrt(-1), or anything with a symbol left in."""
    from quiz_app.checker.expr import ExpressionError, parse_expression

    try:
        value = parse_expression(key)
        if value.free_symbols or value.is_finite is False or value.is_real is False:
            return None
        number = complex(value.evalf(30))
    except (ExpressionError, TypeError, ValueError, OverflowError):
        return None
    if number.imag != 0 or not math.isfinite(number.real):
        return None
    return number.real


def why_not_numeric(key: str | None) -> str:
    """The reason numeric_value refused a key, in words an instructor reads."""
    text = (key or "").replace(" ", "")
    if text in ("oo", "+oo", "-oo"):
        return f"the key is {'-' if text.startswith('-') else '+'}∞, which is not a number " \
            "a quiz can grade"
    return f"the key {key} is not a finite real number"


def plain_decimal(value: float) -> str:
    """A decimal with no exponent (1e-08 → 0.00000001): GIFT parsers misread exponents."""
    from decimal import Decimal

    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def fractions(question: Question) -> list[float]:
    """Moodle/GIFT weights: right picks share +100%, wrong ones share −100% (multiple)."""
    right = [c.correct for c in question.choices]
    if question.type == "single":
        return [100.0 if r else 0.0 for r in right]
    n_right, n_wrong = sum(right), len(right) - sum(right)
    return [100.0 / n_right if r else (-100.0 / n_wrong if n_wrong else 0.0) for r in right]

