"""Expression questions as STACK questions (`<question type="stack">`), graded by Maxima.

STACK is the computer-algebra question type Moodle sites use for typed formulas. Each
question gets one algebraic input `ans1` and one potential response tree `prt1`, whose nodes
mirror the app's grading order: every `reject` entry first (AlgEquiv → 0 marks with its
feedback), then every `accept` entry (full marks with its feedback), then `AlgEquiv` against
the key. The elements follow STACK's own sample questions (samplequestions/*.xml).

What STACK cannot express faithfully is said, never hidden: a key with no Maxima form skips
the question; a reject entry with none is dropped with a note; a domain other than
"x > 0" (which STACK's assumepositive encodes) is noted, since AlgEquiv then compares the
answer with the key everywhere, not only on the domain.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quiz_app.export.common import ExportItem
from quiz_app.export.maxima import NoMaximaForm, forbidden_words, to_maxima
from quiz_app.export.moodle import finish_question, question_element, text_element
from quiz_app.export.richtext import to_html

INPUT, PRT = "ans1", "prt1"


def _fields(parent: ET.Element, **values: str) -> None:
    for tag, value in values.items():
        ET.SubElement(parent, tag).text = value


def _translate(text: str, variable: str) -> str:
    from quiz_app.checker.expr import ExpressionError

    try:
        return to_maxima(text, variable)
    except ExpressionError as exc:
        raise NoMaximaForm(f"the safe parser refuses it ({exc})") from None


def _node(prt: ET.Element, number: int, answer: str, score: str, feedback: str,
          next_if_false: int) -> None:
    node = ET.SubElement(prt, "node")
    _fields(node, name=str(number), answertest="AlgEquiv", sans=INPUT, tans=answer,
            testoptions="", quiet="0", truescoremode="=", truescore=score, truepenalty="",
            truenextnode="-1", trueanswernote=f"{PRT}-{number}-T")
    text_element(node, "truefeedback", feedback)
    _fields(node, falsescoremode="=", falsescore="0", falsepenalty="",
            falsenextnode=str(next_if_false), falseanswernote=f"{PRT}-{number}-F")
    text_element(node, "falsefeedback", "")


def add_question(quiz: ET.Element, item: ExportItem, notes: list[tuple[str, str]]
                 ) -> str | None:
    """Append the STACK question for `item`; the reason it cannot be exported, else None."""
    question = item.question
    variable = question.variable
    try:
        key = _translate(item.key or "", variable)
    except NoMaximaForm as exc:
        return f"the key {item.key} has no Maxima form: {exc}"
    rejects: list[tuple[str, str]] = []
    accepts: list[tuple[str, str]] = []
    for kind, entries, kept in (("reject", question.reject, rejects),
                                ("accept", question.accept, accepts)):
        for known in entries:
            try:
                kept.append((_translate(known.answer, variable), known.feedback or ""))
            except NoMaximaForm as exc:
                notes.append((item.export_id, f"{kind} entry {known.answer} has no Maxima "
                              f"form ({exc}); its feedback is not in the STACK question"))
    positive = question.domain is not None and \
        question.domain.replace(" ", "") in (f"{variable}>0", f"0<{variable}")
    if question.domain is not None and not positive:
        notes.append((item.export_id, f"STACK's AlgEquiv compares on every {variable}, the app "
                      f"only where {question.domain}"))

    element = question_element(quiz, item, "stack",
                               f"\n<p>[[input:{INPUT}]] [[validation:{INPUT}]]</p>")
    text_element(element, "questionvariables", f"ta: {key};", html=False)
    text_element(element, "specificfeedback", f"[[feedback:{PRT}]]")
    text_element(element, "questionnote", "{@ta@}")
    text_element(element, "questiondescription", "")
    _fields(element, questionsimplify="1", assumepositive="1" if positive else "0",
            assumereal="1")
    text_element(element, "prtcorrect", "<span class=\"correct\">Correct answer.</span>")
    text_element(element, "prtpartiallycorrect",
                 "<span class=\"partially\">Your answer is partially correct.</span>")
    text_element(element, "prtincorrect", "<span class=\"incorrect\">Incorrect answer.</span>")
    _fields(element, multiplicationsign="dot", sqrtsign="1", complexno="i",
            inversetrig="cos-1", logicsymbol="lang", matrixparens="[",
            variantsselectionseed="")
    box = ET.SubElement(element, "input")
    _fields(box, name=INPUT, type="algebraic", tans="ta", boxsize="25", strictsyntax="1",
            insertstars="0", syntaxhint="", syntaxattribute="0",
            forbidwords=forbidden_words(question.forbid),
            allowwords="", forbidfloat="0", requirelowestterms="0", checkanswertype="0",
            mustverify="1", showvalidation="1", options="")
    prt = ET.SubElement(element, "prt")
    _fields(prt, name=PRT, value="1", autosimplify="1", feedbackstyle="1")
    text_element(prt, "feedbackvariables", "", html=False)
    number = 0
    for answer, feedback in rejects:
        _node(prt, number, answer, "0", to_html(feedback), number + 1)
        number += 1
    for answer, feedback in accepts:
        _node(prt, number, answer, "1", to_html(feedback), number + 1)
        number += 1
    _node(prt, number, "ta", "1", "", -1)
    finish_question(element, item)
    return None
