import fcntl
import os
import shutil
import subprocess
import sys
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


def _run_root(tmp_path_factory) -> Path:
    """A directory of this run's own, shared by its xdist workers."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def _made_once(root: Path, name: str, make) -> Path:
    """root/name, made by make(home) by the first worker to ask; the others wait for it."""
    home = root / name
    done = root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(home, ignore_errors=True)
            make(home)
            done.touch()
    return home


def _relu_quiz(home: Path, *args: str) -> str:
    """`relu-quiz ARGS` with RELU_QUIZ_HOME=home (this checkout's quiz_app); its stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "quiz_app", *args], capture_output=True, text=True, cwd=REPO,
        env={**os.environ, "RELU_QUIZ_HOME": str(home), "PYTHONPATH": os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def proved_bundled_home(tmp_path_factory) -> Path:
    """A home in which a cold `relu-quiz check` of the bundled bank has run: its proof cache
    and the key that seals it (its output in check-output.txt). Made once per run, by the
    xdist worker that asks first, so that tests about exports, the app and the CLI need not
    each prove the bundled bank again. test_proofs.py proves the bundled bank cold in the
    test itself, and compares."""

    def make(home: Path) -> None:
        output = _relu_quiz(home, "check", str(REPO / "questions"))
        (home / "check-output.txt").write_text(output, encoding="utf-8")

    return _made_once(_run_root(tmp_path_factory), "proved-bundled-home", make)


@pytest.fixture(scope="session")
def conventions_home(tmp_path_factory, proved_bundled_home) -> Path:
    """proved_bundled_home's proofs, and the framework rows of `relu-quiz conventions`."""

    def make(home: Path) -> None:
        seed_bundled_proofs(home, proved_bundled_home)
        _relu_quiz(home, "conventions", "--json")

    return _made_once(_run_root(tmp_path_factory), "conventions-home", make)


def seed_bundled_proofs(home: Path, proved: Path) -> Path:
    """Copy the proof cache of `proved` (and the key that seals it) into `home`, so that a
    check or an export of the bundled bank there is warm: for tests that are not about
    proving. The compiled-bank cache is not copied."""
    from quiz_app.bank.sealing import KEY_FILE

    home.mkdir(parents=True, exist_ok=True)
    shutil.copy2(proved / KEY_FILE, home / KEY_FILE)
    shutil.copytree(proved / "cache" / "proofs", home / "cache" / "proofs",
                    dirs_exist_ok=True)
    return home


@pytest.fixture
def bundled_proofs(isolated_home, proved_bundled_home):
    """This test's home starts with the bundled bank's proofs (see proved_bundled_home)."""
    return seed_bundled_proofs(isolated_home, proved_bundled_home)


@pytest.fixture
def bundled_proofs_and_conventions(isolated_home, conventions_home):
    """As bundled_proofs, with the rows of `relu-quiz conventions` cached too."""
    return seed_bundled_proofs(isolated_home, conventions_home)


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


# The longest single tests (tens of seconds each). Under xdist they are handed out first,
# so that none of them starts last and leaves the other workers idle; this changes only the
# order tests run in.
LONG_TESTS = (
    "tests/test_screen_truth.py::test_a_walk_through_the_bundled_banks_never_shows_sympy_words",
    "tests/test_ui_flows.py::test_mashing_random_keys_never_crashes",
    "tests/test_hostile_corpus.py::test_every_parsed_",
    "tests/test_scaffold.py::test_the_scaffold_puts_the_key_anywhere_and_its_tests_follow",
    "tests/test_proofs.py::test_bundled_bank_is_clean_and_mostly_proved",
    "tests/test_hostile_ui.py::test_mashing_keys_",
    "tests/test_quiz_keys_and_marks.py::test_every_first_key_typed_into_an_empty_box_is",
    "tests/test_ui_frameworks.py::test_the_feedback_shows_what_each_framework_returns",
    "tests/test_export_stack.py::test_every_exported_question_passes_its_question_tests_in",
)


def pytest_collection_modifyitems(items):
    """Mark the slow kinds, so `pytest -m "not slow"` is a quick loop while editing: tests
    that drive the app with Pilot (the async ones) are `pilot`, tests that start it in a
    real terminal (tests/helpers/terminal.py) are `pty`, and both are `slow`.

    For xdist: the LONG_TESTS are handed out first. (A module with a module-scoped
    fixture, an export read by Moodle, STACK, Canvas or Anki, marks itself
    `xdist_group`, so that one worker makes it, not each: `--dist loadgroup`.)"""
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
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the same order in every worker
        items.sort(key=lambda item: not item.nodeid.startswith(LONG_TESTS))
