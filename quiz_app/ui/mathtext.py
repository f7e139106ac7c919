"""Bank text (Markdown with `$…$` maths) as what the screen shows, and nothing else.

Every title, topic, prompt, choice, hint, feedback and explanation passes through here, so
an author's `[bold]` or `[/link]` is shown literally and never read as Textual markup (an
unbalanced `[/bold]` would otherwise crash the screen). Markdown emphasis and code become
markup we write ourselves; maths becomes Unicode (quiz_app/ui/latex.py).

Four forms, for four kinds of widget:
- `render_markup`: Textual content markup, for Static, OptionList and friends;
- `render_markdown_math`: Markdown for the Markdown widget (maths replaced and escaped);
- `render_rich_text`: Rich Text, for OptionList options and DataTable cells;
- `render_plain`: plain text, for plot titles and notifications.

`drawn_by_markup` says when the first form is enough for a prompt (see widgets/prompt.py).
"""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text

from quiz_app.bank.printable import visible
from quiz_app.ui.latex import latex_to_unicode

MATH = r"(?<!\\)\$(?P<math>.+?)(?<!\\)\$"
CODE = r"`(?P<code>[^`]+)`"
INLINE_MATH = re.compile(MATH, re.DOTALL)
# Maths first, then code, bold and emphasis; whatever is left is plain text.
SPANS = re.compile(
    MATH + "|" + CODE
    + r"|\*\*(?P<bold>.+?)\*\*|__(?P<bold2>.+?)__"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*]*?)\*(?![\w*])|(?<!\w)_(?P<em2>[^_\s][^_]*?)_(?!\w)",
    re.DOTALL)
MATH_OR_CODE = re.compile(MATH + "|" + CODE, re.DOTALL)  # the maths the Markdown widget gets
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
ZERO_WIDTH = "\u200b"


def escape(text: str) -> str:
    """Author text made literal for Textual's and Rich's markup alike: every `[` becomes
    `\\[`; a backslash that would then touch a `[` (its own, or the tag we put after the
    text) is kept apart by a zero-width space, so it can never escape one of our tags.
    Control, bidi-override and zero-width characters are dropped first: Textual writes them
    to the terminal as they are (an ESC sequence retitles the window or writes the
    clipboard). Every text from a bank, the progress database or a cache that a widget
    shows passes through here or through the render_* forms below, which do the same."""
    text = re.sub(r"\\(?=\[|$)", "\\\\" + ZERO_WIDTH, visible(text))
    return text.replace("[", "\\[")


def math_to_unicode(latex: str) -> str:
    """`f'(x)=\\max(0,x)` → `f′(x) = max(0, x)`; see quiz_app/ui/latex.py."""
    return latex_to_unicode(latex)


def _pieces(markdown: str):
    """(kind, text) pairs: kind is math, code, bold, em or plain; without the characters
    `visible` drops."""
    markdown = visible(markdown)
    position = 0
    for match in SPANS.finditer(markdown):
        if match.start() > position:
            yield "plain", markdown[position:match.start()]
        kind = next(name for name, value in match.groupdict().items() if value is not None)
        kind = kind.rstrip("2")
        text = match.group(kind) if match.group(kind) is not None else match.group(kind + "2")
        if kind == "code" and len(text) > 2 and text[0] == text[-1] == " " and text.strip():
            text = text[1:-1]  # as in Markdown: `` ` a ` `` is the code "a"
        yield kind, text
        position = match.end()
    if position < len(markdown):
        yield "plain", markdown[position:]


UNESCAPED = r"[\\`*_{}\[\]()#+\-.!$|<>]"  # what a backslash before it makes literal, here


def _unescape(text: str) -> str:
    """Markdown's backslash escapes (`\\$`, `\\*`) show the bare character."""
    return re.sub(r"\\(" + UNESCAPED + ")", r"\1", text)


# What only a Markdown renderer draws: block structure (several lines, a heading, a quote, a
# list item, a thematic break, an indented or fenced code block); inline syntax that
# render_markup leaves as it is (links, autolinks and bare domains whose text Markdown
# decodes, HTML, entities, strike-through); and whitespace that Textual's Markdown
# collapses (two in a row, tabs, no-break spaces, control characters). Looked for in the
# prompt's skeleton: maths as the text Markdown gets, code spans as ".c.".
BLOCK_OR_LINK = re.compile(
    r"[\x00-\x1f\x7f-\x9f]|^ {4}|^\s*(#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|```|~~~)"
    r"|^\s*(?P<rule>[-*_])(\s*(?P=rule)){2,}\s*$"
    r"|[<&]|~|\]\(|\]\[|\]:|://|www\.|%[0-9A-Fa-f]{2}|xn--", re.IGNORECASE)
