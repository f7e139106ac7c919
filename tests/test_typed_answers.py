"""Numeric and expression questions: equivalence grading, typos never count, checked keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz_app.bank.data import KnownAnswer
from quiz_app.bank.loader import load_bank_file
from quiz_app.checker.grading import grade
from quiz_app.checker.run_check import run_check
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.widgets.free_answer import FreeAnswer
from tests.conftest import FIXTURES
from tests.helpers.pilot import text_of, wait_for

TYPED = FIXTURES / "ui" / "typed.yaml"


def test_numbers_are_compared_as_numbers():
    for typed in ("1/2", "0.5", "2/4", " 0.50 "):
        assert grade(typed, "1/2", "numeric").status == "right", typed
    assert grade("0.49", "1/2", "numeric", tolerance=0.02).status == "right"
    assert grade("0.4", "1/2", "numeric", tolerance=0.02).status == "wrong"
    assert grade("oo", "oo", "numeric").status == "right"
    assert grade("-oo", "oo", "numeric").status == "wrong"


def test_typos_and_wrong_kinds_are_invalid_not_wrong():
    assert grade("1/", "1/2", "numeric").message == "unexpected end of expression at column 3"
    assert grade("x", "1/2", "numeric").status == "invalid"
    assert grade("x < 1", "x", "expression").status == "invalid"


def test_expressions_agree_on_the_domain_symbolically_or_say_they_sampled():
    assert grade("Abs(x)/x", "1", "expression", domain="x > 0").message == \
        "equal for x > 0"
    assert grade("Abs(x)/x", "1", "expression").status == "wrong"
    at_zero = grade("Heaviside(x)", "Piecewise((1, x > 0), (0, True))", "expression")
    assert (at_zero.status, at_zero.message) == ("wrong", "different from the key at x = 0")
    punctured = grade("Heaviside(x)", "Piecewise((1, x > 0), (0, True))", "expression",
                      domain="Ne(x, 0)")  # equal on each side of 0, and 0 is left out
    assert (punctured.status, punctured.message) == ("right", "equal for Ne(x, 0)")
    sampled = grade("atan(x) + atan(1/x)", "pi/2", "expression", domain="x > 0")
    assert sampled.status == "right" and "checked at 24 points" in sampled.message


# Piecewise answers are decided piece by piece between the kinks of both, and at the kinks:
# never by sample points alone, which may all fall where the two happen to agree.
@pytest.mark.parametrize(("answer", "key", "domain", "status", "message"), [
    ("Max(0, x)", "Min(Max(0, x), 6)", None, "wrong", "different from the key for x > 6"),
    ("Min(Max(0, x), 5)", "Min(Max(0, x), 6)", None, "wrong",
     "different from the key for 5 < x < 6"),
    ("Max(0, x - 100)", "0", None, "wrong", "different from the key for x > 100"),
    ("Max(0, x) - Max(0, x - 6)", "Min(Max(0, x), 6)", None, "right", "equal to the key"),
    ("(Abs(x) - Abs(x - 6) + 6)/2", "Min(Max(0, x), 6)", None, "right", "equal to the key"),
    ("x*(1 + sign(x))/2", "Max(0, x)", None, "right", "equal to the key"),
    ("Piecewise((x/10, x < 0), (x, True))", "Max(x/10, x)", None, "right", "equal to the key"),
    ("Max(0, x - sqrt(2))", "(x - sqrt(2) + Abs(x - sqrt(2)))/2", None, "right",
     "equal to the key"),
    ("Max(0, x - 7/5)", "Max(0, x - sqrt(2))", None, "wrong",
     "different from the key for 7/5 < x < sqrt(2)"),
    ("Min(0, x)", "0", "x < 0", "wrong", "different from the key for x < 0"),
    ("Max(0, x)", "0", "x < 0", "right", "equal for x < 0"),
    ("Max(0, x - 50)", "0", "x < 0", "right", "equal for x < 0"),
    ("Max(0, x - 50)", "0", "x > 0", "wrong", "different from the key for x > 50"),
    ("Heaviside(x - 1000)", "0", None, "wrong", "different from the key for x > 1000"),
    ("sign(x)", "2*Heaviside(x) - 1", None, "right", "equal to the key"),
    ("sign(x)", "Piecewise((-1, x < 0), (1, True))", None, "wrong",
     "different from the key at x = 0"),
    # a sign that changes at a pole, not at a zero
    ("Max(0, 1/(x - 2) - 2)", "0", None, "wrong", "different from the key for 2 < x < 5/2"),
    ("Abs(1/(x - 2) - 2)", "2 - 1/(x - 2)", None, "wrong",
     "different from the key for 2 < x < 5/2"),
    # …or where a root stops being real
    ("Abs(sqrt(x) - 1)", "1 - sqrt(x)", "x > 0", "wrong", "different from the key for x > 1"),
    # domains that are points, or hold their end
    ("Max(0, x) + 5", "x", "Eq(x, 1)", "wrong", "different from the key at x = 1"),
    ("Max(0, x) + 5", "x", "x**2 <= 0", "wrong", "different from the key at x = 0"),
    ("sign(x)", "1", "x >= 0", "wrong", "different from the key at x = 0"),
    ("x + (1 - sign(x))/2", "x", "x >= 0", "wrong", "different from the key at x = 0"),
    ("Heaviside(x)", "1", "x >= 0", "wrong", "different from the key at x = 0"),
    ("x", "x", "x >= 0", "right", "equal for x >= 0"),
    # kinks of the answer's own that cancel
    ("Max(0, x - 1) + Min(Max(0, x), 1)", "Max(0, x)", None, "right", "equal to the key"),
])
def test_piecewise_answers_are_decided_piece_by_piece(answer, key, domain, status, message):
    result = grade(answer, key, "expression", domain=domain)
    assert (result.status, result.message) == (status, message)


@pytest.mark.parametrize(("answer", "domain", "status"), [
    ("Max(0, t)", "t < 0", "right"), ("Max(0, t - 8)", "t < 7", "right"),
    ("Max(0, t - 6)", "t < 7", "wrong"),
])
def test_a_domain_is_read_in_the_questions_variable(answer, domain, status):
    assert grade(answer, "0", "expression", variable="t", domain=domain).status == status


@pytest.mark.parametrize(("response", "key", "status", "message"), [
    # an undefined value is no answer at all (issue 13): pointed out, never marked
    ("1/0", "1", "invalid", "this value is undefined (such as 0/0, 1/0, ∞ − ∞ or sin(∞)); "
                            "write a number"),
    ("oo", "oo", "right", "equal to the key"),
    ("1/2", "0.5", "right", "equal to the key"),
    ("2", "1", "wrong", "not equal to the key"),
])
def test_grading_reasons_read_as_a_teacher_writes_them(response, key, status, message):
    result = grade(response, key, "numeric")
    assert (result.status, result.message) == (status, message)
    assert "zoo" not in result.interpreted and "oo" not in result.message


def test_known_answers_carry_their_feedback():
    reject = [KnownAnswer(answer="x", feedback="that is f itself")]
    accept = [KnownAnswer(answer="Heaviside(x)", feedback="the step is 1 there")]
    wrong = grade("x", "1", "expression", domain="x > 0", accept=accept, reject=reject)
    assert (wrong.status, wrong.feedback) == ("wrong", "that is f itself")
    right = grade("Heaviside(x)", "1", "expression", domain="x > 0", accept=accept)
    assert (right.status, right.feedback) == ("right", "the step is 1 there")


def test_the_key_wins_over_a_reject_that_equals_it_on_the_domain():
    """The bundled bug: on x > 0 Heaviside(x) is 1, so a reject of it must not fail '1'."""
    reject = [KnownAnswer(answer="Heaviside(x)", feedback="never shown")]
    for typed in ("1", "1.0", "x/x", "sign(x)", "Heaviside(x)", "Abs(x)/x", "2/2"):
        result = grade(typed, "1", "expression", domain="x > 0", reject=reject)
        assert (result.status, result.feedback) == ("right", None), typed
    assert grade("1", "1", "numeric", reject=[KnownAnswer(answer="1.0")]).status == "right"
    assert grade("0.5", "1/2", "numeric", tolerance=0.1,
                 reject=[KnownAnswer(answer="0.45")]).status == "right"
    # an answer within the tolerance of the key is right even if it is a listed reject
    assert grade("0.45", "1/2", "numeric", tolerance=0.1,
                 reject=[KnownAnswer(answer="0.45")]).status == "right"
    # outside it, the reject applies with its feedback
    outside = grade("0.3", "1/2", "numeric", tolerance=0.1,
                    reject=[KnownAnswer(answer="3/10", feedback="half of 0.6")])
    assert (outside.status, outside.feedback) == ("wrong", "half of 0.6")


def test_format_rules_for_typed_questions(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("title: t\nquestions:\n  - id: q\n    type: numeric\n    prompt: p\n"
                    "    answer: '1'\n    answer_fact: derivative\n    tolerance: 0.1\n"
                    "    explanation: e\n  - id: r\n    prompt: p\n    answer: '2'\n"
                    "    choices:\n      - {text: a, correct: true}\n      - {text: b}\n"
                    "    explanation: e\n")
    _, diagnostics = load_bank_file(path)
    messages = sorted((d.line, d.message) for d in diagnostics)
    assert messages == [
        (7, "`answer_fact` needs the question's `function`"),
        (12, "'answer' belongs to numeric and expression questions, not to a single one"),
    ]


def test_check_computes_answer_fact_keys_and_refuses_bad_answers(tmp_path):
    report = run_check([TYPED])
    # the literal key "1" with no answer_fact is not proved: a warning at its line
    assert [(d.severity, d.line, d.question_id, d.message.split(":")[0])
            for d in report.diagnostics] == [
        ("warning", 14, "typed-relu-derivative", "the key is not proved")]
    assert report.proved == 1  # the softplus slope, computed by the checker
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: t\nquestions:\n  - id: q\n    type: numeric\n    prompt: p\n"
                   "    function: Abs(x)\n    answer_fact: derivative\n    explanation: e\n"
                   "  - id: r\n    type: numeric\n    prompt: p\n    answer: 1/x\n"
                   "    explanation: e\n")
    messages = [(d.line, d.message) for d in run_check([bad]).diagnostics]
    assert messages == [
        (7, "derivative has no value to type: it is dne (left derivative -1 ≠ right "
            "derivative 1)"),
        (12, "invalid answer: a number is expected, not an expression in x at column 1"),
        (12, "the key is not proved: add `answer_fact` (the fact it is, e.g. derivative or "
             "lipschitz, with `function`) and check computes it and compares it on every "
             "variant; or give the question `unproved:` with the reason nothing can prove it"),
    ]


async def test_typing_an_answer_in_the_app():
    app = create_app(AppConfig(paths=[TYPED], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: pilot.app.focused is not None
                       and pilot.app.focused.id == "free-input")
        await pilot.press("1", "/")
        await wait_for(pilot, lambda: "✗ unexpected end of expression at column 3"
                       in text_of(app, "#free-interpreted"))
        await pilot.press("enter")  # a typo: pointed out, not counted
        await wait_for(pilot, lambda: "✗ unexpected end" in text_of(app, "#free-interpreted"))
        assert app.screen.session.answers == []
        await pilot.press("backspace", "backspace", "0", ".", "5")
        await wait_for(pilot, lambda: "interpreted as: 1/2" in text_of(app, "#free-interpreted"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: text_of(app, "#quiz-result").startswith("✓ Correct."))
        assert app.screen.session.answers[0].response == "0.5"
        assert isinstance(app.screen.query_one(FreeAnswer), FreeAnswer)


def test_fixture_is_in_the_repo():
    assert Path(TYPED).is_file()
