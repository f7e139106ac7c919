"""Checker timings: the zoo, the global claims (cold, p50/p95 per claim), a cold and a warm
`check` of the bundled bank, and a 1,000-question generated bank (with 250 and 500 for the
linearity ratio).

Run:  python benchmarks/bench_checker.py
Prints figures only; compare ratios within one run, since these machines are noisy.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.test_analysis_zoo import CASES  # noqa: E402  (the same zoo the tests prove)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def zoo_times() -> list[float]:
    from quiz_app.checker.analysis import analyze_text

    times = []
    for _, expression, point, params, _ in CASES:
        start = time.perf_counter()
        analyze_text(expression, point, "x", params)
        times.append(time.perf_counter() - start)
    return times


def global_times() -> dict[str, list[float]]:
    """Seconds per global claim over the hand-derived table (tests/data/global_cases.py),
    each decided with sympy's cache cleared first: cold, as a first `check` decides it."""
    import sympy as sp

    from quiz_app.checker.expr import parse_expression, variable_symbol
    from quiz_app.checker.global_claims import decide_global
    from tests.data.global_cases import CASES as GLOBAL_CASES

    x = variable_symbol("x")
    times: dict[str, list[float]] = {}
    for case in GLOBAL_CASES:
        sp.core.cache.clear_cache()
        start = time.perf_counter()
        decide_global(case.claim, parse_expression(case.f, "x"), x, case.claimed,
                      domain=case.domain or sp.S.Reals, at=case.at)
        times.setdefault(case.claim, []).append(time.perf_counter() - start)
    return times


def timed_check(paths: list[Path], home: Path) -> tuple[float, str]:
    env = dict(os.environ, RELU_QUIZ_HOME=str(home))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "quiz_app", "check", *map(str, paths)],
                            env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    return elapsed, result.stdout.strip().splitlines()[-1] if result.stdout else result.stderr


def generated_bank(directory: Path, count: int) -> Path:
    """count questions, each about a distinct leaky ReLU or shifted corner, so none share work."""
    lines = ["title: generated", "questions:"]
    for i in range(count):
        slope = f"{i + 1}/{count + 7}"
        function, at = ((f"Max({slope}*x, x)", "0") if i % 2 else
                        (f"Max(0, x - {i}/{count})", f"{i}/{count}"))
        lines += [
            f"  - id: generated-{i}",
            f"    prompt: question {i}",
            f"    function: {function}",
            f"    at: {at}",
            "    choices:",
            "      - text: corner",
            "        correct: true",
            "        claims: {continuous: true, differentiable: false}",
            "      - text: smooth",
            "        claims: {differentiable: true}",
            "    explanation: generated",
        ]
    path = directory / f"generated-{count}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    times = zoo_times()
    print(f"zoo: {len(times)} analyses in-process, median {statistics.median(times) * 1000:.0f} ms,"
          f" p95 {percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    by_claim = global_times()
    every = [t for claim_times in by_claim.values() for t in claim_times]
    print(f"global claims: {len(every)} cold decisions, p50 {statistics.median(every) * 1000:.0f}"
          f" ms, p95 {percentile(every, 0.95) * 1000:.0f} ms; per claim (p50 / p95 ms):")
    print("  " + ", ".join(f"{claim} {statistics.median(t) * 1000:.0f}/"
                           f"{percentile(t, 0.95) * 1000:.0f}" for claim, t in by_claim.items()))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bundled = [REPO / "questions"]
        cold, summary = timed_check(bundled, tmp / "home-bundled")
        warm, _ = timed_check(bundled, tmp / "home-bundled")
        print(f"bundled bank: cold check {cold:.2f} s, warm check {warm:.2f} s "
              f"(warm/cold {warm / cold:.2f})  [{summary}]")
        sizes = {}
        for count in (250, 500, 1000):
            bank = generated_bank(tmp, count)
            cold, summary = timed_check([bank], tmp / f"home-{count}")
            warm, _ = timed_check([bank], tmp / f"home-{count}")
            sizes[count] = cold
            print(f"generated {count:>4}: cold {cold:.2f} s ({cold / count * 1000:.1f} ms per "
                  f"question), warm {warm:.2f} s  [{summary}]")
        print(f"linearity: cold(1000)/cold(500) = {sizes[1000] / sizes[500]:.2f}, "
              f"cold(500)/cold(250) = {sizes[500] / sizes[250]:.2f} (2.00 is linear)")


if __name__ == "__main__":
    main()
