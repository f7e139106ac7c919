"""What PyTorch, JAX and TensorFlow return at the kink, live, in the quiz's feedback and in
Explore (issue: "What PyTorch, JAX and TensorFlow really return at the kink").

Pilot drives the real app at 80×24. The frameworks really run (torch and jax are installed
here; TensorFlow may or may not be), each in its child of the frameworks' worker, so the
tests wait for the rows rather than for a fixed time. The expected gradients are the
frameworks' documented behaviour: torch.clamp passes the gradient on its bound (1),
torch.relu and jax.nn.relu only where x > 0 (0 at 0), and jax.numpy.maximum splits a tie
(0.5). Never from the code under test.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from quiz_app.bank.autodiff_table import INSTALL
from quiz_app.checker.autodiff import installed_version
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for_question, wait_until

BANK = FIXTURES / "ui" / "frameworks.yaml"
ASKING = "asking the frameworks…"
ROWS_SECONDS = 180.0  # a cold TensorFlow takes ~10 s alone; parallel runs take longer
CHILD = "quiz_app.checker.autodiff_child"

pytestmark = pytest.mark.skipif(installed_version("pytorch") is None
                                or installed_version("jax") is None,
                                reason="needs torch and jax installed")


def quiz_app(topic: str = "frameworks"):
    return create_app(AppConfig(paths=[BANK], start="take", shuffle=False, topic=topic))


def panel_text(app, selector: str = "#quiz-frameworks") -> str:
    found = app.screen.query(selector)
    if not found or not found.first().display:
        return ""
    panel = found.first()
    return f"{panel.heading.render()}\n{panel.body.render()}"


def gradient(text: str, call: str) -> str | None:
    """The gradient on the row of `call` ("  at 0  value 0  gradient 1  torch.relu(x)")."""
    for line in text.splitlines():
        if line.rstrip().endswith(call):
            found = re.search(r"gradient (\S+)", line)
            return found[1] if found else None
    return None


def answered(text: str, frameworks) -> bool:
    """Every framework's rows (or its not-installed line) are there, none still asked."""
    return ASKING not in text and all(
        (f"{name} {installed_version(name)}" in text) if installed_version(name)
        else f"{name} is not installed" in text for name in frameworks)


async def answer_the_framework_question(pilot) -> None:
    await wait_for_question(pilot)
    await pilot.press("1", "2", "3", "enter")  # right: the three true statements


async def test_the_feedback_shows_what_each_framework_returns():
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_the_framework_question(pilot)
        assert text_of(app, "#quiz-result").startswith("✓ Correct.")
        assert ASKING in panel_text(app)  # at once, before any framework has answered
        await wait_until(pilot, lambda: answered(panel_text(app),
                                                 ("pytorch", "jax", "tensorflow")),
                         ROWS_SECONDS)
        text = panel_text(app)
        assert text.startswith("What the frameworks return")
        assert f"pytorch {installed_version('pytorch')}" in text
        assert f"jax {installed_version('jax')}" in text
        assert gradient(text, "torch.clamp(x, min=0)") == "1"  # the bound is inside
        assert gradient(text, "jax.nn.relu(x)") == "0"  # only x > 0 passes
        assert text.count("torch.clamp(x, min=0)") == 1  # two choices name it: one row
        assert "at 0  value 0" in text
        if installed_version("tensorflow"):
            assert f"tensorflow {installed_version('tensorflow')}" in text
            assert gradient(text, "tf.maximum(x, 0)") == "1"  # a tie goes to the first
        else:
            assert f"tensorflow is not installed: {INSTALL['tensorflow']}" in text


async def test_missing_frameworks_say_how_to_install_them_and_nothing_runs(monkeypatch):
    from quiz_app.checker import autodiff, framework_service

    asked = []
    monkeypatch.setattr(autodiff, "installed_version", lambda framework: None)
    monkeypatch.setattr(framework_service, "framework_rows_in_worker",
                        lambda *args, **kwargs: asked.append(args) or [])
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_the_framework_question(pilot)
        text = panel_text(app)
        for name in ("pytorch", "jax", "tensorflow"):
            assert f"{name} is not installed: {INSTALL[name]}" in text
        assert ASKING not in text
        await pilot.pause(0.5)
        assert asked == [] and not framework_service.frameworks_worker().running


async def test_a_question_without_autodiff_claims_has_no_framework_section():
    app = quiz_app(topic="properties")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        assert app.screen.item.question.id == "fw-relu-is-convex"
        await pilot.press("1")
        assert text_of(app, "#quiz-result").startswith("✓ Correct.")
        await pilot.pause(0.3)
        assert panel_text(app) == ""


