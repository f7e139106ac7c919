"""IMS QTI 1.2 as Canvas writes it, for Canvas, Blackboard, D2L Brightspace and PrairieLearn.

The package is a zip: `imsmanifest.xml`, then one assessment a bank file, at
`<ident>/<ident>.xml`, each question an `<item>` with the `question_type` metadata that
Canvas reads (Canvas runs Instructure's QTIMigrationTool on the upload, then reads its QTI
2.1 output):

- single → `multiple_choice_question`: one `respcondition` sets SCORE 100 for the right
  option;
- multiple → `multiple_answers_question`: all or nothing, as the app grades it: the right
  options picked (`varequal`) *and* every wrong one not (`not`);
- numeric → `numerical_question`: a range, key ± the tolerance the Moodle export uses
  (`vargte`/`varlte`; the range holds the key, and QTI 2 deprecates float equality);
- a parametric question → a question group (a `section` that draws one item), holding one
  item per variant. That is what the app does: each attempt asks one variant, and every
  variant is proved. One item per variant instead would put every variant in every quiz.

Expression answers have no QTI 1.2 form that grades by equivalence (`response_str` compares
strings), so they are skipped with the reason, as in GIFT. Hints have no place Canvas shows:
QTI's `<hint>` lives in item feedback, which the converter turns into feedback text shown
after the answer, so they are left out with a note. Known wrong numeric answers keep no
feedback either: every Canvas numerical answer is a right one.

Texts are the Moodle export's HTML (`to_html`), maths as `\\(…\\)`, which Canvas and
PrairieLearn typeset with MathJax. Every identifier is derived from the bank file's name
and the question id, and the zip's entries carry a fixed date, so exporting an unchanged
bank again gives the same bytes, and a re-import can update the questions it made before
(Canvas: "Overwrite assessment content with matching IDs").
"""

from __future__ import annotations

import copy
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from itertools import groupby
from pathlib import PurePath

from quiz_app.bank.letters import option_letter
from quiz_app.checker.tolerance import export_tolerance
from quiz_app.export.common import ExportItem, numeric_value, plain_decimal, why_not_numeric
from quiz_app.export.richtext import to_html, without_control_characters

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
QUESTION_TYPES = {"single": "multiple_choice_question",
                  "multiple": "multiple_answers_question",
                  "numeric": "numerical_question"}
RESPONSE = "response1"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the bytes never depend on when
NO_EXPRESSIONS = ("QTI 1.2 compares typed answers as strings and has no equivalence-graded "
                  "answer for an expression; use --format moodle-xml --stack")
NO_HINTS = ("its hints are left out: Canvas has no hints, and QTI's <hint> becomes "
            "feedback shown after the answer")
NO_WRONG_FEEDBACK = ("the feedback of its known wrong answers is left out: every answer of "
                     "a Canvas numerical question is a right one")


def ident(*parts: str) -> str:
    """A stable QTI identifier (an XML name, as Canvas's own `g` + hex ones are)."""
    return "g" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:32]


def render(items: list[ExportItem]
           ) -> tuple[bytes, list[tuple[str, str]], list[tuple[str, str]]]:
    """(the zip's bytes, skipped questions with reasons, notes on what was left out)."""
    skipped: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []
    files: dict[str, bytes] = {}
    resources: list[str] = []
    for (bank, title), bank_items in _banks(items):
        assessment_id = ident("assessment", bank, title)
        root = ET.Element("questestinterop", {"xmlns": QTI_NAMESPACE})
        assessment = ET.SubElement(root, "assessment", {"ident": assessment_id,
                                                        "title": _plain(title)})
        section = ET.SubElement(assessment, "section", {"ident": "root_section"})
        for question_id, group in groupby(bank_items, key=lambda i: i.question.id):
            variants = [i for i in group if _exportable(i, skipped)]
            if not variants:
                continue
            _note(variants[0], notes)
            parent = section
            if len(variants) > 1 or variants[0].export_id != question_id:
                parent = _question_group(section, bank, question_id)
            for item in variants:
                _item(parent, item, ident("item", bank, item.export_id))
        ET.indent(root)
        files[f"{assessment_id}/{assessment_id}.xml"] = _xml(root)
        resources.append(assessment_id)
    files = {"imsmanifest.xml": _manifest(resources), **files}
    return _zip(files), skipped, notes


