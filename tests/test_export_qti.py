"""The QTI 1.2 export, read as Canvas reads it: converted by Instructure's QTIMigrationTool
(the real one, in ../shared/clients), then each converted item's response processing is run
for every response that matters and its mark compared with the bank's key.

Two banks go through it: the bundled one, and tests/fixtures/export/qti-bank.yaml (every
type, parameters, tolerances, known wrong answers, hints, maths and HTML-special text), whose
numeric keys are also written out by hand below, from the definitions.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app.bank.variants import expand
from quiz_app.checker.grading import grade
from quiz_app.checker.tolerance import export_tolerance
from quiz_app.cli import main
from quiz_app.export.common import ExportItem, export_items, numeric_value, plain_decimal
from quiz_app.export.run import ExportResult
from tests.conftest import FIXTURES, REPO
from tests.helpers import injections, qti
from tests.helpers.exports import (  # noqa: F401  (shared_home: an autouse fixture)
    BANKS,
    export,
    shared_home,
)

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)

pytest.importorskip("lxml")  # the converter needs it, and so does the DTD check

FIXTURE_BANK = FIXTURES / "export" / "qti-bank.yaml"
BANK_SETS = {"bundled": BANKS, "fixture": [FIXTURE_BANK]}
CANVAS_TYPES = {"single": "multiple_choice_question",
                "multiple": "multiple_answers_question",
                "numeric": "numerical_question"}
# The fixture bank's numeric keys, worked out by hand: (value, the question's tolerance).
FIXTURE_KEYS = {
    "qti-relu-right-derivative-at-0": (1.0, None),  # (max(0, t) − 0)/t = 1 for t > 0
    "qti-abs-left-derivative-at-0": (-1.0, None),  # |−t|/(−t) = −1
    "qti-softplus-slope-at-0": (0.5, 0.01),  # softplus′ = σ, and σ(0) = 1/2
    "qti-elu-value-at-minus-1": (math.exp(-1) - 1, 0.01),  # e⁻¹ − 1 ≈ −0.632
    "qti-maas-leaky-value-at-minus-25": (-0.25, None),  # max(−0.25, −25)
    "qti-relu-mean-on-interval": (0.25, None),  # ½ · 0 + ½ · ½ on U[−1, 1]
    **{f"qti-leaky-left-slope-param (a={a})": (float(a), None)  # max(a·x, x) = a·x, x < 0
       for a in ("0.01", "0.1", "0.2")},
    **{f"qti-scaled-relu-right-slope-param (k={k})": (float(k), None)  # k·x for x > 0
       for k in (1, 2, 3)},
}
WORD = re.compile(r"[A-Za-z]{4,}")
MATHS = re.compile(r"(?<![\\$])\$([^$]+?)(?<!\\)\$")  # $…$, not \$ and not $$…$$


class Export:
    """One bank set exported to QTI, converted by the tool, with what the bank says."""

    def __init__(self, banks: list[Path], folder: Path) -> None:
        self.package = folder / "quiz.zip"
        self.result: ExportResult = export(banks, "qti", self.package)
        from quiz_app.bank.loader import load_banks

        self.loaded = load_banks(banks).banks
        self.items: dict[str, ExportItem] = {i.export_id: i for i in export_items(self.loaded)[0]}
        self.converted = qti.convert(self.package, folder)

    def pairs(self):
        """(bank item, converted item) for every exported question."""
        return [(self.items[title], item) for title, item in self.converted.items.items()]


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    made: dict[str, Export] = {}

    def get(name: str) -> Export:
        if name not in made:
            made[name] = Export(BANK_SETS[name], tmp_path_factory.mktemp(f"qti-{name}"))
        return made[name]

    return get


@pytest.fixture(params=sorted(BANK_SETS))
def exported(request, exports) -> Export:
    return exports(request.param)


def expressible(item: ExportItem) -> bool:
    """What QTI 1.2 can grade as the app does: choices, and numbers with a finite key."""
    if item.question.type == "expression":
        return False
    return item.question.type != "numeric" or \
        item.key.replace(" ", "") not in ("oo", "-oo", "+oo", "zoo", "nan")


def test_every_item_converts_without_an_error_or_a_warning(exported):
    converted = exported.converted
    log = [line for line in converted.log.splitlines()
           if re.search(r"error|warning|traceback|exception", line, re.IGNORECASE)]
    assert log == []
    assert converted.items, "nothing was converted"
    for name, warnings in converted.warnings.items():
        assert set(warnings) <= {qti.QUESTION_TYPE_NOTE}, (name, warnings)


def test_every_question_is_an_item_or_skipped_with_the_reason(exported):
    expected = {title for title, item in exported.items.items() if expressible(item)}
    assert set(exported.converted.items) == expected
    skipped = dict(exported.result.skipped)
    assert set(skipped) == set(exported.items) - expected
    for title, reason in skipped.items():
        if exported.items[title].question.type == "expression":
            assert "QTI 1.2" in reason and "--stack" in reason
        else:
            assert "not a number" in reason or "not a finite" in reason
    assert exported.result.exported == len(expected)


def test_each_item_has_the_canvas_question_type(exported):
    for bank_item, item in exported.pairs():
        assert qti.question_type(item) == CANVAS_TYPES[bank_item.question.type]


def test_options_keep_the_bank_order_text_and_a_pick_limit(exported):
    for bank_item, item in exported.pairs():
        question = bank_item.question
        if question.type == "numeric":
            continue
        options = qti.choices(item)
        assert len(options) == len(question.choices)
        for (_, shown), choice in zip(options, question.choices):
            assert set(WORD.findall(choice.text)) <= set(WORD.findall(shown)), shown
        limit = 1 if question.type == "single" else len(question.choices)
        assert qti.max_choices(item) == limit
        assert qti.shuffled(item) == question.shuffle  # "all of the above" stays last


def picks(question):
    """Every response a student can give: each option, or every set of options."""
    letters = range(len(question.choices))
    if question.type == "single":
        return [(i,) for i in letters]
    return [combo for n in range(len(question.choices) + 1)
            for combo in itertools.combinations(letters, n)]


def test_choice_marks_are_the_keys_for_every_response(exported):
    checked = 0
    for bank_item, item in exported.pairs():
        question = bank_item.question
        if question.type == "numeric":
            continue
        ids = [identifier for identifier, _ in qti.choices(item)]
        right = {i for i, choice in enumerate(question.choices) if choice.correct}
        for combo in picks(question):
            response = ids[combo[0]] if question.type == "single" else {ids[i] for i in combo}
            mark, _ = qti.score(item, response)
            assert mark == (100.0 if set(combo) == right else 0.0), (bank_item.export_id, combo)
            checked += 1
    assert checked > 20


def probes(question, key: float):
    """Numbers on both sides of every edge that matters: the key, a clear miss, 1.5 times
    the export's margin away (the question's tolerance, else the shared "exact" one), just
    inside and outside a question's own tolerance, and the known wrong answers."""
    values = [key, key + 0.01 * (1 + abs(key)), key - 0.01 * (1 + abs(key))]
    outside = 1.5 * export_tolerance(question.tolerance, key)
    values += [key + outside, key - outside]
    if question.tolerance:
        values += [key + question.tolerance * f for f in (0.5, -0.5, 0.95, -0.95, 1.05, -1.05)]
    values += [v for known in question.reject if (v := numeric_value(known.answer)) is not None]
    return values


