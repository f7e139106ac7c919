"""Home: "Study now" first, then review, resume, topics and banks, with their counts.

The counts come from quiz_app.study.counts (the same definitions as Stats). The screen asks
the App for everything through Messages (quiz_app.ui.requests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quiz_app.ui import requests
from quiz_app.ui.mathtext import escape

LENGTHS = (5, 10, 20, None)  # the session lengths `l` cycles through (None: all)

if TYPE_CHECKING:  # loaded in a worker after the first paint
    from quiz_app.bank.listing import BankListing
    from quiz_app.study.progress import HomeSummary
    from quiz_app.ui.app import ReluQuizApp


class HomeScreen(Screen):
    CSS_PATH = ["../styles/home.tcss"]
    if TYPE_CHECKING:  # for mypy: the app this screen runs in is ours
        app: ReluQuizApp

    BINDINGS = [
        Binding("x", "explore", "Explore"),
        Binding("l", "length", "Length"),
        Binding("a", "start_all", "Quiz all"),
        Binding("r", "review", "Review"),
        Binding("s", "stats", "Stats"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, listing: BankListing | None = None) -> None:
        """`listing`: the banks as they were when this bank code last listed them, if no
        file has changed since, so they are listed in the first frame (quiz_app.bank.listing)."""
        super().__init__()
        self._first_listing = listing

    def compose(self) -> ComposeResult:
        """With a cached listing, the banks are in the widgets from the start: a widget
        updated in on_mount is drawn a frame later, and in a terminal that frame can come
        tens of milliseconds after the first, once the full load has begun."""
        listing = self._first_listing
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("Learn the properties of ReLU, f(x) = max(0, x): pick a quiz, or "
                         "explore any function at a point.", id="home-intro")
            yield Static(_status(listing) if listing else "Loading question banks…",
                         id="home-status")
            yield OptionList(*_options(listing, None, self.app.length) if listing else (),
                             id="home-actions")
            yield Static("", id="home-banks")
            yield Static(_problems(listing) if listing else "", id="home-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-actions").focus()

    def on_screen_resume(self) -> None:
        """Back from a quiz: due counts and "Resume" may have changed."""
        self.post_message(requests.RecountRequested())

    def action_stats(self) -> None:
        self.post_message(requests.StatsRequested())

    def action_review(self) -> None:
        self.post_message(requests.ReviewRequested())

    def action_length(self) -> None:
        length = self.app.length
        following = LENGTHS[(LENGTHS.index(length) + 1) % len(LENGTHS)] \
            if length in LENGTHS else LENGTHS[1]
        self.post_message(requests.LengthChanged(following))
        self.notify(f"Sessions are now {_length_text(following)}.")

    def show_listing(self, listing: BankListing, summary: HomeSummary | None = None) -> None:
        found = self.query("#home-actions")
        if not found:  # the app is quitting and took the screen's widgets down first
            return
        actions = found.first(OptionList)
        highlighted = actions.highlighted_option.id if actions.highlighted_option else None
        actions.clear_options()
        actions.add_options(_options(listing, summary, self.app.length))
        preferred = "resume" if summary and summary.resume else (
            highlighted if highlighted and highlighted != "resume" else "study")
        try:
            actions.highlighted = actions.get_option_index(preferred)
        except Exception:  # that entry is gone (nothing to resume any more)
            actions.highlighted = 0
        self.query_one("#home-status", Static).update(_status(listing, summary))
        self.query_one("#home-problems", Static).update(_problems(listing))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        simple = {"study": requests.StudyRequested, "all": requests.QuizRequested,
                  "explore": requests.ExploreRequested, "review": requests.ReviewRequested,
                  "resume": requests.ResumeRequested, "stats": requests.StatsRequested}
        if option_id in simple:
            self.post_message(simple[option_id]())
        elif option_id.startswith("topic:"):
            self.post_message(requests.QuizRequested(topic=option_id.removeprefix("topic:")))
        elif option_id.startswith("bank:"):
            self.post_message(requests.QuizRequested(
                bank_path=option_id.removeprefix("bank:")))

    def action_explore(self) -> None:
        self.post_message(requests.ExploreRequested())

    def action_start_all(self) -> None:
        self.post_message(requests.QuizRequested())


def _options(listing: BankListing, summary: HomeSummary | None,
             length: int | None) -> list[Option]:
    """Study now, resume, review, then everything, each topic and each bank with its count
    of questions (and of those done, once progress is counted), Explore and Stats."""
    def count(ids: list[str]) -> str:
        done = f", {summary.done_in(ids)} done" if summary and summary.answered else ""
        return f"({len(ids)}{done})"

    due = f"{summary.due} due" if summary else "counting…"  # progress arrives just after
    options = [Option(f"▶ Study now ({_length_text(length)}, {due} · l: length)", id="study")]
    if summary and summary.resume:
        resume = summary.resume
        options.append(Option(f"↻ Resume {escape(resume.name or 'quiz')} ({resume.index + 1} "
                              f"of {len(resume.items)})", id="resume"))
    options.append(Option(f"⟳ Review ({due})", id="review"))
    options.append(Option(f"  Quiz on everything {count(listing.question_ids)}", id="all"))
    options += [Option(f"  Topic: {escape(topic)} {count(ids)}", id=f"topic:{topic}")
                for topic, ids in listing.topics().items()]
    options += [Option(f"  Bank: {escape(bank.title)} {count([qid for qid, _ in bank.questions])}",
                       id=f"bank:{bank.path}") for bank in listing.banks]
    options.append(Option("◆ Explore a function (x)", id="explore"))
    if summary:
        options.append(Option("≡ Stats (s)", id="stats"))
    return options


def _status(listing: BankListing, summary: HomeSummary | None = None) -> str:
    """"11 banks, 156 questions, 17 topics.", and what is done once progress is counted."""
    status = ", ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in (
        (len(listing.banks), "bank"), (len(listing.question_ids), "question"),
        (len(listing.topics()), "topic"))) + "."
    if summary and summary.answered:
        counts = summary.counts
        status += f" Done: {counts.done} of {counts.total} · {counts.answered} answers."
    return status


def _problems(listing: BankListing) -> str:
    """The files that could not be loaded, and why (the first few)."""
    if not listing.failed_files:
        return ""
    lines = [f"⚠ {listing.failed_files} file(s) could not be loaded; the rest work:"]
    return escape("\n".join(lines + list(listing.problems)))


def _length_text(length: int | None) -> str:
    return "all questions" if length is None else f"{length} questions"
