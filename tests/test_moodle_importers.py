"""The GIFT and Moodle XML exports as Moodle itself reads them (its importers, transcribed in
../shared/clients/moodle and run by php): every question imports without an error or a
problem, each option keeps exactly the bank's text, and each gets the fraction the bank's
key gives it: single, 1 for the right option and 0 for the others; multiple, the right ones
share +1 and the wrong ones share −1 (Moodle rounds to its own grade list)."""

from __future__ import annotations

import html

import pytest

from quiz_app.export.common import export_items
from quiz_app.export.richtext import to_html
from tests.conftest import FIXTURES
from tests.helpers import injections, moodle
from tests.helpers.exports import (  # noqa: F401  (shared_home: an autouse fixture)
    BANKS,
    bundled,
    export,
    shared_home,
)

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = [moodle.needs_php, pytest.mark.xdist_group(__name__)]
BANK_SETS = {"bundled": BANKS, "escaping": [FIXTURES / "export" / "escaping.yaml"],
             "qti-fixture": [FIXTURES / "export" / "qti-bank.yaml"]}
SUFFIX = {"gift": "gift", "xml": "xml"}


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    made = {}

    def get(fmt: str, name: str):
        if (fmt, name) not in made:
            from quiz_app.bank.loader import load_banks

            out = tmp_path_factory.mktemp(f"{fmt}-{name}") / f"bank.{SUFFIX[fmt]}"
            result = export(BANK_SETS[name], "gift" if fmt == "gift" else "moodle-xml", out)
            assert result.written and not result.errors
            items = {i.export_id: i for i in export_items(load_banks(BANK_SETS[name]).banks)[0]}
            made[fmt, name] = (result, items, moodle.read(fmt, out))
        return made[fmt, name]

    return get


def expected_fractions(question) -> list[float]:
    right = [c.correct for c in question.choices]
    if question.type == "single":
        return [1.0 if r else 0.0 for r in right]
    n_right, n_wrong = sum(right), len(right) - sum(right)
    return [1 / n_right if r else -1 / n_wrong for r in right]


@pytest.mark.parametrize("name", sorted(BANK_SETS))
@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_moodle_reads_every_option_with_the_banks_text_and_fraction(read, fmt, name):
    result, items, read_back = read(fmt, name)
    assert read_back["errors"] == []
    questions = {q["name"]: q for q in read_back["questions"] if q["qtype"] != "category"}
    skipped = {qid for qid, _ in result.skipped}
    assert set(questions) == set(items) - skipped
    choices = 0
    for title, question in questions.items():
        assert question["problems"] == [], (title, question["problems"])
        bank = items[title].question
        if bank.type not in ("single", "multiple"):
            continue
        assert question["qtype"] == "multichoice"
        assert question["single"] == (1 if bank.type == "single" else 0)
        answers = question["answers"]
        assert len(answers) == len(bank.choices)
        for answer, choice, fraction in zip(answers, bank.choices, expected_fractions(bank)):
            assert html.unescape(answer["text"]) == \
                html.unescape(to_html(choice.text, inline=True)), title
            assert answer["fraction"] == pytest.approx(fraction, abs=1e-6), title
            choices += 1
    assert choices > 0


def test_an_option_text_that_looks_like_a_weight_stays_text(tmp_path):
    bank = tmp_path / "percent.yaml"
    bank.write_text(
        "title: Percentages\nquestions:\n"
        "  - id: percent-single\n    prompt: Which?\n    choices:\n"
        "      - {text: '%100% of them', correct: true}\n"
        "      - {text: '%50% of them'}\n"
        "      - {text: '=%0% none'}\n"
        "    explanation: The first.\n"
        "  - id: percent-multiple\n    type: multiple\n    prompt: Which?\n    choices:\n"
        "      - {text: '%-100%', correct: true}\n"
        "      - {text: '%25% right', correct: true}\n"
        "      - {text: '%100%'}\n"
        "    explanation: The first two.\n", encoding="utf-8")
    out = tmp_path / "percent.gift"
    assert export([bank], "gift", out).written
    read_back = moodle.read("gift", out)
    assert read_back["errors"] == []
    by_name = {q["name"]: q for q in read_back["questions"]}
    single = by_name["percent-single"]["answers"]
    assert [(html.unescape(a["text"]), a["fraction"]) for a in single] == \
        [("%100% of them", 1), ("%50% of them", 0), ("=%0% none", 0)]
    multiple = by_name["percent-multiple"]["answers"]
    assert [(html.unescape(a["text"]), a["fraction"]) for a in multiple] == \
        [("%-100%", 0.5), ("%25% right", 0.5), ("%100%", -1)]


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_no_bank_text_becomes_markup_in_moodle(tmp_path, fmt):
    """Every text field of every question, as Moodle's importer stores it (the HTML a page
    shows): no tag, handler or javascript: link that the author's text put there."""
    bank = injections.bank(tmp_path / "injections.yaml")
    out = tmp_path / f"injections.{fmt}"
    assert export([bank], "gift" if fmt == "gift" else "moodle-xml", out).written
    read_back = moodle.read(fmt, out)
    assert read_back["errors"] == []
    questions = [q for q in read_back["questions"] if q["qtype"] != "category"]
    assert len(questions) == len(injections.STRINGS)
    for question in questions:
        texts = [question["questiontext_html"], question["generalfeedback_html"],
                 *(a["html"] for a in question["answers"]),
                 *(a["feedback"] for a in question["answers"])]
        for text in texts:
            assert injections.markup_of(text) == [], (question["name"], text)
