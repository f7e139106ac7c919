"""Startup and responsiveness of the app, against a bare Textual app in the same run.

Run:  python benchmarks/bench_startup.py [--runs 7]
For each app, a fresh interpreter starts it headless at 80×24 and exits as soon as the
first screen is up; the wall time includes interpreter start and imports. It also prints
each child's peak resident memory and the keypress-to-feedback time of a question whose
analysis is already cached.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BARE = """
import resource, sys
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

async def ready(pilot):
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=ready)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

RELU_QUIZ = """
import resource, sys
from quiz_app.ui.app import create_app

async def ready(pilot):
    pilot.app.exit()

create_app().run(headless=True, size=(80, 24), auto_pilot=ready)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def start_once(code: str, env: dict) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(result.stdout.strip().splitlines()[-1])


async def cached_feedback_ms(home: Path) -> float:
    """Fill the cache with `check`, then time the keypress that answers the question."""
    from quiz_app.checker.run_check import run_check
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig

    bank = REPO / "tests" / "fixtures" / "ui" / "quiz.yaml"
    run_check([bank])
    app = create_app(AppConfig(paths=[bank], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        while app.screen.__class__.__name__ != "QuizScreen":
            await pilot.pause(0.05)
        start = time.perf_counter()
        await pilot.press("1")
        text = str(app.screen.query_one("#analysis-text").render())
        elapsed = (time.perf_counter() - start) * 1000
        assert "left derivative 0" in text, text
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RELU_QUIZ_HOME=tmp)
        results = {"bare": [], "relu-quiz": []}
        memory = {"bare": [], "relu-quiz": []}
        for _ in range(runs):  # interleaved, so drift hits both alike
            for name, code in (("bare", BARE), ("relu-quiz", RELU_QUIZ)):
                elapsed, rss = start_once(code, env)
                results[name].append(elapsed)
                memory[name].append(rss)
        bare, ours = (statistics.median(results[k]) for k in ("bare", "relu-quiz"))
        bare_mem, ours_mem = (max(memory[k]) for k in ("bare", "relu-quiz"))
        print(f"first screen, median of {runs}: bare {bare * 1000:.0f} ms, relu-quiz "
              f"{ours * 1000:.0f} ms, ratio {ours / bare:.2f} (target ≤ 1.25)")
        print(f"peak RSS: bare {bare_mem / 1024:.1f} MiB, relu-quiz {ours_mem / 1024:.1f} MiB, "
              f"ratio {ours_mem / bare_mem:.2f} (target ≤ 1.5)")
        os.environ["RELU_QUIZ_HOME"] = tmp
        feedback = [asyncio.run(cached_feedback_ms(Path(tmp))) for _ in range(3)]
        print(f"keypress to mark + cached analysis: median {statistics.median(feedback):.1f} ms "
              f"over 3 (target < 50 ms)")


if __name__ == "__main__":
    main()
