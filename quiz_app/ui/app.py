"""The application shell: loads the banks off the event loop and routes between screens."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from quiz_app.study import DEFAULT_SESSION_LENGTH
from quiz_app.ui import requests
from quiz_app.ui.config import AppConfig, StartMode

if TYPE_CHECKING:  # pydantic and ruamel load in a worker, sqlite only for a quiz's first screen
    from collections.abc import Callable
    from pathlib import Path

    from quiz_app.bank.listing import BankListing
    from quiz_app.bank.loader import LoadReport
    from quiz_app.study.progress import HomeSummary, Progress
    from quiz_app.study.session import QuizSession


# start straight in a quiz, with no home under it
QUIZ_STARTS: tuple[StartMode, ...] = ("take", "review", "study")


class ReluQuizApp(App):
    """NO_COLOR needs nothing here: Textual itself reads it and adds a Monochrome filter
    (a theme named by hand, as before, crashed when the installed Textual lacked it)."""

    TITLE = "relu-quiz"
    SUB_TITLE = "the properties of ReLU"
    CSS_PATH = "styles/app.tcss"  # each screen brings its own (its CSS_PATH), when shown
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),  # in `?`; footers: q
    ]

    def __init__(self, config: AppConfig | None = None) -> None:
        super().__init__()
        self.config = config or AppConfig()
        self.report: LoadReport | None = None
        self.progress: Progress | None = None
        # One session length for Study now, review, topic and bank quizzes (None: all).
        self.length: int | None = self.config.count or DEFAULT_SESSION_LENGTH
        self._warmed = False
        self._first_listing: BankListing | None = None  # what home showed before the load
        self._waiting: list[Callable[[], None]] = []  # chosen from it before the load ended

    def _first_screen(self) -> Screen | None:
        """Home, listed from the cache, or a quiz's first question when all its banks are
        in the compiled cache; None while a quiz's banks load in the worker."""
        if self.config.start == "home":
            from quiz_app.bank.listing import cached_listing
            from quiz_app.ui.screens.home import HomeScreen

            self._first_listing = cached_listing(self._bank_paths())
            return HomeScreen(self._first_listing)
        if self.config.start in QUIZ_STARTS and self._load_from_cache():
            return self._first_quiz()
        return None

    def _bank_paths(self) -> list[Path]:
        from quiz_app.bank.discovery import discover_bank_paths

        return list(self.config.paths or discover_bank_paths())

    def on_mount(self) -> None:
        """Every screen of ours goes over Textual's empty default screen (pushed, so that
        any of them can be switched for another: the quiz for its summary, say)."""
        if self.config.start == "explore":
            self.open_explore(self.config.explore_expression, self.config.explore_point)
        first = self._first_screen()
        if first is not None:
            self.push_screen(first)
        if self.report is None and self._first_listing is None:  # nothing to show: load now
            self.load_banks()

    def on_ready(self) -> None:
        """Home's first frame, listed from the cache, is up: now the banks load."""
        if self.report is None and self._first_listing is not None:
            self.load_banks()

    def _load_from_cache(self) -> bool:
        """`take`, `study` and `review` whose banks are all in the compiled cache load them
        here (a few milliseconds) and progress (SQLite, a few more), so that their first
        question is the first screen. Any file to parse leaves it to the worker."""
        from quiz_app.bank.loader import load_cached_banks
        from quiz_app.study.progress import Progress

        report = load_cached_banks(self._bank_paths())
        if report is None:
            return False
        self.report, self.progress = report, Progress.open(wait_ms=500)
        return True

    @work(thread=True, exclusive=True, group="banks")
    def load_banks(self) -> None:
        """Off the event loop: banks (compiled cache: no YAML, pydantic), then progress. Python
        waits for this thread at exit: it stops at the next file once Textual cancels it."""
        from quiz_app.bank.listing import BankListing, save_listing, stamped_load

        worker = get_current_worker()
        home = self.config.start == "home"  # only home reads the listing: only home saves it
        stamps, report = stamped_load(self._bank_paths(), home, lambda: worker.is_cancelled)
        if report is None or worker.is_cancelled:  # stopped: the app quit, or a newer load
            return
        starting_quiz = self.config.start in QUIZ_STARTS
        listing = BankListing.from_report(report)
        if home and listing != self._first_listing:
            save_listing(stamps, listing)
            self.call_from_thread(self._show_banks, listing)
        from quiz_app.study.progress import HomeSummary, Progress

        # a write waits at most half a second for another relu-quiz (an import, say): after
        # that it is kept in memory and retried, and the screen says "not saved"
        progress = Progress.open(wait_ms=500)
        # A home screen counts its progress when it is first shown, if not already here.
        summary = HomeSummary(progress, report.banks) if self.config.start == "home" else None
        self.call_from_thread(self._banks_loaded, report, progress, summary)
        if not starting_quiz:  # a quiz warms up once its first question is painted
            self._warm_up()

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        self._warm_up()

    def _show_banks(self, listing: BankListing) -> None:
        from quiz_app.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_listing(listing)

    @work(thread=True, exclusive=True, group="home")
    def refresh_home(self) -> None:
        """Due cards and "Resume quiz" change as the student works; recount off the loop."""
        from quiz_app.study.progress import HomeSummary

        if self.report is not None and self.progress is not None:
            summary = HomeSummary(self.progress, self.report.banks)
            self.call_from_thread(self._show_home, summary)

    def _show_home(self, summary: HomeSummary) -> None:
        from quiz_app.bank.listing import BankListing
        from quiz_app.ui.screens.home import HomeScreen

        if self.report is None:
            return
        listing = BankListing.from_report(self.report)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_listing(listing, summary)

    def _warm_up(self) -> None:
        """Pay here, off the event loop and after the first screen, the one-off costs of the
        first answer's feedback: the analysis process (sympy imported there, not here)
        starts, and the feedback's wording."""
        if self._warmed:
            return
        self._warmed = True
        import quiz_app.ui.feedback  # noqa: F401
        from quiz_app.checker.cache import cache_key
        from quiz_app.checker.warm import shared_worker
        from quiz_app.ui.mathtext import math_to_unicode

        shared_worker().start()
        cache_key("warm-up")
        math_to_unicode("f'(x)")

    def on_unmount(self) -> None:
        """Quitting never waits for a child: the warm workers are stopped, so an analysis, a
        picture or a framework's run they were computing returns at once. Then, the last
        chance for answers kept in memory (disk was full, file was locked)."""
        from quiz_app.checker.warm import stop_workers

        stop_workers()  # the maths worker and the frameworks' (with a framework's child)
        if self.progress is not None and self.progress.pending:
            self.progress.flush()

    def _banks_loaded(self, report: LoadReport, progress: Progress,
                      summary: HomeSummary | None) -> None:
        self.report, self.progress = report, progress
        if summary is not None:
            self._show_home(summary)
        if self.config.start in QUIZ_STARTS:
            self.push_screen(self._first_quiz())  # over the empty screen shown while loading
        else:
            self._tell_progress_notice()
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _first_quiz(self) -> Screen:
        """The quiz `take`, `study` or `review` started with, once banks and progress are
        here; or home, where the notice that there is nothing to ask is not left on an
        empty screen. Later starts come from home, which config.start now names."""
        start, self.config.start = self.config.start, "home"
        self._tell_progress_notice()
        named = bool(self.config.paths)  # `take FILE`: a quiz on those files, all of it
        session = self._planned(start, **({"topic": self.config.topic, "named_files": named}
                                          if start == "take" else {}))
        if session is not None:
            return self._quiz_screen(session)
        from quiz_app.ui.screens.home import HomeScreen

        return HomeScreen()

    def _tell_progress_notice(self) -> None:
        if self.progress is not None and self.progress.store.notice:
            self.notify(self.progress.store.notice, severity="warning", timeout=15, markup=False)

    def _when_loaded(self, action: Callable[[], None]) -> None:
        """Home lists the banks before they load (a cached listing): a choice made that
        early waits for the banks and progress instead of finding none."""
        if self.report is None or self.progress is None:
            self._waiting.append(action)
        else:
            action()

    def _seed(self) -> int:
        """Every session gets a seed, stored with it: a resume shows the same variants."""
        import random

        return self.config.seed if self.config.seed is not None else random.randrange(2**31)

    def start_quiz(self, topic: str | None = None, bank_path: str | None = None,
                   items=None) -> None:
        self._run_if_any(self._planned("take", topic=topic, bank_path=bank_path, items=items))

    def start_study(self) -> None:
        self._when_loaded(lambda: self._run_if_any(self._planned("study")))

    def start_review(self) -> None:
        self._when_loaded(lambda: self._run_if_any(self._planned("review")))

    def _planned(self, start: StartMode, **selection) -> QuizSession | None:
        """The session `start` asks for (quiz_app.study.plan), or None and a notice: the
        topic is not there, nothing is due."""
        from quiz_app.study import plan

        banks = self.report.banks if self.report else []
        store = self.progress.store if self.progress else None
        try:
            if start == "take":  # files named without a --count are asked whole
                whole = selection.get("named_files") and not self.config.count
                return plan.quiz_session(banks, store, length=None if whole else self.length,
                                         seed=self._seed(), shuffle=self.config.shuffle,
                                         **selection)
            assert store is not None  # study and review wait for progress (_when_loaded)
            kind: plan.DueKind = "study" if start == "study" else "review"
            return plan.due_session(kind, banks, store, length=self.length, seed=self._seed(),
                                    shuffle=self.config.shuffle)
        except plan.NothingToAsk as nothing:
            self.notify(str(nothing), severity=nothing.severity, timeout=10, markup=False)
            return None

    def _run_if_any(self, session: QuizSession | None) -> None:
        if session is not None:
            self.run_session(session)

    def resume_quiz(self) -> None:
        session = self.progress.resumable(self.report.banks) \
            if self.progress and self.report else None
        if session is None:
            self.notify("There is no interrupted quiz to resume.")
            return
        self.run_session(session)

    def run_session(self, session: QuizSession) -> None:
        """A new session replaces the summary it was started from (Continue, Retry missed);
        anywhere else it goes on top."""
        from quiz_app.ui.screens.summary import SummaryScreen

        screen = self._quiz_screen(session)
        if isinstance(self.screen, SummaryScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _quiz_screen(self, session: QuizSession) -> Screen:
        from quiz_app.ui.screens.quiz import QuizScreen

        if self.progress is not None:  # saved once the screen is drawn (QuizScreen.on_mount)
            self.progress.begin(session, later=True)
        return QuizScreen(session, self.progress, timeout=self.config.timeout)

    # --- what screens ask for (Messages; screens never call the App by name) --------------

    def on_study_requested(self, _: requests.StudyRequested) -> None:
        self.start_study()

    def on_review_requested(self, _: requests.ReviewRequested) -> None:
        self.start_review()

    def on_resume_requested(self, _: requests.ResumeRequested) -> None:
        self._when_loaded(self.resume_quiz)

    def on_quiz_requested(self, message: requests.QuizRequested) -> None:
        self._when_loaded(lambda: self.start_quiz(message.topic, message.bank_path,
                                                  message.items))

    def on_stats_requested(self, _: requests.StatsRequested) -> None:
        self._when_loaded(self.open_stats)

    def on_explore_requested(self, _: requests.ExploreRequested) -> None:
        self.open_explore()

    def on_length_changed(self, message: requests.LengthChanged) -> None:
        self.length = message.length
        self.refresh_home()

    def on_home_requested(self, _: requests.HomeRequested) -> None:
        self.action_go_home()

    def on_recount_requested(self, _: requests.RecountRequested) -> None:
        self.refresh_home()

    def on_session_finished(self, message: requests.SessionFinished) -> None:
        from quiz_app.ui.screens.summary import SummaryScreen

        self.switch_screen(SummaryScreen(message.session, self.length))

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
        if not homes:  # started straight in a quiz: the home is built when first asked for
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(HomeScreen())  # in place of that quiz, or its summary
            return
        while self.screen is not homes[0]:
            self.pop_screen()

    def action_help(self) -> None:
        from quiz_app.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Go home", "Back to the banks and topics", self.action_go_home)
        yield SystemCommand("Explore a function", "Limits, derivatives and a plot of any f",
                            self.open_explore)
        yield SystemCommand("Study now", "Due reviews, then new questions in learning order",
                            self.start_study)
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
