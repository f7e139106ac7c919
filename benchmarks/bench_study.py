"""Progress-store timings: recording answers, and the home and stats queries at 100,000.

Run:  python benchmarks/bench_study.py
Uses a scratch RELU_QUIZ_HOME and the bundled bank's question ids. Target: no step a user
waits on above 100 ms at 100,000 answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def record_times(home: Path, count: int) -> list[float]:
    from quiz_app.bank.loader import load_banks
    from quiz_app.study.progress import Progress
    from quiz_app.study.session import QuizSession, items_from

    items = items_from(load_banks([REPO / "questions"]).banks)
    progress = Progress.open(home / "progress.sqlite3")
    rng = random.Random(1)
    times = []
    session = QuizSession([rng.choice(items) for _ in range(count)])
    progress.begin(session)
    for _ in range(count):
        picked = frozenset({rng.randrange(len(session.current.question.choices))})
        answer = session.answer(picked)
        start = time.perf_counter()
        progress.record(session, answer, rng.uniform(2, 30))
        times.append(time.perf_counter() - start)
    progress.store.close()
    return times


def fill_history(path: Path, total: int) -> None:
    """Bulk-insert `total` answers over the last year (what 100,000 answers look like)."""
    from quiz_app.bank.loader import load_banks
    from quiz_app.study.store import ProgressStore, iso, utc_now

    ids = [q.id for _, _, q in load_banks([REPO / "questions"]).questions]
    store = ProgressStore(path)
    rng = random.Random(2)
    now = utc_now()
    rows = []
    for i in range(total):
        when = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
        rows.append((f"bulk-{i}", None, rng.choice(ids), "h", "bank.yaml", "topic-" + str(i % 7),
                     "[0]", int(rng.random() < 0.7), 5.0, 0,
                     json.dumps(["misconception-" + str(i % 5)]), "", iso(when)))
    db = store.connection
    db.execute("BEGIN")
    db.executemany("INSERT INTO attempts (uid, session_id, question_id, content_hash, "
                   "bank_file, topic, picked, correct, seconds, hints_used, misconceptions, "
                   "variant, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    store.close()


def timed(function, repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def home_screen_ms() -> float:
    """App start until the home screen lists Review with its due count (banks included)."""
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig

    start = time.perf_counter()
    app = create_app(AppConfig(paths=[REPO / "questions"]))
    async with app.run_test(size=(80, 24)) as pilot:
        while app.progress is None:
            await pilot.pause(0.002)
        return (time.perf_counter() - start) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["RELU_QUIZ_HOME"] = str(home)
        empty = statistics.median(asyncio.run(home_screen_ms()) for _ in range(3))
        times = record_times(home / "record", 10_000)
        print(f"record an answer (attempt + FSRS card + review log, one transaction): median "
              f"{statistics.median(times) * 1000:.2f} ms, p99 {percentile(times, 0.99) * 1000:.2f}"
              f" ms over {len(times)}")
        fill_history(home / "progress.sqlite3", 100_000)
        from quiz_app.bank.loader import load_banks
        from quiz_app.study.progress import HomeSummary, Progress
        from quiz_app.study.stats import compute_stats

        banks = load_banks([REPO / "questions"]).banks
        progress = Progress.open(home / "progress.sqlite3")
        count = progress.store.connection.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
        home_query = timed(lambda: HomeSummary(progress, banks))
        stats_query = timed(lambda: compute_stats(progress.store, []))
        print(f"with {count} answers: home-screen queries {home_query * 1000:.1f} ms, "
              f"stats query {stats_query * 1000:.1f} ms (medians of 5)")
        screen = statistics.median(asyncio.run(home_screen_ms()) for _ in range(3))
        print(f"app start to home screen with progress (median of 3, banks included): empty "
              f"history {empty:.0f} ms, {count} answers {screen:.0f} ms, ratio "
              f"{screen / empty:.2f}")


if __name__ == "__main__":
    main()
