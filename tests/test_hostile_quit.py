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
