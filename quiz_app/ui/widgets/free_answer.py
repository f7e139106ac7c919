"""A typed answer with live feedback on how it was read.

As the student types, a worker parses the text with the safe parser and shows
"interpreted as …" or the syntax error and its column. Enter submits; whether a typo counts
is the screen's call (it never does).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static


class FreeAnswer(Vertical):
    DEFAULT_CLASSES = "free-answer"

    class Submitted(Message):
        """The student pressed Enter on a non-empty answer."""

        def __init__(self, free_answer: FreeAnswer, response: str) -> None:
            super().__init__()
            self.free_answer = free_answer
            self.response = response

        @property
        def control(self) -> FreeAnswer:
            return self.free_answer

    def __init__(self, kind: str, variable: str = "x", **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self.variable = variable

    def compose(self) -> ComposeResult:
        hint = "a number or exact value: 1/2, 0.5, inf" if self.kind == "numeric" else \
            f"an expression in {self.variable}, e.g. Heaviside({self.variable})"
        yield Input(placeholder=f"Type {hint}, then Enter", id="free-input")
        yield Static("", id="free-interpreted")

    def focus(self, scroll_visible: bool = True):
        return self.query_one(Input).focus(scroll_visible)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.interpret(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(self.Submitted(self, event.value))

    @work(thread=True, exclusive=True, group="interpret")
    def interpret(self, text: str) -> None:
        from quiz_app.checker.expr import ExpressionError
        from quiz_app.checker.grading import interpret, show

        if not text.strip():
            message = ""
        else:
            try:
                message = f"interpreted as: {show(interpret(text, self.kind, self.variable))}"
            except ExpressionError as exc:
                message = f"✗ {exc}"
        self.app.call_from_thread(self.say, message)

    def say(self, message: str) -> None:
        self.query_one("#free-interpreted", Static).update(message)

    def freeze(self) -> None:
        self.query_one(Input).disabled = True
