"""The app's warm analysis worker: same answers as in-process, a hard time limit per request
(kill and restart), a memory limit, and typed answers that cannot be graded get no mark."""

from __future__ import annotations

import sys
import textwrap

import pytest

from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.service import analyze_in_worker, grade_in_worker
from quiz_app.checker.warm import WarmWorker, shared_worker
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for

TYPED = FIXTURES / "ui" / "typed.yaml"

# A stand-in child speaking the same line protocol: it answers {"echo": …} at once and
# never answers a request for "sleep" — a task that cannot finish, however fast sympy is.
SLEEPER = textwrap.dedent("""
    import json, sys, threading
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("op") == "sleep":
            threading.Event().wait()
        print(json.dumps({"echo": request.get("op")}), flush=True)
""")


def test_a_request_over_its_time_limit_kills_the_worker_and_the_next_one_works():
    worker = WarmWorker([sys.executable, "-c", SLEEPER], memory_limit=None)
    try:
        assert worker.request({"op": "ping"}, timeout=30) == {"echo": "ping"}  # type: ignore
        first = worker._process
        assert worker.request({"op": "sleep"}, timeout=0.3) is None  # type: ignore
        assert worker.restarts == 1
        assert first is not None and first.poll() is not None  # killed, and reaped
        assert worker.request({"op": "ping"}, timeout=30) == {"echo": "ping"}  # type: ignore
        assert worker._process is not first
    finally:
        worker.stop()


def test_a_worker_that_dies_is_replaced():
    worker = WarmWorker([sys.executable, "-c", SLEEPER], memory_limit=None)
    try:
        worker.start()
        assert worker._process is not None
        worker._process.kill()
        worker._process.wait()
        assert worker.request({"op": "ping"}, timeout=30) == {"echo": "ping"}  # type: ignore
    finally:
        worker.stop()


def test_the_real_worker_runs_under_its_memory_limit():
    limit = 3 * 1024**3
    worker = WarmWorker(memory_limit=limit)
    try:
        analysis = worker.request({"op": "analyze", "expression": "Max(0, x)", "point": "0",
                                   "variable": "x", "params": []}, timeout=60)
        assert analysis is not None and analysis["verdicts"]["differentiable"]["holds"] is False
        assert worker._process is not None
        limits = open(f"/proc/{worker._process.pid}/limits").read()
        [line] = [x for x in limits.splitlines() if x.startswith("Max address space")]
        assert line.split()[3:5] == [str(limit), str(limit)]
    finally:
        worker.stop()


@pytest.mark.parametrize("expression, point, params", [
    ("Max(0, x)", "0", ()), ("Abs(x)**2", "0", ()), ("Heaviside(x)", "0", ()),
    ("Piecewise((alpha*x, x < 0), (x, True))", "0", ("alpha",)), ("Max(0, y)", "0", ()),
])
def test_the_worker_answers_what_the_checker_answers_in_process(expression, point, params):
    assert analyze_in_worker(expression, point, "x", params, timeout=60).to_dict() == \
        analyze_text(expression, point, "x", params).to_dict()


def test_grading_in_the_worker():
    assert grade_in_worker("0.5", "1/2", "numeric", timeout=60) == {
        "status": "right", "interpreted": "1/2", "message": "equal to the key",
        "feedback": None}
    assert grade_in_worker("0.4", "1/2", "numeric", timeout=60)["status"] == "wrong"
    assert grade_in_worker("1/", "1/2", "numeric", timeout=60)["status"] == "invalid"


def test_an_analysis_over_its_time_limit_is_undecided(monkeypatch):
    monkeypatch.setattr(shared_worker(), "request", lambda payload, timeout: None)
    analysis = analyze_in_worker("Max(0, x)", "0", timeout=2)
    assert analysis.verdict("continuous").holds is None
    assert analysis.verdict("continuous").reason == "time limit (2 s)"


async def test_a_typed_answer_that_cannot_be_graded_in_time_gets_no_mark(monkeypatch):
    from quiz_app.checker import service

    monkeypatch.setattr(service, "grade_in_worker", lambda *args, **kwargs: None)
    app = create_app(AppConfig(paths=[TYPED], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: pilot.app.focused is not None
                       and pilot.app.focused.id == "free-input")
        await pilot.press("0", ".", "5", "enter")
        await wait_for(pilot, lambda: "could not check this answer" in
                       text_of(app, "#free-interpreted"))
        assert app.screen.session.answers == []
        assert text_of(app, "#quiz-result") == ""
        assert not app.screen.answered
