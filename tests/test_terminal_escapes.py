"""No text from a bank, the progress database or a file name reaches the real terminal with
a control or bidi-override character (issue 27, item 3).

Textual writes the characters of a widget's text as they are, so an ESC sequence in a
session name would retitle the window (OSC 0) or write the clipboard (OSC 52). This starts
the installed app in a real pseudo-terminal at 80×24 with `NO_COLOR`, with hostile text in
every place the first screens show: the Resume line (a session's name), Stats (topics and
misconception tags), and Home's problem lines (a bank whose title and file name hold ESC
sequences). It reads the raw bytes the app writes and looks for what only those texts can
have put there: an OSC or a BEL, a C1 control, a bidi override or isolate.
"""

from __future__ import annotations

import pytest

from quiz_app.bank.loader import load_banks
from quiz_app.study.store import AttemptRecord, ProgressStore
from tests.conftest import REPO
from tests.helpers.terminal import SCRIPT, Terminal

HOSTILE = ("\x1b]0;pwned-title\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b1m\u202e\u2066"
           "[bold red]x[/]")
# What Textual itself never writes, and these texts would: a window title or clipboard
# OSC, a C1 CSI, and the UTF-8 of a right-to-left override or a left-to-right isolate.
FORBIDDEN = [b"\x1b]0;", b"\x1b]52;", "\x9b".encode(), "\u202e".encode(),
             "\u2066".encode()]


def _hostile_progress(home) -> None:
    """A progress file as a tampered import or another tool could leave it, written through
    the store's own methods."""
    ids = [q.id for lb in load_banks([REPO / "questions"]).banks for q in lb.bank.questions]
    store = ProgressStore(home / "progress.sqlite3")
    try:
        session = store.start_session("quiz", ids[:3], seed=1, name=f"Topic: {HOSTILE}")
        store.record_answer(session, AttemptRecord(
            question_id=ids[0], content_hash="x", bank_file="b.yaml", topic=HOSTILE,
            picked=(1,), correct=False, seconds=3.0, hints_used=0,
            misconceptions=(f"slug{HOSTILE}",)))
    finally:
        store.close()


def _hostile_bank_folder(folder) -> None:
    folder.mkdir()
    name = "bank\x1b]0;pwned-file\x07\u202e.yaml"
    (folder / name).write_text('title: "T\\e]0;pwned-bank\\a"\nquestions: []\n',
                               encoding="utf-8")


@pytest.mark.skipif(not SCRIPT.exists(), reason="needs the installed console script")
def test_no_hostile_text_reaches_the_terminal(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    _hostile_progress(home)
    _hostile_bank_folder(tmp_path / "banks")
    env = {"RELU_QUIZ_HOME": str(home), "RELU_QUIZ_BANKS": str(tmp_path / "banks"),
           "NO_COLOR": "1"}
    with Terminal(env=env, cwd=tmp_path) as app:
        assert app.read_until(b"Resume"), app.tail()
        assert app.read_until(b"bank"), app.tail()
        app.press(b"s")  # Stats: the topic and the misconception tag
        assert app.read_until(b"Slug"), app.tail()  # the tag, in words (Stats)
        app.press(b"q")
        assert app.wait() == 0, app.tail()
    seen = app.seen
    assert b"Traceback" not in seen
    found = [(bad, bytes(seen[max(0, seen.find(bad) - 60):seen.find(bad) + 20]))
             for bad in FORBIDDEN if bad in seen]
    assert not found, f"{found} reached the terminal"
    # A BEL only ends Textual's own OSC 22 (the mouse pointer's shape).
    assert seen.count(b"\x07") == seen.count(b"\x1b]22;")
    assert b"bold red" in seen  # the markup is shown as text, not read as a style
