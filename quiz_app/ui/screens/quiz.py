"""One question at a time: answer, see the mark at once, then see why.

The screen is in one of four states (quiz_state.Phase), held in one reactive; what is shown
follows from it and from the answer's outcome. The analysis and the plot need sympy, so they
come from a thread worker (never on the start path); a cached analysis shows at once. Its
stylesheet is read when the screen is first shown, not at the app's start.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import Footer, Header, Input, ProgressBar, Static

from quiz_app.study.session import QuizSession
from quiz_app.ui.mathtext import escape, render_markup
from quiz_app.ui.requests import SessionFinished
from quiz_app.ui.screens import quiz_state
from quiz_app.ui.screens.quiz_state import (
    ACTION_PHASES,
    ANSWERED,
    ANSWERING,
    FLAG_KEY,
    LETTER_COMMANDS,
    Phase,
    result_text,
)
from quiz_app.ui.screens.quiz_why import ShowsWhy
from quiz_app.ui.widgets.choices import ChoiceList
from quiz_app.ui.widgets.prompt import QuestionPrompt

if TYPE_CHECKING:  # typed answers, the feedback, the analysis and the plot: when needed
    from quiz_app.ui.feedback import Outcome
    from quiz_app.ui.widgets.free_answer import FreeAnswer


class QuizScreen(ShowsWhy):
    CSS_PATH = ["../styles/quiz.tcss"]
    # Letter commands (quiz_state.LETTER_COMMANDS) give way to an option with that letter;
    # flag is on `!`, which no option uses. F1's hint carries a parameter, so check_action
    # can tell it from the letter.
    BINDINGS = [
        Binding("n", "next", "Next"),
        Binding("enter", "next", "Next", show=False),
        Binding("ctrl+n", "next", "Next", show=False, priority=True),
        Binding(LETTER_COMMANDS["hint"], "hint", "Hint"),
        Binding("f1,ctrl+h", "hint('key')", "Hint", show=False, priority=True),
        Binding("r", "retry", "Retry"),
        Binding(LETTER_COMMANDS["dont_know"], "dont_know", "Don't know"),
        Binding("e", "toggle_analysis", "Analysis"),
        Binding(LETTER_COMMANDS["undo"], "undo", "Undo"),
        Binding(FLAG_KEY, "flag", "Flag"),
        Binding(LETTER_COMMANDS["end_quiz"], "end_quiz", "End"),
        Binding("escape", "leave_box_or_end", "Leave box / end", show=False),
    ]

    phase: reactive[Phase] = reactive(Phase.ASKING, always_update=True, init=False)

    def __init__(self, session: QuizSession, progress=None, timeout: float = 10.0) -> None:
        super().__init__()
        self.session, self.timeout, self.hints_shown = session, timeout, 0
        self.progress = progress  # quiz_app.study.progress.Progress, or None in bare tests
        self.shown_at = time.monotonic()
        self.outcome: Outcome | None = None
        self.save_note = ""  # why the last answer was not saved, shown beside its mark
        self.first_pick: frozenset[int] = frozenset()  # shown positions, struck on retry
        self.first_response = ""
        self.shown_item = session.current

    def compose(self) -> ComposeResult:
        """The first question's texts are composed in: a widget updated while the screen
        mounts is drawn a frame later, so show_question then leaves them as they are."""
        first = self.shown_item.question if self.shown_item is not None else None
        yield Header()
        yield Static(self._progress_text(), id="quiz-progress")
        yield ProgressBar(total=len(self.session.items), show_eta=False, id="quiz-bar")
        with VerticalScroll(id="quiz-body"):
            yield QuestionPrompt(first.prompt if first else "", id="quiz-prompt")
            yield Vertical(id="quiz-choices-box")
            yield Static(quiz_state.instructions(first) if first else "", id="quiz-hints")
            yield Static("", id="quiz-result")  # then the analysis and plot (_why_panels)
        yield Footer()

    def _show(self, selector: str, text: str) -> None:
        """Put `text` in the Static `selector`, unless it is already there."""
        static = self.query_one(selector, Static)
        if static.content != text:
            static.update(text)

    def on_mount(self) -> None:
        self.show_question()
        if self.progress is not None:  # the session's row (Progress.begin, later=True)
            self.call_after_refresh(self.progress.flush)
        if hasattr(self.app, "warm_up"):  # ReluQuizApp's, after this paint
            self.call_after_refresh(self.app.warm_up)

    @property
    def answered(self) -> bool:
        return self.phase in ANSWERED

    @property
    def order(self) -> tuple[int, ...]:  # shown position → bank index of the options
        assert self.shown_item is not None  # a question is on screen whenever this is read
        return self.session.order_of(self.session.items.index(self.shown_item))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys work only in the states they make sense in; otherwise they fall through. A
        letter command is off where an option on screen has its letter."""
        if self.shown_item is not None and quiz_state.letter_shadowed(
                action, parameters, self.item.question, self.phase):
            return False
        if action in ACTION_PHASES:
            return self.phase in ACTION_PHASES[action]
        if action == "undo":
            return bool(self.session.answers)
        return True

    # --- state and rendering -------------------------------------------------------------

    def watch_phase(self, phase: Phase) -> None:
        """Everything below the question follows the state; nothing is read back."""
        self.refresh_bindings()
        self._update_progress()
        self._show("#quiz-result", result_text(
            phase, self.outcome, self.item.question,
            quiz_state.analysis_target(self.item.question) is not None))
        if phase is Phase.REVEALED:
            self._show_marks()
            self._start_globals(self.order)
            self._start_frameworks()
            self._start_analysis()
        else:
            self.query("#quiz-analysis, #quiz-plot, #quiz-frameworks, #quiz-global").set(
                display=False)
            question = self.item.question  # show_plot: before draws f (never f′) to read off
            if phase in ANSWERING and question.show_plot == "before" and question.function:
                self.draw_plot(quiz_state.analysis_target(question), self.shown_item,
                               derivative=False)

    def _progress_text(self) -> str:
        shown = self.session.items.index(self.shown_item) + 1 if self.shown_item else \
            len(self.session.items)
        name = f"{escape(self.session.name)} · " if self.session.name else ""
        return (f"{name}Question {shown} of {len(self.session.items)} · score "
                f"{self.session.score:g}/{len(self.session.answers)}")

    def _update_progress(self) -> None:
        self._show("#quiz-progress", self._progress_text())
        bar = self.query_one("#quiz-bar", ProgressBar)
        if bar.progress != len(self.session.answers):
            bar.update(progress=len(self.session.answers))

    def show_question(self) -> None:
        self.shown_item = self.session.current
        self.shown_at = time.monotonic()
        self.outcome = None
        self.first_pick, self.first_response = frozenset(), ""
        self.hints_shown = 0
        question = self.item.question
        self.query_one("#quiz-prompt", QuestionPrompt).show(question.prompt)
        self._show("#quiz-hints", quiz_state.instructions(question))
        self._mount_answer_widget()
        self.phase = Phase.ASKING
        # A resumed session's question keeps the hints and time it had when it was left
        carried, self.session.carried_hints = self.session.carried_hints, 0
        self.shown_at -= self.session.carried_seconds
        self.session.carried_seconds = 0.0
        for _ in range(carried):
            self.action_hint()
        self.query_one("#quiz-body").scroll_home(animate=False)

    def _mount_answer_widget(self) -> None:
        """A fresh ChoiceList or FreeAnswer for the question on screen (also for a retry)."""
        question = self.item.question
        box = self.query_one("#quiz-choices-box")
        box.remove_children()
        if question.free_answer:
            from quiz_app.ui.widgets.free_answer import FreeAnswer

            widget: FreeAnswer | ChoiceList = FreeAnswer(question, self.first_response,
                                                         self.timeout)
        else:
            single = question.type == "single"
            widget = ChoiceList([question.choices[i].text for i in self.order],
                                multiple=not single,
                                struck=self.first_pick if single else frozenset(),
                                first_try=frozenset() if single else self.first_pick)
        box.mount(widget)
        self.call_after_refresh(widget.focus)

    def _show_marks(self) -> None:
        """Per-option ✓/✗ give the key away, so they wait for the reveal."""
        question = self.item.question
        if question.free_answer:
            return
        answer = self.session.answers[-1]
        correct = {self.order.index(i) for i, c in enumerate(question.choices) if c.correct}
        picked = frozenset(self.order.index(i) for i in answer.picked)
        for choice_list in self.query(ChoiceList):
            choice_list.answered = True
            choice_list.show_result(correct, picked)

    # --- answering -----------------------------------------------------------------------

    def on_choice_list_submitted(self, event: ChoiceList.Submitted) -> None:
        if self.phase not in ANSWERING:
            return
        order = self.order
        picked = frozenset(order[p] for p in event.picked)
        answer = self._take(picked)
        if not answer.correct and not answer.retried:
            self.first_pick = frozenset(event.picked)
        from quiz_app.ui.feedback import choice_outcome  # with the first answer, not the start

        self._conclude(choice_outcome(answer, order))

    def on_free_answer_graded(self, event: FreeAnswer.Graded) -> None:
        widget, result = event.free_answer, event.result
        if not widget.is_attached or widget.question is not self.item.question \
                or self.phase not in ANSWERING:
            return  # graded after the student moved on (or undid)
        answer = self._take(frozenset(), graded_right=result.status == "right",
                            response=event.response)
        if not answer.correct and not answer.retried:
            self.first_response = event.response
        widget.freeze()
        widget.say(f"interpreted as: {result.interpreted}")
        from quiz_app.ui.feedback import typed_outcome

        self._conclude(typed_outcome(answer, event.key, result.interpreted, result.message,
                                     result.feedback))

    def _take(self, picked: frozenset[int], **typed):
        """Record a first answer, or the one retry, durably."""
        if self.phase is Phase.RETRYING:
            answer = self.session.retry(picked, self.hints_shown, **typed)
        else:
            answer = self.session.answer(picked, self.hints_shown, **typed)
        self._save(answer)
        return answer

    def _conclude(self, outcome: Outcome) -> None:
        """After a first wrong answer only the mark and the feedback that does not name the
        key show, so the one retry is still worth something; n reveals the rest."""
        self._clear_instructions()
        self.outcome = self._with_saving_and_review(outcome)
        self.query_one("#quiz-body").focus()
        self.phase = Phase.RETRY_OFFERED if self.session.can_retry() else Phase.REVEALED

    def _clear_instructions(self) -> None:
        """"Enter or a letter answers." is wrong once answered (or skipped); hints stay."""
        if not self.hints_shown:
            self.query_one("#quiz-hints", Static).update("")

    def _with_saving_and_review(self, outcome: Outcome) -> Outcome:
        """The mark says when the answer is not in the file yet; the next review follows."""
        from quiz_app.ui.feedback import next_review_text

        review = "" if self.progress is None else next_review_text(
            self.progress.next_review(self.item.question.id))
        return replace(outcome, mark=outcome.mark + self.save_note, next_review=review)

    def _save(self, answer) -> None:
        """Durable before the mark is shown. A file that cannot take it (full disk, locked,
        read-only) is named beside the mark; Progress keeps the answer and retries it."""
        self.save_note = ""
        if self.progress is not None:
            try:
                self.progress.record(self.session, answer, time.monotonic() - self.shown_at)
                self.save_note = self.progress.unsaved_note()
            except Exception as exc:  # never end the quiz over a write
                self.save_note = f" (not saved: {exc})"

    # --- keys ----------------------------------------------------------------------------

    def action_retry(self) -> None:
        """After a wrong first answer: one more try, for half credit (docs/authoring.md)."""
        self._mount_answer_widget()
        self.phase = Phase.RETRYING

    def action_dont_know(self) -> None:
        """"I don't know": wrong for the schedule, no guess; after a wrong first answer it
        declines the retry."""
        if self.phase is Phase.RETRY_OFFERED:
            self.phase = Phase.REVEALED
            return
        self._clear_instructions()
        self.save_note = ""
        if self.phase is Phase.ASKING:
            answer = self.session.skip(self.hints_shown)
            self._save(answer)
        else:  # retrying: the first answer stands
            answer = replace(self.session.answers[-1], retried=True)  # no retry left
            self.session.answers[-1] = answer
        for free_answer in self._free_answers():
            free_answer.freeze()
        question = self.item.question
        from quiz_app.ui.feedback import choice_outcome, typed_outcome

        outcome = typed_outcome(answer, question.answer or "(computed from the analysis)") \
            if question.free_answer else choice_outcome(answer, self.order)
        self.outcome = self._with_saving_and_review(outcome)
        self.query_one("#quiz-body").focus()
        self.phase = Phase.REVEALED

    def action_undo(self) -> None:  # the last answer, in the database and the schedule too
        undone = self.progress.undo(self.session) if self.progress is not None else \
            self.session.undo()
        self.notify("The last answer was taken back." if undone is None or undone.skipped
                    else "Taken back, but it still counts: your new answer is the retry "
                         "(half credit).")
        self.show_question()

    def action_flag(self) -> None:
        from quiz_app.ui.screens.flag import ask_and_flag

        ask_and_flag(self, self.progress, self.session, self.item)

    def action_hint(self, via: str = "letter") -> None:
        """`via` tells F1's binding from the letter's (check_action); both show a hint."""
        hints = self.item.question.hints if self.item else []
        if self.hints_shown >= len(hints):
            self.notify("No more hints." if hints else "This question has no hints.")
            return
        self.hints_shown += 1
        shown = "\n".join(f"Hint {i + 1}: {render_markup(h)}"
                          for i, h in enumerate(hints[: self.hints_shown]))
        self.query_one("#quiz-hints", Static).update(shown)
        self._note_open()

    def on_unmount(self) -> None:
        self._note_open()  # left mid-question (Ctrl+Q, End): a resume carries on from here

    def _note_open(self) -> None:
        """The hints and time so far on the question still open, kept for a resume."""
        if self.progress is not None and self.phase is Phase.ASKING:
            self.progress.note_open(self.session, self.hints_shown,
                                    time.monotonic() - self.shown_at)

    def action_toggle_analysis(self) -> None:
        if quiz_state.analysis_target(self.item.question) is not None:
            for widget in self._why_panels() or ():
                widget.display = not widget.display

    def action_next(self) -> None:
        if self.phase is Phase.RETRY_OFFERED:
            self.phase = Phase.REVEALED  # they chose to see the answer instead of retrying
        elif self.session.finished:
            self.post_message(SessionFinished(self.session))
        else:
            self.show_question()

    def action_leave_box_or_end(self) -> None:
        """Escape leaves a text box (so the letter keys are commands again), else ends."""
        if isinstance(self.focused, Input):
            self.query_one("#quiz-body").focus()
        else:
            self.action_end_quiz()

    def action_end_quiz(self) -> None:
        from quiz_app.ui.screens.confirm import ConfirmScreen

        def decided(end: bool | None) -> None:
            if end:
                if self.progress is not None:
                    self.progress.finish(self.session)
                self.post_message(SessionFinished(self.session))

        self.app.push_screen(ConfirmScreen("End this quiz and see the summary?"), decided)

    def on_key(self, event) -> None:
        """Box left with Escape: a non-command key (`1`, `e` of exp) goes back into it."""
        if self.phase not in ANSWERING or not event.is_printable or not event.character \
                or isinstance(self.focused, Input):
            return
        active = self.active_bindings.get(event.key)  # (lists enabled bindings only)
        if (active and active.enabled) or event.character in self._command_keys():
            return
        for free_answer in self._free_answers():
            event.stop()
            event.prevent_default()
            free_answer.type_key(event.character)

    def _free_answers(self):
        from quiz_app.ui.widgets.free_answer import FreeAnswer

        return self.query(FreeAnswer)

    def _command_keys(self) -> dict[str, str]:
        """The printable keys of the commands that never go back into the box."""
        return {character: binding.action for binding in self.BINDINGS
                if isinstance(binding, Binding) and binding.action in quiz_state.NEVER_TYPED
                for character in [self.app.get_key_display(binding)] if len(character) == 1}
