"""Opening the progress file, and what happens when it is not a healthy file we may write.

Every case ends with a working connection and at most one line for the user, never a crash:

- healthy: opened in place, migrated forward, answers saved as given;
- corrupt inside (PRAGMA quick_check fails), unreadable, or a foreign database (our version
  number but not our tables): moved aside next to itself, the notice says where, a fresh
  file is started;
- locked by another program for longer than the busy timeout: locked is not corrupt, so it
  is left alone and read (if it can be) into memory: "in use by another relu-quiz";
- a read-only folder or file, or a full disk: read into memory, answers graded, not saved;
- made by a newer relu-quiz: left exactly as it is, an empty store in memory.

In the memory cases `unsaved` says why nothing reaches the file, and the app says so next to
every mark. SQLite's result codes decide which case applies, never the message text.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quiz_app.study.migrations import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
READ_ONLY_WAIT_MS = 1_000  # reading a locked file into memory: try briefly, then go empty

_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, \
    14, 26
IN_USE = "progress is in use by another relu-quiz"

EXPECTED_COLUMNS = {
    "sessions": {"id", "kind", "question_ids", "seed", "started_at", "finished_at"},
    "attempts": {"id", "uid", "session_id", "question_id", "content_hash", "bank_file",
                 "topic", "picked", "correct", "seconds", "hints_used", "misconceptions",
                 "variant", "response", "answered_at"},
    "cards": {"question_id", "card", "due"},
    "review_log": {"id", "question_id", "attempt_uid", "log", "reviewed_at"},
}


class NewerSchemaError(Exception):
    """The file is fine but from a newer version: it must be left exactly as it is."""


class DamagedError(sqlite3.DatabaseError):
    """Opens, but is not a sound relu-quiz database (quick_check failed, or foreign tables)."""


@dataclass
class Opened:
    connection: sqlite3.Connection
    notice: str | None = None  # one line for the user, or None when all is well
    unsaved: str | None = None  # why answers do not reach the file; None when they do
    newer_schema: bool = False


def error_code(exc: BaseException) -> int | None:
    """SQLite's primary result code (SQLITE_BUSY, SQLITE_FULL …) of an sqlite3 error."""
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_transient(exc: BaseException) -> bool:
    """A write that may succeed later: locked, busy, full, read-only or an I/O error."""
    return isinstance(exc, sqlite3.OperationalError) and \
        error_code(exc) in (_BUSY, _LOCKED, _READONLY, _IOERR, _FULL, _CANTOPEN, None)


def why_not_saved(exc: BaseException) -> str:
    code = error_code(exc)
    if code in (_BUSY, _LOCKED):
        return IN_USE
    if code == _FULL:
        return "the disk is full"
    if code in (_READONLY, _CANTOPEN):
        return "the progress folder is read-only"
    return f"the progress file cannot be written ({exc})"


def open_progress(path: Path) -> Opened:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _in_memory(path, f"the progress folder {path.parent} cannot be created "
                                f"({exc.strerror or exc})")
    if not _may_write(path):
        return _in_memory(path, f"the progress folder {path.parent} is read-only")
    try:
        return Opened(_open_file(path))
    except NewerSchemaError as exc:
        connection = _fresh_memory()
        return Opened(connection, f"Your progress file was {exc}; this session will not be "
                      "saved.", unsaved=f"the progress file was {exc}", newer_schema=True)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, DamagedError) or error_code(exc) in (_CORRUPT, _NOTADB):
            return _set_aside(path, exc)
        if error_code(exc) in (_BUSY, _LOCKED):
            return _in_memory(path, IN_USE)
        return _in_memory(path, why_not_saved(exc))


def _may_write(path: Path) -> bool:
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _open_file(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        refuse_newer(connection)  # before WAL, which rewrites the file header
        problems = [row[0] for row in connection.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            first = [line for line in problems[0].splitlines() if "***" not in line]
            raise DamagedError(f"damaged inside: {(first or ['quick_check failed'])[0]}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        migrate(connection)
        _require_our_tables(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def refuse_newer(connection: sqlite3.Connection) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(f"made by a newer relu-quiz (schema {version} > {SCHEMA_VERSION})")


def migrate(connection: sqlite3.Connection, up_to: int = SCHEMA_VERSION) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for target in range(version + 1, up_to + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[target]:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:  # SQLite may have rolled back already (disk full)
                connection.execute("ROLLBACK")
            raise


def _require_our_tables(connection: sqlite3.Connection) -> None:
    """Another program's database at our version number must not be written into."""
    for table, columns in EXPECTED_COLUMNS.items():
        found = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        missing = columns - found
        if missing:
            raise DamagedError(f"not a relu-quiz database (table {table} lacks "
                               f"{', '.join(sorted(missing))})")


def _set_aside(path: Path, exc: BaseException) -> Opened:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        path.replace(target)
        for suffix in ("-wal", "-shm"):
            sidecar = path.with_name(path.name + suffix)
            if sidecar.exists():
                sidecar.replace(target.with_name(target.name + suffix))
        connection = _open_file(path)
    except (OSError, sqlite3.Error) as failure:
        reason = why_not_saved(failure) if isinstance(failure, sqlite3.Error) else \
            f"it could not be moved aside ({failure})"
        opened = _in_memory(None, reason)
        opened.notice = (f"Your progress file could not be read ({exc}) and {reason}; "
                         "answers are graded but not saved.")
        return opened
    notice = (f"Your progress file could not be read ({exc}); it was moved to {target.name} "
              f"(in {target.parent}) and a fresh one was started.")
    return Opened(connection, notice)


def _in_memory(path: Path | None, reason: str) -> Opened:
    """Read what we can of the file into memory; answers are graded but never saved."""
    connection = _fresh_memory(migrated=False)
    if path is not None and path.exists():
        for query in ("mode=ro", "mode=ro&immutable=1"):  # a read-only folder has no -shm
            try:
                source = sqlite3.connect(f"{path.absolute().as_uri()}?{query}", uri=True,
                                         timeout=READ_ONLY_WAIT_MS / 1000)
                try:
                    refuse_newer(source)
                    source.backup(connection)
                finally:
                    source.close()
                break
            except (sqlite3.Error, NewerSchemaError):
                connection.close()
                connection = _fresh_memory(migrated=False)
    try:
        migrate(connection)
        _require_our_tables(connection)
    except sqlite3.Error:
        connection.close()
        connection = _fresh_memory()
    notice = (f"Progress is read-only this session: {reason}. Answers are graded but not "
              "saved.")
    return Opened(connection, notice, unsaved=reason)


def _fresh_memory(migrated: bool = True) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if migrated:
        migrate(connection)
    return connection
