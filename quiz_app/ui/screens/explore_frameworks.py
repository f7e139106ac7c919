"""The lab's last panel: what PyTorch, JAX and TensorFlow return at the explored point, for a
function that some supported call computes (Max(0, x): torch.relu, jax.numpy.maximum, …).

Which calls compute f is sympy's work (conventions.calls_computing), so it is asked of the
frameworks' worker process (quiz_app.checker.framework_service), once per function; the frameworks
then run there too, one framework at a time. As with the analysis, only the newest inputs
are shown: a newer request cancels the older one (Textual's exclusive worker group), and a
result for inputs that are no longer the analysed ones is dropped. A function with
parameters is left out (the calls take only x). ExploreScreen builds on this class; it
lives apart to keep each file small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from quiz_app.ui.widgets.framework_panel import FrameworkPanel, by_framework

if TYPE_CHECKING:
    from quiz_app.bank.autodiff_calls import Call
    from quiz_app.bank.autodiff_table import Framework

Inputs = tuple[str, str, dict[str, str]]  # expression, point, parameter values


class ShowsFrameworks(Screen):
    shown: Inputs | None  # set by ExploreScreen: the inputs of the results on screen

    def __init__(self) -> None:
        super().__init__()
        self.framework_calls: dict[str, list[Call]] = {}  # expression → calls computing it

    if TYPE_CHECKING:
        def _left(self) -> bool: ...  # ExploreScreen's: the student left the lab

    def _frameworks_panel(self) -> FrameworkPanel:
        return self.query_one("#explore-frameworks", FrameworkPanel)

    def _hide_frameworks(self) -> None:
        self.workers.cancel_group(self, "frameworks")
        self._frameworks_panel().display = False

    def _start_frameworks(self, inputs: Inputs) -> None:
        """For the analysis just shown: at once when the calls computing f are known, else
        once the maths worker has found them (the panel is hidden until then)."""
        expression, _, params = inputs
        if params:
            self._hide_frameworks()
            return
        calls = self.framework_calls.get(expression)
        if calls is None:
            self._frameworks_panel().display = False
        asking = None if calls is None else self._begin_frameworks(calls, inputs)
        self.ask_frameworks(inputs, asking)

    def _begin_frameworks(self, calls: list[Call], inputs: Inputs) -> list[Framework]:
        """Show the panel for these inputs; the frameworks to ask (none for older inputs,
        or when no supported call computes f: then there is no panel)."""
        if self._left() or inputs != self.shown:
            return []
        calls_at = by_framework((call, inputs[1]) for call in calls)
        panel = self._frameworks_panel()
        panel.display = bool(calls_at)
        return panel.begin(calls_at) if calls_at else []

    @work(thread=True, exclusive=True, group="frameworks")
    def ask_frameworks(self, inputs: Inputs, asking: list[Framework] | None) -> None:
        from quiz_app.checker.framework_service import calls_in_worker, framework_rows_in_worker

        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        expression, point, _ = inputs
        calls = self.framework_calls.get(expression)
        if calls is None:
            calls = calls_in_worker(expression, "x", cancelled)
            if calls is None or cancelled():
                return  # not found in time: no panel, as for a function no call computes
            self.framework_calls[expression] = calls
        if asking is None:
            asking = self.app.call_from_thread(self._begin_frameworks, calls, inputs)
        calls_at = by_framework((call, point) for call in calls)
        for framework in asking or ():
            rows = framework_rows_in_worker(calls_at[framework], cancelled)
            if cancelled():
                return
            self.app.call_from_thread(self._show_framework_rows, framework, rows, inputs)

    def _show_framework_rows(self, framework: Framework, rows, inputs: Inputs) -> None:
        if not self._left() and inputs == self.shown:
            self._frameworks_panel().show_rows(framework, rows)