class HeldRows:
    """framework_rows_in_worker, answering with made-up rows only when released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls: list[list[tuple]] = []

    def __call__(self, calls, cancelled=lambda: False):
        from quiz_app.checker.autodiff import Returned
        from quiz_app.checker.conventions import Row

        self.calls.append(list(calls))
        self.release.wait(30)
        return [Row(call, point, Returned(call.framework, "9.9", 7.0, 7.0))
                for call, point in calls]


async def test_rows_arriving_after_the_student_moved_on_are_dropped(monkeypatch):
    from quiz_app.checker import framework_service

    held = HeldRows()
    monkeypatch.setattr(framework_service, "framework_rows_in_worker", held)
    app = quiz_app(topic=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_the_framework_question(pilot)
        await wait_until(pilot, lambda: held.calls, 30)
        await pilot.press("n")  # on to the next question while the frameworks are asked
        await wait_for_question(pilot)
        held.release.set()
        await pilot.pause(0.5)
        assert app.screen.item.question.id == "fw-relu-is-convex"
        assert panel_text(app) == ""
        assert app.screen.query_one("#quiz-frameworks").states["pytorch"] is None  # dropped
        assert len(held.calls) == 1  # the frameworks not yet asked never are


async def test_no_rows_while_a_retry_is_open_they_would_give_the_key_away(monkeypatch):
    from quiz_app.checker import framework_service

    held = HeldRows()
    held.release.set()
    monkeypatch.setattr(framework_service, "framework_rows_in_worker", held)
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_question(pilot)
        await pilot.press("4", "enter")  # wrong: a retry is offered
        assert "r: try once more" in text_of(app, "#quiz-result")
        await pilot.pause(0.3)
        assert panel_text(app) == "" and held.calls == []
        await pilot.press("n")  # the answer instead of the retry: now the frameworks
        await wait_until(pilot, lambda: "gradient 7" in panel_text(app), 30)
        assert "pytorch 9.9" in panel_text(app)


async def explore(pilot, app, point: str) -> None:
    screen = app.screen
    screen.query_one("#explore-point").value = point
    await pilot.pause()
    screen.action_analyze()


def explore_app():
    return create_app(AppConfig(paths=[BANK], start="explore",
                                explore_expression="Max(0, x)", explore_point="0"))


async def test_explore_shows_what_the_frameworks_return_for_relu_at_zero():
    app = explore_app()
    async with app.run_test(size=(80, 24)) as pilot:
        selector = "#explore-frameworks"
        await wait_until(pilot, lambda: gradient(panel_text(app, selector),
                                                 "jax.numpy.maximum(0.0, x)") is not None
                         and gradient(panel_text(app, selector), "torch.relu(x)") is not None,
                         ROWS_SECONDS)
        text = panel_text(app, selector)
        assert f"pytorch {installed_version('pytorch')}" in text
        assert f"jax {installed_version('jax')}" in text
        assert gradient(text, "torch.relu(x)") == "0"
        assert gradient(text, "jax.nn.relu(x)") == "0"
        assert gradient(text, "jax.numpy.maximum(0.0, x)") == "0.5"  # a tie is split
        assert gradient(text, "torch.clamp(x, min=0)") == "1"


async def test_explore_never_shows_rows_for_an_older_point(monkeypatch):
    from quiz_app.checker import framework_service

    held = HeldRows()
    monkeypatch.setattr(framework_service, "framework_rows_in_worker", held)
    app = explore_app()
    async with app.run_test(size=(80, 24)) as pilot:
        selector = "#explore-frameworks"
        await wait_until(pilot, lambda: held.calls, 60)  # asked about 0, and held
        assert ASKING in panel_text(app, selector)
        await explore(pilot, app, "1")
        await wait_until(pilot, lambda: app.screen.shown is not None
                         and app.screen.shown[1] == "1", 60)
        held.release.set()
        await wait_until(pilot, lambda: ASKING not in panel_text(app, selector), 60)
        text = panel_text(app, selector)
        assert "at 1" in text and "at 0" not in text
        assert {point for calls in held.calls[1:] for _, point in calls} == {"1"}


async def test_explore_has_no_framework_panel_for_a_function_no_call_computes():
    app = create_app(AppConfig(paths=[BANK], start="explore", explore_expression="x**2",
                               explore_point="0"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.screen.shown is not None, 60)
        await wait_until(pilot, lambda: "x**2" in app.screen.framework_calls, 60)
        await pilot.pause(0.2)
        assert panel_text(app, "#explore-frameworks") == ""


def framework_children(home: Path) -> list[int]:
    """The framework processes started for this test's home (other tests run beside it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if CHILD.encode() in command and f"RELU_QUIZ_HOME={home}".encode() in \
                environment.split(b"\0"):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
async def test_quitting_while_a_framework_runs_leaves_no_process(isolated_home):
    app = quiz_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_the_framework_question(pilot)
        await wait_until(pilot, lambda: framework_children(isolated_home), 60)
        await pilot.press("ctrl+q")
    deadline = time.monotonic() + 5
    while framework_children(isolated_home) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert framework_children(isolated_home) == []
