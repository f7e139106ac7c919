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
  ?          this help            Ctrl+P  command palette
  Ctrl+Q     quit                 Escape  back or close

Home
  ↑ ↓ Enter  choose a quiz        x       explore a function
  a          quiz on everything   q       quit

A question
  ↑ ↓ Enter  move and answer      a–g 1–9 pick directly
  Space      toggle an option of a multiple-answer question
  h          next hint            e       analysis and plot
  n, Enter   next question        q       end the quiz
  r          after a wrong answer: one retry, for half credit

Explore
  Type f(x) such as Max(0, x) and a point, then Enter.
  Tab moves between fields; Presets fills in activations.

Marks are ✓ (right) and ✗ (wrong), never colour alone.
Escape, q or ? closes this help."""


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(HELP_TEXT, id="help-text")
