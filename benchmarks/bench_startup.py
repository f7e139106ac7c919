"""Startup and responsiveness as a user feels them, against a bare Textual app in the same run.

Run:  python benchmarks/bench_startup.py [--runs 7] [--skip-explore] [--terminal-only]
      PYTHONPATH=/path/to/other/checkout python benchmarks/bench_startup.py …  (before/after)

Each start is a fresh interpreter at 80×24, measured two ways, from just before the process
is started (interpreter start and imports included) until what the user waits for is drawn:

- in a real pseudo-terminal: until the text has been written to the terminal (driver start
  and first paint included): what a student sees;
- headless: until the first frame Textual composes that shows it, taken inside the child.

What is waited for:
- bare: a Textual app with a Header, a Static and a Footer, its text;
- home: relu-quiz's home screen *with its banks listed* ("9 banks, 95 questions");
- take: `take` with its first question's prompt shown (headless on all the banks; in the
  terminal on questions/01-definition.yaml with --no-shuffle, so the prompt is known).

The quiz_app under test is byte-compiled first, as a user's `pip install .` leaves it (see
compile_as_installed). Runs are interleaved (bare, home, take, bare, …) so that drift hits
all alike; medians are compared. Then the warm `check` and `list` of the bundled banks,
whole processes. Then, in one process: a *new* function's analysis in a running Explore
screen, for each case of the activation zoo, against the same analysis computed in-process.
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
sys.path.insert(0, str(REPO))

# The child reports the time from just before the parent started it to the first frame
# that shows what the user waits for (Textual composes every frame headless too, and only
# skips writing it out), and its peak RSS at that moment (VmHWM).
READY = """
import os, time

def report_at_first_frame_where(app, condition):
    original = app._display

    def display(screen, renderable):
        original(screen, renderable)
        if renderable is not None and condition(app):
            hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
            print(time.time() - float(os.environ["BENCH_T0"]), hwm, flush=True)
            app._display = original
            app.exit()

    app._display = display
"""

BARE = READY + """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

app = Bare()
report_at_first_frame_where(app, lambda app: True)
app.run(headless=True, size=(80, 24))
"""

# relu-quiz starts through its console script (quiz_app.launch.main), as a student starts it.
# Only the app it creates is watched and run headless: quiz_app.ui.app is patched as it is
# imported, so nothing is imported early.
THROUGH_THE_CONSOLE_SCRIPT = READY + """
import importlib.abc, importlib.util, sys

class WatchTheApp(importlib.abc.MetaPathFinder):
    def __init__(self, condition):
        self.condition = condition

    def find_spec(self, name, path, target=None):
        if name != "quiz_app.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            create_app = module.create_app

            def watched(config=None):
                app = create_app(config)
                report_at_first_frame_where(app, self.condition)
                run = app.run
                app.run = lambda: run(headless=True, size=(80, 24))
                return app

            module.create_app = watched

        spec.loader.exec_module = exec_module
        return spec

def start_watching_for(condition, *arguments):
    sys.meta_path.insert(0, WatchTheApp(condition))
    sys.argv = ["relu-quiz", *arguments]
    from quiz_app.launch import main
    main()
"""

HOME = THROUGH_THE_CONSOLE_SCRIPT + """
def banks_listed(app):
    try:
        return " banks, " in str(app.screen.query_one("#home-status").render())
    except Exception:
        return False

start_watching_for(banks_listed)
"""

TAKE = THROUGH_THE_CONSOLE_SCRIPT + """
def question_shown(app):
    try:
        prompt = app.screen.query_one("#quiz-prompt")
        return bool(getattr(prompt, "text", None) or getattr(prompt, "source", None))  # or a
        # Markdown widget's, in a checkout from before (bbb35a9 … 9d0d0f1) for a before/after
    except Exception:
        return False

start_watching_for(question_shown, "take")
"""


BARE_IN_TERMINAL = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Header()
        yield Static("hello, bare Textual")
        yield Footer()

Bare().run()
"""


