"""Marking a pick of choices, and the order the choices are shown in: one definition for
the quiz, the review, `check` and the exports.

It lives in the bank (the lowest room) so that the study session that scores a student, the
checker that runs a question's tests and an export that prints the options in the app's
order call the very same functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz_app.bank.letters import LETTERS, option_letter

if TYPE_CHECKING:
    import random

    from quiz_app.bank.data import Question

__all__ = ["LETTERS", "is_right", "option_order", "picked_letters"]


def is_right(question: Question, picked: frozenset[int]) -> bool:
    """Single and multiple alike: the picked set must be exactly the correct set."""
    return picked == frozenset(i for i, c in enumerate(question.choices) if c.correct)


def picked_letters(picked) -> str:
    """[0, 2] → "[a, c]", as a student sees the options without shuffling."""
    return "[" + ", ".join(option_letter(i) for i in sorted(picked)) + "]"


def option_order(question: Question, rng: random.Random,
                 avoid: tuple[int, ...] = ()) -> tuple[int, ...]:
    """A fresh order for the options, unless the author pinned them with `shuffle: false`;
    never `avoid` (the order shown last time), so what is learnt is not a position."""
    order = list(range(len(question.choices)))
    if question.shuffle:
        rng.shuffle(order)
        if tuple(order) == tuple(avoid) and len(order) > 1:
            order = order[1:] + order[:1]
    return tuple(order)
