"""The "why" beside an answer: the checker's one-sided facts, in words (checker/words.py).

The analysis arrives from a worker, so the panel has three states: loading (an indicator,
never a frozen screen), a result, or a message when there is nothing to analyse.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import LoadingIndicator, Static

if TYPE_CHECKING:
    from quiz_app.checker.facts import Analysis


class AnalysisPanel(Vertical):
    """Its parts are made with it, not composed later, so that it can be told what to show
    the moment it is mounted (the quiz mounts it with the first answer's reveal)."""

    DEFAULT_CLASSES = "analysis-panel"

    def __init__(self, **kwargs) -> None:
        self.working = LoadingIndicator(id="analysis-loading")
        self.text = Static("", id="analysis-text")
        super().__init__(Static("Analysis", classes="panel-title"), self.working, self.text,
                         **kwargs)
        self.show_message("")

    def show_loading(self) -> None:
        self.working.display = True
        self.text.update("Working out the one-sided limits…")

    def show_message(self, text: str) -> None:
        self.working.display = False
        self.text.update(text)

    def show_analysis(self, analysis: Analysis) -> None:
        """The facts, then "Why": the checker's own working, step by step (checker/steps.py)."""
        from quiz_app.checker.words import describe

        lines = [f"• {line}" for line in describe(analysis)]
        if analysis.steps and not analysis.error:
            lines += ["", "Why, step by step (t > 0 is small):"]
            lines += [f"  {step}" for step in analysis.steps]
        self.show_message(escape("\n".join(lines)))
