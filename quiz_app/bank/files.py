"""Which files a list of paths names, the stamp that says a file is unchanged, and writing
a file so that a failure never leaves half of it.

Both the compiled cache and the home screen's listing trust a file only while its stamp
(resolved path, size, mtime and SHA-256) is the one they saw; the stamp lives here once.

The walk of a bank folder is bounded three ways, because a folder is whatever a user or
$RELU_QUIZ_BANKS names: a link inside it to `/` made `list` walk the whole machine (minutes,
1.3 GB), and a quitting app waited for that walk. So links to folders are never followed
(the folder named is searched, not what it points at), at most MAX_WALK_ENTRIES entries are
read, and a caller that stops wanting the answer (the app quit) ends the walk at the next
folder. What the walk leaves out is said, as warnings: a silently shorter list of banks
looks like lost questions.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

BANK_SUFFIXES = (".yaml", ".yml")
# Far more than any bank folder holds (a few hundred files), and read in well under a second:
# a folder past it is a home directory, a disk or /proc, named by mistake.
MAX_WALK_ENTRIES = 20_000
MAX_WALK_WARNINGS = 10  # per folder named; the rest are counted in one more line

Cancelled = Callable[[], bool]  # asked between folders and files: True ends the work


class Stamp(NamedTuple):
    name: str  # the resolved path
    size: int
    mtime_ns: int
    sha256: str


class Stopped(Exception):
    """The caller's `cancelled` said stop (the app is quitting): the work ends unfinished."""


class TooManyEntries(Exception):
    """A walk past its `limit`: the caller wanted a quick answer or none."""


class Found(NamedTuple):
    files: list[Path]
    warnings: list[tuple[Path, str]]  # (folder or link, what was left out there and why)


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


def write_atomically(out: Path, data: bytes) -> None:
    """Write `data` to `out` via a temporary sibling, fsync and a rename; OSError on
    failure, with the old `out` (if any) left as it was. A full disk mid-write used to
    leave a bank cut mid-question, and then the whole bank was refused. The file keeps its
    mode; `out` itself is replaced, so a caller that means a link's target resolves it."""
    import tempfile

    parent = out.parent if str(out.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if out.exists():
            os.chmod(temporary, stat.S_IMODE(out.stat().st_mode))
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


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


def expand_paths(paths: Iterable[Path], limit: int | None = None,
                 cancelled: Cancelled | None = None) -> list[Path]:
    """The bank files `paths` name (see find_banks), without the warnings."""
    return find_banks(paths, limit, cancelled).files


def find_banks(paths: Iterable[Path], limit: int | None = None,
               cancelled: Cancelled | None = None) -> Found:
    """Files as given, and the bank files under directories, in a stable order, with what
    the walk left out.

    Anything named like a bank that is not a directory is kept, so that a FIFO, a device or
    a dangling or looping link is reported by the reader rather than silently skipped.
    With a `limit`, walking more directory entries than that raises TooManyEntries (the home
    screen's first frame must not wait on a $RELU_QUIZ_BANKS that names a whole disk);
    without one, a folder is searched up to MAX_WALK_ENTRIES and a warning says the rest
    was not. `cancelled` is asked before each folder; True raises Stopped.
    """
    files: list[Path] = []
    warnings: list[tuple[Path, str]] = []
    for path in paths:
        if _is_dir(path):
            walk = _walk(path, limit, cancelled or _never)
            files.extend(sorted(walk.files))
            warnings.extend(walk.warnings)
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = _identity(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return Found(unique, warnings)


def _never() -> bool:
    return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, RuntimeError):  # a symlink loop: the reader says so for the file
        return False


def _walk(folder: Path, limit: int | None, cancelled: Cancelled) -> Found:
    """The bank-named non-directories under `folder`, breadth first (a truncated walk
    keeps the shallow banks), never through a link to a folder.

    A link to a folder inside `folder` is skipped quietly (its banks are found where they
    really are); one to a folder outside is skipped with a warning, as is a folder that
    cannot be read. (device, inode) pairs already seen are not read again: a bind mount can
    loop without any link.
    """
    bound = limit if limit is not None else MAX_WALK_ENTRIES
    root = _identity(folder)
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    walked = 0
    visited: set[tuple[int, int]] = set()
    pending: deque[Path] = deque([folder])
    while pending:
        if cancelled():
            raise Stopped(f"stopped while searching {folder}")
        current = pending.popleft()
        entries: list[os.DirEntry[str]] = []
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in visited:
                continue
            visited.add((info.st_dev, info.st_ino))
            with os.scandir(current) as listing:
                for entry in listing:
                    walked += 1
                    if walked > bound:
                        break
                    entries.append(entry)
        except OSError as exc:
            skipped.append((current, f"cannot read this folder ({exc.strerror or exc}); "
                                     "the banks in it are not listed"))
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            path = Path(entry.path)
            if _is_real_dir(entry):
                pending.append(path)
            elif _is_linked_dir(entry):
                if not _identity(path).is_relative_to(root):
                    skipped.append((path, "a link to a folder outside the bank folder is "
                                          "not followed; to use the banks there, name that "
                                          "folder itself"))
            elif path.suffix in BANK_SUFFIXES:
                found.append(path)
        if walked > bound:
            if limit is not None:
                raise TooManyEntries(f"more than {limit} entries under {folder}")
            skipped.insert(0, (folder, f"more than {bound} entries: only the first {bound} "
                                       "were searched for banks; name the bank folder "
                                       "itself"))
            break
    return Found(found, _capped(folder, skipped))


def _is_real_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_linked_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:  # a dangling or looping link: kept as a file if named like a bank
        return False


def _capped(folder: Path, skipped: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """At most MAX_WALK_WARNINGS lines, and one that counts the rest: /proc read by a user
    has thousands of folders only root may open."""
    if len(skipped) <= MAX_WALK_WARNINGS:
        return skipped
    rest = len(skipped) - MAX_WALK_WARNINGS
    return [*skipped[:MAX_WALK_WARNINGS],
            (folder, f"{rest} more folders or links under it were skipped the same way")]


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop cannot be resolved
        return path.absolute()