def test_numeric_marks_are_the_apps_for_numbers_around_the_key(exported):
    checked = 0
    for bank_item, item in exported.pairs():
        question = bank_item.question
        if question.type != "numeric":
            continue
        key = numeric_value(bank_item.key)
        for value in probes(question, key):
            typed = plain_decimal(value)
            app = grade(typed, bank_item.key, "numeric", tolerance=question.tolerance)
            mark, _ = qti.score(item, float(typed))
            assert mark == (100.0 if app.status == "right" else 0.0), \
                (bank_item.export_id, typed, app)
            checked += 1
    assert checked >= 10


def test_the_fixture_keys_are_the_ones_worked_out_by_hand(exports):
    exported = exports("fixture")
    seen = {}
    for bank_item, item in exported.pairs():
        if bank_item.question.type != "numeric":
            continue
        value, tolerance = FIXTURE_KEYS[bank_item.export_id]
        margin = tolerance or 1e-9
        assert qti.score(item, value)[0] == 100.0
        assert qti.score(item, value + 2 * margin + 0.001)[0] == 0.0
        assert qti.score(item, value - 2 * margin - 0.001)[0] == 0.0
        seen[bank_item.export_id] = value
    assert set(seen) == set(FIXTURE_KEYS)


def test_each_option_shows_its_feedback_and_the_explanation_always_shows(exported):
    for bank_item, item in exported.pairs():
        question = bank_item.question
        texts = qti.feedback_texts(item)
        explanation_id = next(i for i, text in texts.items()
                              if set(WORD.findall(question.explanation)) <=
                              set(WORD.findall(text)))
        if question.type == "numeric":
            assert qti.score(item, 1e9)[1] == {explanation_id}
            continue
        ids = [identifier for identifier, _ in qti.choices(item)]
        for index, choice in enumerate(question.choices):
            response = ids[index] if question.type == "single" else {ids[index]}
            _, shown = qti.score(item, response)
            own = {i for i, text in texts.items() if i != explanation_id and
                   choice.feedback and set(WORD.findall(choice.feedback)) <=
                   set(WORD.findall(text))}
            assert explanation_id in shown
            if choice.feedback:
                assert own & shown, (bank_item.export_id, choice.text)
            assert shown - {explanation_id} <= own


