"""A small on-disk cache of analyses and claim outcomes, so a warm `check` needs no sympy.

One JSON file per key, written atomically (temp file + rename), so a killed `check` leaves
either the old entry or the new one, never half a file. Anything unreadable is a miss.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from quiz_app.bank.files import save_json

CHECKER_VERSION = "4"  # bump whenever a verdict could change: old cache entries expire
CHECKER_SOURCE_DIR = Path(__file__).resolve().parent


def checker_source_files() -> list[Path]:
    """The files whose code decides a verdict: every module of the checker."""
    return sorted(CHECKER_SOURCE_DIR.glob("*.py"))


@lru_cache(maxsize=1)
def checker_source_hash() -> str:
    """A digest of the checker's own source, so that editing the maths expires every cached
    verdict even when nobody remembers to bump CHECKER_VERSION."""
    digest = hashlib.sha256()
    for path in checker_source_files():
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _sympy_version() -> str:
    """sympy's version without importing sympy or importlib.metadata (which alone costs a
    warm `check` a sixth of its time): read from sympy/release.py, found by path."""
    import re
    from importlib.util import find_spec

    try:
        spec = find_spec("sympy")
        if spec is not None and spec.origin:
            release = Path(spec.origin).with_name("release.py").read_text(encoding="utf-8")
            found = re.search(r"""__version__\s*=\s*["']([^"']+)["']""", release)
            if found:
                return found.group(1)
    except (OSError, ImportError, ValueError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sympy")
    except PackageNotFoundError:
        return "unknown"


def cache_key(*parts: object) -> str:
    """Keyed by the inputs and by the checker (version and source) and sympy that produced
    the result."""
    blob = json.dumps([CHECKER_VERSION, checker_source_hash(), _sympy_version(), *parts],
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def analysis_key(expression: str, point: str, variable: str, params: Sequence[str]) -> str:
    """The one key an analysis is stored under, by `check`, exports and the app alike."""
    return cache_key("analysis", expression, point, variable, tuple(params))


def proof_cache(enabled: bool = True) -> ResultCache:
    """The shared cache of analyses and claim outcomes, under the user's cache directory."""
    from quiz_app.bank.discovery import cache_dir

    return ResultCache(cache_dir() / "proofs", enabled=enabled)


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
        save_json(self._path(key), value)
