"""The lab: any function at any point, with the analysis, the plot and the slope table.

Parsing needs sympy, so validation runs in a thread worker as the student types; an error
shows its message and column, never a traceback. What is on screen is always about what is
typed: results dim (and say so in words) the moment an input changes, and are cleared when
it is invalid. Parameter values (`a=0.2`) go into the analysis as well as the pictures.
The point is named by its value everywhere (f(0−h)), so that no parameter can shadow it, and
a parameter named like something the lab shows (x, t, h, E, …) is refused with a message.
Analyses and sampling run in the app's warm worker process with a time budget, so a slow f
never freezes the keys, and quitting stops them (ReluQuizApp.on_unmount). What the
frameworks return comes last (explore_frameworks.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Select, Static
from textual.worker import get_current_worker

from quiz_app.ui.screens.explore_frameworks import ShowsFrameworks
from quiz_app.ui.widgets.analysis_panel import AnalysisPanel
from quiz_app.ui.widgets.framework_panel import FrameworkPanel
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
STALE = "⋯ the results below are for the previous input; Enter analyses this one"
DEFAULT_HALF_WIDTH = 3.0
VALIDATE_AFTER = 0.15  # seconds of quiet typing before sympy parses the inputs
SAMPLING_SECONDS = 5.0
# Names the lab itself gives a meaning. A parameter named so would be read as that meaning
# (with x = 0.5, f no longer depends on x; with t = 0.5, "f(0 + t)" in the working is not
# about it), so such a parameter is refused, with a message, before anything is analysed.
RESERVED = {"x": "x is the variable of f", "t": "t is the step in the working",
            "h": "h is the step in the slope table", "f": "f is the function",
            "E": "E is the number e", "pi": "pi is the number π", "oo": "oo is ∞",
            "inf": "inf is ∞", "infinity": "infinity is ∞"}


def parse_params(text: str) -> dict[str, str]:
    """`a=0.2, b=1` → {"a": "0.2", "b": "1"}; a bare name gets 1/10, as before."""
    params = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        params[name.strip()] = value.strip() or "0.1"
    return params


def clash(params: dict[str, str]) -> str | None:
    """Why a parameter's name cannot be used, or None."""
    for name in params:
        if name in RESERVED:
            return f"✗ parameter {name}: {RESERVED[name]}; give the parameter another name"
    return None


def slope_columns(point: str) -> tuple[str, ...]:
    """The slope table's headings name the point by its value, f(0−h): "f(a−h)" read as the
    parameter a when there was one, while the cells were computed at the point."""
    from quiz_app.checker.words import number_words

    said = number_words(point.replace(" ", ""))
    plain = re.fullmatch(r"\(?(−?[\d.]+)\)?", said)
    p = plain[1] if plain else f"({said})"
    return "h", f"f({p}−h)", f"f({p}+h)", f"(f({p}−h)−f({p}))/(−h)", f"(f({p}+h)−f({p}))/h"


def _number(value: float) -> str:
    """A table cell: 6 significant digits, a real minus sign, "undefined" for NaN."""
    return "undefined" if value != value else f"{value:.6g}".replace("-", "−")


if TYPE_CHECKING:
    from textual.timer import Timer

    from quiz_app.ui.app import ReluQuizApp


# What a result is drawn into (ExploreScreen._left).
DRAWN_INTO = ("#explore-expression", "#explore-point", "#explore-params", "#explore-status",
              "#explore-results", "#explore-analysis", "#explore-slopes", "#explore-plot",
              "#explore-frameworks")


