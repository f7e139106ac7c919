"""Bank text (Markdown with `$…$` maths) as what the screen shows, and nothing else.

Every title, topic, prompt, choice, hint, feedback and explanation passes through here, so
an author's `[bold]` or `[/link]` is shown literally and never read as Textual markup (an
unbalanced `[/bold]` would otherwise crash the screen). Markdown emphasis and code become
markup we write ourselves; maths becomes Unicode (quiz_app/ui/latex.py).

Three forms, for three kinds of widget:
- `render_markup`: Textual content markup, for Static, OptionList and friends;
- `render_markdown_math`: Markdown for the Markdown widget (maths replaced and escaped);
- `render_plain`: plain text, for plot titles and notifications.
"""

from __future__ import annotations

import re

from quiz_app.ui.latex import latex_to_unicode

INLINE_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
# Maths first, then code, bold and emphasis; whatever is left is plain text.
SPANS = re.compile(
    r"(?<!\\)\$(?P<math>.+?)(?<!\\)\$"
    r"|`(?P<code>[^`]+)`"
    r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?![\w*])|(?<!\w)_(?P<em2>[^_\s][^_]*?)_(?!\w)",
    re.DOTALL)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
ZERO_WIDTH = "\u200b"


def escape(text: str) -> str:
    """Author text made literal for Textual's and Rich's markup alike: every `[` becomes
    `\\[`; a backslash that would then touch a `[` (its own, or the tag we put after the
    text) is kept apart by a zero-width space, so it can never escape one of our tags."""
    text = re.sub(r"\\(?=\[|$)", "\\\\" + ZERO_WIDTH, text)
    return text.replace("[", "\\[")


def math_to_unicode(latex: str) -> str:
    """`f'(x)=\\max(0,x)` → `f′(x) = max(0, x)`; see quiz_app/ui/latex.py."""
    return latex_to_unicode(latex)


def _pieces(markdown: str):
    """(kind, text) pairs: kind is math, code, bold, em or plain."""
    position = 0
    for match in SPANS.finditer(markdown):
        if match.start() > position:
            yield "plain", markdown[position:match.start()]
        kind = next(name for name, value in match.groupdict().items() if value is not None)
        kind = kind.rstrip("2")
        yield kind, match.group(kind) if match.group(kind) is not None else match.group(kind + "2")
        position = match.end()
    if position < len(markdown):
        yield "plain", markdown[position:]


def _unescape(text: str) -> str:
    """Markdown's backslash escapes (`\\$`, `\\*`) show the bare character."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!$|<>])", r"\1", text)


def render_plain(markdown: str) -> str:
    """The text a student reads, without any styling: maths in Unicode, no `**` or backticks."""
    out = []
    for kind, text in _pieces(markdown):
        if kind == "math":
            out.append(math_to_unicode(text))
        elif kind in ("bold", "em"):
            out.append(render_plain(text))
        elif kind == "code":
            out.append(text)
        else:
            out.append(_unescape(text))
    return "".join(out)


def render_markup(markdown: str) -> str:
    """Textual content markup: the author's text escaped, our own styles for emphasis."""
    out = []
    for kind, text in _pieces(markdown):
        if kind == "math":
            out.append(escape(math_to_unicode(text)))
        elif kind == "bold":
            out.append(f"[b]{render_markup(text)}[/b]")
        elif kind == "em":
            out.append(f"[i]{render_markup(text)}[/i]")
        elif kind == "code":
            out.append(f"[b]{escape(text)}[/b]")
        else:
            out.append(escape(_unescape(text)))
    return "".join(out)


def render_rich_markup(markdown: str) -> str:
    """The same for Rich's markup (DataTable cells and Text.from_markup use Rich, not Textual);
    maths, bold and emphasis only, which both markups spell alike."""
    out = []
    for kind, text in _pieces(markdown):
        if kind in ("bold", "code"):
            out.append(f"[b]{escape(render_plain(text) if kind == 'bold' else text)}[/b]")
        elif kind == "em":
            out.append(f"[i]{escape(render_plain(text))}[/i]")
        else:
            out.append(escape(render_plain(f"${text}$" if kind == "math" else text)))
    return "".join(out)


def render_markdown_math(markdown: str) -> str:
    """For the Markdown widget: each `$…$` span becomes Unicode, escaped so that Markdown
    shows it as it is (a `*` or `_` in the maths is not emphasis)."""
    return INLINE_MATH.sub(lambda m: MARKDOWN_SPECIAL.sub(r"\\\1", math_to_unicode(m.group(1))),
                           markdown)