def _banks(items: list[ExportItem]) -> Iterator[tuple[tuple[str, str], list[ExportItem]]]:
    """The items of each bank file, keyed by the file's name (what the ids derive from, so
    that a bank exported from another folder keeps them) and the bank's title."""
    seen: set[tuple[str, str]] = set()
    for (path, title), group in groupby(items, key=lambda i: (i.bank_path, i.bank_title)):
        key = (PurePath(str(path)).name if path else "", title)
        while key in seen:  # two files of one name: the later one's ids differ
            key = (key[0] + "+", title)
        seen.add(key)
        yield key, list(group)


def _exportable(item: ExportItem, skipped: list[tuple[str, str]]) -> bool:
    question = item.question
    if question.type == "expression":
        skipped.append((item.export_id, NO_EXPRESSIONS))
        return False
    if question.type == "numeric" and numeric_value(item.key or "") is None:
        skipped.append((item.export_id, why_not_numeric(item.key)))
        return False
    return True


def _note(item: ExportItem, notes: list[tuple[str, str]]) -> None:
    question = item.question
    if question.hints:
        notes.append((question.id, NO_HINTS))
    if question.type == "numeric" and any(known.feedback for known in question.reject):
        notes.append((question.id, NO_WRONG_FEEDBACK))


def _question_group(section: ET.Element, bank: str, question_id: str) -> ET.Element:
    """A question group: a section that draws one of its items. (Canvas's own exports add
    `selection_extension/points_per_item`, which the QTI 1.2 DTD does not allow; one point,
    what each item is worth, is Canvas's default.)"""
    group = ET.SubElement(section, "section", {"ident": ident("group", bank, question_id),
                                               "title": question_id})
    selection = ET.SubElement(ET.SubElement(group, "selection_ordering"), "selection")
    ET.SubElement(selection, "selection_number").text = "1"
    return group


