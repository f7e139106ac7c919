"""Bank text is text: a table of strings that try to become markup, and the check that an
export's HTML, as its client renders it, carries none of them. Every HTML export's test
(Canvas's QTI, Moodle's XML and GIFT, Anki) puts the table in every text field."""

from __future__ import annotations

import html.parser
from pathlib import Path

STRINGS = [
    '![$" onerror="alert(1)$](x.png)',  # maths inside an image's alt attribute
    '[a link](https://example.org "$" onmouseover="alert(1)$")',  # …inside a link title
    "$<img src=x onerror=alert(1)>$",  # raw HTML inside maths
    "$$</p><script>alert(1)</script>$$",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "`$\" onload=\"$`",  # maths signs inside code
]
# What the Markdown of a bank text may legitimately produce.
SAFE_TAGS = {"p", "em", "strong", "code", "a", "img", "br", "ul", "ol", "li", "pre",
             "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead",
             "tbody", "tr", "th", "td"}


def bank(path: Path) -> Path:
    """A bank with each string in the prompt, a choice, two feedbacks, a hint and the
    explanation of one question."""
    questions = []
    for number, text in enumerate(STRINGS):
        quoted = text.replace("\\", "\\\\").replace('"', '\\"')
        questions.append(
            f'  - id: injection-{number}\n'
            f'    type: {"multiple" if number % 2 else "single"}\n'
            f'    prompt: "Prompt {quoted}"\n'
            f'    choices:\n'
            f'      - {{text: "Choice {quoted}", correct: true, feedback: "Feedback {quoted}"}}\n'
            f'      - {{text: "Other", feedback: "Other {quoted}"}}\n'
            f'    hints: ["Hint {quoted}"]\n'
            f'    explanation: "Explanation {quoted}"\n')
    path.write_text("title: Injections\nquestions:\n" + "".join(questions), encoding="utf-8")
    return path


class _StartTags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def markup_of(page_html: str, own: frozenset[str] = frozenset()) -> list[str]:
    """What in this HTML no bank text may produce: tags outside Markdown's and the
    exporter's `own` (a card template's <style>), event-handler attributes, javascript:
    links. Empty when the HTML is clean."""
    parser = _StartTags()
    parser.feed(page_html)
    problems = []
    for tag, attributes in parser.found:
        if tag not in SAFE_TAGS | own:
            problems.append(f"<{tag}>")
        for name, value in attributes:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            if (value or "").strip().lower().startswith("javascript:"):
                problems.append(f"<{tag} {name}=javascript:…>")
    return problems
