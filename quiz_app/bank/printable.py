"""Text from bank files, made safe to print on a terminal.

A topic, a YAML key or a file name can carry ESC sequences (clear the screen, retitle the
window, fake a "0 errors" line) or bidi overrides that reorder what is shown. Everything
`list`, `check` and `export` print goes through `printable`, which removes them.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, plus the invisible bidi and zero-width formatting marks
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BREAKS = re.compile("[\t\n\r]+")


def printable(text: object) -> str:
    """One line with no control characters: line breaks and tabs become a space."""
    return _HIDDEN.sub("", _BREAKS.sub(" ", str(text)))
