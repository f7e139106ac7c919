"""How a student is doing: totals, accuracy by topic and misconception, streak, due cards,
the last 30 days, and the questions missed most. One SQL pass per figure, indexed, so the
numbers stay quick at 100,000 answers. The keys of `to_json` are a documented contract.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, timezone

from quiz_app.study.store import ProgressStore, utc_now

STATS_FORMAT = 1


@dataclass
class Stats:
    format: int = STATS_FORMAT
    total_answered: int = 0
    correct: int = 0
    accuracy: float | None = None
    by_topic: dict[str, dict] = field(default_factory=dict)
    by_misconception: dict[str, int] = field(default_factory=dict)
    streak_days: int = 0
    due_today: int = 0
    due_this_week: int = 0
    daily: list[dict] = field(default_factory=list)
    most_missed: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)

    def headline(self) -> str:
        return (f"{self.total_answered} answered · accuracy {percent(self.accuracy)} · "
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
        lines += [f"  {topic:<20} {row['correct']:>5} of {row['answered']:<5} "
                  f"{percent(row['accuracy'])}" for topic, row in self.by_topic.items()]
        if self.by_misconception:
            lines += ["", "Misconceptions behind wrong picks:"]
            lines += [f"  {tag}: {times}" for tag, times in self.by_misconception.items()]
        return lines + [""] + self.missed_lines()


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


def compute_stats(store: ProgressStore, known_ids: Iterable[str] = (),
                  now: datetime | None = None, days: int = 30) -> Stats:
    now = now or utc_now()
    known = set(known_ids)
    db = store.connection
    stats = Stats()
    stats.total_answered, stats.correct = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM attempts").fetchone()
    stats.accuracy = _ratio(stats.correct, stats.total_answered)
    for topic, right, total in db.execute(
            "SELECT topic, SUM(correct), COUNT(*) FROM attempts GROUP BY topic ORDER BY topic"):
        stats.by_topic[topic] = {"correct": right, "answered": total,
                                 "accuracy": _ratio(right, total)}
    for tag, count in db.execute(
            "SELECT value, COUNT(*) FROM attempts, json_each(attempts.misconceptions) "
            "WHERE correct = 0 GROUP BY value ORDER BY COUNT(*) DESC, value"):
        stats.by_misconception[tag] = count
    stats.streak_days = _streak(db, now.date())
    end_of_today = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(),
                                    timezone.utc)
    due = [qid for qid, _ in store.due_cards(end_of_today + timedelta(days=6))
           if not known or qid in known]
    due_today = {qid for qid, _ in store.due_cards(end_of_today)}
    stats.due_today = sum(qid in due_today for qid in due)
    stats.due_this_week = len(due)
    first_day = now.date() - timedelta(days=days - 1)
    per_day = {day: (right, total) for day, right, total in db.execute(
        "SELECT substr(answered_at, 1, 10), SUM(correct), COUNT(*) FROM attempts "
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


