"""Exports parse back: GIFT by a strict grammar check, Moodle XML by an XML parser, the Anki
package as the SQLite collection it is, and the Markdown handout by its sections."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile

import genanki
import pytest

from quiz_app.bank.loader import load_banks
from quiz_app.bank.variants import variants
from quiz_app.export import export_banks
from quiz_app.export.anki import MODEL_NAME, stable_id
from quiz_app.export.gift import escape
from tests.conftest import FIXTURES, REPO

BANKS = [REPO / "questions"]
TYPED = FIXTURES / "ui" / "typed.yaml"


@pytest.fixture(scope="module")
def banks():
    return load_banks(BANKS).banks


def expected_count(banks) -> int:
    return sum(len(variants(q)) for lb in banks for q in lb.bank.questions)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def gift_blocks(text: str) -> list[str]:
    return [block for block in text.strip().split("\n\n") if block.strip()]


def test_gift_escapes_latex_and_every_block_is_well_formed(banks, tmp_path):
    out = tmp_path / "bank.gift"
    result = export_banks(banks, "gift", out)
    expressions = {q.id for lb in banks for q in lb.bank.questions if q.type == "expression"}
    assert result.exported + len(result.skipped) == expected_count(banks)  # none dropped
    skipped = {qid for qid, _ in result.skipped}
    # GIFT has no expression answers and no infinite numeric keys (√|x| has slope +oo)
    assert skipped == expressions | {"typed-sqrt-abs-right-derivative"}
    blocks = gift_blocks(out.read_text())
    assert len(blocks) == result.exported
    for block in blocks:
        assert re.match(r"::(\\.|[^:\\])+::\[markdown\]", block), block[:60]
        bare = re.sub(r"\\.", "", block)  # escaped characters no longer count
        assert bare.count("{") == 1 and bare.count("}") == 1, block[:80]
        title_end = bare.index("::", 2)
        assert ":" not in bare[title_end + 2: bare.index("{")].replace("[markdown]", "")
    assert escape("$f(x)=\\max(0,x)$ {a}: #1 ~") == "$f(x)\\=\\\\max(0,x)$ \\{a\\}\\: \\#1 \\~"
    assert unescape(escape("$f(x)=\\max(0,x)$ {a}: #1 ~")) == "$f(x)=\\max(0,x)$ {a}: #1 ~"


def test_gift_multiple_weights_sum_to_a_full_mark(banks, tmp_path):
    out = tmp_path / "bank.gift"
    export_banks(banks, "gift", out)
    for block in gift_blocks(out.read_text()):
        weights = [float(w) for w in re.findall(r"\n    ~%(-?[\d.]+)%", block)]
        if weights:
            assert abs(sum(w for w in weights if w > 0) - 100) < 1e-3


def test_moodle_xml_structure_and_round_trip(banks, tmp_path):
    out = tmp_path / "bank.xml"
    result = export_banks(banks, "moodle-xml", out)
    root = ET.parse(out).getroot()
    questions = root.findall("question")
    assert root.tag == "quiz" and len(questions) == result.exported == expected_count(banks)
    prompts = {q.prompt for lb in banks for q in lb.bank.questions}
    for element in questions:
        kind = element.get("type")
        assert kind in ("multichoice", "numerical", "shortanswer")
        if kind == "multichoice":
            fractions = [float(a.get("fraction")) for a in element.findall("answer")]
            single = element.findtext("single")
            assert abs(sum(f for f in fractions if f > 0) - 100) < 1e-3
            assert single in ("true", "false")
        text = element.find("questiontext/text").text
        assert text in prompts or "{" not in text  # variants have their {a} filled in
    assert any("\\max(0,x)" in q.find("questiontext/text").text for q in questions)


def test_anki_package_is_a_collection_with_stable_ids(banks, tmp_path):
    first, second = tmp_path / "one.apkg", tmp_path / "two.apkg"
    export_banks(banks, "anki", first)
    export_banks(banks, "anki", second)

    def notes(path):
        with zipfile.ZipFile(path) as package:
            package.extract("collection.anki2", path.parent / path.stem)
        db = sqlite3.connect(path.parent / path.stem / "collection.anki2")
        rows = db.execute("SELECT guid, mid, flds FROM notes ORDER BY guid").fetchall()
        decks = db.execute("SELECT decks FROM col").fetchone()[0]
        db.close()
        return rows, decks

    rows, decks = notes(first)
    assert len(rows) == expected_count(banks)
    assert {r[1] for r in rows} == {stable_id(MODEL_NAME)}
    ids = [r[2].split("\x1f")[2] for r in rows]
    assert sorted(r[0] for r in rows) == sorted(genanki.guid_for(i) for i in ids)
    assert str(stable_id(f"relu-quiz::{banks[0].bank.title}")) in decks
    assert notes(second) == (rows, decks)  # a re-export updates, never duplicates


def test_markdown_handout_has_questions_then_answers(banks, tmp_path):
    out = tmp_path / "handout.md"
    export_banks(banks, "markdown", out)
    text = out.read_text()
    questions, answers = text.split("# Answers")
    assert questions.count("\n**") == answers.count("\n**") == expected_count(banks)
    assert f"# {banks[0].bank.title}" in questions


def test_typed_questions_use_the_computed_key(tmp_path):
    banks = load_banks([TYPED]).banks
    out = tmp_path / "typed.xml"
    result = export_banks(banks, "moodle-xml", out)
    root = ET.parse(out).getroot()
    numerical = root.find("question[@type='numerical']")
    assert numerical.find("answer/text").text == "0.5"  # softplus′(0), computed
    assert result.notes == [("typed-relu-derivative", "expression answers become a literal "
                             "shortanswer; Moodle will not accept equivalent forms")]
