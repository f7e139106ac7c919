"""Run the app in this terminal: shared by the command line and the bare `relu-quiz`.

Python's cyclic garbage collector is off from here until the first screen the user waits
for has been drawn (ReluQuizApp.end_start_up turns it back on). Start-up builds hundreds of
thousands of long-lived objects (Textual's modules, styles and widgets, the banks), and the
collector walked them again and again for no garbage: about a tenth of a quiz's start.
Nothing is lost by waiting: objects freed by reference counting are freed as usual, and the
cycles made meanwhile are collected once it is back on.
"""

from __future__ import annotations

import gc
import sys


def run_app(**settings) -> None:
    gc.disable()
    try:
        from quiz_app.ui.app import create_app
        from quiz_app.ui.config import AppConfig

        app = create_app(AppConfig(**settings))
        app.run()
    finally:
        gc.enable()
    if app.return_code:  # the app crashed (Textual already printed why): say so to the shell
        sys.exit(app.return_code)