def test_maths_keeps_its_mathjax_delimiters(exported):
    spans = 0
    for bank_item, item in exported.pairs():
        question = bank_item.question
        texts = [(question.prompt, qti.prompt_of(item))]
        if question.type != "numeric":
            texts += [(c.text, shown) for c, (_, shown) in zip(question.choices,
                                                                 qti.choices(item))]
        for source, shown_html in texts:
            shown = html.unescape(shown_html)  # as the page reads: `&lt;` in maths is `<`
            for body in MATHS.findall(source):
                assert f"\\({body}\\)" in shown, (bank_item.export_id, body, shown)
                spans += 1
            assert not MATHS.search(shown), shown
    assert spans > 20


def test_a_parametric_question_is_a_group_that_draws_one_variant(exported):
    groups = {}
    for test in exported.converted.tests:
        for section in test.iter(qti.QTI2 + "assessmentSection"):
            selection = section.find(qti.QTI2 + "selection")
            if selection is not None:
                groups[section.get("title")] = (selection.get("select"),
                                                len(section.findall(qti.QTI2 +
                                                                    "assessmentItemRef")))
    parametric = {q.id: len(expand(q)) for lb in exported.loaded for q in lb.bank.questions
                  if q.params and q.type != "expression"}
    assert parametric, "the bank set has no parametric question"
    assert groups == {qid: ("1", count) for qid, count in parametric.items()}


def test_the_package_is_valid_against_the_qti_1_2_dtd(exported):
    errors = qti.dtd_errors(exported.package)
    assert errors and all(problems == [] for problems in errors.values()), errors


def test_exporting_again_gives_the_same_bytes_from_any_folder(tmp_path, exports):
    first = exports("fixture").package.read_bytes()
    again = tmp_path / "again.zip"
    export([FIXTURE_BANK], "qti", again)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(FIXTURE_BANK, elsewhere / FIXTURE_BANK.name)
    moved = tmp_path / "moved.zip"
    export([elsewhere / FIXTURE_BANK.name], "qti", moved)
    assert again.read_bytes() == first
    assert moved.read_bytes() == first  # the same ids: a re-import updates
    with zipfile.ZipFile(moved) as archive:  # nor does it depend on when it was made
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_expression_questions_are_skipped_with_the_reason_and_strict_fails(tmp_path):
    out = tmp_path / "typed.zip"
    bank = REPO / "questions" / "10-typed-answers.yaml"
    result = CliRunner().invoke(main, ["export", str(bank), "--format", "qti", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped typed-relu-as-abs: QTI 1.2" in result.output and "--stack" in result.output
    assert "note typed-relu-left-derivative-at-0" in result.output  # its wrong-answer feedback
    strict = CliRunner().invoke(main, ["export", str(bank), "--format", "qti", "-o", str(out),
                                       "--strict"])
    assert strict.exit_code == 1 and "skipped typed-relu-as-abs" in strict.output


def test_hints_are_reported_as_left_out(exported):
    with_hints = {i.question.id for i in exported.items.values()
                  if i.question.hints and expressible(i)}
    noted = {qid for qid, note in exported.result.notes if "hints" in note}
    assert noted == with_hints


def test_no_bank_text_becomes_markup_in_canvas(tmp_path):
    bank = injections.bank(tmp_path / "injections.yaml")
    package = tmp_path / "injections.zip"
    result = export([bank], "qti", package)
    assert result.written and not result.errors and not result.skipped
    converted = qti.convert(package, tmp_path)
    assert len(converted.items) == len(injections.STRINGS)
    for title, item in converted.items.items():
        for text in [qti.prompt_of(item), *(t for _, t in qti.choices(item)),
                     *qti.feedback_texts(item).values()]:
            assert injections.markup_of(text) == [], (title, text)
