"""The frameworks' worker: which supported calls compute f, and what PyTorch, JAX and
TensorFlow return, asked of a warm worker process of their own.

It is a warm worker (quiz_app.checker.warm: one JSON line each way, a hard time limit per
request, killed with everything it started when the app quits) that answers two requests:

- "calls": the calls computing f (conventions.calls_computing, sympy's work, for Explore);
- "frameworks": what each (call, point) returns (conventions.framework_rows: from the proof
  cache under the framework's version, else one child process per framework).

It is not the maths worker, so a framework's first run (seconds: TensorFlow takes ~10) never
holds up an analysis or a grade, and it runs under the frameworks' memory limit
(autodiff.MEMORY_LIMIT), which a framework's child inherits. Its handler is `answer`, here
rather than in checker/warm.py, which conventions (through service) depends on. The process
is `python -m quiz_app.checker.framework_service`; the app asks it from thread workers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from quiz_app.checker.warm import (
    CallsRequest,
    FrameworksRequest,
    WarmWorker,
    named_worker,
    serve,
)

if TYPE_CHECKING:
    from quiz_app.bank.autodiff_calls import Call
    from quiz_app.checker.conventions import Row

MODULE = "quiz_app.checker.framework_service"  # what the worker process runs
CALLS_TIME_LIMIT = 10.0  # seconds to find the calls that compute f (~0.5 s for ReLU)
MARGIN = 30.0  # seconds past a framework child's own time limit before the worker is killed


def frameworks_worker() -> WarmWorker:
    """The app's frameworks' worker, started on its first request."""
    def make() -> WarmWorker:
        from quiz_app.checker.autodiff import MEMORY_LIMIT

        return WarmWorker([sys.executable, "-m", MODULE], memory_limit=MEMORY_LIMIT)

    return named_worker("frameworks", make)


def calls_in_worker(expression: str, variable: str = "x",
                    cancelled: Callable[[], bool] = lambda: False) -> list[Call] | None:
    """The supported calls that compute f; None when that could not be told in time (or
    the request was cancelled before its turn)."""
    from quiz_app.bank.autodiff_calls import CallError, parse_call

    request: CallsRequest = {"op": "calls", "expression": expression, "variable": variable}
    reply = frameworks_worker().request(request, CALLS_TIME_LIMIT, cancelled)
    if reply is None or reply.get("crashed"):
        return None
    try:
        return [parse_call(framework, text) for framework, text in reply["calls"]]
    except (CallError, KeyError, TypeError, ValueError):
        return None


def framework_rows_in_worker(calls: Sequence[tuple[Call, str]],
                             cancelled: Callable[[], bool] = lambda: False) -> list[Row]:
    """What each (call, point) returns. When the worker gives no answer (time limit, crash,
    the app quitting) each row says why instead."""
    from quiz_app.checker.autodiff import TIME_LIMIT, Returned
    from quiz_app.checker.conventions import Row

    timeout = TIME_LIMIT * len({call.framework for call, _ in calls}) + MARGIN
    request: FrameworksRequest = {"op": "frameworks", "calls": [
        (call.framework, call.text(), point) for call, point in calls]}
    reply = frameworks_worker().request(request, timeout, cancelled)
    found = reply.get("rows") if reply is not None else None
    if not isinstance(found, list) or len(found) != len(calls):
        reason = f"no answer within {timeout:g} s" if reply is None else \
            str(reply.get("reason", "the frameworks' worker failed"))
        return [Row(call, point, Returned(call.framework, None, missing=reason))
                for call, point in calls]
    return [Row(call, point, Returned.from_json(call.framework, row))
            for (call, point), row in zip(calls, found)]


def answer(request: dict) -> dict:
    """The worker process's reply to one request."""
    if request.get("op") == "calls":
        from quiz_app.checker.conventions import calls_computing

        found = calls_computing(request["expression"], request["variable"])
        return {"calls": [[call.framework, call.text()] for call in found]}
    if request.get("op") == "frameworks":
        from quiz_app.bank.autodiff_calls import parse_call
        from quiz_app.checker.cache import proof_cache
        from quiz_app.checker.conventions import framework_rows

        calls = [(parse_call(framework, text), point)
                 for framework, text, point in request["calls"]]
        return {"rows": [row.to_json() for row in framework_rows(calls, proof_cache())]}
    return {"crashed": True, "reason": f"unknown request {request.get('op')!r}"}


if __name__ == "__main__":
    serve(answer)
