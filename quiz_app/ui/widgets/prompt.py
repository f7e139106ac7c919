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

    def __init__(self, prompt: str = "", *, id: str | None = None) -> None:
        """`prompt`: the first question's, composed in so that the first frame shows it (a
        widget updated while its screen mounts is drawn a frame later)."""
        super().__init__(id=id)
        self.text = prompt  # the prompt as written, shown by one of the two children

    def compose(self) -> ComposeResult:
        by_markup = drawn_by_markup(self.text)
        line = Static(render_markup(self.text.strip()) if by_markup else "",
                      classes="prompt-text")
        line.display = by_markup
        yield line
        if not by_markup:
            yield self._markdown(self.text)

    def show(self, prompt: str) -> None:
        """Show `prompt` in place of the one on screen (nothing to do when it is the same)."""
        if prompt == self.text:
            return
        self.text = prompt
        line = self.query_one(".prompt-text", Static)
        by_markup = drawn_by_markup(prompt)
        line.update(render_markup(prompt.strip()) if by_markup else "")
        line.display = by_markup
        for block in self.query(".prompt-markdown"):
            block.remove()  # a fresh one each time: an update before its mount would be lost
        if not by_markup:
            self.mount(self._markdown(prompt))

    @staticmethod
    def _markdown(prompt: str):
        from textual.widgets import Markdown

        return Markdown(render_markdown_math(prompt), classes="prompt-markdown")
