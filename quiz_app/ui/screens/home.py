"""Home: the banks and topics with their counts, and what to do next."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:  # loaded in a worker after the first paint
    from quiz_app.bank.loader import LoadReport


class HomeScreen(Screen):
    BINDINGS = [
        Binding("x", "explore", "Explore"),
        Binding("a", "start_all", "Quiz all"),
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
        if self.app.report is not None:
            self.show_report(self.app.report)
        self.query_one("#home-actions").focus()

    def show_report(self, report: LoadReport) -> None:
        questions = report.questions
        topics = Counter(lb.bank.topic_of(q) for lb, _, q in questions)
        actions = self.query_one("#home-actions", OptionList)
        actions.clear_options()
        actions.add_option(Option(f"▶ Quiz on everything ({len(questions)} questions)",
                                  id="all"))
        for topic, count in topics.items():
            actions.add_option(Option(f"  Topic: {topic} ({count})", id=f"topic:{topic}"))
        for loaded in report.banks:
            actions.add_option(Option(f"  Bank: {loaded.bank.title} "
                                      f"({len(loaded.bank.questions)})",
                                      id=f"bank:{loaded.path}"))
        actions.add_option(Option("◆ Explore a function (x)", id="explore"))
        actions.highlighted = 0
        status = f"{len(report.banks)} banks, {len(questions)} questions, {len(topics)} topics."
        self.query_one("#home-status", Static).update(status)
        failed = report.failed_files
        if failed:
            lines = [f"⚠ {len(failed)} file(s) could not be loaded; the rest work:"]
            lines += [d.format() for d in report.diagnostics if d.path in failed][:10]
            self.query_one("#home-problems", Static).update("\n".join(lines))

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

    def action_explore(self) -> None:
        self.app.open_explore()

    def action_start_all(self) -> None:
        self.app.start_quiz()
