"""A printable handout: the questions first, the answers and explanations at the end.

It must read the same in CommonMark, GitHub and pandoc: options are a real list (not lines
that run together into one paragraph), typed keys are maths (`$\\frac{1}{2}$`), not code.
Bank texts are Markdown and stay Markdown, but they are untrusted: raw HTML is escaped (a
`<script>` prints as text) and a line that would start a heading is escaped, so a question
cannot end the questions early with a "# Answers" of its own.
"""

from __future__ import annotations

import re

from quiz_app.bank.letters import option_letter
from quiz_app.export.common import ExportItem
from quiz_app.export.richtext import key_latex, restore, split_maths

ANSWERS_HEADING = "# Answers"
_HEADING = re.compile(r"^( {0,3})(#)", re.MULTILINE)
_SETEXT_UNDERLINE = re.compile(r"^( {0,3})([=-])(?=[=\s-]*$)", re.MULTILINE)


def safe(text: str, indent: str = "") -> str:
    """Bank Markdown with raw HTML and headings escaped, maths and code spans untouched;
    continuation lines indented by `indent` so they stay inside a list item."""
    body, spans = split_maths(text.strip(), dollars=True, protect_code=True)
    body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = _HEADING.sub(r"\1\\\2", body)
    body = _SETEXT_UNDERLINE.sub(r"\1\\\2", body)
    if indent:
        body = body.replace("\n", "\n" + indent)
    return restore(body, spans)


def _answer(item: ExportItem) -> str:
    question = item.question
    if question.free_answer:
        return f"${key_latex(item.key or '', question.variable)}$"
    return ", ".join(f"{option_letter(i)})" for i, c in enumerate(question.choices) if c.correct)


def render(items: list[ExportItem]) -> str:
    lines: list[str] = []
    current = None
    for number, item in enumerate(items, 1):
        if item.bank_title != current:
            current = item.bank_title
            lines += [f"## {safe(current)}", ""]
        question = item.question
        lines += [f"**{number}.** {safe(question.prompt)}", ""]
        if question.free_answer:
            kind = "a number" if question.type == "numeric" else "an expression"
            lines += [f"Answer with {kind}: ______________", ""]
        else:
            if question.type == "multiple":
                lines += ["*(Select every correct option.)*", ""]
            lines += [f"- {option_letter(i)}) {safe(c.text, indent='  ')}"
                      for i, c in enumerate(question.choices)]
            lines.append("")
    lines += ["---", "", ANSWERS_HEADING, ""]
    for number, item in enumerate(items, 1):
        lines += [f"**{number}.** {_answer(item)} — {safe(item.question.explanation)}", ""]
    return "\n".join(lines)
