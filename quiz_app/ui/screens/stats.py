"""How the student is doing: totals, per topic and misconception, streak, due, 30 days."""

from __future__ import annotations

from rich.markup import escape as rich_escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot


class StatsScreen(Screen):
    BINDINGS = [Binding("escape,h", "app.go_home", "Home"), Binding("q", "app.quit", "Quit")]

    def __init__(self, progress, report) -> None:
        super().__init__()
        self.progress = progress
        self.report = report

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("Counting…", id="stats-headline")
            yield DataTable(id="stats-topics", cursor_type="none", zebra_stripes=True)
            yield DataTable(id="stats-misconceptions", cursor_type="none")
            yield PlotextPlot(id="stats-chart")
            yield Static("", id="stats-missed")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#stats-topics", DataTable).add_columns("topic", "correct", "answered",
                                                               "accuracy")
        self.query_one("#stats-misconceptions", DataTable).add_columns(
            "misconception (from wrong picks)", "times")
        self.load_stats()

    @work(thread=True, exclusive=True)
    def load_stats(self) -> None:
        from quiz_app.study.stats import compute_stats

        known = [q.id for _, _, q in self.report.questions]
        stats = compute_stats(self.progress.store, known)
        self.app.call_from_thread(self.show_stats, stats)

    def show_stats(self, stats) -> None:
        from quiz_app.study.stats import percent

        self.query_one("#stats-headline", Static).update(stats.headline())
        topics = self.query_one("#stats-topics", DataTable)
        for topic, row in stats.by_topic.items():
            topics.add_row(rich_escape(topic), str(row["correct"]), str(row["answered"]),
                           percent(row["accuracy"]))
        misconceptions = self.query_one("#stats-misconceptions", DataTable)
        for tag, times in stats.by_misconception.items():
            misconceptions.add_row(rich_escape(tag), str(times))
        chart = self.query_one("#stats-chart", PlotextPlot)
        plt = chart.plt
        days = list(range(-len(stats.daily) + 1, 1))
        plt.bar(days, [d["answered"] for d in stats.daily], label="answers per day")
        plt.plot(days, [100 * (d["accuracy"] or 0) for d in stats.daily], marker="braille",
                 label="accuracy %")
        plt.title("Last 30 days (0 = today)")
        chart.refresh()
        self.query_one("#stats-missed", Static).update(escape("\n".join(stats.missed_lines())))
