"""The syntax the docs say does not work is refused with the replacement, and the
replacement works: a student who types `e^x` learns to type `exp(x)`, never gets a mark."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quiz_app.bank.loader import load_bank_file
from quiz_app.checker.grading import grade
from quiz_app.study.progress import content_hash
from tests.conftest import REPO


@pytest.mark.parametrize("habit,hint,replacement,key", [
    ("x^2", "**", "x**2", "x**2"),
    ("e**x", "E or exp(x)", "E**x", "exp(x)"),
    ("e^x", "**", "exp(x)", "exp(x)"),
    ("ln(1 + x**2)", "log", "log(1 + x**2)", "log(1 + x**2)"),
    ("|x|", "Abs(x)", "Abs(x)", "Abs(x)"),
    ("(x + |x|)/2", "Abs(x)", "(x + Abs(x))/2", "Max(0, x)"),
    ("2x", "2*x", "2*x", "2*x"),
    ("relu(x)", "Max(0, x)", "Max(0, x)", "Max(0, x)"),
    ("ReLU(x)", "Max(0, x)", "Max(0, x)", "Max(0, x)"),
])
def test_habits_are_invalid_with_their_replacement_and_the_replacement_is_right(
        habit, hint, replacement, key):
    refused = grade(habit, key, "expression")
    assert refused.status == "invalid" and hint in refused.message, refused.message
    assert grade(replacement, key, "expression").status == "right"


@pytest.mark.parametrize("habit", ["x^2", "e**x", "ln(x)", "|x|", "2x", "relu(x)"])
def test_the_docs_list_each_habit(habit):
    docs = (REPO / "docs" / "authoring.md").read_text() + (REPO / "README.md").read_text()
    assert f"`{habit}`" in docs.replace("\\|", "|")


def test_adding_tests_leaves_a_questions_progress_alone():
    loaded, _ = load_bank_file(REPO / "questions" / "10-typed-answers.yaml")
    question = next(q for q in loaded.bank.questions if q.tests)
    assert content_hash(question) == content_hash(replace(question, tests=[]))
    assert content_hash(question) != content_hash(replace(question, prompt=question.prompt + "?"))
