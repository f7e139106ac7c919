"""Issue 27, item 10: quitting the app leaves no process behind, whatever it was loading.

The banks load in a thread, and Python waits for that thread before the process ends: a
quit during a walk of `/` (through a link in a bank folder) left the process at 97% CPU for
more than fourteen minutes. The installed app runs here in a real pseudo-terminal, as a
student starts it, and is quit while it is still loading.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = Path(sys.executable).parent / "relu-quiz"
HANG_GUARD = 120.0  # seconds: only there so a hang fails instead of blocking CI
QUIT_SECONDS = 10.0  # "exits within a few seconds" (a fraction of one here)
COPIES = 60  # of each bundled bank: about 20 s of parsing here, so a quit comes mid-load


def _link_to_root(folder: Path) -> None:
    shutil.copy(REPO / "tests" / "fixtures" / "good" / "minimal.yaml", folder)
    (folder / "root").symlink_to("/")


def _many_banks(folder: Path) -> None:
    """Far more to parse than a quit should wait for: the load itself must stop."""
    for n in range(COPIES):
        for bank in sorted((REPO / "questions").glob("*.yaml")):
            shutil.copy(bank, folder / f"{n:02}-{bank.name}")


def _read_until(fd: int, wanted: bytes, seen: bytearray, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not _drain(fd, seen):
            return wanted in seen
        if wanted in seen:
            return True
    return False


def _drain(fd: int, seen: bytearray) -> bool:
    """What the app wrote in the next half second; False once the terminal is closed (a
    full pty would block the app's exit, so it is read until the end)."""
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    seen.extend(chunk)
    return bool(chunk)


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")
@pytest.mark.parametrize("fill, args, wait_for, key", [
    (_link_to_root, [], b"Loading", b"q"),
    (_many_banks, [], b"Loading", b"q"),
    (_many_banks, ["take"], None, b"\x11"),  # ctrl+q over the screen shown while loading
], ids=["home-link-to-root", "home-many-banks", "take-many-banks"])
def test_quitting_while_banks_load_leaves_no_process(tmp_path, fill, args, wait_for, key):
    banks = tmp_path / "banks"
    banks.mkdir()
    fill(banks)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "RELU_QUIZ_HOME": str(tmp_path / "home"),
           "RELU_QUIZ_BANKS": str(banks), "COLUMNS": "80", "LINES": "24"}
    child = subprocess.Popen([str(SCRIPT), *args], stdin=follower, stdout=follower,
                             stderr=follower, env=env, cwd=tmp_path, start_new_session=True)
    os.close(follower)
    seen = bytearray()
    try:
        if wait_for is not None:
            assert _read_until(leader, wait_for, seen, HANG_GUARD), bytes(seen[-2000:])
        else:
            _read_until(leader, b"\x00never", seen, 2.0)  # the app is up and loading
        assert child.poll() is None, bytes(seen[-2000:])  # still up, to be quit
        os.write(leader, key)
        asked = time.monotonic()
        while child.poll() is None and time.monotonic() - asked < HANG_GUARD:
            if not _drain(leader, seen):
                child.wait(timeout=HANG_GUARD)
        took = time.monotonic() - asked
    finally:
        if child.poll() is None:
            os.killpg(child.pid, 9)
            child.wait()
        os.close(leader)
    assert took < QUIT_SECONDS, f"the process lived {took:.1f} s after the quit"
    assert child.returncode == 0, bytes(seen[-2000:])
    assert b"Traceback" not in seen
