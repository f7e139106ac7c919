"""The "why" beside an answer: the checker's one-sided facts, in words.

The analysis arrives from a worker, so the panel has three states: loading (an indicator,
never a frozen screen), a result, or a message when there is nothing to analyse.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static

from quiz_app.checker.facts import Analysis


def _verdict_word(holds: bool | None, yes: str, no: str) -> str:
    return {True: yes, False: no, None: f"undecided whether {yes}"}[holds]


def describe(analysis: Analysis) -> list[str]:
    """The facts as sentences a student can follow, point by point."""
    if analysis.error:
        return [analysis.error]
    a, f = analysis.point, analysis.fact
    continuous = analysis.verdict("continuous")
    differentiable = analysis.verdict("differentiable")
    lines = [
        f"f({a}) = {f('value').display()}",
        f"lim x→{a}⁻ f = {f('left_limit').display()}, lim x→{a}⁺ f = "
        f"{f('right_limit').display()}, so {_verdict_word(continuous.holds, 'continuous', 'not continuous')}"  # noqa: E501
        f" ({continuous.reason})",
        f"left derivative {f('left_derivative').display()}, right derivative "
        f"{f('right_derivative').display()}, so "
        f"{_verdict_word(differentiable.holds, 'differentiable', 'not differentiable')}"
        f" ({differentiable.reason})",
        f"f′(x) → {f('derivative_left_limit').display()} from the left and → "
        f"{f('derivative_right_limit').display()} from the right",
    ]
    if differentiable.holds:
        lines.append(f"f′({a}) = {f('derivative').display()}")
    lines.extend(f"Note: {note}" for note in analysis.notes)
    return lines


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
        self.show_message("\n".join(f"• {line}" for line in describe(analysis)))
