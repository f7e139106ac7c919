"""The parts every question of a Moodle XML file shares, whatever its type (multichoice,
numerical, STACK): the header `question/format/xml/format.php` reads first (name, texts,
grade, penalty, idnumber), the hints and tags it reads last, and the shape of a text field.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from quiz_app.export.common import ExportItem
from quiz_app.export.richtext import to_html, without_control_characters

PENALTY = "0.5"  # the app's one retry earns half credit
IDNUMBER_MAX = 100  # Moodle's question.idnumber column


def text_element(parent: ET.Element, tag: str, text: str, html: bool = True) -> ET.Element:
    """<tag format="html"><text>…</text></tag>, the shape every Moodle text field has."""
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = without_control_characters(text)
    return element


def idnumber(export_id: str) -> str:
    if len(export_id) <= IDNUMBER_MAX:
        return export_id
    digest = hashlib.sha1(export_id.encode()).hexdigest()[:8]
    return f"{export_id[:IDNUMBER_MAX - 9]}-{digest}"


def question_element(quiz: ET.Element, item: ExportItem, kind: str,
                     prompt_suffix: str = "") -> ET.Element:
    """The header every question type shares: name, texts, grade, penalty, idnumber."""
    question = item.question
    element = ET.SubElement(quiz, "question", {"type": kind})
    text_element(element, "name", item.export_id, html=False)
    text_element(element, "questiontext", to_html(question.prompt) + prompt_suffix)
    text_element(element, "generalfeedback", to_html(question.explanation))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = PENALTY
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = without_control_characters(
        idnumber(item.export_id))
    return element


def finish_question(element: ET.Element, item: ExportItem) -> None:
    """Hints and tags, which format.php reads after the type's own fields."""
    for hint in item.question.hints:
        text_element(element, "hint", to_html(hint))
    tags = ET.SubElement(element, "tags")
    for tag in item.tags:  # format.php reads <tags><tag><text>name</text></tag></tags>
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = without_control_characters(tag)
