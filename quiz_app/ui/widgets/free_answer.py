"""A typed answer with live feedback on how it was read.

As the student types, a worker parses the text with the safe parser and shows
"interpreted as …" or the syntax error and its column. Enter submits; whether a typo counts
is the screen's call (it never does). A line under the box names the keys that still work
while it has the keyboard: every letter, digit and sign typed goes into the answer, the first
one too (heaviside, exp, …), so the commands there are keys nobody types (F1, Ctrl+N, Esc).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from quiz_app.ui.mathtext import escape


class FreeAnswer(Vertical):
    DEFAULT_CLASSES = "free-answer"

    class Graded(Message):
        """An answer was submitted and graded right or wrong (a typo is never sent)."""

        def __init__(self, free_answer: FreeAnswer, response: str, key: str, result) -> None:
            super().__init__()
            self.free_answer = free_answer
            self.response = response
            self.key = key
            self.result = result  # quiz_app.checker.grading's result: status, message, …

        @property
        def control(self) -> FreeAnswer:
            return self.free_answer

    KEYS_LINE = "F1: hint · Ctrl+N: next · Esc: leave the box (letters are then commands)"

    def __init__(self, question, first_try: str = "", timeout: float = 10.0,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.question = question  # quiz_app.bank.data.Question, numeric or expression
        self.kind = question.type
        self.variable = question.variable
        self.timeout = timeout
        self.first_try = first_try  # during a retry: the wrong first answer, not accepted again

    def compose(self) -> ComposeResult:
        forbid = self.question.forbid
        if self.kind == "numeric":
            hint = "a number or exact value: 1/2, 0.5, inf"
        elif forbid:  # the usual example may be one of them: the rule is said below instead
            hint = f"an expression in {self.variable}"
        else:
            hint = f"an expression in {self.variable}, e.g. Heaviside({self.variable})"
        yield Input(placeholder=f"Type {hint}, then Enter", id="free-input",
                    select_on_focus=False)
        yield Static("", id="free-interpreted")
        if forbid:
            yield Static(f"Not allowed in this answer: {', '.join(forbid)}", id="free-forbid")
        if self.first_try:
            yield Static(f"✗ first try: {escape(self.first_try)}", id="free-first-try")
        yield Static(self.KEYS_LINE, id="free-keys")

    def focus(self, scroll_visible: bool = True):
        return self.query_one(Input).focus(scroll_visible)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.interpret(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() == self.first_try.strip() and self.first_try:
            self.say("✗ that is your first answer again; try another")
        elif event.value.strip():
            self.say("checking…")
            self.grade(event.value)

    @work(thread=True, exclusive=True, group="grade")
    def grade(self, response: str) -> None:
        """sympy equivalence in the warm worker, under the time limit; the key may need the
        analysis first. An answer that cannot be graded in time gets no mark at all."""
        from types import SimpleNamespace

        from quiz_app.checker.service import grade_in_worker

        question = self.question
        key = question.answer or self._computed_key()
        if key is None:
            self.app.call_from_thread(self.say, "✗ the key could not be computed; skipping")
            return
        reply = grade_in_worker(response, key, question.type, question.variable,
                                question.domain, question.tolerance, question.accept,
                                question.reject, self.timeout, question.forbid)
        if reply is None:
            self.app.call_from_thread(self.say, "could not check this answer (time limit "
                                      f"{self.timeout:g} s): no mark; try writing it again")
            return
        result = SimpleNamespace(**reply)
        if result.status == "invalid":  # a typo is pointed out, never counted
            self.app.call_from_thread(self.say, f"✗ {result.message}")
        else:
            self.post_message(self.Graded(self, response, key, result))

    def _computed_key(self) -> str | None:
        from quiz_app.checker.service import computed_key_for_display

        return computed_key_for_display(self.question, self.timeout)

    @work(thread=True, exclusive=True, group="interpret")
    def interpret(self, text: str) -> None:
        from quiz_app.checker.expr import ExpressionError
        from quiz_app.checker.grading import interpret, show

        if not text.strip():
            message = ""
        else:
            try:
                read = interpret(text, self.kind, self.variable, self.question.forbid)
                message = f"interpreted as: {show(read)}"
            except ExpressionError as exc:
                message = f"✗ {exc}"
        self.app.call_from_thread(self.say, message)

    def say(self, message: str) -> None:
        """Messages quote the student's text: it is shown literally, never as markup."""
        self.query_one("#free-interpreted", Static).update(escape(message))

    def freeze(self) -> None:
        self.query_one(Input).disabled = True

    def type_key(self, character: str) -> None:
        """A key typed while the box did not have the keyboard: take it, and the keyboard."""
        box = self.query_one(Input)
        if not box.disabled:
            box.focus()
            box.insert_text_at_cursor(character)
