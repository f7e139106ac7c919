"""Moodle XML: one category per bank, then multichoice, numerical and (with --stack) STACK
questions, in the elements `question/format/xml/format.php` reads.

Texts are rendered from Markdown to HTML here and declared `format="html"`: Moodle's own
Markdown filter strips the backslash from `\\{`, `\\(` and `\\_`, which breaks LaTeX. Maths
is written as `\\(…\\)` / `\\[…\\]`, the delimiters Moodle's MathJax filter reads. ElementTree
does the XML escaping; control characters, which XML 1.0 forbids, are replaced first.

An expression answer has no faithful Moodle core type (shortanswer compares strings, with
`*` as a wildcard), so without --stack it is skipped with the reason, as are numeric keys
that are not finite real numbers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quiz_app.checker.tolerance import export_tolerance, within
from quiz_app.export.common import (
    ExportItem,
    fractions,
    numeric_value,
    plain_decimal,
    why_not_numeric,
)
from quiz_app.export.moodle_question import finish_question, question_element, text_element
from quiz_app.export.richtext import to_html, without_control_characters


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str | None,
            html: bool) -> ET.Element:
    attributes = {"fraction": f"{fraction:.7g}"}
    if html:
        attributes["format"] = "html"
    answer = ET.SubElement(parent, "answer", attributes)
    ET.SubElement(answer, "text").text = without_control_characters(text)
    text_element(answer, "feedback", to_html(feedback) if feedback else "")
    return answer


def _category(quiz: ET.Element, title: str, description: str | None) -> None:
    element = ET.SubElement(quiz, "question", {"type": "category"})
    path = "$course$/top/relu-quiz/" + title.replace("/", "//")  # "//" is a literal slash
    text_element(element, "category", path, html=False)
    text_element(element, "info", to_html(description or ""))


def _multichoice(quiz: ET.Element, item: ExportItem) -> None:
    question = item.question
    element = question_element(quiz, item, "multichoice")
    ET.SubElement(element, "single").text = str(question.type == "single").lower()
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    for choice, fraction in zip(question.choices, fractions(question)):
        _answer(element, fraction, to_html(choice.text, inline=True), choice.feedback, True)
    finish_question(element, item)


def _numerical(quiz: ET.Element, item: ExportItem, value: float) -> None:
    question = item.question
    element = question_element(quiz, item, "numerical")
    tolerance = export_tolerance(question.tolerance, value)
    answer = _answer(element, 100, plain_decimal(value), None, False)
    ET.SubElement(answer, "tolerance").text = plain_decimal(tolerance)
    for known in question.reject:  # Moodle takes the first answer that matches
        wrong = numeric_value(known.answer)
        if wrong is not None and not within(wrong, value, tolerance):
            answer = _answer(element, 0, plain_decimal(wrong), known.feedback, False)
            ET.SubElement(answer, "tolerance").text = plain_decimal(tolerance)
    finish_question(element, item)


def render(items: list[ExportItem], stack: bool = False, descriptions: dict | None = None
           ) -> tuple[bytes, list[tuple[str, str]]]:
    """(the XML, skipped questions with reasons)."""
    quiz = ET.Element("quiz")
    skipped: list[tuple[str, str]] = []
    current = None
    for item in items:
        if item.bank_title != current:
            current = item.bank_title
            _category(quiz, current, (descriptions or {}).get(current))
        question = item.question
        if question.type == "numeric":
            value = numeric_value(item.key or "")
            if value is None:
                skipped.append((item.export_id, why_not_numeric(item.key)))
            else:
                _numerical(quiz, item, value)
        elif question.type == "expression":
            if not stack:
                skipped.append((item.export_id, "an expression answer needs a CAS to grade; "
                                "export with --stack for Moodle's STACK question type"))
                continue
            from quiz_app.export import stack as stack_format

            reason = stack_format.add_question(quiz, item)
            if reason:
                skipped.append((item.export_id, reason))
        else:
            _multichoice(quiz, item)
    _drop_empty_categories(quiz)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True), skipped


def _drop_empty_categories(quiz: ET.Element) -> None:
    children = list(quiz)
    for index, child in enumerate(children):
        following = children[index + 1] if index + 1 < len(children) else None
        if child.get("type") == "category" and (following is None or
                                                following.get("type") == "category"):
            quiz.remove(child)