class ExploreScreen(ShowsFrameworks):
    CSS_PATH = ["../styles/quiz.tcss", "../styles/explore.tcss"]  # read when first shown
    if TYPE_CHECKING:  # for mypy: the app this screen runs in is ours
        app: ReluQuizApp

    BINDINGS = [
        Binding("escape", "leave", "Back"),
        Binding("f5", "analyze", "Analyse"),
        Binding("plus,equals_sign", "zoom(0.5)", "Zoom in", key_display="+"),
        Binding("minus,underscore", "zoom(2)", "Zoom out", key_display="−"),
    ]

    def __init__(self, expression: str = "Max(0, x)", point: str = "0") -> None:
        super().__init__()
        self.initial = (expression, point)
        self.half_width = DEFAULT_HALF_WIDTH
        self.shown: tuple[str, str, dict[str, str]] | None = None  # inputs of the results
        self.last_analysis = None  # the one on screen (benchmarks and tests wait for it)
        self._pending_check: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="explore-body"):
            with Horizontal(id="explore-inputs"):
                with Vertical(id="explore-expression-box"):
                    yield Label("f(x) =", classes="explore-label")
                    yield Input(self.initial[0], placeholder="e.g. Max(0, x)",
                                id="explore-expression")
                with Vertical(id="explore-point-box"):
                    yield Label("at x =", classes="explore-label")
                    yield Input(self.initial[1], placeholder="0", id="explore-point")
                with Vertical(id="explore-params-box"):
                    yield Label("parameters", classes="explore-label")
                    yield Input("", placeholder="e.g. a=0.2", id="explore-params")
            yield Select([(name, i) for i, (name, _, _) in enumerate(PRESETS)],
                         prompt="Presets…", id="explore-presets")
            yield Static("", id="explore-status")
            with Vertical(id="explore-results"):
                yield AnalysisPanel(id="explore-analysis")
                yield DataTable(id="explore-slopes", cursor_type="none")
                yield FunctionPlot(id="explore-plot")
                frameworks = FrameworkPanel(id="explore-frameworks")
                frameworks.display = False  # shown for a function a framework call computes
                yield frameworks
        yield Footer()

    def on_mount(self) -> None:
        self.warm_up()
        self._reset_table(self.initial[1])
        self.query_one("#explore-plot", FunctionPlot).can_focus = True  # + and − zoom there
        self.query_one("#explore-expression", Input).focus()
        self.action_analyze()

    def _inputs(self) -> tuple[str, str, dict[str, str]]:
        return (self.query_one("#explore-expression", Input).value,
                self.query_one("#explore-point", Input).value or "0",
                parse_params(self.query_one("#explore-params", Input).value))

    def _left(self) -> bool:
        """The student left the lab (or the app) while this was being worked out. Off the
        screen stack, not "not attached": a popped screen stays attached while its widgets
        are removed; and when the app quits, the lab's widgets go one by one while it is on
        the stack, so every widget a result is drawn into must still be there."""
        return not self.is_attached or self not in self.app.screen_stack or any(
            not self.query(selector) for selector in DRAWN_INTO)

    def _reset_table(self, point: str) -> None:
        """No rows, and headings for this point."""
        table = self.query_one("#explore-slopes", DataTable)
        table.clear(columns=True)
        table.add_columns(*slope_columns(point))

    def _status(self, text: str) -> None:
        self.query_one("#explore-status", Static).update(text)

    @on(Input.Changed)
    def _validate(self) -> None:
        inputs = self._inputs()
        if self.shown is not None and inputs != self.shown:
            self.query_one("#explore-results").add_class("stale")
            self._status(STALE)
        # Parsing takes the GIL: once per pause in typing, not once per key.
        if self._pending_check is not None:
            self._pending_check.stop()
        self._pending_check = self.set_timer(VALIDATE_AFTER, self._validate_now)

    def _validate_now(self) -> None:
        if not self._left():  # a pause in typing can end as the app quits
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

    @work(thread=True, group="warm-up")
    def warm_up(self) -> None:
        """sympy's one-off import, paid as the lab opens rather than on the first key."""
        import quiz_app.checker.expr  # noqa: F401

    @work(thread=True, exclusive=True, group="validate")
    def validate_inputs(self, expression: str, point: str, params: dict[str, str]) -> None:
        from quiz_app.checker.expr import ExpressionError, parse_expression

        checks = [("f", expression, list(params)), ("point", point, list(params)),
                  *((f"parameter {name}", value, []) for name, value in params.items())]
        problem = clash(params)
        for label, text, names in [] if problem else checks:
            try:
                parse_expression(text, "x", names)
            except ExpressionError as exc:
                problem = f"✗ {label}: {exc}"
                break
        self.app.call_from_thread(self._validated, (expression, point, params), problem)

    def _validated(self, inputs, problem: str | None) -> None:
        if self._left():
            return
        if inputs != self._inputs():
            return  # the student typed on; a newer check is on its way
        shown = self.last_analysis
        if problem and shown is not None and shown.error and \
                (shown.expression, shown.point) == inputs[:2]:
            return  # the analysis's own error for this input is more precise: it stays
        if problem:
            self._clear_results(problem)
        elif inputs == self.shown:  # typed back to what is analysed: nothing is stale
            self.query_one("#explore-results").remove_class("stale")
            self._status("✓ analysed")
        else:
            self._status("✓ valid — Enter analyses it" + ("" if self.shown is None else
                                                           "; the results below are older"))
            if self.shown is None:  # the panel said the input was not valid: it now is
                self.query_one("#explore-analysis", AnalysisPanel).show_message(
                    "Press Enter to analyse it.")

    def _clear_results(self, problem: str) -> None:
        """An invalid input: nothing about the previous function may stay on screen."""
        self.shown = None
        self.query_one("#explore-results").remove_class("stale")
        self._status(problem)
        self.query_one("#explore-analysis", AnalysisPanel).show_message(
            "Nothing to analyse until the input is valid.")
        self.query_one("#explore-slopes", DataTable).clear()
        self.query_one("#explore-plot", FunctionPlot).show_message("")
        self._hide_frameworks()

    def action_analyze(self) -> None:
        problem = clash(self._inputs()[2])
        if problem:
            self._clear_results(problem)
            return
        self.query_one("#explore-analysis", AnalysisPanel).show_loading()
        self.run_analysis(*self._inputs())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """+ and − zoom only when no box has the keyboard: in a box they are part of what
        is typed (a=0.5+ …), so the footer lists them only where they zoom."""
        if action == "zoom":
            return not isinstance(self.focused, Input)
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_descendant_blur(self) -> None:
        self.refresh_bindings()

    def action_zoom(self, factor: float) -> None:
        """+ halves the window around the point, − doubles it (within 10⁻³ … 10³)."""
        self.half_width = min(max(self.half_width * factor, 1e-3), 1e3)
        if self.shown is not None:
            from quiz_app.checker.words import number_words

            self.query_one("#explore-plot", FunctionPlot).show_message(
                f"sampling x = {number_words(self.shown[1])} ± {self.half_width:g}…")
            self.draw(*self.shown)

    @work(thread=True, exclusive=True, group="analysis")
    def run_analysis(self, expression: str, point: str, params: dict[str, str]) -> None:
        from quiz_app.checker.service import analysis_for_display

        given = [f"{name}={value}" for name, value in params.items()]
        analysis = analysis_for_display(expression, point, "x", given)
        if get_current_worker().is_cancelled:
            return  # a newer analysis was asked for: this older one must not replace it
        self.app.call_from_thread(self._show_analysis, analysis, (expression, point, params))
        if not analysis.error and not get_current_worker().is_cancelled:
            self._draw_from_thread(expression, point, params)

    @work(thread=True, exclusive=True, group="picture")
    def draw(self, expression: str, point: str, params: dict[str, str]) -> None:
        self._draw_from_thread(expression, point, params)

    def _draw_from_thread(self, expression: str, point: str, params: dict[str, str]) -> None:
        """A zoom cancels this thread's Textual worker: its picture, if still waiting for
        the worker process, is then not computed."""
        from quiz_app.checker.service import picture_in_worker

        worker = get_current_worker()
        picture = picture_in_worker(expression, point, "x", list(params), params,
                                    self.half_width, SAMPLING_SECONDS,
                                    lambda: worker.is_cancelled)
        self.app.call_from_thread(self._show_picture, picture, (expression, point, params))

    def _show_analysis(self, analysis, inputs) -> None:
        if self._left():
            return
        self.last_analysis = analysis
        if analysis.error:
            self._clear_results(f"✗ {analysis.error}")
            return
        self.shown = inputs
        stale = inputs != self._inputs()
        self.query_one("#explore-results").set_class(stale, "stale")
        self._status(STALE if stale else "✓ analysed")
        self.query_one("#explore-analysis", AnalysisPanel).show_analysis(analysis)
        self._reset_table(inputs[1])
        self.query_one("#explore-plot", FunctionPlot).show_message("sampling f near the point…")
        self._start_frameworks(inputs)

    def _show_picture(self, picture, inputs) -> None:
        if self._left():
            return
        if inputs != self.shown:
            return  # a picture of a function no longer on screen
        self._reset_table(inputs[1])
        table = self.query_one("#explore-slopes", DataTable)
        plot = self.query_one("#explore-plot", FunctionPlot)
        if picture.problem:
            plot.show_message(picture.problem)
            return
        for row in picture.rows:
            table.add_row(row.h, *(_number(v) for v in (row.f_left, row.f_right,
                                                        row.left_quotient, row.right_quotient)))
        plot.show_samples(picture.samples)

    def action_leave(self) -> None:
        """Back to the screen it was opened from; `explore` started on its own (over
        Textual's empty default screen) leaves for home."""
        stack = self.app.screen_stack
        if len(stack) > 1 and type(stack[-2]) is not Screen:
            self.app.pop_screen()
        else:
            self.app.action_go_home()
