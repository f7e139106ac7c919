"""The installed `relu-quiz` in a real pseudo-terminal, 80×24, as a student starts it.

Pilot drives the app inside pytest's process; this runs the console script the way a
shell does, so the driver, NO_COLOR handling and the exit status are the real ones.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "relu-quiz"
HANG_GUARD = 120.0  # seconds: only there so a hang fails instead of blocking CI


def _read_until(fd: int, wanted: bytes, seen: bytearray, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                return wanted in seen
            if not chunk:
                return wanted in seen
            seen.extend(chunk)
            if wanted in seen:
                return True
    return False


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")
@pytest.mark.parametrize("no_color", ["1", ""])
def test_the_app_opens_home_at_80x24_and_q_exits_0(tmp_path, no_color):
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "RELU_QUIZ_HOME": str(tmp_path),
           "COLUMNS": "80", "LINES": "24"}
    env.pop("NO_COLOR", None)
    if no_color:
        env["NO_COLOR"] = no_color
    child = subprocess.Popen([str(SCRIPT)], stdin=follower, stdout=follower, stderr=follower,
                             env=env, cwd=tmp_path, start_new_session=True)
    os.close(follower)
    seen = bytearray()
    try:
        assert _read_until(leader, b"Study now", seen, HANG_GUARD), bytes(seen[-2000:])
        os.write(leader, b"q")
        code = child.wait(timeout=HANG_GUARD)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(leader)
    assert code == 0, bytes(seen[-2000:])
    assert b"Traceback" not in seen
