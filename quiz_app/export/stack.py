"""Expression questions as STACK questions (`<question type="stack">`), graded by Maxima as
the app grades them.

STACK's AlgEquiv does not see that `max(0, x)` and `(x + abs(x))/2` are one function, nor
can it compare on a domain. So the question compares piece by piece. The key, and each
`accept` and `reject` entry, are split at their kinks (quiz_app.checker.regions) over the
question's domain. On each open piece a teacher's expression is one smooth formula, worked
out here with sympy; at each kink, one value. The student's answer is substituted into each
piece with a variable that Maxima knows the sign of: x = a + e^t on (a, ∞), x = b − e^t on
(−∞, b), x = a + (b − a)/(1 + e^t) on (a, b). There Maxima simplifies abs, max, min and
signum away, and AlgEquiv compares the two lists, the pieces' formulas and the kinks'
values. The pieces are cut at the kinks of every answer the question names (the key, its
accept and reject entries, its tests), so each of those is graded exactly as the app grades
it. An answer with kinks of its own elsewhere that cancel (max(0, x − 1) + min(max(0, x),
1) for max(0, x)) stays unsimplified there and is marked wrong, where the app's exact
comparison, which also cuts at the answer's kinks, marks it right.

The potential response tree `prt1` then asks what the app asks, in its order: the key (full
marks), each `accept` (full marks, its feedback), each `reject` (no marks, its feedback).
Each named answer of the question (the key, each accept and reject, each typed `tests:`
entry) becomes a STACK question test (`<qtest>`) with the app's mark, so STACK's question
dashboard re-checks in Moodle what `check` proved here. `forbid` becomes the input's
forbidden words.

A question whose key has no Maxima form, or whose kinks or domain cannot be placed
exactly, is skipped with the reason: it is never exported with a weaker test.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from quiz_app.export.common import ExportItem
from quiz_app.export.maxima import NoMaximaForm, forbidden_words, to_maxima
from quiz_app.export.moodle_question import (
    PENALTY,
    finish_question,
    question_element,
    text_element,
)
from quiz_app.export.richtext import to_html

INPUT, PRT = "ans1", "prt1"
POSITIVE = "%e^stackt"  # a value Maxima knows is positive, whatever stackt is


class NoStackForm(ValueError):
    """Why the question cannot be graded in STACK as in the app."""


def _fields(parent: ET.Element, **values: str) -> None:
    for tag, value in values.items():
        ET.SubElement(parent, tag).text = value


def _maxima(text: str, variable: str) -> str:
    from quiz_app.checker.expr import ExpressionError

    try:
        return to_maxima(text, variable)
    except ExpressionError as exc:
        raise NoMaximaForm(f"the safe parser refuses it ({exc})") from None


class Comparison:
    """The places a question compares at, and each expression as the list of what it is
    there: its formula on each piece of the domain, then its value at each kink."""

    def __init__(self, question, teacher: list[str], named: list[str]) -> None:
        """`teacher`: the expressions the tree compares with; `named`: the other answers
        the question names (its tests), whose kinks cut the pieces too, so that STACK
        grades every named answer exactly."""
        import sympy as sp

        from quiz_app.checker.expr import ExpressionError, parse_expression, variable_symbol
        from quiz_app.checker.regions import Unlocatable, split

        self.variable = question.variable
        self.x = variable_symbol(self.variable)
        try:
            domain = sp.S.Reals
            if question.domain:
                domain = parse_expression(question.domain, self.variable).as_set()
            self.exprs = [parse_expression(text, self.variable) for text in teacher]
            others = []
            for text in named:
                try:
                    others.append(parse_expression(text, self.variable))
                except ExpressionError:
                    continue  # an invalid test answer: no mark in STACK either
            self.split = split([*self.exprs, *others], self.x, domain)
        except (Unlocatable, NotImplementedError, ValueError, TypeError) as exc:
            raise NoStackForm(f"its pieces cannot be placed exactly ({exc})") from None
        if not self.split.pieces:
            raise NoStackForm(f"its domain {question.domain} holds no interval")
        self.places = self._places()

    def _places(self) -> list[str]:
        """Maxima for x on each piece (in terms of a positive value), then each kink."""
        found = []
        for piece in self.split.pieces:
            low = None if piece.low is None else self._number(piece.low)
            high = None if piece.high is None else self._number(piece.high)
            if low is None and high is None:
                found.append(self.variable)
            elif high is None:
                found.append(f"{low} + {POSITIVE}")
            elif low is None:
                found.append(f"{high} - {POSITIVE}")
            else:
                found.append(f"{low} + ({high} - ({low}))/(1 + {POSITIVE})")
        return found + [self._number(kink) for kink in self.split.kinks]

    def student(self) -> str:
        return self._list(f"subst({self.variable} = {place}, {INPUT})"
                          if place != self.variable else INPUT for place in self.places)

    def teacher(self, index: int) -> str:
        """Maxima for the list of what teacher expression `index` is at each place."""
        import sympy as sp

        from quiz_app.checker.regions import Unlocatable, on_piece

        expr, parts = self.exprs[index], []
        try:
            for piece, place in zip(self.split.pieces, self.places):
                formula = _maxima(sp.sstr(on_piece(expr, self.x, piece)), self.variable)
                parts.append(formula if place == self.variable else
                             f"subst({self.variable} = {place}, {formula})")
        except Unlocatable as exc:
            raise NoStackForm(str(exc)) from None
        for kink in self.split.kinks:
            value = expr.subs(self.x, kink)
            if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or value.free_symbols:
                raise NoStackForm(f"{sp.sstr(expr)} has no value at its kink {kink}")
            parts.append(self._number(value))
        return self._list(parts)

    def _number(self, value) -> str:
        import sympy as sp

        return _maxima(sp.sstr(value), self.variable)

    @staticmethod
    def _list(parts) -> str:
        return "[" + ", ".join(parts) + "]"


def _node(prt: ET.Element, number: int, teacher: str, score: str, note: str,
          feedback: str, next_if_false: int) -> None:
    """One node: the student's list against a teacher's, AlgEquiv. True: set the score and
    stop; false: go on to the next node (or stop with no marks)."""
    node = ET.SubElement(prt, "node")
    _fields(node, name=str(number), answertest="AlgEquiv", sans="sa", tans=teacher,
            testoptions="", quiet="0", truescoremode="=", truescore=score, truepenalty="",
            truenextnode="-1", trueanswernote=note)
    text_element(node, "truefeedback", feedback)
    _fields(node, falsescoremode="=", falsescore="0", falsepenalty="",
            falsenextnode=str(next_if_false), falseanswernote=f"{PRT}-{number}-F")
    text_element(node, "falsefeedback", "")


def add_question(quiz: ET.Element, item: ExportItem) -> str | None:
    """Append the STACK question for `item`; the reason it cannot be exported, else None."""
    question = item.question
    variable = question.variable
    key = item.key or ""
    try:
        model = _maxima(key, variable)
    except NoMaximaForm as exc:
        return f"the key {key} has no Maxima form: {exc}"
    entries = [("key", key, "1", "")]
    entries += [("accept", k.answer, "1", k.feedback or "") for k in question.accept]
    entries += [("reject", k.answer, "0", k.feedback or "") for k in question.reject]
    tests = [t.answer for t in question.tests if t.answer is not None]
    try:
        comparison = Comparison(question, [text for _, text, _, _ in entries], tests)
        lists = [comparison.teacher(i) for i in range(len(entries))]
        student = comparison.student()
    except (NoStackForm, NoMaximaForm) as exc:
        return f"STACK cannot compare it as the app does: {exc}"

    element = question_element(quiz, item, "stack",
                               f"\n<p>[[input:{INPUT}]] [[validation:{INPUT}]]</p>")
    names = ["tk"] + [f"t{kind[0]}{i}" for i, (kind, *_rest) in enumerate(entries) if i]
    variables = [f"ta: {model};"] + [f"{name}: {value};" for name, value in zip(names, lists)]
    text_element(element, "questionvariables", "\n".join(variables), html=False)
    text_element(element, "specificfeedback", f"[[feedback:{PRT}]]")
    text_element(element, "questionnote", "{@ta@}")
    text_element(element, "questiondescription", "")
    _fields(element, questionsimplify="1", assumepositive="0", assumereal="1")
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
    text_element(prt, "feedbackvariables", f"sa: {student};", html=False)
    for number, ((_, _, score, feedback), name) in enumerate(zip(entries, names)):
        following = number + 1 if number + 1 < len(entries) else -1
        _node(prt, number, name, score, f"{PRT}-{number}-T",
              to_html(feedback) if feedback else "", following)
    _question_tests(element, item, entries)
    finish_question(element, item)
    return None


def _question_tests(element: ET.Element, item: ExportItem, entries: list) -> None:
    """One STACK question test per named answer, expecting the app's mark and the node the
    app's order of comparisons ends at (the key, then accepts, then rejects)."""
    from quiz_app.checker.grading import equivalent, grade

    question = item.question
    key = item.key or ""
    named = [text for _, text, _, _ in entries]
    named += [t.answer for t in question.tests if t.answer is not None]
    number = 0
    for answer in dict.fromkeys(named):
        status = grade(answer, key, "expression", question.variable, question.domain, None,
                       question.accept, question.reject, question.forbid).status
        if status == "invalid":
            continue  # STACK's input validation refuses it, as the app does: no mark at all
        try:
            typed = _maxima(answer, question.variable)
        except NoMaximaForm:
            continue  # not something a student can type in STACK
        ends = len(entries) - 1
        note = f"{PRT}-{ends}-F"
        for index, (_, text, _, _) in enumerate(entries):
            if equivalent(answer, text, "expression", question.variable, question.domain)[0]:
                note = f"{PRT}-{index}-T"
                break
        right = status == "right"
        number += 1
        test = ET.SubElement(element, "qtest")
        _fields(test, testcase=str(number), description=answer)
        given = ET.SubElement(test, "testinput")
        _fields(given, name=INPUT, value=typed)
        expected = ET.SubElement(test, "expected")
        _fields(expected, name=PRT, expectedscore="1.0000000" if right else "0.0000000",
                expectedpenalty="0.0000000" if right else f"{float(PENALTY):.7f}",
                expectedanswernote=note)
