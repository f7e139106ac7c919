"""The `relu-quiz` console script: `relu-quiz` alone opens the app without importing click
and the command definitions (about 45 ms); anything else is quiz_app.cli's to read."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) <= 1:
        from quiz_app.ui.run import run_app

        run_app()
        return
    from quiz_app.cli import main as command_line

    command_line()
