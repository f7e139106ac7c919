"""Typed answers proved end to end: grading order, question tests, implicit tests.

Expected verdicts come from the definitions: on x > 0, Heaviside(x), sign(x) and x/x are
all 1, so each is the key; Max(2x, x) is x left of 0, so its left derivative is 1.
"""

from __future__ import annotations

import pytest

from quiz_app.bank.loader import load_bank_file
from quiz_app.checker import worker
from quiz_app.checker.grading import grade
from quiz_app.checker.run_check import CheckOptions, run_check
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from tests.conftest import FIXTURES, REPO
from tests.helpers.pilot import text_of, wait_for

TYPED_BANK = REPO / "questions" / "10-typed-answers.yaml"
FAULTS = FIXTURES / "typed" / "faults.yaml"


def bundled(question_id: str):
    loaded, _ = load_bank_file(TYPED_BANK)
    return next(q for q in loaded.bank.questions if q.id == question_id)


@pytest.mark.parametrize("typed,status", [
    ("1", "right"), ("1.0", "right"), ("x/x", "right"), ("sign(x)", "right"),
    ("Heaviside(x)", "right"), ("Abs(x)/x", "right"), ("x", "wrong"), ("0", "wrong"),
    ("x^0", "invalid"), ("1/", "invalid"),
])
def test_the_bundled_relu_derivative_question_can_be_answered(typed, status):
    q = bundled("typed-relu-derivative-positive")
    result = grade(typed, q.answer, q.type, q.variable, q.domain, q.tolerance, q.accept,
                   q.reject)
    assert result.status == status, result


def test_the_bundled_typed_bank_passes_its_own_tests():
    report = run_check([TYPED_BANK])
    assert [d.format() for d in report.diagnostics] == []
    teaching = bundled("typed-relu-as-abs").tests
    assert any(t.answer == "(x + Abs(x))/2" and t.expect == "right" for t in teaching)


def messages(report):
    """The errors (the fixtures' literal keys also get "not proved" warnings)."""
    return [(d.line, d.col, d.message, d.question_id) for d in report.diagnostics
            if d.severity == "error"]


def test_contradictions_fail_check_at_their_line_for_each_variant():
    assert messages(run_check([FAULTS])) == [
        (10, 17, "reject 1 'Heaviside(x)' is equivalent to the key '1' on x > 0 (equal by "
                 "simplification for x > 0), so typing it is graded right: reject an answer "
                 "that is wrong", "reject-is-the-key"),
        (18, 17, "accept 2 '0' is not the key '1' (compared symbolically), yet it would be "
                 "graded right", "accept-is-not-the-key"),
        (26, 13, "answer '0.1' differs from the computed left_derivative = 1 (compared "
                 "symbolically) (variant a=2)", "literal-wrong-for-one-variant"),
        (35, 9, "test 2: typing '1' is graded wrong, expected right", "failing-test"),
        (37, 9, "test 3: typing 'Abs(x' is graded invalid, expected wrong", "failing-test"),
        (47, 17, "reject 1 '1' is equivalent to the key '(1)' on x > 0 (equal by "
                 "simplification for x > 0), so typing it is graded right: reject an answer "
                 "that is wrong (variant k=1)", "reject-equal-in-one-variant"),
        (58, 9, "test 2: choosing [a, b] is graded wrong, expected right",
         "choice-test-fails"),
    ]


def test_a_warm_check_gives_the_same_verdicts_from_the_cache():
    cold = messages(run_check([FAULTS]))
    assert messages(run_check([FAULTS])) == cold
    assert messages(run_check([FAULTS], CheckOptions(use_cache=False))) == cold


def test_a_failing_test_is_reported_in_the_compiler_shape():
    report = run_check([FAULTS])
    assert f"{FAULTS}:35:9: error: test 2: typing '1' is graded wrong, expected right " \
           "[failing-test]" in [d.format() for d in report.diagnostics]


def test_tests_grade_through_the_function_the_app_uses(monkeypatch):
    """A copy of the grader could drift from the quiz; the worker calls grading.grade."""
    from quiz_app.checker import grading

    calls = []

    def spy(response, *args, **kwargs):
        calls.append(response)
        return grade(response, *args, **kwargs)

    monkeypatch.setattr(grading, "grade", spy)
    result = worker.run_typed_task({
        "kind": "typed-proof", "key": "1", "type": "expression", "variable": "x", "domain": "x > 0",
        "tolerance": None, "forbid": [], "accept": [], "reject": [["x", None]],
        "responses": ["1", "x", "sign(x)"], "compare": ["x"]})
    assert calls == ["1", "x", "sign(x)"]
    assert [status for status, _ in result["grades"]] == ["right", "wrong", "right"]
    assert result["equivalent"][0][0] is False


async def test_typing_1_on_the_bundled_question_in_the_app(tmp_path):
    text = TYPED_BANK.read_text()
    start = text.index("  - id: typed-relu-derivative-positive")
    end = text.index("\n  - id:", start)
    bank = tmp_path / "one.yaml"
    bank.write_text("title: one\nquestions:\n" + text[start:end] + "\n")
    app = create_app(AppConfig(paths=[bank], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: pilot.app.focused is not None
                       and pilot.app.focused.id == "free-input")
        await pilot.press("1")
        await wait_for(pilot, lambda: "interpreted as: 1" in text_of(app, "#free-interpreted"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: text_of(app, "#quiz-result").startswith("✓ Correct."))
        assert app.screen.session.answers[0].correct


def test_a_literal_numeric_answer_beside_a_function_asks_for_answer_fact(tmp_path):
    bank = tmp_path / "literal.yaml"
    bank.write_text("title: t\nquestions:\n  - id: lit\n    type: numeric\n    prompt: p {a}\n"
                    "    params: {a: [0.1, 2]}\n    function: Max(a*x, x)\n"
                    "    answer: \"0.1\"\n    explanation: e\n")
    [diagnostic] = run_check([bank]).diagnostics
    assert (diagnostic.line, diagnostic.severity) == (8, "warning")
    assert "add `answer_fact`" in diagnostic.message
    bank.write_text(bank.read_text().replace("    answer:", "    answer_fact: left_derivative\n"
                                             "    answer:"))
    assert [(d.line, d.message) for d in run_check([bank]).diagnostics] == [
        (9, "answer '0.1' differs from the computed left_derivative = 1 (compared "
            "symbolically) (variant a=2)")]


def test_a_known_answer_that_does_not_parse_is_reported_once_not_as_a_crash(tmp_path):
    bank = tmp_path / "bad.yaml"
    bank.write_text("title: t\nquestions:\n  - id: q\n    type: numeric\n    prompt: p\n"
                    "    function: Max(0, x)\n    answer_fact: right_derivative\n"
                    "    reject:\n      - answer: \"1/\"\n"
                    "    tests:\n      - {answer: \"1\", expect: right}\n    explanation: e\n")
    report = run_check([bank])
    assert messages(report) == [(9, 17, "invalid answer: unexpected end of expression at "
                                 "column 3", "q")]
    assert report.proved == 0
