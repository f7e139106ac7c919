"""The quiz screen's one state, and the text that follows from it.

asking → (wrong first answer) retry offered → retrying → revealed, or asking → revealed.
`result_text` is a pure function of the state and the answer's outcome: the screen never
reads back what it rendered.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from quiz_app.ui.mathtext import render_markup

if TYPE_CHECKING:  # the feedback loads with the first answer
    from quiz_app.ui.feedback import Outcome


class Phase(Enum):
    ASKING = "asking"
    RETRY_OFFERED = "retry offered"
    RETRYING = "retrying"
    REVEALED = "revealed"


ANSWERING = (Phase.ASKING, Phase.RETRYING)
ANSWERED = (Phase.RETRY_OFFERED, Phase.REVEALED)
# action → the states it works in (undo, flag, end and help work in all of them)
ACTION_PHASES = {
    "next": ANSWERED,
    "retry": (Phase.RETRY_OFFERED,),
    "toggle_analysis": (Phase.REVEALED,),
    "hint": ANSWERING,
    "dont_know": (*ANSWERING, Phase.RETRY_OFFERED),
}
# Commands whose key never becomes the first letter of a typed answer, even where it does
# nothing (a double-tapped n). `e` is not one: the analysis is not there while answering,
# and answers start with exp(…).
NEVER_TYPED = {"next", "retry", "dont_know", "undo", "flag", "end_quiz", "hint"}


def result_text(phase: Phase, outcome: Outcome | None, question, has_analysis: bool) -> str:
    """What shows under the options. Nothing naming the key before the reveal."""
    if phase is Phase.ASKING or outcome is None:
        return ""
    if phase is Phase.RETRYING:
        first = outcome.yours.removeprefix("You answered ").removeprefix("You typed ")
        return f"Try once more; a right retry counts ½ (k: I don't know).\nFirst try: {first} ✗"
    if phase is Phase.RETRY_OFFERED:
        return "\n".join(outcome.before_reveal() + [
            "", "r: try once more (a right retry counts ½) · n: show the answer · "
            "k: I don't know"])
    more = " · e: analysis and plot" if has_analysis else ""
    return "\n".join(outcome.revealed() + [
        "", render_markup(question.explanation), "",
        f"n or Enter: next · u: undo · f: flag{more}"])


def analysis_target(question) -> tuple[str, str, str] | None:
    """What the analysis and the plot are about: the question's f, else the first choice's."""
    if question.function:
        return question.function, question.at, question.variable
    for choice in question.choices:
        if choice.function:
            return choice.function, choice.at or question.at, question.variable
    return None
