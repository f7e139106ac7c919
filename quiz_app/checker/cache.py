"""A small on-disk cache of analyses and claim outcomes, so a warm `check` needs no sympy.

One JSON file per key, written atomically (temp file + rename), so a killed `check` leaves
either the old entry or the new one, never half a file. Anything unreadable is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

CHECKER_VERSION = "3"  # bump whenever a verdict could change: old cache entries expire


@lru_cache(maxsize=1)
def _sympy_version() -> str:
    """importlib.metadata scans the installed distributions: slow, so once per process."""
    try:
        return version("sympy")
    except PackageNotFoundError:
        return "unknown"


def cache_key(*parts: object) -> str:
    """Keyed by the inputs and by the checker and sympy versions that produced the result."""
    blob = json.dumps([CHECKER_VERSION, _sympy_version(), *parts], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class ResultCache:
    def __init__(self, directory: Path | None, enabled: bool = True):
        self.directory = directory
        self.enabled = enabled and directory is not None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if not self.enabled:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: dict) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(value, handle)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
