"""The `relu-quiz` console script. It opens the app without the command-line parser when
there is nothing to parse, or only what the commands that open a quiz take.

Importing click and the command definitions costs a quiz about 8 ms of a start whose whole
budget, next to a bare Textual app, is a few tens of milliseconds more than Textual's own.
So `relu-quiz` alone, and `take`, `study` or `review` with plain paths and options, start
the app here. Anything else (help, a typo, a missing file, a count below 1, `--topic`, which
is checked against the banks first) goes to quiz_app.cli, which defines every command and
says what is wrong. QUICK_COMMANDS follows cli.py's definitions, and
tests/test_launch.py holds it to them: for generated command lines, a start made here gets
exactly the settings that click would have given, or is left to click.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from pathlib import Path

# command → (takes PATHS, option → (setting, kind)); kinds: "count" is an int ≥ 1, "int"
# any int, and a bool is the value a switch sets. Settings absent from the line are None,
# except `shuffle`, which is on unless switched off.
QUICK_COMMANDS: dict[str, tuple[bool, dict[str, tuple[str, object]]]] = {
    "take": (True, {"--count": ("count", "count"), "--seed": ("seed", "int"),
                    "--shuffle": ("shuffle", True), "--no-shuffle": ("shuffle", False)}),
    "study": (True, {"--count": ("count", "count"), "--seed": ("seed", "int")}),
    "review": (False, {"--count": ("count", "count")}),
}
DEFAULTS: dict[str, dict[str, object]] = {
    "take": {"topic": None, "count": None, "shuffle": True, "seed": None},
    "study": {"count": None, "seed": None},
    "review": {"count": None},
}
PLAIN_INT = re.compile(r"-?[0-9]+")  # what click reads as the same int (no "+3", "3_0", "٣")


def quick_settings(arguments: list[str]) -> dict | None:
    """run_app's settings for a plain quiz command line, or None: let click read it."""
    if not arguments or arguments[0] not in QUICK_COMMANDS:
        return None
    command, *rest = arguments
    takes_paths, options = QUICK_COMMANDS[command]
    settings: dict = dict(DEFAULTS[command])
    paths: list[Path] = []
    seen: set[str] = set()
    while rest:
        token = rest.pop(0)
        name, has_value, value = token.partition("=")
        if name in options:
            setting, kind = options[name]
            if setting in seen:
                return None  # given twice: click's rule (the last wins) is not copied here
            seen.add(setting)
            if isinstance(kind, bool):
                if has_value:
                    return None
                settings[setting] = kind
                continue
            if not has_value:
                if not rest:
                    return None
                value = rest.pop(0)
            if not PLAIN_INT.fullmatch(value) or (kind == "count" and int(value) < 1):
                return None
            settings[setting] = int(value)
        elif takes_paths and token and not token.startswith("-") and os.path.exists(token) \
                and os.access(token, os.R_OK):  # click.Path(exists=True): there, readable
            paths.append(Path(token))
        else:
            return None  # help, `--`, an unknown option or a missing file: click says why
    if takes_paths:
        settings["paths"] = paths
    return {"start": command, **settings}


def main() -> None:
    gc.disable()  # for the start-up, as run_app does (see quiz_app/ui/run.py); a command
    # that does not open the app turns it back on (quiz_app.cli.main)
    settings = {} if len(sys.argv) <= 1 else quick_settings(sys.argv[1:])
    if settings is not None:
        from quiz_app.ui.run import run_app

        run_app(**settings)
        return
    from quiz_app.cli import main as command_line

    command_line()
