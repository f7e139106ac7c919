"""How a student is doing: totals, accuracy by topic and misconception, streak, due cards,
the last 30 days, and the questions missed most. One SQL pass per figure, indexed, so the
numbers stay quick at 100,000 answers. The keys of `to_json` are a documented contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from quiz_app.study.counts import CREDIT, Counts, due_ids
from quiz_app.study.store import ProgressStore, utc_now

STATS_FORMAT = 1


def readable(tag: str) -> str:
    """A misconception tag as a student reads it: `zero-gradient_at-kink` → "Zero
    gradient at kink".

    >>> readable("relu-derivative-is-one-at-0")
    'Relu derivative is one at 0'
    """
    words = " ".join(part for part in tag.replace("_", "-").split("-") if part)
    return words[:1].upper() + words[1:]


@dataclass
class Stats:
    format: int = STATS_FORMAT
    total_answered: int = 0
    correct: float = 0  # credits: a right retry counts RETRY_CREDIT
    done: int = 0
    accuracy: float | None = None
    by_topic: dict[str, dict] = field(default_factory=dict)
    by_misconception: dict[str, int] = field(default_factory=dict)
    streak_days: int = 0
    due_today: int = 0
    due_this_week: int = 0
    daily: list[dict] = field(default_factory=list)
    forecast: list[dict] = field(default_factory=list)  # cards due on each of the next days
    most_missed: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    def headline(self) -> str:
        return (f"{self.total_answered} answered · {self.done} done · "
                f"accuracy {percent(self.accuracy)} · "
                f"streak {self.streak_days} day(s) · due today {self.due_today}, "
                f"this week {self.due_this_week}")

    def missed_lines(self) -> list[str]:
        if not self.most_missed:
            return ["Nothing missed yet."]
        return ["Missed most often:"] + [
            f"  {row['question_id']}: missed {row['missed']} of {row['answered']}"
            + (" (retired)" if row["retired"] else "") for row in self.most_missed]

    def text_lines(self) -> list[str]:
        """The plain-text report of `relu-quiz stats`."""
        lines = [self.headline(), "", "By topic:"]
        lines += [f"  {topic:<20} {row['correct']:>5g} of {row['answered']:<5} "
                  f"{percent(row['accuracy'])}" for topic, row in self.by_topic.items()]
        if self.by_misconception:
            lines += ["", "Misconceptions behind wrong picks:"]
            lines += [f"  {readable(tag)}: {times}"
                      for tag, times in self.by_misconception.items()]
        return lines + ["", self.forecast_line(), ""] + self.missed_lines()

    def forecast_line(self) -> str:
        days = " · ".join(f"{row['date'][5:]}: {row['due']}" for row in self.forecast)
        return f"Due in the next {len(self.forecast)} days: {days}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _ratio(right: float, total: int) -> float | None:
    return round(right / total, 4) if total else None


def compute_stats(store: ProgressStore, known_ids: Iterable[str] = (),
                  now: datetime | None = None, days: int = 30,
                  forecast_days: int = 7) -> Stats:
    """Every count here has its definition in quiz_app.study.counts."""
    now = now or utc_now()
    known = set(known_ids)
    db = store.connection
    stats = Stats()
    counts = Counts.of(store, known, now)
    stats.total_answered, stats.done = counts.answered, counts.done
    stats.correct = db.execute(f"SELECT COALESCE(SUM({CREDIT}), 0) FROM attempts").fetchone()[0]
    stats.accuracy = _ratio(stats.correct, stats.total_answered)
    for topic, right, total in db.execute(
            f"SELECT topic, SUM({CREDIT}), COUNT(*) FROM attempts GROUP BY topic "
            "ORDER BY topic"):
        stats.by_topic[topic] = {"correct": right, "answered": total,
                                 "accuracy": _ratio(right, total)}
    for tag, count in db.execute(
            "SELECT value, COUNT(*) FROM attempts, json_each(attempts.misconceptions) "
            "WHERE correct = 0 GROUP BY value ORDER BY COUNT(*) DESC, value"):
        stats.by_misconception[tag] = count
    stats.streak_days = _streak(db, now.date())
    scope = known or None
    stats.due_today = counts.due_today
    stats.due_this_week = len(due_ids(store, scope, now, days=7))
    previous = 0
    for offset in range(forecast_days):  # cumulative due counts, split per day
        by_then = len(due_ids(store, scope, now, days=offset + 1))
        stats.forecast.append({"date": (now.date() + timedelta(days=offset)).isoformat(),
                               "due": by_then - previous})
        previous = by_then
    first_day = now.date() - timedelta(days=days - 1)
    per_day = {day: (right, total) for day, right, total in db.execute(
        f"SELECT substr(answered_at, 1, 10), SUM({CREDIT}), COUNT(*) FROM attempts "
        "WHERE answered_at >= ? GROUP BY 1", (first_day.isoformat(),))}
    for offset in range(days):
        day = (first_day + timedelta(days=offset)).isoformat()
        right, total = per_day.get(day, (0, 0))
        stats.daily.append({"date": day, "answered": total, "correct": right,
                            "accuracy": _ratio(right, total)})
    for qid, misses, total in db.execute(
            "SELECT question_id, SUM(1 - correct) AS misses, COUNT(*) FROM attempts "
            "GROUP BY question_id HAVING misses > 0 ORDER BY misses DESC, question_id LIMIT 10"):
        stats.most_missed.append({"question_id": qid, "missed": misses, "answered": total,
                                  "retired": bool(known) and qid not in known})
    return stats


def _streak(db, today: date) -> int:
    """Consecutive days (UTC) with at least one answer, ending today or yesterday."""
    start = (today - timedelta(days=400)).isoformat()
    days = {date.fromisoformat(row[0]) for row in db.execute(
        "SELECT DISTINCT substr(answered_at, 1, 10) FROM attempts WHERE answered_at >= ?",
        (start,))}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


