"""The Anki export, imported into the real Anki backend (the `anki` package): every card
renders, Check Database is clean, maths is delimited for MathJax, and re-importing an
edited export updates the changed notes and nothing else."""

from __future__ import annotations

import html
import os
import re
import shutil

import pytest

from quiz_app.export.anki import note_id
from quiz_app.export.richtext import to_html
from tests.helpers import injections
from tests.helpers.exports import (  # noqa: F401  (shared_home: an autouse fixture)
    BANKS,
    DOLLAR_DELIMITER,
    bundled,
    every_question,
    export,
    shared_home,
)

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)

anki_collection = pytest.importorskip("anki.collection")
Collection = anki_collection.Collection
ImportRequest = anki_collection.ImportAnkiPackageRequest
ImportOptions = anki_collection.ImportAnkiPackageOptions


def import_into(collection, package):
    request = ImportRequest(package_path=str(package), options=ImportOptions())  # defaults:
    return collection.import_anki_package(request).log  # update notes "if newer"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("anki")
    package = folder / "relu.apkg"
    result = export(BANKS, "anki", package)
    collection = Collection(str(folder / "collection.anki2"))
    log = import_into(collection, package)
    yield result, collection, log
    collection.close()


def test_every_question_becomes_one_note_and_one_card(imported):
    result, collection, log = imported
    expected = len(every_question(bundled()))
    assert result.exported == expected and not result.skipped
    assert len(log.new) == expected and not log.duplicate and not log.conflicting
    assert collection.note_count() == expected and collection.card_count() == expected


def test_every_card_renders_with_its_prompt_and_answer(imported):
    _, collection, _ = imported
    prompts = {}
    for template, _values in every_question(bundled()):
        prompts.setdefault(template.id, template)
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        note = card.note()
        question, answer = card.question(), card.answer()
        assert note.id != 0 and card.id != 0
        assert note["Front"] and note["Front"] in question
        assert note["Back"] in answer and "<b>Answer:</b>" in answer
        assert "{{" not in question and "{{" not in answer  # no unfilled template field


def test_check_database_is_clean(imported):
    _, collection, _ = imported
    message, ok = collection.fix_integrity()
    assert ok, message
    assert message.strip().splitlines() == [message.strip().splitlines()[-1]]  # no problems


def test_no_field_uses_dollar_as_a_maths_delimiter(imported):
    _, collection, _ = imported
    with_maths = 0
    for nid in collection.find_notes(""):
        note = collection.get_note(nid)
        for field in note.fields:
            assert not DOLLAR_DELIMITER.search(field), field[:120]
        with_maths += "\\(" in note["Front"]
    sources = [q for q, _ in every_question(bundled())
               if "$" in q.prompt or any("$" in c.text for c in q.choices)]
    assert with_maths == len(sources) > 0


def test_ids_are_distinct_and_tags_come_from_topic_tags_and_difficulty(imported):
    _, collection, _ = imported
    notes = [collection.get_note(n) for n in collection.find_notes("")]
    assert len({n.id for n in notes}) == len(notes) and all(n.id > 10**12 for n in notes)
    by_id = {n["Id"]: n for n in notes}
    lead = bundled()[0]
    first = lead.bank.questions[0]
    tags = set(by_id[first.id].tags)
    assert lead.bank.topic_of(first) in tags and set(first.tags) <= tags
    assert f"difficulty-{first.difficulty}" in tags


def test_note_ids_are_even_and_stable():
    assert note_id("abc") == note_id("abc") and note_id("abc") % 2 == 0
    assert note_id("abc") != note_id("abd")


def test_the_back_has_feedback_for_each_choice_and_the_hints(imported):
    _, collection, _ = imported
    notes = {collection.get_note(n)["Id"]: collection.get_note(n)
             for n in collection.find_notes("")}
    for template, values in every_question(bundled()):
        if values:
            continue
        back = notes[template.id]["Back"]
        assert back.count("<li>") >= len(template.hints) + sum(
            1 for c in template.choices if c.feedback)
        if template.hints:
            assert "Hints" in back


@pytest.mark.usefixtures("bundled_proofs")  # about the notes, not proving
def test_reimporting_an_edited_export_updates_only_the_changed_note(tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(BANKS[0], banks)
    package = tmp_path / "relu.apkg"
    export([banks], "anki", package)
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        import_into(collection, package)
        before = {collection.get_note(n)["Id"]: (n, collection.get_note(n).mod,
                                                collection.get_note(n).fields)
                  for n in collection.find_notes("")}
        cards_before = sorted(collection.find_cards(""))

        edited = banks / "01-definition.yaml"
        old_mtime = edited.stat().st_mtime
        text = edited.read_text()
        assert "what is $f(3)$?" in text
        edited.write_text(text.replace("what is $f(3)$?", "what is $f(3)$, exactly?"))
        os.utime(edited, (old_mtime + 60, old_mtime + 60))  # saved a minute later
        export([banks], "anki", package)  # the same -o: unchanged notes keep their time
        log = import_into(collection, package)

        after = {collection.get_note(n)["Id"]: (n, collection.get_note(n).mod,
                                               collection.get_note(n).fields)
                 for n in collection.find_notes("")}
        changed = {qid for qid in after if after[qid][2] != before[qid][2]}
        assert changed == {"relu-value-at-3"}
        assert "exactly?" in after["relu-value-at-3"][2][0]
        assert len(log.updated) == 1 and not log.new
        assert after["relu-value-at-3"][1] > before["relu-value-at-3"][1]
        for qid in after.keys() - changed:
            assert after[qid][1] == before[qid][1]  # mtime untouched
        assert sorted(collection.find_cards("")) == cards_before  # review history kept
    finally:
        collection.close()


# The card template's own markup (quiz_app/export/anki.py), around the bank's texts.
CARD_TAGS = frozenset({"style", "b", "i"})


def test_no_bank_text_becomes_markup_on_a_card(tmp_path):
    """Each card as Anki renders it (front and back, every field filled in)."""
    bank = injections.bank(tmp_path / "injections.yaml")
    package = tmp_path / "injections.apkg"
    assert export([bank], "anki", package).written
    collection = Collection(str(tmp_path / "collection.anki2"))
    import_into(collection, package)
    cards = collection.find_cards("")
    assert len(cards) == len(injections.STRINGS)
    for card_id in cards:
        card = collection.get_card(card_id)
        for side in (card.question(), card.answer()):
            assert injections.markup_of(side, CARD_TAGS) == [], side
    collection.close()


def test_cards_spread_the_right_letters_and_each_names_a_right_option(imported):
    """As the handout: shuffled once, the same at every export; the back's letters name the
    front's right options."""
    from quiz_app.export.common import export_items

    _, collection, _ = imported
    by_id = {item.export_id: item.question for item in export_items(bundled())[0]}
    letters = []
    for card_id in collection.find_cards(""):
        note = collection.get_card(card_id).note()
        question = by_id[html.unescape(note["Id"])]
        if question.free_answer:
            continue
        shown = dict(re.findall(r"<li><b>([a-z])\)</b> (.*?)</li>", note["Front"]))
        named = re.findall(r"([a-z])\)", note["Back"].split("</p>")[0])
        right = {to_html(c.text, inline=True) for c in question.choices if c.correct}
        assert {shown[letter] for letter in named} == right, note["Id"]
        if question.type == "single":
            letters.append(named[0])
    assert len(letters) > 40
    assert max(letters.count(letter) for letter in set(letters)) <= len(letters) / 2
