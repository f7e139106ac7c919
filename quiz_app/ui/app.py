"""The application shell: loads the banks off the event loop and routes between screens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quiz_app.ui.config import AppConfig

if TYPE_CHECKING:  # pydantic, ruamel and sqlite load in a worker, after the first paint
    from quiz_app.bank.loader import LoadReport
    from quiz_app.study.progress import HomeSummary, Progress


class ReluQuizApp(App):
    """NO_COLOR needs nothing here: Textual itself reads it and adds a Monochrome filter
    (a theme named by hand, as before, crashed when the installed Textual lacked it)."""

    TITLE = "relu-quiz"
    SUB_TITLE = "the properties of ReLU"
    CSS_PATH = ["styles/app.tcss", "styles/quiz.tcss", "styles/explore.tcss"]
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, config: AppConfig | None = None) -> None:
        super().__init__()
        self.config = config or AppConfig()
        self.report: LoadReport | None = None
        self.progress: Progress | None = None
        self._warmed = False

    def on_mount(self) -> None:
        if self.config.start == "explore":
            self.open_explore(self.config.explore_expression, self.config.explore_point)
        elif self.config.start == "home":
            from quiz_app.ui.screens.home import HomeScreen

            self.push_screen(HomeScreen())
        # `take` and `review` go straight to their first question: no home screen is built
        # and painted underneath it; "home" builds one when it is first asked for.
        self.load_banks()

    @work(thread=True, exclusive=True, group="banks")
    def load_banks(self) -> None:
        """Off the event loop. The banks come from the compiled cache (no YAML, no pydantic)
        and are listed at once; progress (SQLite, FSRS) fills its counts in just after."""
        from quiz_app.bank.discovery import discover_bank_paths
        from quiz_app.bank.loader import load_banks

        report = load_banks(self.config.paths or discover_bank_paths())
        starting_quiz = self.config.start in ("take", "review")
        if self.config.start == "home":
            self.call_from_thread(self._show_banks, report)
        from quiz_app.study.progress import HomeSummary, Progress

        progress = Progress.open()
        # A home screen counts its progress when it is first shown, if not already here.
        summary = HomeSummary(progress, report.banks) if self.config.start == "home" else None
        self.call_from_thread(self._banks_loaded, report, progress, summary)
        if not starting_quiz:  # a quiz warms up once its first question is painted
            self._warm_up()

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        self._warm_up()

    def _show_banks(self, report: LoadReport) -> None:
        from quiz_app.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_report(report)

    @work(thread=True, exclusive=True, group="home")
    def refresh_home(self) -> None:
        """Due cards and "Resume quiz" change as the student works; recount off the loop."""
        from quiz_app.study.progress import HomeSummary

        if self.report is not None and self.progress is not None:
            summary = HomeSummary(self.progress, self.report.banks)
            self.call_from_thread(self._show_home, summary)

    def _show_home(self, summary: HomeSummary) -> None:
        from quiz_app.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and self.report is not None:
                screen.show_report(self.report, summary)

    def _warm_up(self) -> None:
        """Pay here, off the event loop and after the first screen, the one-off costs of the
        first answer's feedback: the analysis process (sympy imported there, not here)
        starts, and pydantic loads for a cached question's content hash."""
        if self._warmed:
            return
        self._warmed = True
        import quiz_app.bank.models  # noqa: F401
        from quiz_app.checker.cache import cache_key
        from quiz_app.checker.warm import shared_worker
        from quiz_app.ui.mathtext import math_to_unicode

        shared_worker().start()
        cache_key("warm-up")
        math_to_unicode("f'(x)")

    def _banks_loaded(self, report: LoadReport, progress: Progress,
                      summary: HomeSummary | None) -> None:
        self.report, self.progress = report, progress
        if progress.store.notice:
            self.notify(progress.store.notice, severity="warning", timeout=15)
        if summary is not None:
            self._show_home(summary)
        start, self.config.start = self.config.start, "home"
        if start == "take":
            self.start_quiz(topic=self.config.topic)
        elif start == "review":
            self.start_review()

    def start_quiz(self, topic: str | None = None, bank_path: str | None = None,
                   items=None) -> None:
        import random

        from quiz_app.study.session import QuizSession, items_from

        # Every session gets a seed, stored with it, so a resumed quiz shows the same variants.
        seed = self.config.seed if self.config.seed is not None else random.randrange(2**31)
        if items is None:
            items = items_from(self.report.banks if self.report else [], topic, bank_path, seed)
        if not items:
            self.notify("No questions to ask here.", severity="warning")
            return
        session = QuizSession.build(items, self.config.count, self.config.shuffle, seed)
        self.run_session(session)

    def start_review(self) -> None:
        from quiz_app.study.session import QuizSession

        due = self.progress.due_items(self.report.banks) \
            if self.progress and self.report else []
        if not due:
            self.notify("Nothing is due for review. ✓")
            return
        self.run_session(QuizSession(due[: self.config.count or len(due)], kind="review"))

    def resume_quiz(self) -> None:
        session = self.progress.resumable(self.report.banks) \
            if self.progress and self.report else None
        if session is None:
            self.notify("There is no interrupted quiz to resume.")
            return
        self.run_session(session)

    def run_session(self, session) -> None:
        from quiz_app.ui.screens.quiz import QuizScreen

        if self.progress is not None:
            self.progress.begin(session)
        self.push_screen(QuizScreen(session, self.progress, timeout=self.config.timeout))

    def open_stats(self) -> None:
        from quiz_app.ui.screens.stats import StatsScreen

        if self.progress is not None and self.report is not None:
            self.push_screen(StatsScreen(self.progress, self.report))

    def open_explore(self, expression: str | None = None, point: str = "0") -> None:
        from quiz_app.ui.screens.explore import ExploreScreen

        self.push_screen(ExploreScreen(expression or "Max(0, x)", point))

    def action_go_home(self) -> None:
        from quiz_app.ui.screens.home import HomeScreen

        homes = [screen for screen in self.screen_stack if isinstance(screen, HomeScreen)]
        if not homes:  # started by `take` or `review`: the home is built when first asked for
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(HomeScreen())
            return
        while self.screen is not homes[0]:
            self.pop_screen()

    def action_help(self) -> None:
        from quiz_app.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Go home", "Back to the banks and topics", self.action_go_home)
        yield SystemCommand("Explore a function", "Limits, derivatives and a plot of any f",
                            self.open_explore)
        yield SystemCommand("Review due questions", "Spaced review of what you are about to "
                            "forget", self.start_review)
        yield SystemCommand("Stats", "Accuracy, streak, due cards and the last 30 days",
                            self.open_stats)
        yield SystemCommand("Toggle light/dark theme", "Switch between light and dark",
                            self.action_toggle_theme)
        for topic in sorted({item for item in self._topics()}):
            yield SystemCommand(f"Start topic: {topic}", f"A quiz on {topic}",
                                lambda topic=topic: self.start_quiz(topic=topic))

    def _topics(self) -> list[str]:
        if not self.report:
            return []
        return [lb.bank.topic_of(q) for lb, _, q in self.report.questions]


def create_app(config: AppConfig | None = None) -> ReluQuizApp:
    """The one way to build the app, used by the CLI and by the tests alike."""
    return ReluQuizApp(config)
