"""Screen timings: key latency in Explore while a slow function is sampled, and the maths
renderer against the pylatexenc-based one it replaced.

Run:  python benchmarks/bench_screen.py
Prints figures only; these machines are shared and noisy, so read the maximum with care.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


async def key_latency(expression: str = "(1 + 1/x)**x", presses: int = 30,
                      settle: float = 0.5) -> list[float]:
    """Milliseconds from a key press to the Input showing it, while sampling runs."""
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig

    app = create_app(AppConfig(start="explore", explore_expression=expression))
    delays = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(settle)
        box = app.screen.query_one("#explore-params")
        box.focus()
        for _ in range(presses):
            before = len(box.value)
            start = time.perf_counter()
            await pilot.press("b")
            while len(box.value) == before:
                await asyncio.sleep(0.001)
            delays.append(1000 * (time.perf_counter() - start))
            busy = [w.group for w in app.workers if w.is_running]
            await pilot.pause(0.05)
        print(f"still working when the last key came: {busy}")
    return delays


def renderer() -> None:
    from quiz_app.ui.latex import latex_to_unicode
    from tests.test_mathtext import CASES

    start = time.perf_counter()
    for _ in range(20):
        latex_to_unicode.cache_clear()
        for latex, _ in CASES:
            latex_to_unicode(latex)
    per = (time.perf_counter() - start) / 20 / len(CASES) * 1e6
    right = sum(latex_to_unicode(latex) == expected for latex, expected in CASES)
    print(f"renderer: {right}/{len(CASES)} table cases exact, {per:.0f} µs per expression")


if __name__ == "__main__":
    os.environ.setdefault("RELU_QUIZ_HOME", tempfile.mkdtemp())
    renderer()
    delays = asyncio.run(key_latency())
    print(f"key → Input while sampling (1 + 1/x)**x: median {statistics.median(delays):.1f} ms, "
          f"max {max(delays):.1f} ms over {len(delays)} keys")
