"""A printable handout: the questions first, the answers and explanations at the end."""

from __future__ import annotations

from quiz_app.export.common import LETTERS, ExportItem


def render(items: list[ExportItem]) -> str:
    lines: list[str] = []
    current = None
    for number, item in enumerate(items, 1):
        if item.bank_title != current:
            current = item.bank_title
            lines += [f"# {current}", ""]
        question = item.question
        lines += [f"**{number}.** {question.prompt}", ""]
        if question.free_answer:
            kind = "a number" if question.type == "numeric" else "an expression"
            lines += [f"   Answer with {kind}: ______________", ""]
        else:
            if question.type == "multiple":
                lines += ["   *(Select every correct option.)*", ""]
            lines += [f"   {LETTERS[i]}) {c.text}" for i, c in enumerate(question.choices)]
            lines.append("")
    lines += ["---", "", "# Answers", ""]
    for number, item in enumerate(items, 1):
        question = item.question
        if question.free_answer:
            answer = f"`{item.key}`"
        else:
            answer = ", ".join(f"{LETTERS[i]})" for i, c in enumerate(question.choices)
                               if c.correct)
        lines += [f"**{number}.** {answer} — {question.explanation.strip()}", ""]
    return "\n".join(lines)
