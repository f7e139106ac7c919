"""The one memory limit every analysis process runs under: the app's warm worker and the
worker pool of `check`, `analyze` and `export` alike.

sympy needs about 150 MiB, but an expression such as ((x+1)**100+1)**100 makes it expand
polynomials with tens of thousands of terms: `analyze` once peaked at 2.3 GB before its time
limit killed it. A time limit alone cannot stop that, since memory grows faster than the
clock runs out. Under an address-space limit (RLIMIT_AS) the allocation that would cross it
fails with MemoryError, and the worker reports "memory limit" instead of taking the machine
down; the task is then undecided, as for a time limit.
"""

from __future__ import annotations

import os

MEMORY_LIMIT_BYTES = 2 * 1024**3  # sympy needs ~150 MiB; a runaway expression is stopped here
MEMORY_LIMIT_REASON = "memory limit"
# Read by the workers: the limit a parent hands its worker, or a user's own (in bytes).
MEMORY_LIMIT_ENV = "RELU_QUIZ_WORKER_MEMORY"


def configured_memory_limit() -> int:
    """$RELU_QUIZ_WORKER_MEMORY (bytes) when it is a positive whole number, else the default."""
    text = os.environ.get(MEMORY_LIMIT_ENV, "")
    return int(text) if text.isdigit() and int(text) > 0 else MEMORY_LIMIT_BYTES


def memory_limit_reason() -> str:
    """Why a task is undecided when it crossed the limit, e.g. "memory limit (2048 MiB)"."""
    return f"{MEMORY_LIMIT_REASON} ({configured_memory_limit() // 2**20} MiB)"


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space at `limit` bytes (None: no cap). Where the platform
    has no RLIMIT_AS (Windows), or the hard limit is already lower, it is left as it is."""
    if not limit:
        return
    try:
        import resource
    except ImportError:
        return
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
