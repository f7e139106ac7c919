"""A prompt drawn by render_markup in a Static reads exactly as the Markdown widget draws it.

The quiz screen shows most prompts without Textual's Markdown widget, to be on screen in the
first frame (widgets/prompt.py). That is only allowed where nothing is lost, so every text
that mathtext.drawn_by_markup lets through is compared with what markdown-it (the Markdown
widget's parser, with the same preset) makes of it: the same characters, and the same ones
bold, italic or code. The bundled prompts, a table of edge cases and generated text are all
compared; the real widgets are compared on the table too.
"""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from textual.app import App
from textual.content import Content
from textual.widgets import Markdown, Static

from quiz_app.bank.discovery import discover_bank_paths
from quiz_app.bank.loader import load_banks
from quiz_app.bank.variants import expand
from quiz_app.ui.mathtext import (
    ZERO_WIDTH,
    drawn_by_markup,
    render_markdown_math,
    render_markup,
)
from quiz_app.ui.widgets.prompt import QuestionPrompt
from tests.helpers.pilot import wait_for

PARSER = MarkdownIt("gfm-like")  # what textual.widgets.Markdown uses by default


def runs_from_markdown(prompt: str) -> list[tuple[str, bool, bool]]:
    """(character, strong or code, emphasis) for each character markdown-it would show."""
    tokens = PARSER.parse(render_markdown_math(prompt))
    inline = [token for token in tokens if token.type == "inline"]
    assert len(inline) == 1 and [t.type for t in tokens] == \
        ["paragraph_open", "inline", "paragraph_close"], tokens
    shown, strong, em = [], 0, 0
    for token in inline[0].children or []:
        if token.type == "strong_open":
            strong += 1
        elif token.type == "strong_close":
            strong -= 1
        elif token.type == "em_open":
            em += 1
        elif token.type == "em_close":
            em -= 1
        elif token.type in ("link_open", "link_close") and token.markup == "linkify":
            pass  # a word that looks like a domain ("1.ba"): the same text, underlined
        elif token.type in ("text", "code_inline"):
            code = token.type == "code_inline"
            shown += [(c, bool(strong) or code, bool(em)) for c in token.content]
        else:
            raise AssertionError(f"markdown-it made a {token.type} of {prompt!r}")
    return shown


def runs_from_markup(prompt: str) -> list[tuple[str, bool, bool]]:
    content = Content.from_markup(render_markup(prompt.strip()))
    bold = [False] * len(content.plain)
    italic = [False] * len(content.plain)
    for span in content.spans:
        style = str(span.style)
        for i in range(span.start, span.end):
            bold[i] = bold[i] or style in ("b", "bold")
            italic[i] = italic[i] or style in ("i", "italic")
    # escape() keeps a backslash off our own tags with a zero-width space: nothing is drawn
    return [run for run in zip(content.plain, bold, italic) if run[0] != ZERO_WIDTH]


def bundled_prompts() -> list[str]:
    report = load_banks(list(discover_bank_paths()))
    prompts = []
    for _, _, question in report.questions:
        prompts += [variant.question.prompt for variant in expand(question)]
    return prompts


EDGE = [
    "What is $f'(0)$ for ReLU, $f(x)=\\max(0,x)$?",
    "Is **ReLU** *continuous* at $0$?",
    "Type `Max(0, x)` or **`x`** here.",
    "Which is [bold]true[/bold]? [/bold] Also $\\frac{x+|x|}{2}$ and $[x>0]$.",
    "  leading and trailing spaces  ",
    "Price is \\$5 and $x_1 * y_2$ is maths",
    "**bold with *emphasis* inside**",
    "a __strong__ and _emphasised_ word",
    "an asterisk in maths $a*b$ and code `a*b`",
    "ends with a question mark?",
    "#hashtag is not a heading",
    "1.5 is a number, not a list",
    "(x + |x|)/2 with pipes",
    "code with spaces: ` Max(0, x) `",
    "1.ba looks like a domain",
]

BLOCKS = [
    "- one\n- two",
    "1. first",
    "# Heading",
    "> quoted",
    "line one\nline two",
    "a [link](https://example.org)",
    "see https://example.org",
    "a <b>tag</b>",
    "a &amp; b",
    "~~gone~~",
    "snake_case_name",
    "a*b*c",
    "\\*not emphasis\\*",
    "```",
    "    indented code",
    "***",
    "un*paired",
    "\ta tab",
    "`a``a`",
    "**`x`**.",  # both opens and closes: Markdown's pairing rules decide
    "[]$(x)$",  # the maths completes a link
    "**[**a",  # two openers and no closer
    # found in review: nesting, collapsed whitespace, decoded link text, maths that makes
    # block syntax or an entity, emphasis across a maths edge, maths that shows nothing
    "**a **b** c**", "__a __b__ c__", "Done.  Next?", "$x$  $y$", "x\u00a0=\u00a01",
    "see wikipedia.org/wiki/Caf%C3%A9", "see xn--80ak6aa92e.com", "$x &lt; y$",
    "$+$ is plus", "$1$. first", "$2$) x", "*a$*$$x$*$*$", "$ $ a", "a $_$", "**$_$**",
    "a\r---", "a\x85b",

    "a \\~ escaped tilde",
]


