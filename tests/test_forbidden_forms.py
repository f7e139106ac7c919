"""A typed question's `forbid`: functions an answer may not call, for questions that ask for a
form ("write ReLU with x and |x|"). An answer that calls one, in either spelling, gets a
message with its column and no mark, as a syntax error does; `check` proves that the key and
every accepted answer obey the rule; the STACK export forbids the same words."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import get_args

import pytest

from quiz_app.bank.models import FunctionName
from quiz_app.checker.expr import FUNCTIONS
from quiz_app.checker.grading import grade
from quiz_app.checker.run_check import run_check
from quiz_app.export.maxima import forbidden_words
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.helpers.exports import export
from tests.helpers.pilot import text_of, wait_for

RELU_FORMS = ["Max", "Min", "Heaviside", "sign", "Piecewise"]
KEY = "(x + Abs(x))/2"

# (answer, forbidden, expected status, column of the refusal or None)
TABLE = [
    ("(x + Abs(x))/2", RELU_FORMS, "right", None),
    ("(Abs(x) + x)/2", RELU_FORMS, "right", None),
    ("x/2 + Abs(x)/2", RELU_FORMS, "right", None),
    ("Abs(x)", RELU_FORMS, "wrong", None),
    ("Max(0, x)", RELU_FORMS, "invalid", 1),
    ("max(x, 0)", RELU_FORMS, "invalid", 1),  # the other spelling of Max
    ("2*Max(0, x)/2", RELU_FORMS, "invalid", 3),
    ("-Min(0, -x)", RELU_FORMS, "invalid", 2),
    ("min(0, -x)*-1", RELU_FORMS, "invalid", 1),
    ("x*Heaviside(x)", RELU_FORMS, "invalid", 3),
    ("x*Heaviside(x, 1)", RELU_FORMS, "invalid", 3),
    ("x*(1 + sign(x))/2", RELU_FORMS, "invalid", 8),
    ("Piecewise((x, x > 0), (0, True))", RELU_FORMS, "invalid", 1),
    ("(x + Abs(x))/2 + 0*Max(0, x)", RELU_FORMS, "invalid", 20),  # hidden in a zero term
    ("Max(0, x)", [], "right", None),  # nothing forbidden: the definition is right
    ("x*Heaviside(x)", ["Max"], "right", None),  # only what is listed
    ("(x + abs(x))/2", ["Max"], "right", None),
    ("(x + abs(x))/2", ["Abs"], "invalid", 6),  # abs is Abs's other spelling
    ("(x + sqrt(x**2))/2", ["Abs", "Max"], "right", None),
]


@pytest.mark.parametrize(("answer", "forbid", "status", "column"), TABLE)
def test_a_forbidden_function_is_pointed_out_never_marked(answer, forbid, status, column):
    result = grade(answer, KEY, "expression", forbid=forbid)
    assert result.status == status, result
    if column is not None:
        assert "not allowed in this answer" in result.message
        assert result.message.endswith(f"at column {column}")
        assert all(name in result.message for name in forbid)


# What a STACK student would type for each function (Maxima's names), from Maxima's manual.
STACK_WORDS = {"Max": "max", "Min": "min", "Abs": "abs", "Heaviside": "unit_step,heaviside",
               "sign": "signum", "Piecewise": "if", "exp": "exp", "log": "log", "sqrt": "sqrt",
               "erf": "erf", "tanh": "tanh", "sin": "sin", "cos": "cos", "atan": "atan"}


def test_every_forbiddable_name_is_a_parser_function_with_its_stack_words():
    assert set(get_args(FunctionName)) == set(STACK_WORDS)
    for name, words in STACK_WORDS.items():
        assert name in FUNCTIONS
        assert forbidden_words([name]) == words
    assert forbidden_words(["Max", "Heaviside", "sign"]) == "max,unit_step,heaviside,signum"


def bank(tmp_path, body: str):
    path = tmp_path / "bank.yaml"
    path.write_text("title: Forms\nquestions:\n" + body, encoding="utf-8")
    return path


def test_check_proves_the_key_and_accepted_answers_obey_the_rule(tmp_path):
    path = bank(tmp_path,
                "  - id: relu-with-abs\n"
                "    type: expression\n"
                "    prompt: Write ReLU with x and |x| only.\n"
                "    answer: Max(0, x)\n"
                "    forbid: [Max, Heaviside]\n"
                "    accept:\n"
                "      - answer: x*Heaviside(x)\n"
                "    reject:\n"
                "      - answer: Max(0, -x)\n"
                "    explanation: (x + |x|)/2.\n"
                "  - id: choice\n"
                "    prompt: Which?\n"
                "    forbid: [Max]\n"
                "    choices:\n"
                "      - {text: a, correct: true}\n"
                "      - {text: b}\n"
                "    explanation: a.\n")
    found = [(d.severity, d.line, d.message) for d in run_check([path]).diagnostics]
    assert ("error", 15, "'forbid' belongs to numeric and expression questions, not to a "
            "single one") in found
    assert any(severity == "error" and line == 6 and "graded invalid against itself" in message
               and "Max is not allowed" in message for severity, line, message in found), found
    assert any(severity == "error" and line == 9 and "accept 1" in message
               and "Heaviside is not allowed" in message for severity, line, message in found)
    assert any(severity == "warning" and line == 11 and "reject 1" in message
               and "can never be graded" in message for severity, line, message in found)


@pytest.mark.usefixtures("bundled_proofs")  # about the words, not proving
def test_the_stack_export_forbids_the_same_words(tmp_path):
    out = tmp_path / "stack.xml"
    from tests.conftest import REPO

    result = export([REPO / "questions" / "10-typed-answers.yaml"], "moodle-xml", out,
                    stack=True)
    assert result.written
    words = {q.findtext("name/text"): q.findtext("input/forbidwords")
             for q in ET.parse(out).getroot().iter("question") if q.get("type") == "stack"}
    assert words["typed-relu-as-abs"] == "max,min,unit_step,heaviside,signum,if"
    assert words["typed-softplus-derivative"] == ""


async def test_the_app_points_a_forbidden_form_out_and_gives_no_mark(tmp_path):
    path = bank(tmp_path,
                "  - id: relu-with-abs\n"
                "    type: expression\n"
                "    prompt: Write ReLU with x and |x| only.\n"
                f"    answer: '{KEY}'\n"
                "    forbid: [Max, Heaviside]\n"
                "    explanation: (x + |x|)/2.\n")
    app = create_app(AppConfig(paths=[path], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: pilot.app.focused is not None
                       and pilot.app.focused.id == "free-input")
        assert "Heaviside" not in pilot.app.focused.placeholder  # no forbidden example
        assert text_of(app, "#free-forbid") == "Not allowed in this answer: Max, Heaviside"
        await pilot.press(*"max(0,x)")
        await wait_for(pilot, lambda: "max is not allowed in this answer"
                       in text_of(app, "#free-interpreted"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "✗ max is not allowed" in text_of(app, "#free-interpreted")
                       and "checking" not in text_of(app, "#free-interpreted"))
        assert app.screen.session.answers == []  # no mark, as for a typo
        for _ in "max(0,x)":
            await pilot.press("backspace")
        await pilot.press(*"(x+abs(x))/2")
        await pilot.press("enter")
        await wait_for(pilot, lambda: text_of(app, "#quiz-result").startswith("✓ Correct."))
