"""A department-sized bank (issue 29): about 10,000 questions, against PyYAML's C loader.

Run:  python benchmarks/bench_scale.py [--copies 64] [--runs 3] [--skip-take]
      PYTHONPATH=/path/to/other/checkout python benchmarks/bench_scale.py …  (before/after)

The bank is the bundled files copied `--copies` times under new ids (64 copies of the 11
bundled files: 704 files, 9,984 questions; the figures in docs/performance.md were taken
with 88 copies of the 10 files then bundled, 10,032 questions). Printed side by side, in
one run:

- the floor: PyYAML's CSafeLoader loading the same files (a whole process, like the rest);
- a cold `list` and a cold `check --no-proofs` (an empty cache: every file is parsed);
- a warm `take` start to its first question, headless (benchmarks/bench_startup.py's
  harness), against the same start on the bundled bank, interleaved, medians of --runs;
- a warm `check` (bank and proof caches filled by a first `check`, given a time limit a
  loaded machine cannot hit), with its peak RSS;
- one file of 3,400 short questions (just under 1 MB) checked cold with --no-proofs;
- hostile files under the 1 MiB limit listed cold: one question with 104,000 one-letter
  tags, and one with 100,000 one-letter strings in a flow sequence.

Children run in an empty folder so that PYTHONPATH can name another checkout.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.bench_startup import THROUGH_THE_CONSOLE_SCRIPT, start_once  # noqa: E402

QUESTION_ID = re.compile(r"^(\s*- id: )(\S+)", re.MULTILINE)
HOSTILE_TIMEOUT = 120.0  # seconds; the target is 10

TAKE_PATH = THROUGH_THE_CONSOLE_SCRIPT + """
def question_shown(app):
    try:
        prompt = app.screen.query_one("#quiz-prompt")
        return bool(getattr(prompt, "text", None) or getattr(prompt, "source", None))
    except Exception:
        return False

start_watching_for(question_shown, "take", os.environ["BENCH_BANK"])
"""

CSAFE_LOAD = """
import sys, yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as handle:
        yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def copied_bank(folder: Path, copies: int) -> list[Path]:
    """The bundled files, `copies` times, each question's id suffixed with its copy."""
    folder.mkdir(parents=True)
    files = []
    for copy in range(copies):
        for source in sorted((REPO / "questions").glob("*.yaml")):
            text = QUESTION_ID.sub(lambda m, c=copy: f"{m.group(1)}{m.group(2)}-c{c}",
                                   source.read_text(encoding="utf-8"))
            target = folder / f"{copy:03d}-{source.name}"
            target.write_text(text, encoding="utf-8")
            files.append(target)
    return files


def one_big_file(path: Path, count: int = 3400) -> Path:
    """`count` short single-answer questions in one file, as an instructor's export."""
    lines = ["title: one big file", "topic: definition", "questions:"]
    for i in range(count):
        lines += [f"  - id: big-{i}",
                  f"    prompt: With $f(x)=\\max(0,x)$, what is $f({i})$?",
                  "    function: Max(0, x)",
                  f"    at: {i}",
                  "    choices:",
                  f"      - {{text: \"{i}\", correct: true, claims: {{value: {i}}}}}",
                  f"      - {{text: \"{-i - 1}\", claims: {{value: {-i - 1}}}}}",
                  f"    explanation: As {i} ≥ 0, max(0, {i}) is {i}, so f({i}) = {i}."]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hostile_files(folder: Path) -> dict[str, Path]:
    head = ("title: hostile\nquestions:\n  - id: hostile\n    prompt: p\n"
            "    choices: [{text: a, correct: true}, {text: b}]\n    explanation: e\n")
    block = folder / "tags-block.yaml"
    block.write_text(head + "    tags:\n" + "      - a\n" * 104_000, encoding="utf-8")
    flow = folder / "tags-flow.yaml"
    flow.write_text(head + "    tags: [" + "a, " * 100_000 + "a]\n", encoding="utf-8")
    for path in (block, flow):
        assert path.stat().st_size <= 1024 * 1024, path
    return {"104,000 block tags": block, "100,000 flow tags": flow}


