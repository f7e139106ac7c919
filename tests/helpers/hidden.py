"""Control, bidi-override and zero-width characters: a table of them, a bank that holds them
in every text field, the oracle that finds them, and the texts each export's client reads.
Shared by tests/test_hostile_exports.py and the hostile corpus (tests/hostile_surfaces.py).

The oracle is Unicode's definition, not the code under test: a character of category Cc
(controls), Cf (format: bidi, zero-width, tags), Zl or Zp, other than tab and line breaks.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
import zipfile
from pathlib import Path

HIDDEN = [
    "\x1b]0;pwned\x07",  # retitle the terminal window
    "\x1b]52;c;aGVsbG8=\x07",  # write the clipboard
    "\x1b[2J",  # clear the screen
    "\x9b31m",  # a C1 control sequence introducer
    "\x7f\x00\x08",  # DEL, NUL, backspace
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b\u200d\ufeff",  # zero-width space, joiner, byte-order mark
    "\u2028",  # line separator
    "\U000e0041",  # a tag character
]
FORMATS = ["gift", "moodle-xml", "qti", "anki", "markdown"]


def hidden_in(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in text if c not in "\t\n\r"
                   and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")})


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly, every unusual character an
    escape (YAML has `\\U` for characters beyond U+FFFF, where JSON would write a pair of
    surrogates that YAML keeps as two)."""
    def escaped(c: str) -> str:
        if c in '"\\':
            return "\\" + c
        return c if " " <= c <= "~" else f"\\U{ord(c):08X}"

    return '"' + "".join(escaped(c) for c in text) + '"'


def write_bank(path: Path) -> Path:
    """One question per hidden string, each string in every text field, plus a numeric
    question with a known wrong answer and a hint."""
    lines = [f"title: {_yaml('Bank ' + ''.join(HIDDEN))}",
             f"description: {_yaml('About ' + ''.join(HIDDEN))}",
             f"topic: {_yaml('topic' + HIDDEN[0])}", "questions:"]
    for number, bad in enumerate(HIDDEN):
        def text(label: str, bad: str = bad) -> str:
            return _yaml(f"{label} {bad} $x{bad}$ **b{bad}**")

        lines += [
            f"  - id: hidden-{number}",
            f"    type: {'multiple' if number % 2 else 'single'}",
            f"    topic: {_yaml('t' + bad)}",
            f"    tags: [{_yaml('tag' + bad)}]",
            f"    prompt: {text('Prompt')}",
            f"    source: {text('Source')}",
            "    choices:",
            f"      - {{text: {text('Right')}, correct: true, feedback: {text('Yes')}}}",
            f"      - {{text: {text('Wrong')}, feedback: {text('No')}}}",
            f"    hints: [{text('Hint')}]",
            f"    explanation: {text('Because')}",
        ]
    lines += [
        "  - id: hidden-numeric",
        "    type: numeric",
        f"    prompt: {_yaml('Value? ' + ''.join(HIDDEN))}",
        "    answer: '3'",
        f"    hints: [{_yaml('Hint ' + ''.join(HIDDEN))}]",
        "    reject:",
        f"      - {{answer: '0', feedback: {_yaml('No ' + ''.join(HIDDEN))}}}",
        f"    explanation: {_yaml('Because ' + ''.join(HIDDEN))}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def client_texts(fmt: str, out: Path) -> list[str]:
    """The texts a format's client reads from the exported file."""
    if fmt == "qti":
        with zipfile.ZipFile(out) as archive:
            return [archive.read(name).decode("utf-8") for name in archive.namelist()]
    if fmt == "anki":
        with zipfile.ZipFile(out) as archive:
            archive.extract("collection.anki2", out.parent)
        db = sqlite3.connect(out.parent / "collection.anki2")
        try:
            notes = db.execute("SELECT flds, tags, sfld FROM notes").fetchall()
            decks = [d["name"] for (blob,) in db.execute("SELECT decks FROM col")
                     for d in json.loads(blob).values()]
        finally:
            db.close()
        # Anki separates the fields with U+001F: the separator is the format, not a text.
        return [field for flds, tags, sort in notes
                for field in (*flds.split("\x1f"), tags, str(sort))] + decks
    return [out.read_text(encoding="utf-8")]
