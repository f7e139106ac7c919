"""The letters that label a question's options, everywhere options are shown or exported.

One definition so the app, the feedback lines, every export and a question's `tests:` call
the 8th option "h)". Exports and `tests:` use the bank's order; the app shows its letters
for the order it shuffled the options into.
"""

from __future__ import annotations

import string

LETTERS = string.ascii_lowercase  # the one-letter labels; a question's `tests:` use these


def option_letter(index: int) -> str:
    """a, b, …, z, then aa, ab, … (no bank has that many options, but nothing breaks)."""
    if index < len(LETTERS):
        return LETTERS[index]
    return option_letter(index // len(LETTERS) - 1) + LETTERS[index % len(LETTERS)]
