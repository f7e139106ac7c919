"""The `relu-quiz` console script. Alone, it opens the app without the command-line parser.

click and the command definitions cost about 45 ms of a start whose whole budget, next to a
bare Textual app, is about 50 ms more than Textual's own. With no arguments there is nothing
to parse, so the app starts directly; anything else goes to quiz_app.cli as before.
"""

from __future__ import annotations

import gc
import sys


def main() -> None:
    gc.disable()  # for the start-up, as run_app does (see quiz_app/ui/run.py); a command
    # that does not open the app turns it back on (quiz_app.cli.main)
    if len(sys.argv) <= 1:
        from quiz_app.ui.run import run_app

        run_app()
        return
    from quiz_app.cli import main as command_line

    command_line()
