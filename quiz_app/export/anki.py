"""An Anki package built with genanki.

Model and deck ids are derived from stable names, and note GUIDs from question ids, so a
re-export updates the student's existing cards instead of adding duplicates.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from quiz_app.export.common import LETTERS, ExportItem

MODEL_NAME = "relu-quiz question v1"


def stable_id(name: str) -> int:
    """A 31-bit id from a name: the same bank always gets the same deck id."""
    return int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) >> 1


def _front(item: ExportItem) -> str:
    question = item.question
    if question.free_answer:
        return escape(question.prompt)
    options = "<br>".join(f"{LETTERS[i]}) {escape(c.text)}"
                          for i, c in enumerate(question.choices))
    return f"{escape(question.prompt)}<br><br>{options}"


def _back(item: ExportItem) -> str:
    question = item.question
    if question.free_answer:
        answer = escape(item.key or "")
    else:
        answer = "<br>".join(f"{LETTERS[i]}) {escape(c.text)}"
                             for i, c in enumerate(question.choices) if c.correct)
    return f"{answer}<br><br>{escape(question.explanation)}"


def write(items: list[ExportItem], out: Path) -> None:
    import genanki

    model = genanki.Model(
        stable_id(MODEL_NAME), MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
    decks: dict[str, genanki.Deck] = {}
    for item in items:
        name = f"relu-quiz::{item.bank_title}"
        deck = decks.setdefault(name, genanki.Deck(stable_id(name), name))
        deck.add_note(genanki.Note(model=model, fields=[_front(item), _back(item),
                                                        item.export_id],
                                   guid=genanki.guid_for(item.export_id)))
    genanki.Package(list(decks.values())).write_to_file(str(out), timestamp=0)
