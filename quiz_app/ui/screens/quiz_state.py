"""The quiz screen's one state, and the text that follows from it.

asking → (wrong first answer) retry offered → retrying → revealed, or asking → revealed.
`result_text` is a pure function of the state and the answer's outcome: the screen never
reads back what it rendered.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from quiz_app.bank.letters import option_letter
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
# Commands whose key, pressed outside the answer box (left with Escape), stays a command
# rather than going back into the box. `e` is not one: the analysis is not there while
# answering, and answers start with exp(…). In the box every key is the box's.
NEVER_TYPED = {"next", "retry", "dont_know", "undo", "flag", "end_quiz", "hint"}
# The screen's one-letter commands that work while options can be picked. An option's own
# letter comes first (on a question with 8 options h is option h), so there the command is
# off and shown nowhere; hint keeps F1. Flag is `!`, which labels no option.
LETTER_COMMANDS = {"hint": "h", "dont_know": "k", "undo": "u", "end_quiz": "q"}
FLAG_KEY = "exclamation_mark"  # shown as `!`


def letter_shadowed(action: str, parameters: tuple[object, ...], question, phase: Phase) \
        -> bool:
    """Whether the action's letter is an option's letter on screen while options can be
    picked. Only the letter binding (no parameters) is shadowed, not F1's hint('key')."""
    letter = LETTER_COMMANDS.get(action)
    if letter is None or parameters or phase not in ANSWERING or question.free_answer:
        return False
    return letter in {option_letter(i) for i in range(len(question.choices))}


def instructions(question) -> str:
    """The line under a new question: how to answer it, and the hint key that works here."""
    if question.free_answer:
        kind = "Type your answer; a typo is pointed out, never marked wrong."
    elif question.type == "multiple":
        kind = "Pick all that apply: Space or a letter toggles, Enter submits."
    else:
        kind = "Enter or a letter answers."
    hint_key = "F1" if question.free_answer \
        or letter_shadowed("hint", (), question, Phase.ASKING) else "h"
    return kind + (f"  ({len(question.hints)} hint(s): {hint_key})" if question.hints else "")


def result_text(phase: Phase, outcome: Outcome | None, question, has_analysis: bool) -> str:
    """What shows under the options. Nothing naming the key before the reveal."""
    if phase is Phase.ASKING or outcome is None:
        return ""
    if phase is Phase.RETRYING:
        return f"Try once more; a right retry counts ½ (k: I don't know).\n{outcome.first_try()}"
    if phase is Phase.RETRY_OFFERED:
        return "\n".join(outcome.before_reveal() + [
            "", "r: try once more (a right retry counts ½) · n: show the answer · "
            "k: I don't know"])
    more = " · e: analysis and plot" if has_analysis else ""
    return "\n".join(outcome.revealed() + [
        "", render_markup(question.explanation), "",
        f"n or Enter: next · u: undo · !: flag{more}"])


def analysis_target(question) -> tuple[str, str, str] | None:
    """What the analysis and the plot are about: the question's f, else the first choice's."""
    if question.function:
        return question.function, question.at, question.variable
    for choice in question.choices:
        if choice.function:
            return choice.function, choice.at or question.at, question.variable
    return None
