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


def pytest_collection_modifyitems(items):
    """Mark the slow kinds, so `pytest -m "not slow"` is a quick loop while editing: tests
    that drive the app with Pilot (the async ones) are `pilot`, tests that start it in a
    real terminal (tests/helpers/terminal.py) are `pty`, and both are `slow`."""
    import inspect

    from tests.helpers.terminal import Terminal

    for item in items:
        function = getattr(item, "function", None)
        kinds = []
        if function is not None and inspect.iscoroutinefunction(function):
            kinds.append("pilot")
        module = getattr(item, "module", None)
        if module is not None and (getattr(module, "Terminal", None) is Terminal
                                   or module.__name__.endswith("test_real_terminal")):
            kinds.append("pty")
        for kind in kinds + (["slow"] if kinds else []):
            item.add_marker(getattr(pytest.mark, kind))
