import shutil
import threading
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """Every test gets its own RELU_QUIZ_HOME, so caches and user banks never leak in."""
    home = tmp_path / "home"
    monkeypatch.setenv("RELU_QUIZ_HOME", str(home))
    monkeypatch.delenv("RELU_QUIZ_BANKS", raising=False)
    return home


@pytest.fixture
def ui_bank(tmp_path):
    """A copy of the UI test bank that a test may edit, stamp or cache."""
    path = tmp_path / "quiz.yaml"
    shutil.copy(FIXTURES / "ui" / "quiz.yaml", path)
    return path


class HeldLoader(threading.Event):
    """Set it to let the worker's load_banks go on; `calls` counts the loads begun."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple] = []


@pytest.fixture
def held_loader(monkeypatch):
    """load_banks waits until the test sets the event."""
    release = HeldLoader()
    from quiz_app.bank import loader

    real = loader.load_banks

    def held(*args, **kwargs):
        release.calls.append(args)
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "load_banks", held)
    return release
