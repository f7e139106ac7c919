"""Worker processes with a hard time limit per task.

A thread cannot stop sympy, so each analysis runs in a child process; when its time is up
the child is killed and replaced, and the task's result is "undecided: time limit". The
children fork from a forkserver that has already imported sympy, so a replacement is cheap.
Each child runs under the same memory limit as the app's warm worker (quiz_app.checker.
limits): a task that would cross it is "undecided: memory limit", and its child is replaced.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait

from quiz_app.checker.facts import TIME_LIMIT_REASON
from quiz_app.checker.limits import MEMORY_LIMIT_REASON
from quiz_app.checker.tasks import PoolTask, TaskResult

WORKER_MODULE = "quiz_app.checker.worker"
DIED_REASON = "the analysis process died (out of memory?)"


def _context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([WORKER_MODULE])
        return context
    return multiprocessing.get_context("spawn")


def _serve(connection: Connection) -> None:
    from quiz_app.checker.limits import configured_memory_limit, limit_memory
    from quiz_app.checker.worker import run_task

    limit_memory(configured_memory_limit())  # the child's own: the parent stays unlimited

    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(run_task(task))


class _Worker:
    def __init__(self, context):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.task_index: int | None = None
        self.deadline = 0.0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def run_for_check(tasks: Sequence[PoolTask], options,
                  progress: Callable[[int, int], None] | None = None) -> list[TaskResult]:
    """run_tasks with `check`'s options (timeout, jobs): a task past the time limit comes
    back crashed with "time limit (N s)" as its reason, which is never cached."""
    def timed_out(task: PoolTask) -> TaskResult:
        return {"crashed": True, "reason": f"{TIME_LIMIT_REASON} ({options.timeout:g} s)"}

    return run_tasks(tasks, options.timeout, options.jobs, timed_out, progress)


def run_tasks(tasks: Sequence[PoolTask], timeout: float, jobs: int | None = None,
              on_timeout: Callable[[PoolTask], TaskResult] = lambda task: {"timeout": True},
              progress: Callable[[int, int], None] | None = None) -> list[TaskResult]:
    """Run every task through worker.run_task; a task over `timeout` seconds is killed."""
    results: list[TaskResult | None] = [None] * len(tasks)
    if not tasks:
        return []
    context = _context()
    count = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    workers = [_Worker(context) for _ in range(count)]
    queue = list(range(len(tasks)))
    done = 0
    try:
        while done < len(tasks):
            for worker in workers:
                if worker.task_index is None and queue:
                    worker.task_index = queue.pop(0)
                    worker.deadline = time.monotonic() + timeout
                    worker.connection.send(tasks[worker.task_index])
            busy = [w for w in workers if w.task_index is not None]
            next_deadline = min(w.deadline for w in busy)
            ready = wait([w.connection for w in busy],
                         timeout=max(0.0, next_deadline - time.monotonic()))
            for worker in list(busy):
                index = worker.task_index
                assert index is not None  # busy workers have a task
                if worker.connection in ready:
                    try:
                        result: TaskResult = worker.connection.recv()
                    except (EOFError, OSError):  # killed, say by an allocator out of memory
                        result = {"crashed": True, "reason": DIED_REASON}
                    results[index] = result
                    # a dead child, or one whose heap a MemoryError may have left half-built
                    if str(result.get("reason")).startswith((DIED_REASON, MEMORY_LIMIT_REASON)):
                        workers[workers.index(worker)] = _replace(worker, context)
                elif time.monotonic() >= worker.deadline:
                    results[index] = on_timeout(tasks[index])
                    workers[workers.index(worker)] = _replace(worker, context)
                else:
                    continue
                worker.task_index = None
                done += 1
                if progress:
                    progress(done, len(tasks))
    finally:
        for worker in workers:
            worker.stop()
    finished = [result for result in results if result is not None]
    assert len(finished) == len(tasks)  # the loop ends only when every task has its result
    return finished


def _replace(worker: _Worker, context) -> _Worker:
    worker.stop()
    return _Worker(context)
