"""Bank texts (Markdown with `$…$` maths) as the HTML that Anki and Moodle display.

Anki's MathJax reads only `\\(…\\)` and `\\[…\\]`, and Moodle's MathJax filter only those and
`$$`, so `$…$` must be rewritten. The maths is cut out *before* the Markdown renderer runs
(which would eat the backslashes of `\\{` or the underscores of `x_1`) and put back, HTML
escaped, afterwards. Code spans are left alone: `$` inside backticks is not maths.
"""

from __future__ import annotations

import functools
import re
from html import escape

from quiz_app.bank.printable import visible

# Pandoc's rule for inline maths: `$` followed by a non-space, closed by a `$` preceded by a
# non-space and not followed by a digit ("$5 and $6" is money, not maths). `\$` is a dollar.
_PIECES = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<escaped>\\\$)"
    r"|\$\$(?P<display>.+?)\$\$"
    r"|\$(?P<inline>[^\s$](?:[^$]*?[^\s\\$])?)\$(?!\d)",
    re.DOTALL,
)
_PLACEHOLDER = "\ue000{}\ue001"
_PLACEHOLDER_RE = re.compile("\ue000(\\d+)\ue001")
# XML 1.0 forbids these (beyond the controls), and one makes a whole Moodle file unreadable.
_NONCHARACTERS = re.compile("[\ufffe\uffff]")


def split_maths(text: str, dollars: bool = False, protect_code: bool = False
                ) -> tuple[str, list[str]]:
    """The text with each maths span replaced by a placeholder, and the spans: as `\\(…\\)`
    / `\\[…\\]`, or as `$…$` / `$$…$$` with `dollars`. With `protect_code`, code spans are
    cut out too (and come back unchanged), so that escaping the rest cannot touch them."""
    spans: list[str] = []

    def cut(match: re.Match) -> str:
        if match.group("escaped") or match.group("code") and not protect_code:
            return match.group(0)
        if match.group("code"):
            spans.append(match.group(0))
        elif match.group("display") is not None:
            body = match.group("display")
            spans.append(f"$${body}$$" if dollars else f"\\[{body}\\]")
        else:
            body = match.group("inline")
            spans.append(f"${body}$" if dollars else f"\\({body}\\)")
        return _PLACEHOLDER.format(len(spans) - 1)

    return _PIECES.sub(cut, text.replace("\ue000", "").replace("\ue001", "")), spans


def restore(body: str, spans: list[str], transform=lambda span: span) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: transform(spans[int(m.group(1))]), body)


def latex_delimiters(text: str) -> str:
    """Plain text with `$…$` → `\\(…\\)` and `$$…$$` → `\\[…\\]`, nothing else changed."""
    return restore(*split_maths(text))


def without_control_characters(text: str) -> str:
    """What every exported text passes through: no control, bidi-override or zero-width
    character (which `check` reports as errors, but `--force` exports anyway) reaches an
    LMS, a card or a page, and nothing XML forbids."""
    return _NONCHARACTERS.sub("\ufffd", visible(text))


@functools.cache
def _renderer():
    from markdown_it import MarkdownIt

    # "commonmark" with raw HTML off: a bank text can never inject <script> into a card.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(text: str, inline: bool = False) -> str:
    """Markdown → HTML with MathJax delimiters. `inline` drops the wrapping <p> for short
    texts such as an option, which sit inside a list item."""
    body, spans = split_maths(without_control_characters(text))
    html = _renderer().renderInline(body) if inline else _renderer().render(body).strip()
    # Quotes too: a span can land inside an attribute (an image's alt, a link's title),
    # where an unescaped `"` would end it and start one of the author's own.
    return restore(html, spans, escape)


def key_latex(key: str, variable: str = "x") -> str:
    """A typed key as LaTeX (`1/(1 + exp(-x))` → `\\frac{1}{1 + e^{- x}}`), for display."""
    from quiz_app.checker.expr import ExpressionError, parse_expression

    try:
        import sympy

        return sympy.latex(parse_expression(key, variable))
    except (ExpressionError, ValueError, TypeError):
        return key
