"""The installed `relu-quiz` in a real pseudo-terminal, as a shell starts it: the driver,
NO_COLOR handling and the exit status are the real ones, and every byte the app writes is
kept (`seen`) for tests that look at the raw output.

    with Terminal(env={"RELU_QUIZ_HOME": str(home)}) as app:
        assert app.read_until(b"Study now")
        app.press(b"q")
        assert app.wait() == 0
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

SCRIPT = Path(sys.executable).parent / "relu-quiz"
HANG_GUARD = 120.0  # seconds: only there so a hang fails instead of blocking CI


class Terminal:
    """`relu-quiz ARGS` at `size` (columns, rows) with TERM=xterm-256color; `env` is added
    to this process's environment (a value of None removes the variable)."""

    def __init__(self, *args: str, env: dict[str, str | None] | None = None,
                 size: tuple[int, int] = (80, 24), cwd: Path | None = None):
        self.args, self.size, self.cwd = args, size, cwd
        columns, rows = size
        self.env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns),
                    "LINES": str(rows)}
        for name, value in (env or {}).items():
            if value is None:
                self.env.pop(name, None)
            else:
                self.env[name] = value
        self.seen = bytearray()
        self.child: subprocess.Popen | None = None
        self.leader = -1

    def __enter__(self) -> Terminal:
        self.leader, follower = pty.openpty()
        columns, rows = self.size
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.child = subprocess.Popen([str(SCRIPT), *self.args], stdin=follower,
                                      stdout=follower, stderr=follower, env=self.env,
                                      cwd=self.cwd, start_new_session=True)
        os.close(follower)
        return self

    def __exit__(self, *exc) -> None:
        if self.child is not None and self.child.poll() is None:
            os.killpg(self.child.pid, 9)  # the app and any worker it started
            self.child.wait()
        os.close(self.leader)

    def read_until(self, wanted: bytes, limit: float = HANG_GUARD) -> bool:
        """Read what the app writes until `wanted` has been seen (True) or `limit` seconds
        pass, or the app closes the terminal (False unless it was seen)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if wanted in self.seen:
                return True
            ready, _, _ = select.select([self.leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.leader, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                self.seen.extend(chunk)
        return wanted in self.seen

    def press(self, keys: bytes) -> None:
        os.write(self.leader, keys)

    def type(self, keys: bytes, pause: float = 0.03) -> None:
        """One key at a time, as fingers do (a burst can arrive as one paste)."""
        for key in keys:
            self.press(bytes([key]))
            self.read_until(b"\x00never", pause)

    def wait(self, limit: float = HANG_GUARD) -> int:
        """The exit status, reading on meanwhile so the app never blocks on a full pty."""
        assert self.child is not None
        deadline = time.monotonic() + limit
        while self.child.poll() is None and time.monotonic() < deadline:
            self.read_until(b"\x00never", 0.2)
        return self.child.wait(timeout=max(0.1, deadline - time.monotonic()))

    def tail(self, size: int = 2000) -> bytes:
        return bytes(self.seen[-size:])

    def screen(self) -> str:
        """What the terminal shows now, as text (rows joined by newlines): every byte so far
        played through pyte's VT100 emulator, as a terminal would draw it."""
        import pyte

        columns, rows = self.size
        screen = pyte.Screen(columns, rows)
        pyte.ByteStream(screen).feed(bytes(self.seen))
        return "\n".join(line.rstrip() for line in screen.display)

    def shows(self, text: str, limit: float = HANG_GUARD) -> bool:
        """Wait until `text` is on the screen (not merely somewhere in the output)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if text in self.screen():
                return True
            self.read_until(b"\x00never", 0.2)
        return text in self.screen()
