"""Control, bidi-override and zero-width characters never leave the app through an export
(issue 27, item 4). `check` reports them as errors, but `export --force` exports such a
bank anyway: each character is in every text field of the bank (tests/helpers/hidden.py),
and each format's output is read as its client reads it (the Anki collection's fields and
deck names, the QTI zip's members, the XML, GIFT and Markdown texts). What the command
prints is checked too, with the output path itself hostile.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers.hidden import FORMATS, HIDDEN, client_texts, hidden_in, write_bank

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)


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
