"""A printable handout: the questions first, the answers and explanations at the end.

It must read the same in CommonMark, GitHub and pandoc: options are a real list (not lines
that run together into one paragraph), typed keys are maths (`$\\frac{1}{2}$`), not code.
Bank texts are Markdown and stay Markdown, but they are untrusted: raw HTML is escaped (a
`<script>` prints as text) and a line that would start a heading is escaped, so a question
cannot end the questions early with a "# Answers" of its own. Maths and code spans are kept
as written but made inert: a span's line breaks become spaces (CommonMark reads blocks
before spans, so a line inside one could start a heading), and in maths a `<` or `&` that
could open a tag or an entity gets a space after it (`$a<b$` and `$a < b$` are one formula).
"""

from __future__ import annotations

import re

from quiz_app.bank.letters import option_letter
from quiz_app.export.common import ExportItem
from quiz_app.export.richtext import (
    key_latex,
    restore,
    split_maths,
    without_control_characters,
)

ANSWERS_HEADING = "# Answers"
_HEADING = re.compile(r"^( {0,3})(#)", re.MULTILINE)
_SETEXT_UNDERLINE = re.compile(r"^( {0,3})([=-])(?=[=\s-]*$)", re.MULTILINE)
_MARKUP_START = re.compile(r"([<&])(?=[A-Za-z/!?#])")  # what CommonMark reads as a tag or entity


def _inert(span: str) -> str:
    """A maths or code span that no Markdown or HTML reader can take for markup."""
    span = span.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return span if span.startswith("`") else _MARKUP_START.sub(r"\1 ", span)


def safe(text: str, indent: str = "") -> str:
    """Bank Markdown with raw HTML and headings escaped, maths and code spans inert;
    continuation lines indented by `indent` so they stay inside a list item."""
    text = without_control_characters(text)
    body, spans = split_maths(text.strip(), dollars=True, protect_code=True)
    body = body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = _HEADING.sub(r"\1\\\2", body)
    body = _SETEXT_UNDERLINE.sub(r"\1\\\2", body)
    if indent:
        body = body.replace("\n", "\n" + indent)
    return restore(body, spans, _inert)


def _answer(item: ExportItem) -> str:
    question = item.question
    if question.free_answer:
        return f"${key_latex(item.key or '', question.variable)}$"
    return ", ".join(f"{option_letter(i)})" for i, c in enumerate(item.shown_choices)
                     if c.correct)


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
                      for i, c in enumerate(item.shown_choices)]
            lines.append("")
    lines += ["---", "", ANSWERS_HEADING, ""]
    for number, item in enumerate(items, 1):
        lines += [f"**{number}.** {_answer(item)} — {safe(item.question.explanation)}", ""]
    return "\n".join(lines)
