"""The keys, one screen away on `?` from anywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP_TEXT = """\
relu-quiz — keys

Everywhere
  ?            this help              Ctrl+P   command palette
  Ctrl+Q       quit                   Escape   back / close

Home
  ↑ ↓ Enter    choose a quiz          x        explore a function
  a            quiz on everything     q        quit

A question
  ↑ ↓ Enter    move and answer        1–9, a–g pick an option directly
  Space        toggle (multiple-answer questions), then Enter
  h            next hint              e        show/hide analysis and plot
  n or Enter   next question          q        end the quiz (asks first)

Explore
  Type an expression such as Max(0, x), a point, then Enter.
  Tab moves between fields; the preset list fills in common activations.

Marks are ✓ (right) and ✗ (wrong), never colour alone.
Press Escape, q or ? to close."""


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(HELP_TEXT, id="help-text")

    def action_dismiss(self) -> None:
        self.dismiss()
