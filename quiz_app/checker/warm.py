"""One persistent analysis process for the app, with sympy already imported.

Starting an interpreter and importing sympy costs about a second; the analyses themselves
take 5–160 ms. So the app keeps one child process warm and sends it requests, one JSON line
each way, over its stdin/stdout (a plain pipe: Textual owns the app's own terminal, and a
line protocol needs nothing from it). Every request keeps a hard time limit: when it runs
out the child is killed, the caller gets None ("undecided: time limit"), and the next
request starts a fresh child. The child also runs under the checker's one memory limit
(quiz_app.checker.limits), so a runaway expression fails with MemoryError instead of taking
the machine down.

The app may keep more than one such worker (`named_worker`); one may answer requests of its
own (`serve(answer)`), as the app's frameworks' worker does. A worker leads its own process
group, and killing it kills the group, so a process it started (a framework's child) never
outlives it, or the app.
"""

from __future__ import annotations

import atexit
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from quiz_app.checker.limits import (
    MEMORY_LIMIT_ENV,
    configured_memory_limit,
    limit_memory,
    memory_limit_reason,
)

if TYPE_CHECKING:
    from quiz_app.checker.tasks import GlobalTask

START_TIMEOUT = 60.0  # importing sympy on a loaded machine; not part of a request's limit
READY = "ready"


class AnalyzeRequest(TypedDict):
    op: Literal["analyze"]
    expression: str
    point: str
    variable: str
    params: list[str]
    time_limit: float  # seconds the analysis plans to use in process (below the hard kill)


class GradeRequest(TypedDict):
    op: Literal["grade"]
    response: str
    key: str
    kind: str
    variable: str
    domain: str | None
    tolerance: float | None
    accept: list[tuple[str, str | None]]  # (answer, feedback) of the author's known answers
    reject: list[tuple[str, str | None]]
    forbid: list[str]  # functions the answer may not call


class PictureRequest(TypedDict):
    op: Literal["picture"]
    expression: str
    point: str
    variable: str
    params: list[str]
    param_values: dict[str, str]
    half_width: float
    seconds: float  # sampling stops then: the points left are not drawn (below the kill)


class GlobalRequest(TypedDict):
    op: Literal["global"]
    task: GlobalTask  # the claim sets about one (function, variable, domain, point)


class GradeReply(TypedDict):
    status: Literal["right", "wrong", "invalid"]
    interpreted: str
    message: str
    feedback: str | None


class CallsRequest(TypedDict):  # answered by the frameworks' worker (serve(answer))
    op: Literal["calls"]
    expression: str
    variable: str


class FrameworksRequest(TypedDict):  # answered by the frameworks' worker (serve(answer))
    op: Literal["frameworks"]
    calls: list[tuple[str, str, str]]  # (framework, call text, point)


Request = (AnalyzeRequest | GradeRequest | PictureRequest | GlobalRequest | CallsRequest
           | FrameworksRequest)


class WarmWorker:
    """A child process serving requests one at a time; thread-safe, started on demand."""

    def __init__(self, command: Sequence[str] | None = None,
                 memory_limit: int | None | Literal["configured"] = "configured") -> None:
        self.command = list(command or [sys.executable, "-m", "quiz_app.checker.warm"])
        self.memory_limit = configured_memory_limit() if memory_limit == "configured" \
            else memory_limit
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.restarts = 0  # children killed (time limit, or stopped mid-request) or dead
        self._stops = 0  # how many times stop() was called: a request waiting then gives up

    def start(self) -> None:
        """Start the child now, without waiting for it: its imports overlap the user. Never
        blocks: when a request holds the worker, the child is already there."""
        if self._lock.acquire(blocking=False):
            try:
                self._ensure_started()
            finally:
                self._lock.release()

    def _ensure_started(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            env = dict(os.environ)
            env.pop(MEMORY_LIMIT_ENV, None)
            if self.memory_limit:
                env[MEMORY_LIMIT_ENV] = str(self.memory_limit)
            self._process = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=env, start_new_session=True)
            self._ready = False
        return self._process

    def request(self, payload: Request, timeout: float,
                cancelled: Callable[[], bool] = lambda: False) -> dict[str, Any] | None:
        """The child's reply, or None when the time limit ran out, the child died, or the
        worker was stopped while the request ran or waited for its turn. A request that is
        `cancelled()` by its turn (a newer picture was asked for) is not sent."""
        stops = self._stops
        with self._lock:
            if self._stops != stops or cancelled():
                return None
            process = self._ensure_started()
            assert process.stdin is not None and process.stdout is not None
            if not self._ready:
                if self._read_line(process, time.monotonic() + START_TIMEOUT) != READY:
                    self._kill()
                    return None
                self._ready = True
            try:
                process.stdin.write(json.dumps(payload).encode() + b"\n")
                process.stdin.flush()
            except OSError:
                self._kill()
                return None
            line = self._read_line(process, time.monotonic() + timeout)
            if line is None:
                self._kill()
                return None
            try:
                return json.loads(line)
            except ValueError:
                self._kill()
                return None

    def _read_line(self, process: subprocess.Popen[bytes], deadline: float) -> str | None:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                return None
        line = process.stdout.readline()
        return line.decode().strip() if line else None

    @property
    def running(self) -> bool:
        """Whether the child process is there now (started and not yet dead)."""
        process = self._process
        return process is not None and process.poll() is None

    def _kill(self) -> None:
        if self._process is not None:
            self.restarts += 1
            if self._process.poll() is None:  # (stop() may have killed it already)
                _kill_group(self._process)
            self._process.wait()
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    stream.close()
        self._process = None

    def stop(self) -> None:
        """Kill the child now, without waiting for the request it serves: that request, and
        any waiting for their turn, return None at once (the app is quitting, and must not
        wait for sympy). A later request starts a fresh child."""
        self._stops += 1
        process = self._process
        if process is not None and process.returncode is None:  # (not reaped: still ours)
            _kill_group(process)  # the request reading its reply sees the pipe close, reaps it
        with self._lock:
            if self._process is not None:
                self._kill()
                self.restarts -= 1  # a stop on purpose is no restart


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the child and whatever it started: it leads its own process group (it was
    started in a new session), so the group's id is its pid."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()


