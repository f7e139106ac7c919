"""One question at a time: answer, see the mark at once, then see why.

The mark, feedback and explanation appear in the same frame as the keypress. The analysis
and the plot need sympy, so they come from a thread worker (sympy is imported there, never
on the start path); a cached analysis from `relu-quiz check` is shown immediately.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, ProgressBar, Static

from quiz_app.checker.facts import Analysis
from quiz_app.study.session import QuizSession
from quiz_app.ui.mathtext import render_markdown_math, render_markup
from quiz_app.ui.widgets.analysis_panel import AnalysisPanel
from quiz_app.ui.widgets.choices import ChoiceList
from quiz_app.ui.widgets.free_answer import FreeAnswer
from quiz_app.ui.widgets.function_plot import FunctionPlot


class QuizScreen(Screen):
    BINDINGS = [
        Binding("n", "next", "Next"),
        Binding("enter", "next", "Next", show=False),
        Binding("h", "hint", "Hint"),
        Binding("r", "retry", "Retry"),
        Binding("e", "toggle_analysis", "Analysis"),
        Binding("q", "end_quiz", "End"),
        Binding("escape", "end_quiz", "End quiz", show=False),
    ]

    def __init__(self, session: QuizSession, progress=None, timeout: float = 10.0) -> None:
        super().__init__()
        self.session = session
        self.progress = progress  # quiz_app.study.progress.Progress, or None in bare tests
        self.shown_at = time.monotonic()
        self.timeout = timeout
        self.hints_shown = 0
        self.answered = False
        self.retrying = False
        self.retry_declined = False
        self.withheld: list[str] = []
        self.marks: Callable[[], None] | None = None  # deferred per-option ✓/✗ of a choice
        self.shown_item = session.current

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="quiz-progress")
        yield ProgressBar(total=len(self.session.items), show_eta=False, id="quiz-bar")
        with VerticalScroll(id="quiz-body"):
            yield Markdown("", id="quiz-prompt")
            yield Vertical(id="quiz-choices-box")
            yield Static("", id="quiz-hints")
            yield Static("", id="quiz-result")
            yield AnalysisPanel(id="quiz-analysis")
            yield FunctionPlot(id="quiz-plot")
        yield Footer()

    def on_mount(self) -> None:
        self.show_question()
        warm_up = getattr(self.app, "warm_up", None)  # ReluQuizApp's, after this paint
        if warm_up is not None:
            self.call_after_refresh(warm_up)

    @property
    def item(self):
        """The question on screen; after an answer the session has already moved on."""
        return self.shown_item

    def _update_progress(self) -> None:
        shown = self.session.items.index(self.shown_item) + 1 if self.shown_item else \
            len(self.session.items)
        self.query_one("#quiz-progress", Static).update(
            f"Question {shown} of {len(self.session.items)} · score {self.session.score:g}/"
            f"{len(self.session.answers)}")
        self.query_one("#quiz-bar", ProgressBar).update(progress=len(self.session.answers))

    def show_question(self) -> None:
        self.shown_item = self.session.current
        self.shown_at = time.monotonic()
        question = self.item.question
        self.answered = False
        self.retrying = self.retry_declined = False
        self.marks = None
        self.hints_shown = 0
        self._update_progress()
        self.query_one("#quiz-prompt", Markdown).update(render_markdown_math(question.prompt))
        self._mount_answer_widget()
        kind = "Type your answer; a typo is pointed out, never marked wrong." \
            if question.free_answer else \
            "Pick all that apply: Space or a letter toggles, Enter submits." \
            if question.type == "multiple" else "Enter or a letter answers."
        self.query_one("#quiz-hints", Static).update(
            kind + (f"  ({len(question.hints)} hint(s): press h)" if question.hints else ""))
        self.query_one("#quiz-result", Static).update("")
        for widget_id in ("#quiz-analysis", "#quiz-plot"):
            self.query_one(widget_id).display = False
        self.query_one("#quiz-body").scroll_home(animate=False)
        if question.show_plot == "before" and question.function:
            self.draw_plot(self._target(), self.shown_item, derivative=False)

    def on_choice_list_submitted(self, event: ChoiceList.Submitted) -> None:
        question = self.item.question
        answer = self._take(event.picked)
        correct = {i for i, c in enumerate(question.choices) if c.correct}
        # Per-option marks give the key away, so they wait while a retry is still open.
        self.marks = lambda: event.choice_list.show_result(correct, event.picked)
        if answer.correct or not self.session.can_retry():
            self.marks()
        lines = ["✓ Correct." if answer.correct else "✗ Not quite."]
        for index in sorted(event.picked):
            if question.choices[index].feedback:
                lines.append(render_markup(question.choices[index].feedback))
        if not answer.correct:
            right = ", ".join(f"{chr(ord('a') + i)})" for i in sorted(correct))
            lines.append(f"The answer: {right}.")
        self._conclude(lines)

    def on_free_answer_submitted(self, event: FreeAnswer.Submitted) -> None:
        event.free_answer.say("checking…")
        self.grade_typed(event.response, self.item, event.free_answer)

    @work(thread=True, exclusive=True, group="grade")
    def grade_typed(self, response: str, item, widget: FreeAnswer) -> None:
        """sympy equivalence in the warm worker, under the time limit; the key may need the
        analysis first. An answer that cannot be graded in time gets no mark at all."""
        from types import SimpleNamespace

        from quiz_app.checker.service import grade_in_worker

        question = item.question
        key = question.answer or self._computed_key(question)
        if key is None:
            self.app.call_from_thread(widget.say, "✗ the key could not be computed; skipping")
            return
        reply = grade_in_worker(response, key, question.type, question.variable,
                                question.domain, question.tolerance, question.accept,
                                question.reject, self.timeout)
        if reply is None:
            self.app.call_from_thread(widget.say, "could not check this answer (time limit "
                                      f"{self.timeout:g} s): no mark; try writing it again")
            return
        result = SimpleNamespace(**reply)
        self.app.call_from_thread(self._graded, item, widget, response, key, result)

    def _computed_key(self, question) -> str | None:
        from quiz_app.checker.facts import typeable_key
        from quiz_app.checker.service import analysis_for_display

        fact = analysis_for_display(question.function, question.at, question.variable,
                                    (), self.timeout).fact(question.answer_fact)
        return typeable_key(fact.kind, fact.value)

    def _graded(self, item, widget: FreeAnswer, response: str, key: str, result) -> None:
        if item is not self.shown_item or self.answered:
            return
        if result.status == "invalid":  # a typo is pointed out, never counted
            widget.say(f"✗ {result.message}")
            return
        answer = self._take(frozenset(), graded_right=result.status == "right",
                            response=response)
        widget.freeze()
        widget.say(f"interpreted as: {result.interpreted}")
        lines = ["✓ Correct." if answer.correct else "✗ Not quite.",
                 f"You wrote {result.interpreted}: {result.message}."]
        if result.feedback:
            lines.append(render_markup(result.feedback))
        if not answer.correct:
            from quiz_app.checker.words import key_words, wrote_decimals

            decimals = item is not None and wrote_decimals(item.question.answer,
                                                           item.question.function)
            lines.append(f"The answer: {key_words(key, decimals)}.")
        self._conclude(lines)

    def _mount_answer_widget(self) -> None:
        """A fresh ChoiceList or FreeAnswer for the question on screen (also for a retry)."""
        question = self.item.question
        box = self.query_one("#quiz-choices-box")
        box.remove_children()
        widget = FreeAnswer(question.type, question.variable) if question.free_answer else \
            ChoiceList([c.text for c in question.choices],
                       multiple=question.type == "multiple")
        box.mount(widget)
        self.call_after_refresh(widget.focus)

    def _take(self, picked: frozenset[int], **typed):
        """Record a first answer, or the one retry, durably, and mark the question answered."""
        if self.retrying:
            answer = self.session.retry(picked, self.hints_shown, **typed)
        else:
            answer = self.session.answer(picked, self.hints_shown, **typed)
        self.retrying = False
        self.answered = True
        self._save(answer)
        return answer

    def action_retry(self) -> None:
        """After a wrong first answer: one more try, for half credit (docs/authoring.md)."""
        if not self.answered or not self.session.can_retry() or self.retrying \
                or self.retry_declined:
            return
        self.retrying = True
        self.answered = False
        self._mount_answer_widget()
        self.query_one("#quiz-result", Static).update("Try once more; a right retry counts ½.")
        for widget_id in ("#quiz-analysis", "#quiz-plot"):
            self.query_one(widget_id).display = False

    def _conclude(self, lines: list[str]) -> None:
        """Show the outcome. After a first wrong answer only the mark and feedback show, so
        the one retry is still worth something; n reveals the key and the explanation."""
        if not self.hints_shown:
            self.query_one("#quiz-hints", Static).update("")
        self._update_progress()
        self.query_one("#quiz-body").focus()
        if self.session.can_retry() and not self.retry_declined:
            self.withheld = [line for line in lines if line.startswith("The answer:")]
            shown = [line for line in lines if not line.startswith("The answer:")]
            shown += ["", "r: try once more (a right retry counts ½) · n: show the answer"]
            self.query_one("#quiz-result", Static).update("\n".join(shown))
            return
        self._reveal(lines)

    def _reveal(self, lines: list[str]) -> None:
        question = self.item.question
        if self.marks is not None:
            self.marks()
        more = " · ↓ or PgDn: analysis and plot" if self._target() else ""
        lines = lines + ["", render_markup(question.explanation), "",
                         f"n or Enter: next{more}"]
        self.query_one("#quiz-result", Static).update("\n".join(lines))
        self._start_analysis()

    def _save(self, answer) -> None:
        """Durable before the mark is shown: one small SQLite transaction."""
        if self.progress is None:
            return
        try:
            self.progress.record(self.session, answer, time.monotonic() - self.shown_at)
        except Exception as exc:  # a full disk must not end the quiz; say so and go on
            self.notify(f"This answer could not be saved: {exc}", severity="error")

    def _target(self):
        question = self.item.question
        if question.function:
            return question.function, question.at, question.variable
        for choice in question.choices:
            if choice.function:
                return choice.function, choice.at or question.at, question.variable
        return None

    def _start_analysis(self) -> None:
        target = self._target()
        if target is None:
            return
        panel = self.query_one("#quiz-analysis", AnalysisPanel)
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
        """Sampling runs in a child process with a time budget: a slow f never freezes keys."""
        from quiz_app.checker.sampling import picture_in_subprocess

        picture = picture_in_subprocess(*target)
        self.app.call_from_thread(self._show_plot, picture, item, derivative)

    def _still_showing(self, item) -> bool:
        """Results that arrive after the student moved on are dropped, not misplaced."""
        return item is self.shown_item and self.answered

    def _show_analysis(self, analysis: Analysis, item) -> None:
        if self._still_showing(item):
            self.query_one("#quiz-analysis", AnalysisPanel).show_analysis(analysis)

    def _show_plot(self, picture, item, derivative: bool = True) -> None:
        wanted_now = self.answered if derivative else not self.answered
        if item is not self.shown_item or not wanted_now:
            return  # dropped: the student moved on (or answered before a "before" plot came)
        plot = self.query_one("#quiz-plot", FunctionPlot)
        plot.display = True
        if picture.problem:
            plot.show_message(picture.problem)
        else:
            plot.show_samples(picture.samples, derivative=derivative)

    def action_hint(self) -> None:
        hints = self.item.question.hints if self.item else []
        if self.answered or self.hints_shown >= len(hints):
            self.notify("No more hints." if hints else "This question has no hints.")
            return
        self.hints_shown += 1
        shown = "\n".join(f"Hint {i + 1}: {render_markup(h)}"
                          for i, h in enumerate(hints[: self.hints_shown]))
        self.query_one("#quiz-hints", Static).update(shown)

    def action_toggle_analysis(self) -> None:
        if self.answered and self._target() is not None:
            for widget_id in ("#quiz-analysis", "#quiz-plot"):
                widget = self.query_one(widget_id)
                widget.display = not widget.display

    def action_next(self) -> None:
        if not self.answered:
            return
        if self.session.can_retry() and not self.retry_declined:
            self.retry_declined = True  # they chose to see the answer instead of retrying
            result = str(self.query_one("#quiz-result", Static).render())
            head = result.split("\n\nr: try once more")[0].splitlines()
            self._reveal(head + self.withheld)
            return
        if self.session.finished:
            self._finish()
        else:
            self.show_question()

    def _finish(self) -> None:
        from quiz_app.ui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.session))

    def action_end_quiz(self) -> None:
        from quiz_app.ui.screens.confirm import ConfirmScreen

        def decided(end: bool | None) -> None:
            if end:
                if self.progress is not None:
                    self.progress.finish(self.session)
                self._finish()

        self.app.push_screen(ConfirmScreen("End this quiz and see the summary?"), decided)
