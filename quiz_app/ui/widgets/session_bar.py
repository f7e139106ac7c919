"""How far through the session the student is, as Textual's ProgressBar draws it.

One widget instead of Textual's ProgressBar, which is four (a bar, a percentage and a
hidden ETA with its clock) and cost the first question about 6 ms to compose and style.
The bar and the percentage are drawn exactly as it draws them (the quiz snapshots hold it
to that), with its component classes, styled in quiz.tcss.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.widget import Widget

BAR_WIDTH = 32  # Textual's Bar
PERCENT_WIDTH = 5  # Textual's PercentageStatus, right-aligned


class SessionBar(Widget, can_focus=False):
    COMPONENT_CLASSES = {"bar--bar", "bar--complete"}

    progress: reactive[float] = reactive(0.0)

    def __init__(self, total: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.total = total

    def update(self, progress: float) -> None:
        self.progress = progress

    @property
    def fraction(self) -> float:
        """As ProgressBar's percentage: all done when there is nothing to do."""
        return min(max(self.progress / self.total, 0.0), 1.0) if self.total else 1.0

    def get_content_width(self, container, viewport) -> int:
        return BAR_WIDTH + PERCENT_WIDTH

    def render(self) -> _BarAndPercent:
        fraction = self.fraction
        style = self.get_component_rich_style("bar--bar" if fraction < 1 else "bar--complete")
        drawn = int(fraction * BAR_WIDTH * 2) / (BAR_WIDTH * 2)  # Bar's half-cell steps
        bar = Bar(highlight_range=(0, BAR_WIDTH * drawn), width=BAR_WIDTH,
                  highlight_style=Style.from_color(style.color),
                  background_style=Style.from_color(style.bgcolor))
        return _BarAndPercent(bar, f"{round(fraction * 100)}%".rjust(PERCENT_WIDTH))


class _BarAndPercent:
    def __init__(self, bar: Bar, percent: str) -> None:
        self.bar, self.percent = bar, percent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.bar.__rich_console__(console, options)
        yield Text(self.percent, end="")
