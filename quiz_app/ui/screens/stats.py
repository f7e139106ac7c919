"""How the student is doing: totals, per topic and misconception, streak, due, 30 days.

The chart is two panels on one day axis: answers per day (bars) and accuracy in % (a line
broken where a day had no answers, never drawn as 0 %). The counts are those of
quiz_app.study.counts, as on the home screen and in `stats --json`.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual_plotext import PlotextPlot

from quiz_app.ui.mathtext import escape


class StatsScreen(Screen):
    CSS_PATH = ["../styles/stats.tcss"]
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
            yield Static("", id="stats-forecast")
            yield PlotextPlot(id="stats-chart")
            yield PlotextPlot(id="stats-accuracy")
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
        from quiz_app.study.stats import percent, readable

        self.query_one("#stats-headline", Static).update(stats.headline())
        topics = self.query_one("#stats-topics", DataTable)
        for topic, row in stats.by_topic.items():
            topics.add_row(escape(topic), str(row["correct"]), str(row["answered"]),
                           percent(row["accuracy"]))
        misconceptions = self.query_one("#stats-misconceptions", DataTable)
        for tag, times in stats.by_misconception.items():
            misconceptions.add_row(escape(readable(tag)), str(times))
        self.query_one("#stats-forecast", Static).update(stats.forecast_line())
        self._draw_charts(stats.daily)
        self.query_one("#stats-missed", Static).update(escape("\n".join(stats.missed_lines())))

    def _draw_charts(self, daily: list[dict]) -> None:
        days = list(range(len(daily)))
        ticks = days[::7] + ([days[-1]] if days and days[-1] % 7 else [])
        labels = [daily[i]["date"][5:] for i in ticks]  # MM-DD
        positions = [float(i) for i in ticks]
        answers = self.query_one("#stats-chart", PlotextPlot)
        plt = answers.plt
        plt.clear_figure()
        counts = [d["answered"] for d in daily]
        plt.bar(days, counts)
        levels = [float(level) for level in whole_ticks(max(counts, default=0))]
        plt.yticks(levels, [f"{level:g}" for level in levels])  # whole answers: no "18.3"
        plt.xlim(-1, len(daily))
        plt.xticks(positions, labels)
        plt.title(f"Answers per day, last {len(daily)} days")
        answers.refresh()
        accuracy = self.query_one("#stats-accuracy", PlotextPlot)
        plt = accuracy.plt
        plt.clear_figure()
        for run in _runs_with_answers(daily):  # a gap wherever a day had no answers
            values = [100 * daily[i]["accuracy"] for i in run]
            if len(run) == 1:
                plt.scatter(run, values, marker="●")
            else:
                plt.plot(run, values, marker="braille")
        plt.xlim(-1, len(daily))
        plt.ylim(0, 100)
        plt.xticks(positions, labels)
        plt.title("Accuracy % on days with answers")
        accuracy.refresh()


def whole_ticks(top: int, most: int = 5) -> list[int]:
    """At most `most` whole-number ticks from 0 that reach `top`.

    >>> whole_ticks(55), whole_ticks(3), whole_ticks(0)
    ([0, 20, 40, 60], [0, 1, 2, 3], [0, 1])
    """
    step = max(1, -(-top // (most - 1)))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nice >= step:
            step = nice
            break
    return list(range(0, max(top, 1) + step, step))[:most] if top else [0, 1]


def _runs_with_answers(daily: list[dict]) -> list[list[int]]:
    """Consecutive day indices that had answers, as separate runs."""
    runs: list[list[int]] = []
    for index, day in enumerate(daily):
        if day["answered"]:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
    return runs