@pytest.mark.parametrize("prompt", EDGE)
def test_edge_cases_are_drawn_by_markup_as_markdown_draws_them(prompt):
    assert drawn_by_markup(prompt)
    assert runs_from_markup(prompt) == runs_from_markdown(prompt)


@pytest.mark.parametrize("prompt", BLOCKS)
def test_blocks_links_and_unpaired_delimiters_go_to_markdown(prompt):
    assert not drawn_by_markup(prompt)


def test_every_bundled_prompt_is_drawn_by_markup_exactly():
    prompts = bundled_prompts()
    assert len(prompts) >= 95
    for prompt in prompts:
        assert drawn_by_markup(prompt), prompt  # the fast path is the usual one
        assert runs_from_markup(prompt) == runs_from_markdown(prompt), prompt


def test_generated_text_drawn_by_markup_reads_as_markdown_reads_it():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(PIECES)

    @settings(max_examples=600, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=14).map("".join))
    def check(prompt):
        if prompt.strip() and drawn_by_markup(prompt):
            assert runs_from_markup(prompt) == runs_from_markdown(prompt)

    check()


PIECES = ["a", "b", " ", "  ", "*", "**", "_", "__", "`", "\\", "$x$", "$a_b*c$", "$(x)$",
          "$|x|$", "$1$", "$+$", "$ $", "[", "]", "(", ")", "<", "&", "~", "#", "-", "+", ".",
          "1.", "|", "!", "?", "'", "\"", "x_1", "é", "—", "\t", "\u00a0", "%41", "**a**",
          "*b*", "_c_", "a.com"]


class Both(App):
    def compose(self):
        yield QuestionPrompt(id="prompt")
        yield Markdown(id="reference")


def generated_prompts(count: int, seed: int = 14) -> list[str]:
    """Reproducible text from the same pieces as the generated test, kept to the ones the
    Static draws: for the real Markdown widget, which is too slow for hypothesis."""
    import random

    rng = random.Random(seed)
    kept: list[str] = []
    while len(kept) < count:
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        if text.strip() and drawn_by_markup(text):
            kept.append(text)
    return kept


async def test_the_widgets_show_the_same_text():
    """The last mile: the Static's and the Markdown widget's own rendered text (Textual's
    Markdown also collapses whitespace, which markdown-it's tokens do not show)."""
    app = Both()
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.query_one(QuestionPrompt)
        reference = app.query_one("#reference", Markdown)
        for text in EDGE + bundled_prompts()[:40] + generated_prompts(150):
            prompt.show(text)
            await reference.update(render_markdown_math(text))
            await pilot.pause()
            line = prompt.query_one(".prompt-text", Static)
            assert line.display and not prompt.query(".prompt-markdown")
            shown = str(line.render()).replace(ZERO_WIDTH, "")
            expected = " ".join(str(block.render()) for block in reference.children)
            assert shown == expected


async def test_a_block_prompt_gets_the_markdown_widget_and_gives_it_back():
    app = Both()
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.query_one(QuestionPrompt)
        prompt.show("Which hold at $x=0$?\n\n- continuity\n- **differentiability**")
        markdown = prompt.query_one(".prompt-markdown", Markdown)
        await wait_for(pilot, lambda: len(markdown.query("MarkdownParagraph")) == 3)
        assert markdown.display and not prompt.query_one(".prompt-text").display
        items = [str(block.render()) for block in markdown.query("MarkdownParagraph")]
        assert items == ["Which hold at x = 0?", "continuity", "differentiability"]
        prompt.show("- a second\n- block prompt")  # straight after: not lost
        prompt.show("- a third\n- one")
        await wait_for(pilot, lambda: [str(b.render()) for b in prompt.query(
            ".prompt-markdown MarkdownParagraph")] == ["a third", "one"])
        prompt.show("Is ReLU continuous at $0$?")  # the next question: one line again
        await pilot.pause()
        assert not prompt.query(".prompt-markdown") and prompt.query_one(".prompt-text").display
        assert str(prompt.query_one(".prompt-text", Static).render()) == \
            "Is ReLU continuous at 0?"
        assert prompt.text == "Is ReLU continuous at $0$?"
