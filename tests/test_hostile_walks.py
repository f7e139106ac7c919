"""Issue 27, item 10: a bank folder is whatever a user or $RELU_QUIZ_BANKS names, and its walk
must stay inside it, end, and end with the app.

A link to `/` inside a bank folder made `list` walk the whole machine (minutes, 1.3 GB), and
an app quit during that walk left the process at full CPU. Each row of the table is one
kind of thing a folder can hold, with what the definition says should come of it: links to
folders are never followed (quietly when their target is inside the folder anyway, with a
warning naming the link when it is outside), special and oversized files are errors at
the file, an unreadable folder is a warning naming it, and the rest are still listed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from quiz_app.bank import files
from quiz_app.bank.files import Stopped, find_banks
from quiz_app.bank.listing import stamped_load
from quiz_app.bank.loader import load_banks
from quiz_app.bank.yaml_source import MAX_FILE_BYTES
from tests.conftest import REPO
from tests.helpers.as_unprivileged import unprivileged
from tests.helpers.banks import minimal_bank as _bank

HANG_GUARD = 120  # seconds: only there so that a hang fails instead of blocking CI
SECONDS = 15  # "finishes in seconds": the fixed walk takes well under one here
NOT_FOLLOWED = "a link to a folder outside the bank folder is not followed"


def _folders(tmp_path: Path) -> Path:
    """banks/ with a bank at the top and one a level down; outside/ beside it."""
    banks = tmp_path / "banks"
    (banks / "sub").mkdir(parents=True)
    (banks / "good.yaml").write_text(_bank("Good", "good"))
    (banks / "sub" / "deeper.yaml").write_text(_bank("Deeper", "deeper"))
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "other.yaml").write_text(_bank("Outside", "other"))
    return banks


def _link_to_root(banks: Path) -> Path:
    (banks / "root").symlink_to("/")
    return banks / "root"


def _link_to_parent(banks: Path) -> Path:
    (banks / "sub" / "up").symlink_to(banks)
    return banks / "sub" / "up"


def _link_to_sibling(banks: Path) -> Path:
    (banks / "sibling").symlink_to(banks.parent / "outside")
    return banks / "sibling"


def _link_inside(banks: Path) -> Path:
    (banks / "alias").symlink_to(banks / "sub")
    return banks / "alias"


def _dangling(banks: Path) -> Path:
    (banks / "gone").symlink_to(banks / "nowhere")  # not named like a bank: ignored
    (banks / "gone.yaml").symlink_to(banks / "nowhere.yaml")
    return banks / "gone.yaml"


def _fifo(banks: Path) -> Path:
    os.mkfifo(banks / "x.yaml")
    return banks / "x.yaml"


def _zero(banks: Path) -> Path:
    (banks / "x.yaml").symlink_to("/dev/zero")
    return banks / "x.yaml"


def _oversized(banks: Path) -> Path:
    with open(banks / "big.yaml", "wb") as handle:  # sparse: no megabyte is written
        handle.truncate(MAX_FILE_BYTES + 1)
    return banks / "big.yaml"


# (what the folder holds, severity and message at the returned path or None for nothing)
TABLE = [
    (_link_to_root, "warning", NOT_FOLLOWED),
    (_link_to_parent, None, None),
    (_link_to_sibling, "warning", NOT_FOLLOWED),
    (_link_inside, None, None),
    (_dangling, "error", "cannot read file: No such file or directory"),
    (_fifo, "error", "not a regular file"),
    (_zero, "error", "not a regular file"),
    (_oversized, "error", f"file is {MAX_FILE_BYTES + 1} bytes"),
]
IDS = [build.__name__.lstrip("_") for build, _, _ in TABLE]


@pytest.mark.parametrize("build, severity, message", TABLE, ids=IDS)
def test_each_thing_a_folder_holds_is_listed_or_reported(tmp_path, build, severity, message):
    banks = _folders(tmp_path)
    where = build(banks)
    report = load_banks([banks])
    assert sorted(lb.bank.title for lb in report.banks) == ["Deeper", "Good"]
    found = [(d.path, d.severity, d.message) for d in report.diagnostics]
    if severity is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0][:2] == (str(where), severity), found
        assert found[0][2].startswith(message), found


@pytest.mark.parametrize("build, severity, message", TABLE, ids=IDS)
def test_list_finishes_in_seconds_with_the_good_banks(tmp_path, build, severity, message):
    """The same table end to end: `relu-quiz list` on the folder, as a user runs it."""
    banks = _folders(tmp_path)
    where = build(banks)
    started = time.monotonic()
    done = _relu_quiz(tmp_path, "list", str(banks))
    took = time.monotonic() - started
    assert took < SECONDS, f"list took {took:.1f} s"
    assert done.returncode == (0 if severity is None else 1), done.stderr
    listed = sorted(line.split()[0] for line in done.stdout.splitlines())
    assert listed == ["deeper", "good"], done.stdout
    if severity is not None:
        assert f"{where}:1:1: {severity}: {message}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_named_through_a_link_is_searched(tmp_path):
    """Only links met during the walk are not followed: the folder named may be one."""
    banks = _folders(tmp_path)
    (tmp_path / "named").symlink_to(banks)
    report = load_banks([tmp_path / "named"])
    assert sorted(lb.bank.title for lb in report.banks) == ["Deeper", "Good"]
    assert report.diagnostics == []


def test_a_walk_is_bounded_and_says_so(tmp_path, monkeypatch):
    """Past MAX_WALK_ENTRIES the walk stops, breadth first, so the shallow banks are kept."""
    banks = _folders(tmp_path)
    (banks / "zz").mkdir()
    for n in range(40):
        (banks / "zz" / f"note-{n}.txt").write_text("not a bank")
    monkeypatch.setattr(files, "MAX_WALK_ENTRIES", 20)
    report = load_banks([banks])
    assert sorted(lb.bank.title for lb in report.banks) == ["Deeper", "Good"]
    [bounded] = report.diagnostics
    assert (bounded.path, bounded.severity) == (str(banks), "warning")
    assert bounded.message.startswith("more than 20 entries: only the first 20 were searched")


def test_warnings_about_one_folder_are_capped(tmp_path):
    """/proc read by a user has hundreds of links out of it: ten lines, then a count."""
    banks = _folders(tmp_path)
    for n in range(25):
        (banks / f"link-{n:02}").symlink_to(tmp_path / "outside")
    found = find_banks([banks])
    assert len(found.warnings) == files.MAX_WALK_WARNINGS + 1
    assert found.warnings[-1] == (banks, "15 more folders or links under it were skipped "
                                         "the same way")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a /proc to name")
def test_banks_naming_proc_finish_in_seconds(tmp_path):
    """Many thousands of entries, links out of it everywhere, and no bank: bounded.
    (Not `/`: what it holds, and so what there is to parse, depends on the machine.)"""
    banks = _folders(tmp_path)
    started = time.monotonic()
    done = _relu_quiz(tmp_path, "list", env={"RELU_QUIZ_BANKS": f"{banks}{os.pathsep}/proc"})
    took = time.monotonic() - started
    assert took < SECONDS, f"RELU_QUIZ_BANKS=/proc: list took {took:.1f} s"
    assert "deeper" in done.stdout and "Traceback" not in done.stderr
    # (how many entries /proc has, and so whether the bound is reached, varies by machine)


def test_an_unreadable_subfolder_is_a_warning_naming_it():
    """chmod 000 does not stop root (the tests run as root in CI): `list` runs as nobody,
    on a folder nobody can reach (pytest's tmp_path is private to its user)."""
    command = unprivileged([sys.executable, "-m", "quiz_app", "list"])
    if command is None:
        pytest.skip("root here, and no setpriv to drop it: chmod 000 would not stop us")
    shared = Path(tempfile.mkdtemp(prefix="relu-walk-"))
    shared.chmod(0o755)
    banks = _folders(shared)
    (banks / "locked").mkdir()
    (banks / "locked" / "hidden.yaml").write_text(_bank("Hidden", "hidden"))
    (banks / "locked").chmod(0)
    command.append(str(banks))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=HANG_GUARD,
                              stdin=subprocess.DEVNULL, check=False, cwd="/",
                              env={**os.environ, "PYTHONPATH": str(REPO),
                                   "RELU_QUIZ_HOME": "/nonexistent/relu-quiz-home"})
    finally:
        (banks / "locked").chmod(0o755)
        shutil.rmtree(shared)
    assert sorted(line.split()[0] for line in done.stdout.splitlines()) == ["deeper", "good"]
    assert done.stderr.splitlines() == [
        f"{banks / 'locked'}:1:1: warning: cannot read this folder (Permission denied); "
        "the banks in it are not listed"], done.stderr
    assert done.returncode == 1


def test_a_cancelled_load_stops_between_folders_and_files(tmp_path):
    banks = _folders(tmp_path)
    asked = []

    def after(n: int):
        def cancelled() -> bool:
            asked.append(1)
            return len(asked) > n
        return cancelled

    for n in (0, 1, 2):  # in the walk (banks/, then banks/sub), then between the files
        asked.clear()
        with pytest.raises(Stopped):
            load_banks([banks], cancelled=after(n))
    asked.clear()
    assert stamped_load([banks], True, after(0)) == (None, None)
    assert len(load_banks([banks], cancelled=lambda: False).banks) == 2


def _relu_quiz(tmp_path: Path, *args: str, env: dict | None = None):
    home = tmp_path / "home"
    return subprocess.run([sys.executable, "-m", "quiz_app", *args], capture_output=True,
                          text=True, timeout=HANG_GUARD, stdin=subprocess.DEVNULL,
                          env={**os.environ, "RELU_QUIZ_HOME": str(home), **(env or {})},
                          check=False)
