"""Where banks come from when the command line names none.

The bundled bank is found relative to the package, never the working directory: inside an
installed wheel it sits at quiz_app/_bundled_questions, and in a checkout or editable
install at the top-level questions/ beside the package.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "relu-quiz"


def bundled_questions_dir() -> Path:
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "_bundled_questions"
    if installed.is_dir():
        return installed
    return package_dir.parent / "questions"


def home_dir() -> Path:
    """$RELU_QUIZ_HOME, else the user data directory: progress, own banks and cache live here."""
    configured = os.environ.get("RELU_QUIZ_HOME")
    return Path(configured) if configured else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    configured = os.environ.get("RELU_QUIZ_HOME")
    if configured:
        return Path(configured) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME))


def discover_bank_paths() -> list[Path]:
    paths = [bundled_questions_dir()]
    user_banks = home_dir() / "questions"
    if user_banks.is_dir():
        paths.append(user_banks)
    extra = os.environ.get("RELU_QUIZ_BANKS", "")
    paths.extend(Path(p) for p in extra.split(os.pathsep) if p.strip())
    return paths
