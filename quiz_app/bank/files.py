"""Which files a list of paths names, and the stamp that says a file is unchanged.

Both the compiled cache and the home screen's listing trust a file only while its stamp
(resolved path, size, mtime and SHA-256) is the one they saw; the stamp lives here once.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

BANK_SUFFIXES = (".yaml", ".yml")


class Stamp(NamedTuple):
    name: str  # the resolved path
    size: int
    mtime_ns: int
    sha256: str


def save_json(path: Path, data: object, stale: str | None = None) -> None:
    """Atomically (temp file + rename), so a killed process never leaves half a file, then
    remove the files matching `stale` that other versions of the code wrote. The caches
    write through here; one that cannot be written only costs time, so OSError is dropped."""
    import tempfile  # only a write needs it, never a start

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
        for old in path.parent.glob(stale) if stale else ():
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def stamp(path: Path) -> tuple[Stamp, bytes] | None:
    """The file's stamp and bytes, or None for what is not a readable regular file (a
    FIFO, /dev/zero or a link loop is never read: the loader reports it)."""
    from quiz_app.bank.yaml_source import YamlSourceError, read_regular_file

    try:
        info = path.stat()
        raw = read_regular_file(path)
        name = str(path.resolve())
    except (OSError, RuntimeError, YamlSourceError):
        return None
    return Stamp(name, info.st_size, info.st_mtime_ns, hashlib.sha256(raw).hexdigest()), raw


class TooManyEntries(Exception):
    """A walk past its `limit`: the caller wanted a quick answer or none."""


def expand_paths(paths: Iterable[Path], limit: int | None = None) -> list[Path]:
    """Files as given, and the bank files under directories, in a stable order.

    Anything named like a bank that is not a directory is kept, so that a FIFO, a device or
    a dangling or looping link is reported by the reader rather than silently skipped.
    With a `limit`, walking more directory entries than that raises TooManyEntries (the home
    screen's first frame must not wait on a $RELU_QUIZ_BANKS that names a whole disk).
    """
    files: list[Path] = []
    for path in paths:
        if _is_dir(path):
            files.extend(sorted(p for p in _walk(path, limit) if p.suffix in BANK_SUFFIXES))
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = _identity(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, RuntimeError):  # a symlink loop: the reader says so for the file
        return False


def _walk(folder: Path, limit: int | None = None) -> list[Path]:
    """Every non-directory under `folder`. Linked directories are followed once each, so a
    link to a parent cannot loop; unreadable directories are skipped."""
    found: list[Path] = []
    walked = 0
    visited: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(current))
        except OSError:
            continue
        walked += len(entries)
        if limit is not None and walked > limit:
            raise TooManyEntries(f"more than {limit} entries under {folder}")
        for entry in entries:
            path = Path(entry.path)
            pending.append(path) if _is_dir(path) else found.append(path)
    return found


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop cannot be resolved
        return path.absolute()
