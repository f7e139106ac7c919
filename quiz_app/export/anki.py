"""An Anki package (.apkg) built with genanki, that the real Anki imports and updates.

- Ids: Anki treats note id 0 as "no note", so ids are never genanki's timestamp counter
  (which starts at 0 for timestamp=0). Each note's id comes from its GUID, as an even
  millisecond time, and its one card takes the odd id after it: distinct and stable.
- Modification time: Anki's import updates a note only when the package's copy is newer.
  A note keeps the time it had in the previous package written to the same file when its
  content is unchanged; a new or changed note gets the bank file's modification time (later
  than any earlier export of an older version), at least one second after its old time.
- Fields are HTML rendered from the bank's Markdown, maths in `\\(…\\)` for Anki's MathJax;
  the back has the right answer, every choice's feedback, the hints and the explanation.
- Tags: the topic, the question's tags and `difficulty-N`.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import sqlite3
import tempfile
import zipfile
from html import escape
from pathlib import Path

from quiz_app.bank.letters import option_letter
from quiz_app.export.common import ExportItem
from quiz_app.export.richtext import key_latex, to_html

MODEL_NAME = "relu-quiz question v2"
FIELDS = ["Front", "Back", "Id"]
ID_BASE = 1_500_000_000_000  # ids read as creation times (ms); these fall in 2017–2023
ID_SPAN = 200_000_000_000
PREVIOUS_LIMIT = 256 * 1024 * 1024  # ours: 53 KB for the 116 bundled questions


def stable_id(name: str) -> int:
    """A 31-bit id from a name: the same bank always gets the same deck id."""
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) >> 1


def note_id(guid: str) -> int:
    digest = int(hashlib.sha1(guid.encode()).hexdigest()[:12], 16)
    return ID_BASE + 2 * (digest % (ID_SPAN // 2))


def _choices(item: ExportItem) -> str:
    options = "".join(f"<li><b>{option_letter(i)})</b> {to_html(c.text, inline=True)}</li>"
                      for i, c in enumerate(item.shown_choices))
    return f'<ul class="choices">{options}</ul>'


def front(item: ExportItem) -> str:
    question = item.question
    if question.free_answer:
        kind = "a number" if question.type == "numeric" else "an expression"
        return f"{to_html(question.prompt)}<p><i>Answer with {kind}.</i></p>"
    note = "<p><i>Select every correct option.</i></p>" if question.type == "multiple" else ""
    return f"{to_html(question.prompt)}{note}{_choices(item)}"


def back(item: ExportItem) -> str:
    question = item.question
    parts = []
    if question.free_answer:
        key = escape(key_latex(item.key or "", question.variable), quote=False)
        parts.append(f"<p><b>Answer:</b> \\({key}\\)</p>")
        for known in question.reject:
            if known.feedback:
                parts.append(f"<p><b>If you wrote</b> <code>{escape(known.answer)}</code>: "
                             f"{to_html(known.feedback, inline=True)}</p>")
    else:
        right = ", ".join(f"{option_letter(i)})" for i, c in enumerate(item.shown_choices)
                          if c.correct)
        parts.append(f"<p><b>Answer:</b> {right}</p>")
        feedback = "".join(
            f"<li><b>{option_letter(i)})</b> {'✓' if c.correct else '✗'} "
            f"{to_html(c.feedback, inline=True)}</li>"
            for i, c in enumerate(item.shown_choices) if c.feedback)
        if feedback:
            parts.append(f'<ul class="feedback">{feedback}</ul>')
    if question.hints:
        hints = "".join(f"<li>{to_html(h, inline=True)}</li>" for h in question.hints)
        parts.append(f'<p><b>Hints</b></p><ul class="hints">{hints}</ul>')
    parts.append(to_html(question.explanation))
    return "".join(parts)


def previous_notes(out: Path) -> dict[str, tuple[str, int]]:
    """guid → (fields and tags, mtime) in the package already at `out`, if it is one of
    ours. Its collection is read only up to PREVIOUS_LIMIT: a file that unpacks to more
    (a zip bomb under the output's name) is not ours, and is simply replaced."""
    try:
        with zipfile.ZipFile(out) as package, tempfile.TemporaryDirectory() as scratch:
            collection = Path(scratch) / "collection.anki2"
            with package.open("collection.anki2") as source, open(collection, "wb") as copy:
                while chunk := source.read(1 << 20):
                    if copy.tell() + len(chunk) > PREVIOUS_LIMIT:
                        return {}
                    copy.write(chunk)
            db = sqlite3.connect(collection)
            try:
                rows = db.execute("SELECT guid, flds, tags, mod FROM notes").fetchall()
            finally:
                db.close()
    except (OSError, KeyError, zipfile.BadZipFile, sqlite3.Error):
        return {}
    return {guid: (f"{fields}\x1e{tags.strip()}", mod) for guid, fields, tags, mod in rows}


def _mtime(item: ExportItem, content: str, previous: dict[str, tuple[str, int]],
           guid: str) -> int:
    changed_at = int(item.bank_path.stat().st_mtime) if item.bank_path else 1
    old = previous.get(guid)
    if old is None:
        return changed_at
    if old[0] == content:
        return old[1]
    return max(changed_at, old[1] + 1)


def render(items: list[ExportItem], out: Path | None = None) -> bytes:
    import genanki

    class DatedNote(genanki.Note):
        """A note written with its own id and modification time, not the package's."""

        def __init__(self, *args, note_id: int, mtime: int, **kwargs):
            super().__init__(*args, **kwargs)
            self.fixed_id, self.mtime = note_id, mtime

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):
            super().write_to_db(cursor, self.mtime, deck_id, itertools.count(self.fixed_id))

    model = genanki.Model(
        stable_id(MODEL_NAME), MODEL_NAME, fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
        css=".card { font-family: sans-serif; text-align: left; }")
    previous = previous_notes(out) if out is not None and out.exists() else {}
    decks: dict[str, genanki.Deck] = {}
    newest = 1
    for item in items:
        name = f"relu-quiz::{item.bank_title}"
        deck = decks.setdefault(name, genanki.Deck(stable_id(name), name))
        guid = genanki.guid_for(item.export_id)
        fields = [front(item), back(item), escape(item.export_id)]
        content = "\x1f".join(fields) + "\x1e" + " ".join(item.tags)
        mtime = _mtime(item, content, previous, guid)
        newest = max(newest, mtime)
        deck.add_note(DatedNote(model=model, fields=fields, tags=item.tags, guid=guid,
                                note_id=note_id(guid), mtime=mtime))
    return _package(genanki.Package(list(decks.values())), newest)


def _package(package, timestamp: int) -> bytes:
    """The .apkg bytes. genanki's own write_to_file leaves its scratch database behind in
    the temp directory, so the collection is built in a directory that is cleaned up."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            # The model's time is the newest note's, so a changed card template is imported.
            package.write_to_db(connection.cursor(), timestamp, itertools.count(1))
            connection.commit()
        finally:
            connection.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", "{}")
        return buffer.getvalue()
