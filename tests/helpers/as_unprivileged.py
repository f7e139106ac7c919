"""Run a command as a user who really cannot write where root can (tests run as root in CI
containers, and root ignores file modes): setpriv to nobody when root, else as is."""

from __future__ import annotations

import os
import shutil


def unprivileged(command: list[str]) -> list[str] | None:
    """The command prefixed to drop root, or None when that is impossible here."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
