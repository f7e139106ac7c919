"""Canvas's reading of a QTI 1.2 package, run for real.

Canvas runs Instructure's QTIMigrationTool on every QTI upload (`lib/qti.rb`: `migrate.py
--ucvars --nogui --overwrite --cpout=OUT IN`) and reads the QTI 2.1 it writes. `convert` runs
that tool, from `../shared/clients/qti-migration-tool/`, on an exported package. `score` then
carries out a converted item's QTI 2.1 response processing for one response, so the tests
compare the marks and feedback Canvas would compute with the bank's, not XML shapes. The
interpreter knows the operators of QTI 2.1 that the tool writes for these items and fails
loudly on any other, so a change in what the tool writes cannot pass unnoticed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO

TOOL = REPO.parent / "shared" / "clients" / "qti-migration-tool"
DTD = TOOL / "schemas" / "ims_qtiasiv1p2p1.dtd"
QTI1_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI2 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
# The tool writes each item's warnings into a comment at the top of the file it converts.
_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
# Said of every item that carries Canvas's `question_type` (which Canvas needs to know a
# multiple-answer question from a single one): the tool's note that QTI 2 would put the
# type in the manifest. Canvas's own exports get it on every item too.
QUESTION_TYPE_NOTE = "Warning: qmd_itemtype now replaced by qtiMetadata.interactionType " \
    "in manifest"


@dataclass
class Converted:
    log: str  # what the tool printed
    items: dict[str, ET.Element] = field(default_factory=dict)  # title → assessmentItem
    warnings: dict[str, list[str]] = field(default_factory=dict)  # file → its comment lines
    tests: list[ET.Element] = field(default_factory=list)  # one assessmentTest per bank


def convert(package: Path, work: Path) -> Converted:
    """Unzip the package as Canvas does and convert it with the QTIMigrationTool."""
    assert (TOOL / "migrate.py").is_file(), \
        f"Canvas's converter is missing: {TOOL} (../shared/clients beside the repository)"
    source, out = work / "in", work / "out"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(source)
    # -W: the tool's own use of an lxml API that lxml deprecates, not about the package
    ran = subprocess.run([sys.executable, "-W", "ignore::FutureWarning",
                          str(TOOL / "migrate.py"), "--ucvars", "--nogui",
                          "--overwrite", f"--cpout={out}", str(source)],
                         capture_output=True, text=True, timeout=600, cwd=work)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    converted = Converted(ran.stdout + ran.stderr)
    for path in sorted((out / "assessmentItems").glob("*.xml")) + \
            sorted((out / "assessmentTests").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        comment = _COMMENT.search(text)
        lines = comment.group(1).splitlines() if comment else []
        converted.warnings[path.name] = [line.strip() for line in lines if line.strip()]
        root = ET.fromstring(text.encode("utf-8"))
        if root.tag == QTI2 + "assessmentItem":
            assert root.get("title") not in converted.items, root.get("title")
            converted.items[root.get("title")] = root
        else:
            converted.tests.append(root)
    return converted


def question_type(item: ET.Element) -> str | None:
    for entry in item.iter(QTI2 + "instructureField"):
        if entry.get("name") == "question_type":
            return entry.get("value")
    return None


def choices(item: ET.Element) -> list[tuple[str, str]]:
    """(identifier, HTML) of each option, in the item's order."""
    return [(choice.get("identifier"), html_of(choice))
            for choice in item.iter(QTI2 + "simpleChoice")]


def max_choices(item: ET.Element) -> int:
    return int(next(item.iter(QTI2 + "choiceInteraction")).get("maxChoices"))


def shuffled(item: ET.Element) -> bool:
    return next(item.iter(QTI2 + "choiceInteraction")).get("shuffle") == "true"


def html_of(element: ET.Element) -> str:
    """The HTML an element's `div class="html"` carries, which Canvas puts on the page."""
    return "".join(div.text or "" for div in element.iter(QTI2 + "div"))


def prompt_of(item: ET.Element) -> str:
    return "".join(div.text or "" for div in item.find(QTI2 + "itemBody").findall(QTI2 + "div"))


def feedback_texts(item: ET.Element) -> dict[str, str]:
    """identifier → HTML of each feedback."""
    return {feedback.get("identifier"): html_of(feedback)
            for feedback in item.findall(QTI2 + "modalFeedback")}


def score(item: ET.Element, response) -> tuple[float, set[str]]:
    """(SCORE, the FEEDBACK identifiers shown) after the item's response processing, for a
    response: an option's identifier, a set of them, or a number."""
    declared = item.find(QTI2 + "responseDeclaration")
    variables: dict[str, object] = {declared.get("identifier"): response,
                                    "SCORE": 0.0, "FEEDBACK": set()}
    for rule in item.find(QTI2 + "responseProcessing"):
        _run(rule, variables)
    return float(variables["SCORE"]), set(variables["FEEDBACK"])


def _run(rule: ET.Element, variables: dict) -> None:
    tag = rule.tag.removeprefix(QTI2)
    if tag == "responseCondition":
        for branch in rule:
            kind = branch.tag.removeprefix(QTI2)
            if kind == "responseElse":
                for inner in branch:
                    _run(inner, variables)
                return
            assert kind in ("responseIf", "responseElseIf"), kind
            test, *rules = list(branch)
            if _value(test, variables):
                for inner in rules:
                    _run(inner, variables)
                return
    elif tag == "setOutcomeValue":
        (expression,) = list(rule)
        variables[rule.get("identifier")] = _value(expression, variables)
    else:
        raise AssertionError(f"a response rule the interpreter does not know: {tag}")


def _value(element: ET.Element, variables: dict):
    tag = element.tag.removeprefix(QTI2)
    parts = list(element)
    if tag == "baseValue":
        kind, text = element.get("baseType"), (element.text or "").strip()
        if kind == "float":
            return float(text)
        if kind == "boolean":
            return text == "true"
        assert kind == "identifier", kind
        return text
    if tag == "variable":
        return variables[element.get("identifier")]
    values = [_value(part, variables) for part in parts]
    if tag == "multiple":
        joined: set = set()
        for value in values:
            joined |= value if isinstance(value, set) else {value}
        return joined
    if tag == "and":
        return all(values)
    if tag == "or":
        return any(values)
    if tag == "not":
        (value,) = values
        return not value
    if tag == "match":
        return values[0] == values[1]
    if tag == "member":
        return values[0] in values[1]
    comparisons = {"gte": lambda a, b: a >= b, "lte": lambda a, b: a <= b,
                   "gt": lambda a, b: a > b, "lt": lambda a, b: a < b}
    if tag in comparisons:
        return comparisons[tag](float(values[0]), float(values[1]))
    raise AssertionError(f"an expression the interpreter does not know: {tag}")


def dtd_errors(package: Path) -> dict[str, list[str]]:
    """Each assessment file's errors against the IMS QTI 1.2.1 DTD (empty lists: valid).

    The DTD predates XML namespaces, so the default namespace declaration that Canvas's own
    exports carry is taken off before validating: that is as far as the DTD reaches."""
    from lxml import etree

    dtd = etree.DTD(str(DTD))
    errors = {}
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name == "imsmanifest.xml":
                continue
            data = archive.read(name).replace(f' xmlns="{QTI1_NAMESPACE}"'.encode(), b"", 1)
            valid = dtd.validate(etree.fromstring(data))
            errors[name] = [] if valid else [str(e) for e in dtd.error_log.filter_from_errors()]
    return errors
