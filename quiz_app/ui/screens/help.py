"""The keys, one screen away on `?`: generated from the bindings active where `?` was pressed,
so it can never disagree with what the keys do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

NOT_BINDINGS = """\
Lists: ↑ ↓ move, Enter chooses; Tab moves between parts of a screen.
Options: an option's letter or 1–9 picks it; Space toggles in a multiple-answer \
question. A command whose letter labels an option is off there (F1 still hints).
Typed answers: every key goes into the box; F1 hint, Ctrl+N next, Esc leaves it.
Marks are ✓ (right) and ✗ (wrong), never colour alone.
Escape, q or ? closes this help."""


def key_lines(screen: Screen) -> list[str]:
    """One line per action active on `screen`, with every key that runs it: the screen's
    and the App's own bindings (shown in the footer or not: Ctrl+Q is not), not a list's
    scrolling keys nor Textual's undescribed ones."""
    keys: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        own = active.node is screen or active.node is screen.app
        if not own or not active.enabled or not binding.description:
            continue
        shown = screen.app.get_key_display(Binding(key, binding.action))
        keys.setdefault(binding.description, [])
        if shown not in keys[binding.description]:
            keys[binding.description].append(shown)
    width = max((len(", ".join(k)) for k in keys.values()), default=0)
    return [f"  {', '.join(k):<{width}}  {description}" for description, k in keys.items()]


class HelpScreen(ModalScreen):
    CSS_PATH = ["../styles/dialogs.tcss"]
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, under: Screen | None = None) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        title = f"relu-quiz — keys here ({type(self.under).__name__.removesuffix('Screen')})" \
            if self.under is not None else "relu-quiz — keys"
        lines = key_lines(self.under) if self.under is not None else []
        text = "\n".join([title, "", *lines, "", NOT_BINDINGS])
        with VerticalScroll(id="help-dialog"):
            yield Static(text, id="help-text")
