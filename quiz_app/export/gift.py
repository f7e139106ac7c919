"""Moodle's GIFT text format.

GIFT gives `~ = # { } :` meaning, and LaTeX in prompts uses most of them, so every text is
escaped with a backslash (the backslash itself first). Expression answers have no GIFT form
and are reported; numeric keys become decimals with a tolerance.
"""

from __future__ import annotations

from quiz_app.export.common import ExportItem, fractions, numeric_value

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    for character in SPECIAL:
        text = text.replace(character, "\\" + character)
    return text.replace("\n", " ")


def _weight(value: float) -> str:
    return f"%{value:.7g}%"  # Moodle snaps to its grade list (33.33333, 16.66667, …)


def render_item(item: ExportItem) -> str | None:
    """One GIFT block, or None when the question has no GIFT form."""
    question = item.question
    head = f"::{escape(item.export_id)}::[markdown]{escape(question.prompt)}"
    general = f"####{escape(question.explanation)}"
    if question.type == "expression":
        return None
    if question.type == "numeric":
        value = numeric_value(item.key or "")
        if value is None:
            return None
        tolerance = question.tolerance if question.tolerance is not None else \
            max(abs(value) * 1e-6, 1e-9)
        return f"{head} {{#{value!r}:{tolerance:g} {general}}}"
    answers = []
    for choice, weight in zip(question.choices, fractions(question)):
        if question.type == "single":
            mark = "=" if choice.correct else "~"
        else:
            mark = "~" + _weight(weight)
        feedback = f"#{escape(choice.feedback)}" if choice.feedback else ""
        answers.append(f"    {mark}{escape(choice.text)}{feedback}")
    return head + " {\n" + "\n".join(answers) + f"\n    {general}\n}}"


def render(items: list[ExportItem]) -> tuple[str, list[tuple[str, str]]]:
    blocks, skipped = [], []
    for item in items:
        block = render_item(item)
        if block is None:
            kind = "an expression answer" if item.question.type == "expression" else \
                f"the numeric key {item.key}"
            skipped.append((item.export_id, f"GIFT has no form for {kind}"))
        else:
            blocks.append(block)
    return "\n\n".join(blocks) + "\n", skipped