def _item(parent: ET.Element, item: ExportItem, item_id: str) -> None:
    question = item.question
    element = ET.SubElement(parent, "item", {"ident": item_id, "title": _plain(item.export_id)})
    metadata = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
    field = ET.SubElement(metadata, "qtimetadatafield")
    ET.SubElement(field, "fieldlabel").text = "question_type"
    ET.SubElement(field, "fieldentry").text = QUESTION_TYPES[question.type]
    presentation = ET.SubElement(element, "presentation")
    _material(presentation, to_html(question.prompt))
    processing = ET.Element("resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(outcomes, "decvar", {"varname": "SCORE", "vartype": "Decimal"})
    feedback: list[tuple[str, str]] = []  # (id, text)
    if question.type == "numeric":
        right = _numeric(presentation, item)
    else:
        feedback, right = _choices(presentation, processing, item)
    # Full marks when right, then stop; else (not right) go on: the explanation either way.
    _condition(processing, right, "general_fb", score=True)
    _condition(processing, _not(right), "general_fb")
    feedback.append(("general_fb", question.explanation))
    element.append(processing)
    for feedback_id, text in feedback:
        box = ET.SubElement(element, "itemfeedback", {"ident": feedback_id})
        _material(ET.SubElement(box, "flow_mat"), to_html(text))


def _choices(presentation: ET.Element, processing: ET.Element, item: ExportItem
             ) -> tuple[list[tuple[str, str]], ET.Element]:
    """The options and the rules that show their feedback; returns each option's feedback
    as (id, text) and the test that the response is right: the right option, or for a
    multiple-answer question every right option and no wrong one."""
    question = item.question
    cardinality = "Single" if question.type == "single" else "Multiple"
    response = ET.SubElement(presentation, "response_lid",
                             {"ident": RESPONSE, "rcardinality": cardinality})
    layout = {"shuffle": "Yes" if question.shuffle else "No"}
    if question.type == "multiple":  # else the converter allows one pick
        layout["maxnumber"] = str(len(question.choices))
    render = ET.SubElement(response, "render_choice", layout)
    feedback = []
    for index, choice in enumerate(question.choices):
        letter = option_letter(index)
        label = ET.SubElement(render, "response_label", {"ident": letter})
        _material(label, to_html(choice.text, inline=True))
        if choice.feedback:
            feedback.append((f"{letter}_fb", choice.feedback))
            _condition(processing, _equal(letter), f"{letter}_fb")
    if question.type == "single":
        right = next(i for i, c in enumerate(question.choices) if c.correct)
        return feedback, _equal(option_letter(right))
    test = ET.Element("and")
    for index, choice in enumerate(question.choices):
        picked = _equal(option_letter(index))
        test.append(picked if choice.correct else _not(picked))
    return feedback, test


def _numeric(presentation: ET.Element, item: ExportItem) -> ET.Element:
    """The number box; returns the test that the response is within the tolerance."""
    value = numeric_value(item.key or "")
    assert value is not None  # _exportable kept only finite real keys
    margin = export_tolerance(item.question.tolerance, value)
    response = ET.SubElement(presentation, "response_num",
                             {"ident": RESPONSE, "rcardinality": "Single", "numtype": "Decimal"})
    ET.SubElement(ET.SubElement(response, "render_fib", {"fibtype": "Decimal"}),
                  "response_label", {"ident": "answer1"})
    test = ET.Element("and")
    ET.SubElement(test, "vargte", {"respident": RESPONSE}).text = plain_decimal(value - margin)
    ET.SubElement(test, "varlte", {"respident": RESPONSE}).text = plain_decimal(value + margin)
    return test


def _equal(letter: str) -> ET.Element:
    """The option `letter` is picked (identifiers compare case-sensitively in QTI 2)."""
    element = ET.Element("varequal", {"respident": RESPONSE, "case": "Yes"})
    element.text = letter
    return element


def _not(test: ET.Element) -> ET.Element:
    element = ET.Element("not")
    element.append(copy.deepcopy(test))
    return element


def _condition(processing: ET.Element, test: ET.Element, feedback_id: str,
               score: bool = False) -> None:
    """When `test` holds, show a feedback and go on to the next rule; with `score`, give
    full marks and stop instead."""
    condition = ET.SubElement(processing, "respcondition", {"continue": "No" if score else "Yes"})
    ET.SubElement(condition, "conditionvar").append(test)
    if score:
        ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"
    ET.SubElement(condition, "displayfeedback",
                  {"feedbacktype": "Response", "linkrefid": feedback_id})


def _material(parent: ET.Element, html: str) -> None:
    mattext = ET.SubElement(ET.SubElement(parent, "material"), "mattext",
                            {"texttype": "text/html"})
    mattext.text = without_control_characters(html)


def _plain(text: str) -> str:
    return without_control_characters(" ".join(text.split()))


def _manifest(resources: list[str]) -> bytes:
    manifest = ET.Element("manifest", {"identifier": ident("manifest", *resources),
                                       "xmlns": CP_NAMESPACE})
    ET.SubElement(manifest, "organizations")  # IMS CP requires it; a QTI package has none
    listed = ET.SubElement(manifest, "resources")
    for resource in resources:
        entry = ET.SubElement(listed, "resource", {"identifier": resource,
                                                   "type": "imsqti_xmlv1p2"})
        ET.SubElement(entry, "file", {"href": f"{resource}/{resource}.xml"})
    ET.indent(manifest)
    return _xml(manifest)


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, ZIP_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return buffer.getvalue()
