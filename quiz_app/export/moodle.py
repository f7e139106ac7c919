"""Moodle XML: a <quiz> of multichoice, numerical and shortanswer questions.

Built with ElementTree so escaping is the library's job. Each variant of a parametric
question is its own question. An expression answer becomes a shortanswer with the key
text, which Moodle compares literally: that loses equivalence grading, so it is reported.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quiz_app.export.common import ExportItem, fractions, numeric_value


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def _question(quiz: ET.Element, item: ExportItem, kind: str) -> ET.Element:
    question = item.question
    element = ET.SubElement(quiz, "question", {"type": kind})
    _text(element, "name", item.export_id)
    _text(element, "questiontext", question.prompt, format="markdown")
    _text(element, "generalfeedback", question.explanation, format="markdown")
    ET.SubElement(element, "defaultgrade").text = "1"
    return element


def _answer(parent: ET.Element, fraction: float, text: str, feedback: str | None = None):
    answer = _text(parent, "answer", text, fraction=f"{fraction:.7g}", format="markdown")
    _text(answer, "feedback", feedback or "", format="markdown")
    return answer


def render(items: list[ExportItem]) -> tuple[bytes, list[tuple[str, str]]]:
    quiz = ET.Element("quiz")
    notes: list[tuple[str, str]] = []
    for item in items:
        question = item.question
        if question.type == "numeric":
            value = numeric_value(item.key or "")
            if value is None:
                notes.append((item.export_id, f"numerical needs a finite number, key is "
                              f"{item.key}; exported as shortanswer"))
                element = _question(quiz, item, "shortanswer")
                _answer(element, 100, item.key or "")
                continue
            element = _question(quiz, item, "numerical")
            answer = _answer(element, 100, repr(value))
            tolerance = question.tolerance if question.tolerance is not None else \
                max(abs(value) * 1e-6, 1e-9)
            ET.SubElement(answer, "tolerance").text = f"{tolerance:g}"
        elif question.type == "expression":
            notes.append((item.export_id, "expression answers become a literal shortanswer; "
                          "Moodle will not accept equivalent forms"))
            element = _question(quiz, item, "shortanswer")
            _answer(element, 100, item.key or "")
            for known in question.accept:
                _answer(element, 100, known.answer, known.feedback)
        else:
            element = _question(quiz, item, "multichoice")
            ET.SubElement(element, "single").text = str(question.type == "single").lower()
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "abc"
            for choice, fraction in zip(question.choices, fractions(question)):
                _answer(element, fraction, choice.text, choice.feedback)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True), notes
