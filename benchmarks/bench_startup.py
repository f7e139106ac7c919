"""Startup and responsiveness of the app, against a bare Textual app in the same run.

Run:  python benchmarks/bench_startup.py [--runs 7]
For each app, a fresh interpreter starts it headless at 80×24; the time is from just before
the process is started to the moment its first screen is up (interpreter start and imports
included), taken inside the child so that shutting down is not counted. It also prints
each child's peak resident memory at that moment, and the keypress-to-feedback time of a
question whose analysis is already cached.
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

# The child reports the time from just before the parent started it to the moment its first
# screen is up (auto_pilot runs then), and its peak RSS at that moment (VmHWM).
READY = """
def report():
    import os, time
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
    print(time.time() - float(os.environ["BENCH_T0"]), hwm, flush=True)
"""

BARE = READY + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

async def ready(pilot):
    report()
    pilot.app.exit()

Bare().run(headless=True, size=(80, 24), auto_pilot=ready)
"""

RELU_QUIZ = READY + """
from quiz_app.ui.app import create_app

async def ready(pilot):
    report()
    pilot.app.exit()

create_app().run(headless=True, size=(80, 24), auto_pilot=ready)
"""


def start_once(code: str, env: dict) -> tuple[float, int]:
    env = dict(env, BENCH_T0=repr(time.time()))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    elapsed, peak_kib = result.stdout.strip().splitlines()[-1].split()
    return float(elapsed), int(peak_kib)


async def cached_feedback_ms(home: Path) -> float:
    """Fill the cache with `check`, then time one keypress to the mark and the analysis.

    The key event is posted straight to the options (Pilot.press would also wait for the
    whole app to go idle), and the clock stops when the mark and the cached analysis are
    both on the screen's widgets, ready for the next frame.
    """
    from textual import events

    from quiz_app.checker.run_check import run_check
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig

    bank = REPO / "tests" / "fixtures" / "ui" / "quiz.yaml"
    run_check([bank])
    app = create_app(AppConfig(paths=[bank], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        while type(app.focused).__name__ != "ChoiceList":
            await pilot.pause(0.05)
        await pilot.pause(0.5)  # let the start-up warm-up finish, as a reading student would

        def shown() -> bool:
            mark = str(app.screen.query_one("#quiz-result").render())
            analysis = str(app.screen.query_one("#analysis-text").render())
            return mark.startswith("✓") and "left derivative 0" in analysis

        start = time.perf_counter()
        app.focused.post_message(events.Key("1", "1"))
        while not shown():
            await asyncio.sleep(0.0005)
        elapsed = (time.perf_counter() - start) * 1000
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
