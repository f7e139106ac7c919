"""Issue 27, item 10: quitting the app leaves no process behind, whatever it was loading.

The banks load in a thread, and Python waits for that thread before the process ends: a
quit during a walk of `/` (through a link in a bank folder) left the process at 97% CPU for
more than fourteen minutes. The installed app runs here in a real pseudo-terminal, as a
student starts it, and is quit while it is still loading.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers.terminal import SCRIPT, Terminal

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
    env = {"RELU_QUIZ_HOME": str(tmp_path / "home"), "RELU_QUIZ_BANKS": str(banks)}
    with Terminal(*args, env=env, cwd=tmp_path) as app:
        if wait_for is not None:
            assert app.read_until(wait_for), app.tail()
        else:
            app.read_until(b"\x00never", 2.0)  # the app is up and loading
        assert app.child.poll() is None, app.tail()  # still up, to be quit
        app.press(key)
        asked = time.monotonic()
        code = app.wait()
        took = time.monotonic() - asked
    assert took < QUIT_SECONDS, f"the process lived {took:.1f} s after the quit"
    assert code == 0, app.tail()
    assert b"Traceback" not in app.seen


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # it ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")
def test_quitting_while_a_zoom_is_sampled_waits_for_no_child(tmp_path):
    """Issue 29: Ctrl+Q in Explore while `(1 + 1/x)**x` is sampled (5 s of sympy in the
    warm worker) took 6 s to exit. The worker is stopped as the app quits."""
    with Terminal("explore", env={"RELU_QUIZ_HOME": str(tmp_path)}, cwd=tmp_path,
                  size=(100, 60)) as app:  # tall enough to show the plot's messages
        assert app.shows("✓ analysed"), app.screen()  # Max(0, x), as the lab opens
        app.press(b"\x15")  # ctrl+u: the expression box is empty
        app.read_until(b"\x00never", 0.3)
        app.type(b"(1 + 1/x)**x")
        assert app.shows("✓ valid"), app.screen()
        app.press(b"\r")
        assert app.shows("✓ analysed"), app.screen()  # its analysis is shown …
        assert app.shows("sampling f near the point"), app.screen()  # … and it is sampled
        app.press(b"\x1b[Z")  # shift+tab: round to the plot, where + zooms
        app.read_until(b"\x00never", 0.3)
        app.press(b"+")
        assert app.shows("± 1.5"), app.screen()  # a zoom asked for while sampling
        assert app.child is not None
        children = _children(app.child.pid)
        assert children, "no warm worker: nothing was sampled in a child process"
        app.press(b"\x11")  # ctrl+q
        asked = time.monotonic()
        code = app.wait()
        took = time.monotonic() - asked
        left = {pid for pid in children if Path(f"/proc/{pid}").exists()}
    assert took < 2.0, f"the process lived {took:.1f} s after the quit"
    assert left == set(), "a child outlived the app"
    assert code == 0, app.tail()
    assert b"Traceback" not in app.seen
