"""The hostile-string corpus: every string through parse → print → grade → analyse, with a
time limit, counting crashes and hangs (both must be 0). Parsing reads it both as an
expression and as an `autodiff` claim's framework call (quiz_app.bank.autodiff_calls).

The bounds are the app's: parsing and printing run unbounded as the student types, so they
must finish by themselves (PARSE_SECONDS, else a hang); grading and the analysis run under a
hard limit (STAGE_SECONDS, the app's default timeout), and a stage still running then is
killed with its worker process and counted as "stopped at the time limit", which the app
shows as "could not check" / "undecided: time limit".

- crash: any exception other than the project's own ExpressionError leaves a stage, or the
  worker process dies;
- hang: parsing or printing one string does not finish within PARSE_SECONDS.

Run as its own CI step (.ci/run), not by pytest, because it takes minutes:
`python -m tests.hostile_corpus` prints the summary line and exits 0 only with 0 crashes and
0 hangs and with both paths exercised (over 50 strings parsed, over 100 refused).
tests/test_hostile_corpus.py tests the runner and puts random input through it.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parent / "fixtures" / "hostile" / "corpus.json"
STAGE_SECONDS = 10.0  # the app's default analysis timeout
PARSE_SECONDS = 30.0  # generous: on a quiet machine parsing takes milliseconds
KEYS = [("1/2", "numeric", None, 0.01), ("1/2", "numeric", None, None),
        ("Max(0, x)", "expression", None, None), ("1", "expression", "x > 0", None)]
ORDER = ["parse"] + ["grade"] * len(KEYS) + ["analyse"]  # the stages, as they report


def stages(text: str):
    """Run one string stage by stage, yielding (stage, facts) after each; only
    ExpressionError may leave the parser, and nothing may leave the other stages."""
    import sympy

    from quiz_app.bank.autodiff_calls import CallError, parse_call
    from quiz_app.bank.autodiff_table import FRAMEWORKS
    from quiz_app.checker.analysis import analyze_text
    from quiz_app.checker.expr import ExpressionError, parse_expression
    from quiz_app.checker.global_claims import (
        GlobalClaimError,
        IntervalError,
        parse_domain,
        parse_interval,
    )
    from quiz_app.checker.grading import Grade, grade, show

    if text in _SELF_TEST:  # the runner's own test: it must see a crash and a hang
        _SELF_TEST[text]()
    for framework in FRAMEWORKS:  # the same text as a framework call: CallError or a Call
        try:
            parse_call(framework, text)
        except CallError as refused:
            assert str(refused)
    try:  # the same text as a claimed interval and as a domain: a set, or a clear refusal
        for parse in (parse_interval, parse_domain):
            assert isinstance(parse(text, "x"), sympy.Set)
    except (GlobalClaimError, IntervalError, ExpressionError) as refused:
        assert str(refused)
    try:
        expr = parse_expression(text, "x", ["alpha"])
    except ExpressionError as exc:
        assert exc.message and exc.column >= 1
        yield "parse", {"parsed": False}
        return
    assert isinstance(show(expr), str)
    yield "parse", {"parsed": True}
    for key, kind, domain, tolerance in KEYS:
        result = grade(text, key, kind, "x", domain, tolerance)
        assert isinstance(result, Grade) and result.status in ("right", "wrong", "invalid")
        yield "grade", {}
    analysis = analyze_text(text, "0", "x", ())
    json.dumps(analysis.to_dict())  # it can be stored and shown
    yield "analyse", {}


def _spin() -> None:
    while True:
        pass


def _raise() -> None:
    raise RuntimeError("a stage crashed")


_SELF_TEST = {"__crash__": _raise, "__hang__": _spin}


def _child() -> None:
    """A warm process (sympy imported once) that forks one short-lived process per string,
    so a stage stopped at the limit costs a kill, not a new interpreter."""
    import os

    for line in sys.stdin:
        text = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                for stage, facts in stages(text):
                    print(json.dumps({"stage": stage, **facts}), flush=True)
                print(json.dumps({"done": True}), flush=True)
            except BaseException as exc:  # noqa: BLE001 (this is what the corpus counts)
                print(json.dumps({"crash": f"{type(exc).__name__}: {str(exc)[:200]}"}),
                      flush=True)
            finally:
                os._exit(0)
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"exit": status}), flush=True)


@dataclass
class Summary:
    strings: int = 0
    parsed: int = 0
    refused: int = 0
    stopped: Counter = field(default_factory=Counter)  # stage → strings stopped at the limit
    crashes: list[tuple[str, str]] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)

    def line(self) -> str:
        stopped = ", ".join(f"{stage} {n}" for stage, n in sorted(self.stopped.items()))
        return (f"hostile corpus: {self.strings} strings through parse → print → grade → "
                f"analyse: {len(self.crashes)} crashes, {len(self.hangs)} hangs "
                f"({self.parsed} parsed, {self.refused} refused; stopped at the "
                f"{STAGE_SECONDS:g} s limit: {stopped or 'none'})")


class _Worker:
    def __init__(self):
        repo = Path(__file__).resolve().parent.parent
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from tests.hostile_corpus import _child; _child()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=repo, bufsize=0,
            env={**os.environ, "PYTHONPATH": str(repo)})
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        self.warm = False  # the first string also pays for importing sympy
        self.pending = b""

    def send(self, text: str) -> None:
        self.process.stdin.write(json.dumps(text) + "\n")
        self.process.stdin.flush()

    def read(self, seconds: float) -> dict | None:
        """The next report, or None when none came within `seconds`. Reads the pipe raw:
        lines sitting in a file object's buffer would be invisible to select()."""
        deadline = time.monotonic() + seconds
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(timeout=left):
                return None
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                return {"exit": "the worker process died"}
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        return json.loads(line)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


