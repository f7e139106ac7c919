"""Control, bidi-override and zero-width characters never leave the app through an export
(issue 27, item 4). `check` reports them as errors, but `export --force` exports such a
bank anyway: each character is in every text field of the bank below, and each format's
output is read as its client reads it (the Anki collection's fields and deck names, the
QTI zip's members, the XML, GIFT and Markdown texts). What the command prints is checked
too, with the output path itself hostile.

The oracle is Unicode's definition, not the code under test: a character of category Cc
(controls), Cf (format: bidi, zero-width, tags), Zl or Zp, other than tab and line breaks.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def hostile_bank(tmp_path_factory):
    return write_bank(tmp_path_factory.mktemp("bank") / "hidden.yaml")


def test_check_reports_every_hidden_string_as_an_error(hostile_bank, tmp_path):
    run = subprocess.run([sys.executable, "-m", "quiz_app", "check", "--alone",
                          "--no-proofs", str(hostile_bank)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    for number in range(len(HIDDEN)):
        assert f"questions.{number}.prompt" in run.stdout, number
    assert not hidden_in(run.stdout + run.stderr)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_export_carries_a_hidden_character(fmt, hostile_bank, tmp_path):
    out = tmp_path / f"out{HIDDEN[0]}{HIDDEN[5]}.{fmt}"
    run = subprocess.run([sys.executable, "-m", "quiz_app", "export", str(hostile_bank),
                          "--format", fmt, "--force", "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    printed = run.stdout + run.stderr
    assert f"exported {len(HIDDEN) + 1} questions" in printed, printed  # despite the errors
    assert not hidden_in(printed)
    texts = client_texts(fmt, out)
    assert any("Prompt" in t or "Value?" in t for t in texts)  # the texts are there
    found = {hidden for text in texts for hidden in hidden_in(text)}
    assert not found, f"{fmt} carries {sorted(found)}"


def test_the_oracle_sees_every_hidden_string():
    """The table is hostile by the definition the tests use."""
    assert all(hidden_in(bad) for bad in HIDDEN)
    assert not hidden_in("tab\tand\nbreaks, maths $x^2$, ReLU(−3) = 0")


@pytest.mark.parametrize("size_mb", [3, 40])
def test_an_existing_output_that_unpacks_past_the_limit_is_replaced_unread(
        size_mb, tmp_path, monkeypatch):
    """`-o deck.apkg` reads the deck already there (to keep its notes' times); a zip bomb
    under that name is read only up to the limit (here 2 MB), then replaced."""
    from quiz_app.export import anki
    from quiz_app.export.run import ExportOptions, export_paths

    monkeypatch.setattr(anki, "PREVIOUS_LIMIT", 2 * 1024 * 1024)
    bomb = tmp_path / "deck.apkg"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("collection.anki2", "w") as member:
            for _ in range(size_mb):
                member.write(bytes(1024 * 1024))
    unpacked = []
    read = zipfile.ZipExtFile.read

    def counted(self, n=-1):
        data = read(self, n)
        unpacked.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counted)
    assert anki.previous_notes(bomb) == {}
    assert sum(unpacked) <= 3 * 1024 * 1024  # the limit and one chunk, never the whole
    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    result = export_paths([Path(__file__).parent / "fixtures" / "ui" / "quiz.yaml"], "anki",
                          bomb, ExportOptions())
    assert result.written and result.exported > 0
    assert client_texts("anki", bomb)  # a real deck now
