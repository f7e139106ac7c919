"""Moodle's GIFT text format.

Texts are rendered to HTML (the `[html]` markup) with maths in `\\(…\\)`, as in the Moodle
XML export: GIFT's `[markdown]` goes through Moodle's Markdown, which strips the backslash
from `\\(` and breaks LaTeX. Then every text is escaped for GIFT: the backslash itself first,
then `~ = # { } :`, and newlines as `\\n` (a blank line would end the question).

Choices are written in the forms Moodle's own GIFT exporter writes: a single-answer
question's right option as `=text`, a wrong one as `~text`, and a multiple-answer
question's options with their weights, `~%50%text` and `~%-100%text`. (Moodle reads `=` as
full marks and keeps whatever follows as the text, so `=%100%text` showed "%100%text".) A
`%` in a text becomes the character reference `&#37;`, so no text can be read as a weight.
Numbers are plain decimals, since parsers misread `1e-08`. Expression answers and keys that
are not finite real numbers have no GIFT form and are skipped with the reason.
"""

from __future__ import annotations

from quiz_app.checker.tolerance import export_tolerance, within
from quiz_app.export.common import (
    ExportItem,
    fractions,
    numeric_value,
    plain_decimal,
    why_not_numeric,
)
from quiz_app.export.richtext import to_html

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    for character in SPECIAL:
        text = text.replace(character, "\\" + character)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _weight(value: float) -> str:
    return f"%{value:.7g}%"  # Moodle snaps to its grade list (33.33333, 16.66667, …)


def _html(text: str, inline: bool = False) -> str:
    """A bank text as escaped GIFT HTML. Braces become the character references `&#123;`
    and `&#125;`, which HTML (and MathJax, reading the page) sees as `{` and `}`: some GIFT
    parsers (pygiftparser) end an answer at an escaped `\\}`, and references parse alike
    everywhere. `%` becomes `&#37;`, so an option's text is never read as its weight."""
    html = to_html(text, inline=inline)
    for character, reference in (("{", "&#123;"), ("}", "&#125;"), ("%", "&#37;")):
        html = html.replace(character, reference)
    return escape(html)


def render_item(item: ExportItem) -> tuple[str | None, str | None]:
    """(one GIFT block, None) or (None, the reason the question has no GIFT form)."""
    question = item.question
    head = f"::{escape(item.export_id)}::[html]{_html(question.prompt)}"
    general = f"####{_html(question.explanation)}"
    if question.type == "expression":
        return None, "GIFT has no equivalence-graded answer for an expression; use " \
            "--format moodle-xml --stack"
    if question.type == "numeric":
        value = numeric_value(item.key or "")
        if value is None:
            return None, why_not_numeric(item.key)
        tolerance = export_tolerance(question.tolerance, value)
        answers = [f"    =%100%{plain_decimal(value)}:{plain_decimal(tolerance)}"]
        for known in question.reject:
            wrong = numeric_value(known.answer)
            if wrong is not None and not within(wrong, value, tolerance):
                feedback = f"#{_html(known.feedback)}" if known.feedback else ""
                answers.append(f"    =%0%{plain_decimal(wrong)}:{plain_decimal(tolerance)}"
                               f"{feedback}")
        return head + " {#\n" + "\n".join(answers) + f"\n    {general}\n}}", None
    answers = []
    for choice, weight in zip(question.choices, fractions(question)):
        feedback = f"#{_html(choice.feedback)}" if choice.feedback else ""
        # Moodle makes a question single-answer when an answer starts with "=".
        if question.type == "single":
            mark = "=" if choice.correct else "~"
        else:
            mark = "~" + _weight(weight)
        answers.append(f"    {mark}{_html(choice.text, inline=True)}{feedback}")
    return head + " {\n" + "\n".join(answers) + f"\n    {general}\n}}", None


def render(items: list[ExportItem]) -> tuple[str, list[tuple[str, str]]]:
    blocks: list[str] = []
    skipped: list[tuple[str, str]] = []
    for item in items:
        block, reason = render_item(item)
        if block is None:
            skipped.append((item.export_id, reason or "no GIFT form"))
        else:
            blocks.append(block)
    return "\n\n".join(blocks) + "\n", skipped
