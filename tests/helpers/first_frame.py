"""What a start has imported by its first frame that shows what the user waits for.

A fresh interpreter creates the app from `config` (Python source for an AppConfig), runs it
headless at 80×24, and at the first frame where `shown` (Python source; `app` is the app) is
true prints the heavy packages it has imported and which of `later` it has: "[]" when
neither. Each run is a separate process, so a first run can fill a cache for the next.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = {"markdown_it", "plotext", "textual_plotext", "pydantic", "ruamel", "sympy"}

SCRIPT = """
import os, sys
from pathlib import Path
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig

app = create_app({config})
original = app._display

def display(screen, renderable):
    original(screen, renderable)
    if renderable is not None and ({shown}):
        print(sorted({{m.split(".")[0] for m in sys.modules}} & {heavy!r})
              + sorted(set(sys.modules) & {later!r}), flush=True)
        os._exit(0)

app._display = display
app.run(headless=True, size=(80, 24))
"""


def imports_at_first_frame(config: str, shown: str, later: set[str], env: dict,
                           runs: int = 1) -> list[subprocess.CompletedProcess]:
    script = SCRIPT.format(config=config, shown=shown, heavy=HEAVY,
                           later=set(later))
    return [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, timeout=60) for _ in range(runs)]
