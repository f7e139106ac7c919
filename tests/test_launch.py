"""The console script: alone it opens the app without the command-line parser; with
arguments it is the command line, exactly as before."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import quiz_app.ui.run as run
run.run_app = lambda **settings: print("app", settings, "click" in sys.modules)
from quiz_app.launch import main
sys.argv = ["relu-quiz", *{args!r}]
try:
    main()
except SystemExit as done:
    print("exit", done.code)
"""


def _launch(*args: str) -> str:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(args=list(args))],
                          capture_output=True, text=True, check=True).stdout


def test_no_arguments_open_the_app_without_loading_click():
    assert _launch().strip() == "app {} False"


def test_arguments_go_to_the_command_line():
    out = _launch("--version")
    assert "relu-quiz" in out and "exit 0" in out
    assert "app" not in out.split()


def test_a_subcommand_that_opens_the_app_passes_its_settings():
    out = _launch("take", "--no-shuffle", "--count", "3")
    assert out.startswith("app {") and "'start': 'take'" in out and "'count': 3" in out
    assert out.splitlines()[0].endswith("True")  # read by click: there is one option parser

