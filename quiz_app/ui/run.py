"""Run the app in this terminal: shared by the command line and the bare `relu-quiz`."""

from __future__ import annotations

import sys


def run_app(**settings) -> None:
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig

    app = create_app(AppConfig(**settings))
    app.run()
    if app.return_code:  # the app crashed (Textual already printed why): say so to the shell
        sys.exit(app.return_code)