def run(command: list[str], env: dict, timeout: float | None = None) -> tuple[float, str]:
    """Wall time of one whole process and the last line it printed; inf on timeout."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return float("inf"), f"killed after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    return elapsed, (output.strip().splitlines() or [""])[-1][:100]


def timed_with_rss(command: list[str], env: dict) -> tuple[float, float, str]:
    """Wall time and this child's own peak RSS (MiB), by reaping it with wait4."""
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, f"exit {child.returncode}"


def app(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "quiz_app", *arguments]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-take", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        os.chdir(tmp)
        measure(Path(tmp), args)


def measure(tmp: Path, args: argparse.Namespace) -> None:
    def home(name: str) -> dict:
        return dict(os.environ, RELU_QUIZ_HOME=str(tmp / name))

    files = copied_bank(tmp / "bank", args.copies)
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    questions = sum(len(QUESTION_ID.findall(f.read_text())) for f in files)
    bank = str(tmp / "bank")
    where = subprocess.run([sys.executable, "-c", "import quiz_app; print(quiz_app.__file__)"],
                           env=home("probe"), capture_output=True, text=True).stdout.strip()
    print(f"measuring {where}")
    print(f"bank: {len(files)} files, {questions} questions, {megabytes:.1f} MB")

    floor, _ = run([sys.executable, "-c", CSAFE_LOAD, *map(str, files)], home("floor"))
    print(f"PyYAML CSafeLoader load of the same files: {floor:.2f} s")
    cold_list, said = run(app("list", bank), home("cold-list"))
    print(f"cold list: {cold_list:.2f} s, {cold_list / floor:.2f}× CSafeLoader "
          f"(target ≤ 3)  [{said[:60]}]")
    cold_check, said = run(app("check", "--no-proofs", bank), home("cold-check"))
    print(f"cold check --no-proofs: {cold_check:.2f} s, {cold_check / floor:.2f}× CSafeLoader "
          f"(target ≤ 3)  [{said}]")

    warm = home("warm")
    # an analysis stopped by the time limit is not cached, so the "warm" check would run
    # sympy again: on a loaded machine the filling check gets time to decide everything
    first, said = run(app("check", "--timeout", "60", bank), warm)
    print(f"first check (fills the bank and proof caches): {first:.2f} s  [{said}]")
    warm_check, rss, _ = timed_with_rss(app("check", bank), warm)
    print(f"warm check: {warm_check:.2f} s (target ≤ 4), peak RSS {rss:.0f} MiB "
          f"(target ≤ 250)")

    if not args.skip_take:
        subprocess.run(app("list"), env=warm, capture_output=True)  # the bundled cached too
        starts: dict[str, list[float]] = {"bundled": [], "big": []}
        for _ in range(args.runs):
            for name, path in (("bundled", str(REPO / "questions")), ("big", bank)):
                elapsed, _ = start_once(TAKE_PATH, dict(warm, BENCH_BANK=path))
                starts[name].append(elapsed)
        small, big = (statistics.median(starts[n]) for n in ("bundled", "big"))
        print(f"warm take start, median of {args.runs}: {big * 1000:.0f} ms vs bundled "
              f"{small * 1000:.0f} ms, ratio {big / small:.2f} (target ≤ 1.5)")

    single = one_big_file(tmp / "big-file.yaml")
    elapsed, said = run(app("check", "--no-proofs", "--alone", str(single)),
                           home("big-file"))
    print(f"one file of 3,400 questions ({single.stat().st_size / 1e6:.2f} MB), cold check "
          f"--no-proofs: {elapsed:.2f} s (target ≤ 10)  [{said}]")

    for name, path in hostile_files(tmp).items():
        elapsed, said = run(app("list", str(path)), home(f"hostile-{path.stem}"),
                               timeout=HOSTILE_TIMEOUT)
        print(f"hostile, {name} ({path.stat().st_size / 1e6:.2f} MB), cold list: "
              f"{elapsed:.2f} s (target ≤ 10)  [{said[:70]}]")


if __name__ == "__main__":
    main()
