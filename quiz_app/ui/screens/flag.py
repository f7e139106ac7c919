"""Flag a question for its author, with a note: "the key looks wrong", "typo in b)"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from quiz_app.ui.mathtext import escape


class FlagScreen(ModalScreen[str | None]):
    """Dismisses with the note (Enter), or None (Escape)."""

    CSS_PATH = ["../styles/dialogs.tcss"]
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question_id: str) -> None:
        super().__init__()
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        with Vertical(id="flag-dialog"):
            yield Static(f"Flag {escape(self.question_id)} for its author. What is wrong? "
                         "(Enter saves, Escape cancels)")
            yield Input(placeholder="e.g. I think b) is also right", id="flag-note")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or "(no note)")

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_and_flag(screen: Screen, progress, session, item) -> None:
    """Ask for the note; the flag is stored once given (bare tests have no progress)."""

    def flagged(note: str | None) -> None:
        if note is None:
            return
        if progress is not None:
            progress.flag(session, item, note)
        screen.notify(f"Flagged {escape(item.question.id)} for its author.")

    screen.app.push_screen(FlagScreen(item.question.id), flagged)
