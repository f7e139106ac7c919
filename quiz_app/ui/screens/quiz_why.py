"""The quiz screen's "why", after an answer: the analysis and the plot of f and f′, for a
question whose choices make global claims (convex, 1-Lipschitz, range, …) their proofs in
words, and for one whose choices make `autodiff` claims, what the frameworks return.

They need sympy or the frameworks, so they come from thread workers (never on the start
path), and their panels are mounted with the first reveal rather than with the screen. The
proofs and the frameworks wait for the reveal: during a retry they would give the key away.
QuizScreen builds on this class; it lives apart to keep each file small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from quiz_app.ui.screens import quiz_state
from quiz_app.ui.screens.quiz_state import ANSWERING, Phase

if TYPE_CHECKING:
    from quiz_app.checker.facts import Analysis
    from quiz_app.study.session import QuizItem
    from quiz_app.ui.widgets.analysis_panel import AnalysisPanel
    from quiz_app.ui.widgets.framework_panel import FrameworkPanel
    from quiz_app.ui.widgets.function_plot import FunctionPlot
    from quiz_app.ui.widgets.global_panel import GlobalPanel


class ShowsWhy(Screen):
    shown_item: QuizItem | None  # set by QuizScreen
    phase: Phase
    timeout: float

    @property
    def item(self):
        """The question on screen; after an answer the session has already moved on."""
        return self.shown_item

    def _why_panels(self) -> tuple[AnalysisPanel, FunctionPlot] | None:
        """Mounted when first needed, not with the screen: the first question is up sooner.
        None when the screen is on its way out (Textual mounts nothing then): a picture or
        an analysis that arrives that late is dropped."""
        from textual.widget import MountError

        from quiz_app.ui.widgets.analysis_panel import AnalysisPanel
        from quiz_app.ui.widgets.function_plot import FunctionPlot

        if not self.query(AnalysisPanel):
            hidden = (AnalysisPanel(id="quiz-analysis"), FunctionPlot(id="quiz-plot"))
            for widget in hidden:
                widget.display = False  # each is shown when it has something to show
            below = self._below("#quiz-frameworks", "#quiz-global")
            try:
                self.query_one("#quiz-body").mount(*hidden, after=below)
            except MountError:
                return None
        panel, plot = self.query(AnalysisPanel), self.query(FunctionPlot)
        return (panel.first(), plot.first()) if panel and plot else None

    def _below(self, *candidates: str) -> str:
        """The first of `candidates` on screen, else the feedback: the panels go in one
        order (feedback, proofs, frameworks, analysis, plot) whichever is mounted first."""
        return next((found for found in candidates if self.query(found)), "#quiz-result")

    def _start_analysis(self) -> None:
        target = quiz_state.analysis_target(self.item.question)
        if target is None:
            return
        panels = self._why_panels()
        if panels is None:
            return
        panel = panels[0]
        panel.display = True
        from quiz_app.checker.service import cached_analysis

        cached = cached_analysis(*target)
        if cached is not None:
            panel.show_analysis(cached)
        else:
            panel.show_loading()
        self.compute_analysis(target, cached is not None, self.shown_item)

    @work(thread=True, exclusive=True, group="analysis")
    def compute_analysis(self, target, have_analysis: bool, item) -> None:
        from quiz_app.checker.service import analysis_for_display

        expression, point, variable = target
        if not have_analysis:
            analysis = analysis_for_display(expression, point, variable, (), self.timeout)
            self.app.call_from_thread(self._show_analysis, analysis, item)
        self._plot_from_thread(target, item, derivative=True)

    @work(thread=True, exclusive=True, group="plot")
    def draw_plot(self, target, item, derivative: bool = True) -> None:
        self._plot_from_thread(target, item, derivative)

    def _plot_from_thread(self, target, item, derivative: bool) -> None:
        """Sampling runs in the warm worker process with a time budget: a slow f never
        freezes keys. Nothing is sampled for a screen that has gone (Textual cancelled its
        workers), nor for a question the student has left."""
        from quiz_app.checker.service import picture_in_worker

        expression, point, variable = target
        worker = get_current_worker()
        picture = picture_in_worker(expression, point, variable, cancelled=lambda:
                                    worker.is_cancelled or item is not self.shown_item)
        self.app.call_from_thread(self._show_plot, picture, item, derivative)

    def _still_showing(self, item) -> bool:
        """Results that arrive after the student moved on are dropped, not misplaced."""
        return item is self.shown_item and self.phase is Phase.REVEALED

    def _show_analysis(self, analysis: Analysis, item) -> None:
        if self._still_showing(item):
            panels = self._why_panels()
            if panels is not None:
                panels[0].show_analysis(analysis)

    def _show_plot(self, picture, item, derivative: bool = True) -> None:
        wanted_now = self.phase is Phase.REVEALED if derivative else self.phase in ANSWERING
        if item is not self.shown_item or not wanted_now:
            return  # dropped: the student moved on (or answered before a "before" plot came)
        panels = self._why_panels()
        if panels is None:
            return
        plot = panels[1]
        plot.display = True
        if picture.problem:
            plot.show_message(picture.problem)
        else:
            plot.show_samples(picture.samples, derivative=derivative)

    # --- what the frameworks return ------------------------------------------------------

    def _frameworks_panel(self) -> FrameworkPanel | None:
        """Mounted with the first question that needs it, just below the feedback."""
        from textual.widget import MountError

        from quiz_app.ui.widgets.framework_panel import FrameworkPanel

        if not self.query(FrameworkPanel):
            try:
                self.query_one("#quiz-body").mount(FrameworkPanel(id="quiz-frameworks"),
                                                   after=self._below("#quiz-global"))
            except MountError:
                return None
        found = self.query(FrameworkPanel)
        return found.first() if found else None

    def _start_frameworks(self) -> None:
        """The calls the choices' claims name: the frameworks that are not installed are
        said at once, the others asked in a thread worker."""
        from quiz_app.ui.widgets.framework_panel import by_framework, claimed_calls

        calls = by_framework(claimed_calls(self.item.question))
        if not calls:
            return
        panel = self._frameworks_panel()
        if panel is None:
            return
        panel.display = True
        asking = panel.begin(calls)
        if asking:
            self.ask_frameworks({name: calls[name] for name in asking}, self.shown_item)

    @work(thread=True, exclusive=True, group="frameworks")
    def ask_frameworks(self, calls, item) -> None:
        """One framework at a time, each shown as it answers. A framework not yet asked
        when the student moves on (or the screen goes) is not asked at all."""
        from quiz_app.checker.framework_service import framework_rows_in_worker

        worker = get_current_worker()

        def left() -> bool:
            return worker.is_cancelled or item is not self.shown_item

        for framework, framework_calls in calls.items():
            rows = framework_rows_in_worker(framework_calls, left)
            if left():
                return
            self.app.call_from_thread(self._show_framework_rows, framework, rows, item)

    def _show_framework_rows(self, framework, rows, item) -> None:
        if self._still_showing(item):
            panel = self._frameworks_panel()
            if panel is not None:
                panel.show_rows(framework, rows)

    # --- the proofs of the global claims -------------------------------------------------

    def _global_panel(self) -> GlobalPanel | None:
        """Mounted with the first question that needs it, just below the feedback."""
        from textual.widget import MountError

        from quiz_app.ui.widgets.global_panel import GlobalPanel

        if not self.query(GlobalPanel):
            try:
                self.query_one("#quiz-body").mount(GlobalPanel(id="quiz-global"),
                                                   after="#quiz-result")
            except MountError:
                return None
        found = self.query(GlobalPanel)
        return found.first() if found else None

    def _start_globals(self, order: tuple[int, ...]) -> None:
        """The proofs of the choices' global claims, with each option's letter as shown
        (`order`: shown position → the bank's index), proved (or read from `check`'s cache)
        in a thread worker."""
        from quiz_app.bank.letters import option_letter
        from quiz_app.checker.service import global_claim_sets

        question = self.item.question
        if not global_claim_sets(question):
            return
        panel = self._global_panel()
        if panel is None:
            return
        panel.display = True
        panel.begin({index: option_letter(shown) for shown, index in enumerate(order)})
        self.prove_globals(question, self.shown_item)

    @work(thread=True, exclusive=True, group="global")
    def prove_globals(self, question, item) -> None:
        """A claim set not yet proved when the student moves on is not proved at all."""
        from quiz_app.checker.service import global_proofs_for_display

        worker = get_current_worker()

        def left() -> bool:
            return worker.is_cancelled or item is not self.shown_item

        proofs = global_proofs_for_display(question, self.timeout, left)
        if not left():
            self.app.call_from_thread(self._show_global_proofs, proofs, item)

    def _show_global_proofs(self, proofs, item) -> None:
        if self._still_showing(item):
            panel = self._global_panel()
            if panel is not None:
                panel.show_proofs(proofs)
