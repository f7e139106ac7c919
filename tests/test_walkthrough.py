"""A student's first hour, scripted in a real terminal at 80×24 with NO_COLOR (issue 28):
a first Study session, an undo, quitting mid-session and resuming, a multiple-answer
partial pick, typed questions and Explore. Each step reads the screen as the terminal
draws it (tests/helpers/terminal.py plays the app's bytes through a VT100 emulator) and
checks what a student would see there.

What is right comes from the banks' definitions (ReLU(3) = 3; the fixture's `correct`
flags), never from the app: the script finds an option's letter by its text on screen.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES, REPO
from tests.helpers.terminal import SCRIPT, Terminal

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed script")
STEP = 60.0  # seconds a step may take on a loaded machine before the test fails
OPTION = re.compile(r"^\W*(?:[✓✗] )?([a-z])\) (?:\[[ x]\] )?(.+?)\s*▎?$")


def letter_of(screen: str, text: str) -> str:
    """The letter of the option on screen whose text is `text`."""
    for line in screen.splitlines():
        found = OPTION.match(line.strip(" ▊"))
        if found and found.group(2).strip() == text:
            return found.group(1)
    raise AssertionError(f"no option {text!r} on screen:\n{screen}")


def answer(app: Terminal, text: str) -> None:
    """Pick the option whose text is `text`, once the screen has settled (a key sent as a
    new question is drawn could reach it before its options have the focus)."""
    app.read_until(b"\x00never", 0.5)
    app.press(letter_of(app.screen(), text).encode())


@pytest.fixture
def home(tmp_path):
    return {"RELU_QUIZ_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}


def test_a_first_study_session_with_an_undo_a_quit_and_a_resume(home, tmp_path):
    with Terminal(env=home, cwd=tmp_path) as app:
        assert app.shows("Study now (10 questions", STEP), app.screen()
        app.press(b"\r")
        assert app.shows("what is f(3)?", STEP), app.screen()
        assert "Question 1 of 10" in app.screen()
        answer(app, "3")  # ReLU(3) = max(0, 3) = 3
        assert app.shows("✓ Correct.", STEP), app.screen()
        app.press(b"n")
        assert app.shows("Question 2 of 10", STEP), app.screen()
        answer(app, "0")  # the odd part's difference is −1.5: 0 is wrong
        assert app.shows("✗ Not quite.", STEP), app.screen()
        app.press(b"u")  # undo: it still counts, the retake is the retry
        assert app.shows("still counts", STEP), app.screen()
        answer(app, "-1.5")
        assert app.shows("✓ Correct", STEP), app.screen()
        assert "score 1.5/2" in app.screen()  # ½ for the retake, never a full mark
        app.press(b"n")
        assert app.shows("Question 3 of 1", STEP), app.screen()  # one miss came back: of 11
        app.press(b"\x11")  # Ctrl+Q mid-session
        assert app.wait(STEP) == 0
    with Terminal(env=home, cwd=tmp_path) as app:
        assert app.shows("Resume Study now (3 of 11)", STEP), app.screen()
        app.press(b"\r")  # Resume is highlighted first
        assert app.shows("Question 3 of 11", STEP), app.screen()
        assert "score 1.5/2" in app.screen()
        app.press(b"q")  # End the session: a confirmation, then the summary
        app.press(b"y")
        assert app.shows("Score: 1.5 of 2", STEP), app.screen()
        app.press(b"q")
        assert app.wait(STEP) == 0


def test_a_multiple_answer_partial_pick_names_what_was_missed(home, tmp_path):
    bank = str(FIXTURES / "ui" / "multiple.yaml")
    with Terminal("take", bank, "--seed", "3", env=home, cwd=tmp_path) as app:
        assert app.shows("piecewise linear?", STEP), app.screen()
        answer(app, "ReLU")  # one of the three right ones
        app.press(b"\r")
        assert app.shows("✗ Not quite.", STEP), app.screen()
        screen = app.screen()
        assert "2 right options missed" in screen, screen
        assert not re.search(r"✗ [a-z]\) (\[x\] )?ReLU\b", screen)  # a right pick is never ✗
        app.press(b"n")  # decline the retry: the key appears
        assert app.shows("missed:", STEP), app.screen()
        app.press(b"\x11")
        assert app.wait(STEP) == 0


def test_typed_questions_keep_every_key_and_grade_equal_forms(home, tmp_path):
    bank = str(FIXTURES / "ui" / "typed.yaml")
    with Terminal("take", bank, "--no-shuffle", env=home, cwd=tmp_path) as app:
        assert app.shows("slope of softplus", STEP), app.screen()
        app.read_until(b"\x00never", 1.0)  # the box has the focus once the screen settles
        app.type(b"heaviside(x)")  # the first letter belongs to the box, not to Hint
        assert app.shows("heaviside(x)", STEP), app.screen()
        assert "no hints" not in app.screen()
        app.type(b"\x7f" * len("heaviside(x)") + b"2/4\r")  # 1/2 in another form
        assert app.shows("✓ Correct", STEP), app.screen()
        app.press(b"n")
        assert app.shows("Write f", STEP), app.screen()  # f′(x) for ReLU where x > 0
        app.type(b"x/x\r")  # equal to the key 1 on x > 0
        assert app.shows("✓ Correct", STEP), app.screen()
        app.press(b"\x11")
        assert app.wait(STEP) == 0


def test_explore_analyses_relu_at_its_kink_and_zooms(home, tmp_path):
    with Terminal(env={**home, "RELU_QUIZ_BANKS": str(REPO / "questions")},
                  cwd=tmp_path) as app:
        assert app.shows("Study now", STEP), app.screen()
        app.press(b"x")  # the lab opens on ReLU at 0, and analyses it
        assert app.shows("not differentiable", STEP), app.screen()
        app.read_until(b"\x00never", 1.0)  # the box has the focus once the screen settles
        screen = app.screen()
        assert "continuous" in screen and "f(0)" in screen, screen
        assert "Zoom in" not in app.screen()  # in the box, + is text: the footer says so
        app.type(b"+")  # typed into the box (which selected its text on focus): not a zoom
        assert app.shows("✗ f:", STEP), app.screen()
        assert re.search(r"▊  \+ ", app.screen()), app.screen()
        app.type(b"\t\t\t")  # Tab out of the three boxes
        assert app.shows("Zoom in", STEP), app.screen()  # now + and − zoom
        app.press(b"\x11")
        assert app.wait(STEP) == 0
