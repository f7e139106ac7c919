"""What the first frame written to a real terminal holds, on a warm start.

A widget updated in `on_mount` is drawn a frame later, and in a terminal that frame came
50–150 ms after the first (the banks' load or the warm worker had begun by then): Home
showed its options with a blank status line, a quiz its options without the question. So
the first screen is composed with its content. Within one frame the terminal is written top
to bottom, so when the options arrive, whatever is above them in that frame has too.
"""

from __future__ import annotations

from tests.conftest import REPO
from tests.helpers.terminal import Terminal

DEFINITION = str(REPO / "questions" / "01-definition.yaml")


def _warm(home, *args: str, shown: bytes) -> None:
    """A first start, which fills the compiled cache (and Home's listing)."""
    with Terminal(*args, env={"RELU_QUIZ_HOME": str(home)}) as app:
        assert app.read_until(shown), app.tail()


def test_homes_first_frame_lists_the_banks_above_its_options(isolated_home):
    _warm(isolated_home, shown=b" banks, ")
    with Terminal(env={"RELU_QUIZ_HOME": str(isolated_home)}) as app:
        assert app.read_until(b"Study now"), app.tail()
        assert b" banks, " in app.seen, app.screen()


def test_a_quizs_first_frame_shows_the_question_above_its_options(isolated_home):
    args = ("take", DEFINITION, "--no-shuffle")
    _warm(isolated_home, *args, shown=b"a) 3")
    with Terminal(*args, env={"RELU_QUIZ_HOME": str(isolated_home)}) as app:
        assert app.read_until(b"a) 3"), app.tail()
        assert b"Question 1 of" in app.seen and b"what is f(3)?" in app.seen, app.screen()
