"""The lab: any function at any point, with the analysis, the plot and the slope table.

Parsing needs sympy, so validation runs in a thread worker as the student types; an error
shows its message and column, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from quiz_app.ui.widgets.analysis_panel import AnalysisPanel
from quiz_app.ui.widgets.function_plot import FunctionPlot

PRESETS = [
    ("ReLU", "Max(0, x)", "0"),
    ("leaky ReLU (0.01)", "Max(0.01*x, x)", "0"),
    ("ELU (α = 1)", "Piecewise((exp(x) - 1, x < 0), (x, True))", "0"),
    ("GELU", "x*(1 + erf(x/sqrt(2)))/2", "0"),
    ("softplus", "log(1 + exp(x))", "0"),
    ("SiLU", "x/(1 + exp(-x))", "0"),
    ("ReLU6 at 6", "Min(Max(0, x), 6)", "6"),
    ("|x|", "Abs(x)", "0"),
    ("Heaviside", "Heaviside(x)", "0"),
]


if TYPE_CHECKING:
    from quiz_app.ui.app import ReluQuizApp

class ExploreScreen(Screen):
    if TYPE_CHECKING:  # for mypy: the app this screen runs in is ours
        app: ReluQuizApp

    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("f5", "analyze", "Analyse"),
    ]

    def __init__(self, expression: str = "Max(0, x)", point: str = "0") -> None:
        super().__init__()
        self.initial = (expression, point)
        self.last_analysis = None  # the one on screen (benchmarks and tests wait for it)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="explore-body"):
            with Horizontal(id="explore-inputs"):
                yield Input(self.initial[0], placeholder="f(x), e.g. Max(0, x)",
                            id="explore-expression")
                yield Input(self.initial[1], placeholder="at", id="explore-point")
                yield Input("", placeholder="params: alpha=0.1", id="explore-params")
            yield Select([(name, i) for i, (name, _, _) in enumerate(PRESETS)],
                         prompt="Presets…", id="explore-presets")
            yield Static("", id="explore-status")
            yield AnalysisPanel(id="explore-analysis")
            yield DataTable(id="explore-slopes", cursor_type="none")
            yield FunctionPlot(id="explore-plot")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#explore-slopes", DataTable)
        table.add_columns("h", "f(a−h)", "f(a+h)", "(f(a−h)−f(a))/(−h)", "(f(a+h)−f(a))/h")
        self.query_one("#explore-expression", Input).focus()
        self.action_analyze()  # (its worker thread starts the warm analysis process)

    def _params(self) -> dict[str, str]:
        text = self.query_one("#explore-params", Input).value
        params = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, _, value = part.partition("=")
            params[name.strip()] = value.strip() or "0.1"
        return params

    def _inputs(self) -> tuple[str, str, dict[str, str]]:
        return (self.query_one("#explore-expression", Input).value,
                self.query_one("#explore-point", Input).value or "0", self._params())

    @on(Input.Changed)
    def _validate(self) -> None:
        self.validate_inputs(*self._inputs())

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_analyze()

    @on(Select.Changed, "#explore-presets")
    def _preset(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            _, expression, point = PRESETS[event.value]
            self.query_one("#explore-expression", Input).value = expression
            self.query_one("#explore-point", Input).value = point
            self.action_analyze()

    @work(thread=True, exclusive=True, group="validate")
    def validate_inputs(self, expression: str, point: str, params: dict[str, str]) -> None:
        from quiz_app.checker.expr import ExpressionError, parse_expression

        message = "✓ valid — Enter analyses"
        for label, text in (("f", expression), ("point", point)):
            try:
                parse_expression(text, "x", list(params))
            except ExpressionError as exc:
                message = f"✗ {label}: {exc}"
                break
        self.app.call_from_thread(self._show_validation, message, expression, point)

    def _show_validation(self, message: str, expression: str, point: str) -> None:
        """The analysis's own error for the same input is more precise: it stays, whichever
        of the two workers finishes last."""
        shown = self.last_analysis
        if shown is not None and shown.error and (shown.expression, shown.point) == \
                (expression, point):
            return
        self.query_one("#explore-status", Static).update(message)

    def action_analyze(self) -> None:
        self.query_one("#explore-analysis", AnalysisPanel).show_loading()
        self.run_analysis(*self._inputs())

    @work(thread=True, exclusive=True, group="analysis")
    def run_analysis(self, expression: str, point: str, params: dict[str, str]) -> None:
        from quiz_app.checker.sampling import sample, slope_table
        from quiz_app.checker.service import analysis_for_display

        analysis = analysis_for_display(expression, point, "x", list(params))
        self.app.call_from_thread(self._show_analysis, analysis)
        if analysis.error:
            return
        try:
            rows = slope_table(expression, point, "x", list(params), params)
            samples = sample(expression, point, "x", list(params), params)
        except Exception as exc:  # pictures are illustrations; never crash the lab
            self.app.call_from_thread(self.notify, f"no plot: {exc}", severity="warning")
            return
        self.app.call_from_thread(self._show_numbers, rows, samples, expression)

    def _show_analysis(self, analysis) -> None:
        self.last_analysis = analysis
        panel = self.query_one("#explore-analysis", AnalysisPanel)
        if analysis.error:
            panel.show_message(f"✗ {analysis.error}")
            self.query_one("#explore-status", Static).update(f"✗ {analysis.error}")
        else:
            panel.show_analysis(analysis)

    def _show_numbers(self, rows, samples, expression: str) -> None:
        table = self.query_one("#explore-slopes", DataTable)
        table.clear()
        for row in rows:
            table.add_row(row.h, *(f"{v:.6g}" for v in (row.f_left, row.f_right,
                                                         row.left_quotient, row.right_quotient)))
        self.query_one("#explore-plot", FunctionPlot).show_samples(samples, f"f(x) = {expression}")

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.action_go_home()
