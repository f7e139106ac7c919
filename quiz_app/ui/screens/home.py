"""Home: the banks and topics with their counts, and what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:  # loaded in a worker after the first paint
    from quiz_app.bank.loader import LoadReport
    from quiz_app.study.progress import HomeSummary
    from quiz_app.ui.app import ReluQuizApp


class HomeScreen(Screen):
    if TYPE_CHECKING:  # for mypy: the app this screen runs in is ours
        app: ReluQuizApp

    BINDINGS = [
        Binding("x", "explore", "Explore"),
        Binding("a", "start_all", "Quiz all"),
        Binding("r", "review", "Review"),
        Binding("s", "stats", "Stats"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("Learn the properties of ReLU, f(x) = max(0, x): pick a quiz, or "
                         "explore any function at a point.", id="home-intro")
            yield Static("Loading question banks…", id="home-status")
            yield OptionList(id="home-actions")
            yield Static("", id="home-banks")
            yield Static("", id="home-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-actions").focus()

    def on_screen_resume(self) -> None:
        """Back from a quiz: due counts and "Resume" may have changed."""
        self.app.refresh_home()

    def action_stats(self) -> None:
        self.app.open_stats()

    def action_review(self) -> None:
        self.app.start_review()

    def show_report(self, report: LoadReport, summary: HomeSummary | None = None) -> None:
        questions = report.questions
        topics: dict[str, list[str]] = {}
        for loaded, _, question in questions:
            topics.setdefault(loaded.bank.topic_of(question), []).append(question.id)

        def count(ids: list[str]) -> str:
            done = f", {summary.done_in(ids)} done" if summary and summary.answered else ""
            return f"({len(ids)}{done})"

        actions = self.query_one("#home-actions", OptionList)
        actions.clear_options()
        if summary and summary.resume:
            resume = summary.resume
            actions.add_option(Option(f"↻ Resume quiz ({resume.index + 1} of "
                                      f"{len(resume.items)})", id="resume"))
        if summary:
            actions.add_option(Option(f"⟳ Review ({summary.due} due)", id="review"))
        actions.add_option(Option(f"▶ Quiz on everything "
                                  f"{count([q.id for _, _, q in questions])}", id="all"))
        for topic, ids in topics.items():
            actions.add_option(Option(f"  Topic: {escape(topic)} {count(ids)}",
                                      id=f"topic:{topic}"))
        for loaded in report.banks:
            ids = [q.id for q in loaded.bank.questions]
            actions.add_option(Option(f"  Bank: {escape(loaded.bank.title)} {count(ids)}",
                                      id=f"bank:{loaded.path}"))
        actions.add_option(Option("◆ Explore a function (x)", id="explore"))
        if summary:
            actions.add_option(Option("≡ Stats (s)", id="stats"))
        preferred = "resume" if summary and summary.resume else (
            "review" if summary and summary.due else "all")
        actions.highlighted = actions.get_option_index(preferred)
        status = f"{len(report.banks)} banks, {len(questions)} questions, {len(topics)} topics."
        if summary and summary.answered:
            status += f" Answered so far: {len(summary.answered)} of {len(questions)}."
        self.query_one("#home-status", Static).update(status)
        failed = report.failed_files
        if failed:
            lines = [f"⚠ {len(failed)} file(s) could not be loaded; the rest work:"]
            lines += [d.format() for d in report.diagnostics if d.path in failed][:10]
            self.query_one("#home-problems", Static).update(escape("\n".join(lines)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "all":
            self.app.start_quiz()
        elif option_id.startswith("topic:"):
            self.app.start_quiz(topic=option_id.removeprefix("topic:"))
        elif option_id.startswith("bank:"):
            self.app.start_quiz(bank_path=option_id.removeprefix("bank:"))
        elif option_id == "explore":
            self.app.open_explore()
        elif option_id == "review":
            self.app.start_review()
        elif option_id == "resume":
            self.app.resume_quiz()
        elif option_id == "stats":
            self.app.open_stats()

    def action_explore(self) -> None:
        self.app.open_explore()

    def action_start_all(self) -> None:
        self.app.start_quiz()
