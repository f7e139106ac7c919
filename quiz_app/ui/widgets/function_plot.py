"""f and f′ near the point, drawn with plotext, as the seed notebook plots them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual_plotext import PlotextPlot

if TYPE_CHECKING:  # sampling imports sympy, which must stay off the start path
    from quiz_app.checker.sampling import Samples


def _segments(xs: list[float], ys: list[float]):
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


class FunctionPlot(PlotextPlot):
    DEFAULT_CLASSES = "function-plot"

    def show_samples(self, samples: Samples, title: str = "") -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title or "f (solid) and f′ (dots) near the point")
        for i, (xs, ys) in enumerate(_segments(samples.xs, samples.f)):
            plt.plot(xs, ys, marker="braille", label="f" if i == 0 else None)
        for i, (xs, ys) in enumerate(_segments(samples.xs, samples.f_prime)):
            plt.scatter(xs, ys, marker="dot", label="f′" if i == 0 else None)
        if not math.isnan(samples.value_at_point):
            plt.scatter([samples.point], [samples.value_at_point], marker="●",
                        label=f"x = {samples.point:g}")
        plt.xlabel("x")
        self.refresh()
