"""The letters that label a question's options, everywhere options are shown or exported.

One definition so the app, the feedback lines and every export call the 8th option "h)".
"""

from __future__ import annotations

import string


def option_letter(index: int) -> str:
    """a, b, …, z, then aa, ab, … (no bank has that many options, but nothing breaks)."""
    letters = string.ascii_lowercase
    if index < len(letters):
        return letters[index]
    return option_letter(index // len(letters) - 1) + letters[index % len(letters)]
