"""A reader that stops early (`relu-quiz list | head -1`) is not a crash: no "internal
error", nothing on stderr, and the exit status a shell gives a command ended by SIGPIPE."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, REPO

BANKS = [str(REPO / "questions"), str(FIXTURES / "export" / "qti-bank.yaml")]
BIG = "{big}"  # a bank whose listing is far more than a pipe's 64 KiB buffer
COMMANDS = [["list", BIG], ["list", "--json", BIG], ["check", "--no-proofs", "--alone", BIG],
            ["list", *BANKS], ["schema"], ["list", "--help"]]


def big_bank(folder) -> str:
    """About 900 questions, one line each (the listing runs to about 120 KB)."""
    questions = "".join(
        f"  - {{id: pipe-question-with-a-rather-long-name-{n}, type: single, prompt: 'R?', "
        f"choices: [{{text: '1', correct: true}}, {{text: '0'}}], explanation: 'E.'}}\n"
        for n in range(900))
    path = folder / "big.yaml"
    path.write_text(f"title: Big\nquestions:\n{questions}", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_reader_that_stops_after_one_line_is_not_a_crash(args, tmp_path):
    args = [big_bank(tmp_path) if a == BIG else a for a in args]
    reader, writer = os.pipe()
    child = subprocess.Popen([sys.executable, "-m", "quiz_app", *args], stdout=writer,
                             stderr=subprocess.PIPE, cwd=tmp_path)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        first = pipe.readline()  # then the pipe closes, as `head -1` closes it
    _, err = child.communicate(timeout=120)
    assert first
    assert b"internal error" not in err and b"Traceback" not in err, err
    assert child.returncode in (0, 1, 141)  # done before the close, or ended by it
