"""Where an export may be written, and writing it so a failure never leaves half a file.

An export is written to a temporary file next to the target and renamed over it only once
complete, so a crash, a full disk or a refused bank leaves the previous file untouched. The
target is refused up front (a usage error, exit 2) when it is a directory, when its
directory does not exist, or when it is one of the banks being exported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from quiz_app.bank.files import write_atomically

__all__ = ["OutputError", "check_output", "write_atomically"]  # the writer lives in bank/


class OutputError(ValueError):
    """The -o path cannot be written: a usage error, reported before any work is done."""


def check_output(out: Path, inputs: Iterable[Path]) -> None:
    if str(out) in ("", "-"):
        raise OutputError("give a file name with -o (writing to stdout is not supported)")
    if out.is_dir():
        raise OutputError(f"{out} is a directory; give a file name such as {out}/bank.xml")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"the directory {parent} does not exist")
    if out.exists():
        target = out.resolve()
        for path in inputs:
            if path.is_file() and out.samefile(path):  # also through links
                raise OutputError(f"{out} is a bank being exported; refusing to overwrite it")
            if path.is_dir() and target.is_relative_to(path.resolve()) and \
                    target.suffix in (".yaml", ".yml"):
                raise OutputError(f"{out} is a bank being exported; refusing to overwrite it")
        if not _regular_or_missing(out):
            raise OutputError(f"{out} is not a regular file; write to a file instead")


def _regular_or_missing(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
