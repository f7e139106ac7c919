"""The end of a quiz: score, per-topic table, the missed questions with your answer beside
the right one. A "Study now" session ends with "Continue (N more)" or "Stop"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Static

from quiz_app.study.session import QuizSession
from quiz_app.ui import requests
from quiz_app.ui.feedback import choice_outcome, typed_outcome
from quiz_app.ui.mathtext import escape, render_markup, render_rich_text

if TYPE_CHECKING:
    from quiz_app.ui.app import ReluQuizApp


class SummaryScreen(Screen):
    CSS_PATH = ["../styles/summary.tcss"]
    if TYPE_CHECKING:  # for mypy: the app this screen runs in is ours
        app: ReluQuizApp

    BINDINGS = [
        Binding("r", "retry", "Retry missed"),
        Binding("c", "continue", "Continue"),
        Binding("h", "app.go_home", "Home"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: QuizSession, length: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.length = length  # the next "Study now" session's length

    @property
    def continues(self) -> bool:
        return self.session.kind in ("study", "review")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Continue only after a study or review session; Retry missed only when something
        was missed (the footer lists neither otherwise)."""
        if action == "continue":
            return self.continues
        if action == "retry":
            return bool(self.session.missed())
        return True

    def compose(self) -> ComposeResult:
        answered = len(self.session.answers)
        score = self.session.score
        percent = f" ({int(100 * score / answered)}%)" if answered else ""
        yield Header()
        with VerticalScroll(id="summary-body"):
            yield Static(f"Score: {score:g} of {answered}{percent}", id="summary-score")
            yield DataTable(id="summary-topics", cursor_type="none", zebra_stripes=True)
            yield Static(self._missed_text(), id="summary-missed")
            with Horizontal(id="summary-actions"):
                if self.continues:
                    more = "all the rest" if self.length is None else f"{self.length} more"
                    yield Button(f"Continue ({more}) (c)", id="continue", variant="primary")
                if self.session.missed():
                    yield Button("Retry missed (r)", id="retry",
                                 variant="default" if self.continues else "primary")
                yield Button("Stop (h)" if self.continues else "Home (h)", id="home")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#summary-topics", DataTable)
        table.add_columns("topic", "correct", "total")
        for topic, (right, total) in self.session.by_topic().items():
            table.add_row(render_rich_text(topic, end=""), f"{right:g}", str(total))
        first = "#continue" if self.continues else (
            "#retry" if self.session.missed() else "#home")
        self.query_one(first, Button).focus(scroll_visible=False)  # the score stays in view

    def _missed_text(self) -> str:
        missed = self.session.missed()
        if not missed:
            return "Nothing missed. ✓"
        parts = [f"Missed ({len(missed)}):"]
        for answer in missed:
            question = answer.item.question
            parts.append(f"\n✗ {render_markup(question.prompt)}\n"
                         f"  {self._yours_and_right(answer)}\n"
                         f"  {render_markup(question.explanation)}")
        return "\n".join(parts)

    def _yours_and_right(self, answer) -> str:
        question = answer.item.question
        if question.free_answer:
            yours = f"You typed {escape(answer.response)}" if answer.response else \
                "You did not answer."
            if not question.answer:
                return f"{yours} · The right answer is worked out in the explanation."
            return f"{yours} · {typed_outcome(answer, question.answer).key}"
        order = self.session.order_of(self.session.items.index(answer.item))
        outcome = choice_outcome(answer, order)
        return f"{outcome.yours} · {outcome.key}"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry":
            self.action_retry()
        elif event.button.id == "continue":
            self.action_continue()
        else:
            self.post_message(requests.HomeRequested())

    def action_continue(self) -> None:
        """The next session takes this screen's place (ReluQuizApp.run_session); if there
        is nothing left to study, this summary stays, with the notice saying so."""
        self.post_message(requests.StudyRequested())

    def action_retry(self) -> None:
        items = [answer.item for answer in self.session.missed()]
        if items:
            self.post_message(requests.QuizRequested(items=items))
