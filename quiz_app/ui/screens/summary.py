"""The end of a quiz: score, per-topic table, the missed questions with their reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Static

from quiz_app.study.session import QuizSession
from quiz_app.ui.mathtext import render_markup, render_rich_markup

if TYPE_CHECKING:
    from quiz_app.ui.app import ReluQuizApp

class SummaryScreen(Screen):
    if TYPE_CHECKING:  # for mypy: the app this screen runs in is ours
        app: ReluQuizApp

    BINDINGS = [
        Binding("r", "retry", "Retry missed"),
        Binding("h", "app.go_home", "Home"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session

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
                yield Button("Retry missed (r)", id="retry", variant="primary",
                             disabled=not self.session.missed())
                yield Button("Home (h)", id="home")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#summary-topics", DataTable)
        table.add_columns("topic", "correct", "total")
        for topic, (right, total) in self.session.by_topic().items():
            table.add_row(render_rich_markup(topic), f"{right:g}", str(total))
        self.query_one("#retry" if self.session.missed() else "#home", Button).focus()

    def _missed_text(self) -> str:
        missed = self.session.missed()
        if not missed:
            return "Nothing missed. ✓"
        parts = [f"Missed ({len(missed)}):"]
        for answer in missed:
            question = answer.item.question
            parts.append(f"\n✗ {render_markup(question.prompt)}\n"
                         f"  {render_markup(question.explanation)}")
        return "\n".join(parts)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry":
            self.action_retry()
        else:
            self.app.action_go_home()

    def action_retry(self) -> None:
        items = [answer.item for answer in self.session.missed()]
        if items:
            self.app.pop_screen()
            self.app.start_quiz(items=items)