# A delimiter render_markup did not pair, or a backslash _unescape does not undo, is left
# to Markdown's own rules.
UNPAIRED = re.compile(r"[*_`]|\\(?!" + UNESCAPED + ")")
COLLAPSED = re.compile(r"\s\s|[^\S ]")  # in a paragraph, whose end spaces Markdown drops
DELIMITER_RUN = re.compile(r"\*+|_+")
DOLLAR = re.compile(r"(?<!\\)\$")


def _punctuation(character: str) -> bool:
    return unicodedata.category(character)[0] in "PS"


def _as_markdown_sees_it(span: re.Match) -> str:
    """Maths as the text render_markdown_math gives Markdown, each escaped character as a
    "." (punctuation that never delimits); a code span as ".c."; maths that shows nothing
    as a line break, since the spaces around it would be stripped on one side only."""
    if span.group("math") is None:
        return ".c."
    shown = math_to_unicode(span.group("math"))
    return MARKDOWN_SPECIAL.sub(".", shown) if shown.strip() else "\n"


def _runs_are_clear(skeleton: str) -> bool:
    """Each run of * or _ is one or two long and opens or closes (CommonMark's flanking
    rules), never both or neither, and they nest like brackets without a run inside its
    own kind: then Markdown pairs them as render_markup does."""
    open_runs: list[str] = []
    for run in DELIMITER_RUN.finditer(skeleton):
        before = skeleton[run.start() - 1] if run.start() else " "
        after = skeleton[run.end()] if run.end() < len(skeleton) else " "
        opens = not after.isspace() and (
            not _punctuation(after) or before.isspace() or _punctuation(before))
        closes = not before.isspace() and (
            not _punctuation(before) or after.isspace() or _punctuation(after))
        if len(run.group()) > 2 or opens == closes:
            return False
        if opens:
            if run.group() in open_runs:  # **a **b** c**: Markdown nests, markup would not
                return False
            open_runs.append(run.group())
        elif not open_runs or open_runs.pop() != run.group():
            return False
    return not open_runs


def _all_paired(markdown: str) -> bool:
    for kind, text in _pieces(markdown):
        if kind == "plain" and UNPAIRED.search(text):
            return False
        if kind in ("bold", "em") and (len(DOLLAR.findall(text)) % 2 or not _all_paired(text)):
            return False  # (a "$" pairs across its edge: maths comes first in Markdown)
    return True


def drawn_by_markup(markdown: str) -> bool:
    """True when `render_markup(markdown.strip())` shows what Textual's Markdown widget
    shows: one paragraph of text, maths, code, bold and emphasis. When in doubt, False."""
    if "``" in markdown:  # backtick strings pair by length in Markdown
        return False
    skeleton = MATH_OR_CODE.sub(_as_markdown_sees_it, markdown)
    return not BLOCK_OR_LINK.search(skeleton) and not COLLAPSED.search(skeleton.strip(" ")) \
        and _runs_are_clear(skeleton) and _all_paired(markdown)


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
        elif kind == "math":
            out.append(escape(math_to_unicode(text)))
        else:  # as it stands: parsed again on its own, "*x*" of "*x*_x_" became emphasis
            out.append(escape(_unescape(text)))
    return "".join(out)


def render_rich_text(markdown: str, end: str = "\n") -> Text:
    """Rich's markup read with its emoji codes off: an author's `:x:` is shown as typed,
    not as ❌ (Text.from_markup and DataTable's own reading of a str turn them on)."""
    return Text.from_markup(render_rich_markup(markdown), emoji=False, end=end)


def render_markdown_math(markdown: str) -> str:
    """For the Markdown widget: each `$…$` span becomes Unicode, escaped so that Markdown
    shows it as it is (a `*` or `_` in the maths is not emphasis). A code span is left alone,
    as render_markup leaves it: `` `$x$` `` shows the dollars."""
    markdown = visible(markdown)
    return MATH_OR_CODE.sub(
        lambda m: m.group(0) if m.group("math") is None else
        MARKDOWN_SPECIAL.sub(r"\\\1", math_to_unicode(m.group("math"))), markdown)