def _one(worker: _Worker, text: str, summary: Summary, stage_seconds: float,
         parse_seconds: float) -> bool:
    """Run one string; False when the worker itself must be replaced."""
    worker.send(text)
    limit = parse_seconds + (0 if worker.warm else 120)
    reports, pid, finished = 0, None, False
    while True:
        report = worker.read(limit)
        if report is None:  # over the limit: kill this string's process
            stage = ORDER[min(reports, len(ORDER) - 1)]
            if stage == "parse":
                summary.hangs.append(text)
            else:
                summary.stopped[stage] += 1
            if pid is None:
                return False
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # it ended just now; its exit report follows
                pass
            finished, limit = True, 120
            continue
        if "pid" in report:
            pid = report["pid"]
        elif "exit" in report:
            if not finished:
                summary.crashes.append((text, f"the process ended early ({report['exit']})"))
            worker.warm = True
            return not isinstance(report["exit"], str)
        elif "crash" in report:
            summary.crashes.append((text, report["crash"]))
            finished = True
        elif "done" in report:
            finished = True
        else:
            if report["stage"] == "parse":
                summary.parsed += report["parsed"]
                summary.refused += not report["parsed"]
            reports += 1
            limit = stage_seconds


def run_corpus(strings: list[str], stage_seconds: float = STAGE_SECONDS,
               parse_seconds: float = PARSE_SECONDS) -> Summary:
    summary = Summary(strings=len(strings))
    worker = _Worker()
    try:
        for text in strings:
            if not _one(worker, text, summary, stage_seconds, parse_seconds):
                worker.stop()
                worker = _Worker()
    finally:
        worker.stop()
    return summary


def load_corpus() -> list[str]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def main() -> int:
    summary = run_corpus(load_corpus())
    print(summary.line())
    for text, crash in summary.crashes:
        print(f"  crash: {text[:80]!r}: {crash}")
    for text in summary.hangs:
        print(f"  hang: {text[:80]!r}")
    exercised = summary.parsed > 50 and summary.refused > 100  # both paths were exercised
    if not exercised:
        print("  too few strings parsed or refused: the corpus no longer tests both paths")
    return 0 if not summary.crashes and not summary.hangs and exercised else 1


if __name__ == "__main__":
    sys.exit(main())
