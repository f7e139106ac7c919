"""Text from bank files, imports and caches, made safe to show on a terminal.

A topic, a YAML key, a file name or an imported session name can carry ESC sequences
(clear the screen, retitle the window, write the clipboard, fake a "0 errors" line) or bidi
overrides that reorder what is shown. What counts is defined once, here, and used by the
bank's lint (as errors), the command line, the app's widgets and the exports:

- `printable`: one line, for what `list`, `check` and `export` print;
- `visible`: text that keeps its line breaks and tabs, for widgets and exported files.

>>> printable("top\\x1b]0;pwned\\x07ic\\nnext")
'top]0;pwnedic next'
>>> visible("3\\u202e1\\r\\n\\u200bx\\u2028")
'31\\nx'
"""

from __future__ import annotations

import re
import unicodedata

_BREAKS = re.compile("[\t\n\r]+")


def is_control(char: str) -> bool:
    """C0 and C1 controls and DEL (tab and line break included), and the Unicode line and
    paragraph separators."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def is_invisible(char: str) -> bool:
    """Bidi overrides and zero-width marks (Unicode's format characters): `3` and `3\u200b`
    look the same, and a right-to-left override shows a text in another order."""
    return unicodedata.category(char) == "Cf"


def visible(text: str) -> str:
    """The text without control, bidi-override or zero-width characters; tabs and line
    breaks (a carriage return becomes one) stay."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.isprintable():  # rare: a tab, a no-break space, or what we remove
            lines[i] = "".join(c for c in line if c == "\t"
                               or not (is_control(c) or is_invisible(c)))
    return "\n".join(lines)


def printable(text: object) -> str:
    """One line with no control characters: line breaks and tabs become a space."""
    return visible(_BREAKS.sub(" ", str(text)))
