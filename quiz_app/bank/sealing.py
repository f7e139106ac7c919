"""Seals on what the caches keep, so that a cache is never the source of truth.

A cache entry is only a shortcut to what the code would compute again from the bank's YAML
(or the checker from a function). Anyone who can write the cache directory could otherwise
hand `check` a bank it never validated (two right options in a single-answer question, an
ESC in an id) or a proof it never ran, and both would reach the exports. So every entry is
sealed with an HMAC-SHA256 under a key of this user's own, kept outside the caches (beside
the progress database, in the data directory), over the entry's exact JSON text and what it
stands for (the file and content it was compiled from, the claims and function it proves).
An entry whose seal does not verify is a miss: the result is computed afresh.

A plain checksum would catch a damaged file but not a deliberate edit, since whoever edits
can recompute it; re-validating every cached bank with pydantic would cost each warm start
the pydantic import (about 65 ms) that the compiled cache exists to avoid. The HMAC costs
well under a millisecond and can only be made with the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

KEY_FILE = "cache.key"
KEY_BYTES = 32


def seal(*parts: str) -> str:
    """The MAC of `parts`, each length-prefixed so that no two lists of parts share one."""
    message = b"".join(f"{len(p.encode())}:".encode() + p.encode() for p in parts)
    return hmac.new(_key_at(_key_path()), message, hashlib.sha256).hexdigest()


def is_sealed(mac: object, *parts: str) -> bool:
    """Whether `mac` (read from a cache, so of any type) is the seal of `parts`."""
    return isinstance(mac, str) and hmac.compare_digest(mac, seal(*parts))


def _key_path() -> Path:
    from quiz_app.bank.discovery import home_dir

    return home_dir() / KEY_FILE


@lru_cache(maxsize=4)
def _key_at(path: Path) -> bytes:
    """The key in `path`, made on first use (random, mode 0600, the first writer wins). When
    it cannot be read or made, a key for this process alone: entries then verify only in the
    process that wrote them, which costs time and never correctness."""
    for _ in range(2):
        try:
            key = path.read_bytes()
            if len(key) >= KEY_BYTES:
                return key
        except OSError:
            pass
        try:
            _make_key(path)
        except OSError:
            break
    return _process_key()


def _make_key(path: Path) -> None:
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-key-")  # created 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        if path.exists():  # there but too short: damaged, so replaced
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # atomic, and refused if another process made it first
            except FileExistsError:
                pass
    finally:
        Path(tmp).unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _process_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)
