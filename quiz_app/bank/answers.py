"""Marking a pick of choices: one definition for the quiz, the review and `check`.

It lives in the bank (the lowest room) so that the study session that scores a student and
the checker that runs a question's tests call the very same function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz_app.bank.letters import LETTERS, option_letter

if TYPE_CHECKING:  # the compiled cache's records stand in for it; pydantic stays unloaded
    from quiz_app.bank.models import Question

__all__ = ["LETTERS", "is_right", "picked_letters"]


def is_right(question: Question, picked: frozenset[int]) -> bool:
    """Single and multiple alike: the picked set must be exactly the correct set."""
    return picked == frozenset(i for i, c in enumerate(question.choices) if c.correct)


def picked_letters(picked) -> str:
    """[0, 2] → "[a, c]", as a student sees the options without shuffling."""
    return "[" + ", ".join(option_letter(i) for i in sorted(picked)) + "]"
