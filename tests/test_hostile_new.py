"""Issue 27, item 11: `relu-quiz new` reads a bank as the loader does and writes it as the
exports do.

It blocked forever on a FIFO, read /dev/zero until the memory ran out, and rewrote the bank
in place, so a full disk left it cut mid-question and the loader then refused all of it.
Each row is a PATH that is not a bank to append to, with the usage error (exit 2) it must
give at once; then writes that fail half way, which must leave the bank byte for byte.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app.bank import files
from quiz_app.bank.loader import load_banks
from quiz_app.bank.yaml_source import MAX_FILE_BYTES
from quiz_app.cli import main
from tests.helpers.banks import minimal_bank as _bank

HANG_GUARD = 60  # seconds: the old `new` never returned on a FIFO
MEMORY = 1 << 30  # the old `new` read /dev/zero until this ran out


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _oversized(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.yaml")


def _loop(path: Path) -> None:
    path.symlink_to(path)


def _not_yaml(path: Path) -> None:
    path.write_text("title: [unclosed\n")


def _not_a_bank(path: Path) -> None:
    path.write_text("- just\n- a list\n")


def _questions_not_a_list(path: Path) -> None:
    path.write_text("title: t\nquestions: 3\n")


@pytest.mark.parametrize("make, message", [
    (_fifo, "not a regular file"),
    (_zero, "not a regular file"),
    (_oversized, f"file is {MAX_FILE_BYTES + 1} bytes; the limit is {MAX_FILE_BYTES}"),
    (_dangling, "cannot read"),
    (_loop, "a symbolic link loop"),
    (_not_yaml, "is not valid YAML"),
    (_not_a_bank, "is not a bank"),
    (_questions_not_a_list, "is not a bank"),
], ids=lambda v: getattr(v, "__name__", "").lstrip("_") or None)
def test_new_refuses_what_is_not_a_bank_file_at_once(tmp_path, make, message):
    path = tmp_path / "x.yaml"
    make(path)
    before = _snapshot(tmp_path)
    done = subprocess.run([sys.executable, "-m", "quiz_app", "new", str(path)],
                          capture_output=True, text=True, timeout=HANG_GUARD,
                          stdin=subprocess.DEVNULL, cwd=tmp_path, check=False,
                          env={**os.environ, "RELU_QUIZ_HOME": str(tmp_path / "home")},
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS,
                                                                (MEMORY, MEMORY)))
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert _snapshot(tmp_path) == before  # nothing written, no schema, no temporary file


def test_a_failed_rename_keeps_the_bank_and_leaves_no_temporary(tmp_path, monkeypatch):
    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Week 3", "first"))
    before = _snapshot(tmp_path)

    def disk_full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    result = CliRunner().invoke(main, ["new", str(bank)])
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("headroom", [0, 100, 500])  # the question adds ~900 bytes
def test_a_disk_that_fills_mid_write_keeps_the_bank_byte_for_byte(tmp_path, headroom):
    """RLIMIT_FSIZE in a child stands in for a full disk: a write past it fails (EFBIG)
    after writing what fitted. In place, that cut the bank mid-question."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Week 3", "first"))
    before = _snapshot(tmp_path)
    limit = bank.stat().st_size + headroom

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not death by signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "quiz_app", "new", str(bank)],
                          capture_output=True, text=True, timeout=HANG_GUARD,
                          stdin=subprocess.DEVNULL, cwd=tmp_path, check=False,
                          env={**os.environ, "RELU_QUIZ_HOME": str(tmp_path / "home")},
                          preexec_fn=full_disk)
    assert done.returncode == 2, done.stderr
    assert "cannot write" in done.stderr and "nothing was written" in done.stderr
    assert _snapshot(tmp_path) == before
    assert [lb.bank.title for lb in load_banks([bank]).banks] == ["Week 3"]


def test_appending_writes_through_a_link_and_keeps_the_mode(tmp_path):
    real = tmp_path / "shared" / "bank.yaml"
    real.parent.mkdir()
    real.write_text(_bank("Shared", "first"))
    real.chmod(0o640)
    link = tmp_path / "bank.yaml"
    link.symlink_to(real)
    result = CliRunner().invoke(main, ["new", str(link), "--id", "second"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "id: second" in real.read_text()
    assert (real.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["bank.yaml"]


def test_a_bank_the_loader_would_refuse_for_its_size_is_not_written(tmp_path):
    bank = tmp_path / "bank.yaml"
    padding = "x" * (MAX_FILE_BYTES - 400)
    bank.write_text(_bank("Big", "first").replace("It is.", padding))
    assert load_banks([bank]).banks, "the bank must start under the limit"
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(main, ["new", str(bank)])
    assert result.exit_code == 2 and "the limit is" in result.output
    assert _snapshot(tmp_path) == before


def test_a_new_bank_is_written_whole_with_its_schema(tmp_path):
    bank = tmp_path / "new.yaml"
    result = CliRunner().invoke(main, ["new", str(bank), "--type", "numeric"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == \
        ["bank.schema.json", "new.yaml"]
    assert load_banks([bank]).banks[0].bank.questions[0].id == "new-question-1"


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry's bytes (a link's target, a special file's kind), by name."""
    seen: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name == "home":
            continue
        if entry.is_symlink():
            seen[entry.name] = f"-> {os.readlink(entry)}"
        elif entry.is_file():
            seen[entry.name] = entry.read_bytes()
        else:
            seen[entry.name] = "special"
    return seen