def terminal_start_once(command: list[str], wanted: list[bytes], env: dict) -> float:
    """From just before the process starts until every `wanted` text has been written to a
    real 80×24 pseudo-terminal: what a student waits for, driver and first paint included."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower,
                             env=env, start_new_session=True)
    os.close(follower)
    seen = bytearray()
    elapsed = float("nan")
    try:
        while time.perf_counter() - start < 60:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                chunk = os.read(leader, 65536)
                if not chunk:
                    break
                seen.extend(chunk)
                if all(text in seen for text in wanted):
                    elapsed = time.perf_counter() - start
                    break
    finally:
        child.kill()
        child.wait()
        os.close(leader)
    if elapsed != elapsed:
        raise RuntimeError(f"{command} never showed {wanted}: {bytes(seen[-500:])!r}")
    return elapsed


def in_terminal(runs: int, env: dict, tmp: str) -> None:
    bare = Path(tmp) / "bare_app.py"
    bare.write_text(BARE_IN_TERMINAL)
    app = [sys.executable, "-m", "quiz_app"]  # what the console script runs (PYTHONPATH
    # may point at another checkout, to compare before and after in one run)
    starts = {
        "bare": ([sys.executable, str(bare)], [b"hello, bare Textual"]),
        "home": (app, [b" banks, "]),
        "take": ([*app, "take", str(REPO / "questions" / "01-definition.yaml"),
                  "--no-shuffle"], [b"Question 1 of", b"what is"]),
    }
    for command, wanted in starts.values():  # not counted: the first start writes caches
        terminal_start_once(command, wanted, env)
    results: dict[str, list[float]] = {name: [] for name in starts}
    for _ in range(runs):
        for name, (command, wanted) in starts.items():
            results[name].append(terminal_start_once(command, wanted, env))
    median = {name: statistics.median(values) for name, values in results.items()}
    for name in ("home", "take"):
        print(f"in a terminal, {name:>4}: median of {runs} {median[name] * 1000:.0f} ms vs "
              f"bare {median['bare'] * 1000:.0f} ms, ratio {median[name] / median['bare']:.2f}"
              " (target ≤ 1.5)")


def start_once(code: str, env: dict) -> tuple[float, int]:
    env = dict(env, BENCH_T0=repr(time.time()))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, check=True)
    elapsed, peak_kib = result.stdout.strip().splitlines()[-1].split()
    return float(elapsed), int(peak_kib)


async def cached_feedback_ms() -> float:
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

        def shown() -> bool:  # the analysis panel is mounted with the first answer
            mark = str(app.screen.query_one("#quiz-result").render())
            analysis = app.screen.query("#analysis-text")
            return mark.startswith("✓") and bool(analysis) and \
                "left derivative 0" in str(analysis.first().render())

        start = time.perf_counter()
        app.focused.post_message(events.Key("1", "1"))
        while not shown():
            await asyncio.sleep(0.0005)
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed


def in_process_ms(cases) -> list[float]:
    """The zoo computed in this process (sympy already imported): the floor to compare to."""
    from quiz_app.checker.analysis import analyze_text

    analyze_text("Max(0, x)", "0", "x", ())  # sympy's own first-call caches
    times = []
    for _, expression, point, params, _ in cases:
        start = time.perf_counter()
        analyze_text(expression, point, "x", params)
        times.append((time.perf_counter() - start) * 1000)
    return times


async def explore_ms(cases) -> list[float]:
    """Each zoo case typed into a running Explore screen: Enter to the analysis shown."""
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig

    app = create_app(AppConfig(start="explore", explore_expression="Max(0, x)"))
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen

        def shown(expression: str) -> bool:
            text = str(screen.query_one("#analysis-text").render())
            return screen.last_analysis is not None and \
                screen.last_analysis.expression == expression and "Working" not in text

        while not shown("Max(0, x)"):  # the first one also starts the warm worker
            await pilot.pause(0.05)
        await pilot.pause(1.0)
        for _, expression, point, params, _ in cases:
            screen.query_one("#explore-expression").value = expression
            screen.query_one("#explore-point").value = point
            screen.query_one("#explore-params").value = ", ".join(f"{p}=0.1" for p in params)
            await pilot.pause(0.05)
            start = time.perf_counter()
            screen.action_analyze()
            while not shown(expression):
                await asyncio.sleep(0.0005)
            times.append((time.perf_counter() - start) * 1000)
            await pilot.pause(0.05)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-explore", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--terminal-only", action="store_true",
                        help="only the starts in a real terminal")
    args = parser.parse_args()
    # Children start in an empty folder: with the checkout as their working directory, its
    # quiz_app would shadow the one PYTHONPATH names for a before/after comparison.
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as empty:
        os.chdir(empty)
        measure(args)


def measure(args: argparse.Namespace) -> None:
    if not args.skip_startup:
        startup(args.runs, args.terminal_only)
    if not args.skip_explore and not args.terminal_only:
        explore()


def compile_as_installed(env: dict) -> str:
    """Byte-compile the quiz_app under test, as `pip install .` does for a user.

    The bare app's Textual comes compiled from site-packages; an editable checkout run with
    PYTHONDONTWRITEBYTECODE (as on these machines) would compile every quiz_app module from
    source on every start, and the ratio would measure the compiler, not the app."""
    import compileall

    where = subprocess.run([sys.executable, "-c", "import quiz_app, os; "
                            "print(os.path.dirname(quiz_app.__file__))"], env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    compileall.compile_dir(where, quiet=1)
    return where


def startup(runs: int, terminal_only: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, RELU_QUIZ_HOME=tmp)
        print(f"measuring {compile_as_installed(env)} (byte-compiled, as installed)")
        subprocess.run([sys.executable, "-m", "quiz_app", "check"], env=env, check=True,
                       capture_output=True)  # a warm home: the proof and bank caches exist
        in_terminal(runs, env, tmp)
        if terminal_only:
            return
        starts = {"bare": BARE, "home": HOME, "take": TAKE}
        results: dict[str, list[float]] = {name: [] for name in starts}
        memory: dict[str, list[int]] = {name: [] for name in starts}
        for _ in range(runs):
            for name, code in starts.items():
                elapsed, rss = start_once(code, env)
                results[name].append(elapsed)
                memory[name].append(rss)
        median = {name: statistics.median(values) for name, values in results.items()}
        for name in ("home", "take"):
            print(f"{name:>4}: median of {runs} {median[name] * 1000:.0f} ms vs bare "
                  f"{median['bare'] * 1000:.0f} ms, ratio {median[name] / median['bare']:.2f} "
                  f"(target ≤ 1.5)")
        print(f"peak RSS: bare {max(memory['bare']) / 1024:.1f} MiB, home "
              f"{max(memory['home']) / 1024:.1f} MiB")
        commands = {"check": [sys.executable, "-m", "quiz_app", "check"],
                    "list": [sys.executable, "-m", "quiz_app", "list"],
                    "python -c pass": [sys.executable, "-c", "pass"]}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):  # warm: the caches were filled above
            for name, command in commands.items():
                start = time.perf_counter()
                subprocess.run(command, env=env, capture_output=True, check=False)
                walls[name].append(time.perf_counter() - start)
        print("warm commands, whole process, median of "
              f"{runs}: " + ", ".join(f"{name} {statistics.median(values) * 1000:.0f} ms"
                                      for name, values in walls.items())
              + " (target: check and list ≤ 150 ms)")
        os.environ["RELU_QUIZ_HOME"] = tmp
        feedback = [asyncio.run(cached_feedback_ms()) for _ in range(3)]
        print(f"keypress to mark + cached analysis: median {statistics.median(feedback):.1f} ms "
              f"over 3 (target < 50 ms)")


def explore() -> None:
    from tests.test_analysis_zoo import CASES

    with tempfile.TemporaryDirectory() as tmp:  # an empty cache: every analysis is new
        os.environ["RELU_QUIZ_HOME"] = tmp
        cases = [c for c in CASES if c[1] != "Max(0, x)" or c[2] != "0"]
        cases = list({(c[1], c[2]): c for c in cases}.values())
        compute = in_process_ms(cases)
        app = asyncio.run(explore_ms(cases))
        floor = statistics.median(compute)
        ours = statistics.median(app)
        ratios = [a / (1.5 * c + 50) for a, c in zip(app, compute)]
        print(f"explore, {len(cases)} new analyses: in-process median {floor:.0f} ms, in the "
              f"app median {ours:.0f} ms; app / (1.5 × compute + 50 ms): median "
              f"{statistics.median(ratios):.2f} (target ≤ 1.00), max {max(ratios):.2f}")


if __name__ == "__main__":
    main()
