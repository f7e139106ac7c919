"""A question's prompt, in the screen's first frame.

A prompt is Markdown, but nearly every prompt is one line of text, maths, code, bold and
emphasis, which render_markup draws exactly as a Markdown renderer would. That goes into a
Static, laid out with the rest of the screen. Textual's Markdown widget costs about 40 ms to
import (markdown-it) and lays its blocks out a frame later, so it is built only for a prompt
that needs it: block structure, links, HTML (mathtext.drawn_by_markup decides, and says no
when in doubt).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quiz_app.ui.mathtext import drawn_by_markup, render_markdown_math, render_markup


class QuestionPrompt(Vertical):
    DEFAULT_CLASSES = "question-prompt"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""  # the prompt as written, shown by one of the two children

    def compose(self) -> ComposeResult:
        yield Static("", classes="prompt-text")

    def show(self, prompt: str) -> None:
        self.text = prompt
        line = self.query_one(".prompt-text", Static)
        by_markup = drawn_by_markup(prompt)
        line.update(render_markup(prompt.strip()) if by_markup else "")
        line.display = by_markup
        for block in self.query(".prompt-markdown"):
            block.remove()  # a fresh one each time: an update before its mount would be lost
        if not by_markup:
            from textual.widgets import Markdown

            self.mount(Markdown(render_markdown_math(prompt), classes="prompt-markdown"))
