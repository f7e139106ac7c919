"""f and f′ near the point, in two panels side by side, drawn with plotext.

Two panels, not one: where f and f′ coincide (both 0 left of ReLU's corner) one curve would
hide the other, and leaky ReLU would look exactly like ReLU. Ticks are round numbers
(1, 2 or 5 times a power of ten); the title is a line of its own that is cut with "…"
rather than lost; a message replaces the pictures when sampling failed or ran out of time.

The two plotext panels are built with the first picture, not with the screen: importing
plotext costs about 30 ms, and a quiz's first question (which shows no plot) is on screen
sooner without it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from quiz_app.ui.mathtext import escape

if TYPE_CHECKING:  # sampling imports sympy, which must stay off the start path
    from textual_plotext import PlotextPlot

    from quiz_app.checker.sampling import Samples


def segments(xs: list[float], ys: list[float]):
    """Runs of defined values, so gaps (an undefined f′ at a corner) stay gaps."""
    run_x: list[float] = []
    run_y: list[float] = []
    for x, y in zip(xs, ys):
        if math.isnan(y):
            if run_x:
                yield run_x, run_y
            run_x, run_y = [], []
        else:
            run_x.append(x)
            run_y.append(y)
    if run_x:
        yield run_x, run_y


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """At most `most` round ticks covering [low, high]: steps of 1, 2 or 5 × 10ᵏ."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high - low < 1e-12:
        low, high = low - 1, high + 1
    raw = (high - low) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9 * step:
        ticks.append(0.0 if abs(value) < step * 1e-9 else round(value, 12))
        value += step
    return ticks


def tick_label(value: float) -> str:
    return f"{value:g}".replace("-", "−")


class FunctionPlot(Vertical):
    """Its title and the box for the panels are made with it (not composed later), so that
    it can show a message the moment it is mounted."""

    DEFAULT_CLASSES = "function-plot"

    def __init__(self, **kwargs) -> None:
        self.title_line = Static("", classes="plot-title")
        self.box = Horizontal(classes="plot-panels")
        super().__init__(self.title_line, self.box, **kwargs)

    def panels(self) -> tuple[PlotextPlot, PlotextPlot] | None:
        """The f and f′ panels, built on first use (see the module's docstring); None while
        the plot is being removed, when Textual mounts nothing (a late picture)."""
        from textual_plotext import PlotextPlot

        box = self.box
        if not box.is_attached:
            return None
        if not box.children:
            box.mount(PlotextPlot(classes="plot-f"), PlotextPlot(classes="plot-f-prime"))
        f_panel, f_prime_panel = box.query(".plot-f"), box.query(".plot-f-prime")
        if not (f_panel and f_prime_panel):
            return None
        return f_panel.first(PlotextPlot), f_prime_panel.first(PlotextPlot)

    def show_message(self, text: str) -> None:
        """No pictures, a sentence instead (e.g. "could not sample f near 0 in 5 s")."""
        self.title_line.update(escape(text))
        box = self.box
        box.display = False
        panels = self.panels() if box.children else None
        for plot in panels or ():
            plot.plt.clear_data()
            plot.plt.clear_figure()
            plot.refresh()

    def show_samples(self, samples: Samples, title: str = "", derivative: bool = True) -> None:
        """Draw f, and f′ unless `derivative` is False (a graph shown before the answer must
        not give the slope away)."""
        title = title or (f"f(x) = {samples.formula}" if samples.formula else
                          "f near the point")
        if samples.cut_short:
            title += "  (could not sample every point in time)"
        self.title_line.update(escape(title))
        panels = self.panels()
        if panels is None:
            return
        self.box.display = True
        f_panel, f_prime_panel = panels
        f_prime_panel.display = derivative
        finite = [y for y in samples.f + samples.f_prime if math.isfinite(y)]
        for plot, ys, name in ((f_panel, samples.f, "f"), (f_prime_panel, samples.f_prime, "f′")):
            plt = plot.plt
            plt.clear_data()
            plt.clear_figure()
            plt.title(f"{name}(x)")
            for xs, run in segments(samples.xs, ys):
                plt.plot(xs, run, marker="braille")
            if name == "f" and math.isfinite(samples.value_at_point):
                plt.scatter([samples.point], [samples.value_at_point], marker="●")
            if samples.xs:
                ticks = nice_ticks(samples.xs[0], samples.xs[-1])
                plt.xticks(ticks, [tick_label(t) for t in ticks])
            own = [y for y in ys if math.isfinite(y)] or finite
            if own:
                low, high = min(own), max(own)
                ticks = nice_ticks(low, high, 4)
                plt.yticks(ticks, [tick_label(t) for t in ticks])
                margin = max((high - low) * 0.1, 0.5)
                plt.ylim(low - margin, high + margin)
            plt.xlabel("x")
            plot.refresh()
