"""Item 2 of issue 13: undefined values typed into a numeric question never crash grading."""

from __future__ import annotations

import pytest

from quiz_app.checker.grading import grade

UNDEFINED = ["0/0", "oo-oo", "sin(oo)", "cos(oo)", "0*oo", "oo/oo", "-oo+oo", "Abs(oo)-oo",
             "1/0", "log(0)*0", "sin(oo)+1", "Max(oo, -oo) + Min(oo, -oo)"]


@pytest.mark.parametrize("tolerance", [None, 0.01, 0.0])
@pytest.mark.parametrize("typed", UNDEFINED)
def test_undefined_numbers_are_pointed_out_never_marked(typed, tolerance):
    result = grade(typed, "1/2", "numeric", tolerance=tolerance)
    assert result.status == "invalid"  # not counted, neither right nor wrong
    assert "undefined" in result.message


@pytest.mark.parametrize("typed", UNDEFINED)
def test_undefined_in_an_expression_answer_is_pointed_out(typed):
    assert grade(f"x + ({typed})", "x", "expression").status == "invalid"


@pytest.mark.parametrize("typed, status", [
    ("0.5", "right"), ("0.505", "right"), ("0.52", "wrong"), ("oo", "wrong"),
    ("-oo", "wrong"), ("sqrt(-1)", "wrong"), ("exp(oo)", "wrong"),
])
def test_defined_values_keep_their_mark_with_a_tolerance(typed, status):
    assert grade(typed, "1/2", "numeric", tolerance=0.01).status == status


def test_a_key_at_infinity_is_still_compared_exactly():
    assert grade("oo", "oo", "numeric", tolerance=0.1).status == "right"
    assert grade("0/0", "oo", "numeric", tolerance=0.1).status == "invalid"