_shared: dict[str, WarmWorker] = {}
_shared_lock = threading.Lock()


def shared_worker() -> WarmWorker:
    """The app's worker for the maths; stopped when the interpreter exits."""
    return named_worker("maths", WarmWorker)


def named_worker(name: str, make: Callable[[], WarmWorker]) -> WarmWorker:
    """The app's worker of this name, made by `make` on first use; stopped by
    `stop_workers` and when the interpreter exits."""
    with _shared_lock:
        if name not in _shared:
            _shared[name] = make()
            atexit.register(_shared[name].stop)
        return _shared[name]


def stop_workers() -> None:
    """Stop every worker the app made, without waiting for any (the app is quitting)."""
    with _shared_lock:
        workers = list(_shared.values())
    for worker in workers:
        worker.stop()


def _handle(request: dict) -> dict:
    if request.get("op") == "analyze":
        from quiz_app.checker.analysis import TIME_LIMIT, analyze_text

        return analyze_text(request["expression"], request["point"], request["variable"],
                            request.get("params", ()),
                            request.get("time_limit", TIME_LIMIT)).to_dict()
    if request.get("op") == "picture":
        from quiz_app.checker.sampling import picture_data

        return picture_data(request)
    if request.get("op") == "global":  # the "why" of a global claim: its working, in words
        from quiz_app.checker.worker import run_global_task

        return dict(run_global_task(request["task"]))
    if request.get("op") == "grade":
        from types import SimpleNamespace

        from quiz_app.checker.grading import grade

        def known(pairs):
            return [SimpleNamespace(answer=a, feedback=f) for a, f in pairs]

        result = grade(request["response"], request["key"], request["kind"],
                       request["variable"], request["domain"], request["tolerance"],
                       known(request["accept"]), known(request["reject"]),
                       request.get("forbid", ()))
        return {"status": result.status, "interpreted": result.interpreted,
                "message": result.message, "feedback": result.feedback}
    return {"crashed": True, "reason": f"unknown request {request.get('op')!r}"}


def serve(answer: Callable[[dict], dict] = _handle) -> None:
    """The child's loop: one JSON request per line in, one JSON reply per line out, each
    reply from `answer` (the maths worker's requests, unless another worker says)."""
    if os.environ.get(MEMORY_LIMIT_ENV):  # set by WarmWorker: absent, the parent chose none
        limit_memory(configured_memory_limit())
    import sympy  # noqa: F401  (the point of a warm worker: imported once)

    from quiz_app.checker.analysis import analyze_text
    from quiz_app.checker.grading import grade  # noqa: F401

    analyze_text("Max(0, x)", "0", "x", ())  # sympy's first-call caches, before any request
    out = sys.stdout.buffer
    out.write(READY.encode() + b"\n")
    out.flush()
    for line in sys.stdin.buffer:
        exit_after = False
        try:
            reply = answer(json.loads(line))
        except MemoryError:
            reply, exit_after = {"crashed": True, "reason": memory_limit_reason()}, True
        except Exception as exc:  # a checker bug must surface as "undecided", not a hang
            reply = {"crashed": True, "reason": f"internal error: {type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply).encode() + b"\n")
        out.flush()
        if exit_after:
            return


if __name__ == "__main__":
    serve()
