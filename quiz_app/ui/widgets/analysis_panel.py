"""The "why" beside an answer: the checker's one-sided facts, in words (checker/words.py).

The analysis arrives from a worker, so the panel has three states: loading (an indicator,
never a frozen screen), a result, or a message when there is nothing to analyse.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import LoadingIndicator, Static

from quiz_app.checker.facts import Analysis
from quiz_app.checker.words import describe


class AnalysisPanel(Vertical):
    DEFAULT_CLASSES = "analysis-panel"

    def compose(self) -> ComposeResult:
        yield Static("Analysis", classes="panel-title")
        yield LoadingIndicator(id="analysis-loading")
        yield Static("", id="analysis-text")

    def on_mount(self) -> None:
        self.show_message("")

    def show_loading(self) -> None:
        self.query_one("#analysis-loading").display = True
        self.query_one("#analysis-text", Static).update("Working out the one-sided limits…")

    def show_message(self, text: str) -> None:
        self.query_one("#analysis-loading").display = False
        self.query_one("#analysis-text", Static).update(text)

    def show_analysis(self, analysis: Analysis) -> None:
        """The facts, then "Why": the checker's own working, step by step (checker/steps.py)."""
        lines = [f"• {line}" for line in describe(analysis)]
        if analysis.steps and not analysis.error:
            lines += ["", "Why, step by step (t > 0 is small):"]
            lines += [f"  {step}" for step in analysis.steps]
        self.show_message(escape("\n".join(lines)))
