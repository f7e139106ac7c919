"""A small on-disk cache of analyses and claim outcomes, so a warm `check` needs no sympy.

One JSON file per key, written atomically (temp file + rename), so a killed `check` leaves
either the old entry or the new one, never half a file. Anything unreadable is a miss.

The cache is never the source of truth. A key is a digest anyone can compute, so a file
written at it must not be believed for what its name says: each entry names its subject
(the checker version and source, sympy's version, and the exact function, point, claims
or answer it is the result for), and keeps the result as JSON text sealed with that subject
under the user's own key (quiz_app.bank.sealing). On read the subject must be the one asked
for and the seal must verify; otherwise it is a miss and the result is computed again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from quiz_app.bank.files import save_json
from quiz_app.bank.sealing import is_sealed, seal

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


class CacheKey(str):
    """A key (the SHA-256 of its subject, as hex) that remembers its subject, so that the
    entry stored under it can be held to what it claims to be the result of."""

    subject: str

    def __new__(cls, subject: str) -> CacheKey:
        key = super().__new__(cls, hashlib.sha256(subject.encode()).hexdigest())
        key.subject = subject
        return key

    def __getnewargs__(self) -> tuple[str]:
        """Pickled (a task sent to a worker holds one) by its subject."""
        return (self.subject,)


def cache_key(*parts: object) -> CacheKey:
    """Keyed by the inputs and by the checker (version and source) and sympy that produced
    the result."""
    blob = json.dumps([CHECKER_VERSION, checker_source_hash(), _sympy_version(), *parts],
                      sort_keys=True, default=str)
    return CacheKey(blob)


def analysis_key(expression: str, point: str, variable: str,
                 params: Sequence[str]) -> CacheKey:
    """The one key an analysis is stored under, by `check`, exports and the app alike."""
    return cache_key("analysis", expression, point, variable, tuple(params))


def global_key(target: object, claims: dict) -> CacheKey:
    """The one key a global claim set's outcome is stored under, by `check` and the app:
    target is (function, variable, domain, point)."""
    return cache_key("global", target, claims)


def global_value_key(target: object, name: str) -> CacheKey:
    """The one key a computed global fact (answer_fact: lipschitz, …) is stored under."""
    return cache_key("global-value", target, name)


def proof_cache(enabled: bool = True) -> ResultCache:
    """The shared cache of analyses and claim outcomes, under the user's cache directory."""
    from quiz_app.bank.discovery import cache_dir

    return ResultCache(cache_dir() / "proofs", enabled=enabled)


class ResultCache:
    """The entries under `directory`. Each is read from disk at most once per instance (one
    `check`, one request): a bank asks for the same claims on many questions (ReLU at 0),
    and reading, parsing and verifying a file per ask was most of a warm `check`."""

    def __init__(self, directory: Path | None, enabled: bool = True):
        self.directory = directory
        self.enabled = enabled and directory is not None
        self._texts: dict[str, str | None] = {}  # key -> the verified result's JSON text

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: CacheKey) -> dict | None:
        """The result stored for exactly `key`'s subject, or None (a miss). A fresh dict
        each time, so that no caller can change what another is given."""
        if not self.enabled or not isinstance(key, CacheKey):
            return None
        if key not in self._texts:
            self._texts[key] = self._read(key)
        text = self._texts[key]
        return None if text is None else json.loads(text)

    def _read(self, key: CacheKey) -> str | None:
        """The entry's result text, if the entry names `key`'s subject and its seal
        verifies."""
        try:
            entry = json.loads(self._path(key).read_text(encoding="utf-8"))
            if not isinstance(entry, dict) or entry.get("subject") != key.subject:
                return None
            text = entry.get("result")
            if not isinstance(text, str) or not is_sealed(entry.get("seal"), "result",
                                                          key.subject, text):
                return None
            if not isinstance(json.loads(text), dict):
                return None
        except (OSError, ValueError):
            return None
        return text

    def put(self, key: CacheKey, value: Mapping[str, object]) -> None:
        if not self.enabled or not isinstance(key, CacheKey):
            return
        text = json.dumps(value)
        save_json(self._path(key), {"subject": key.subject, "result": text,
                                    "seal": seal("result", key.subject, text)})
        self._texts[key] = text
