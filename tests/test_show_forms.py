"""What a typed answer is read as (the preview and "read as …") never shows the ^ the
parser refuses (issue 28, smaller): whole powers as superscripts, others as **."""

from __future__ import annotations

import pytest

from quiz_app.checker.expr import parse_expression
from quiz_app.checker.grading import show


@pytest.mark.parametrize(("typed", "shown"), [
    ("x**2", "x²"), ("x**12 + 1", "x¹² + 1"), ("Max(0, x)**3/2", "Max(0, x)³/2"),
    ("x**(1/3)", "x**(1/3)"), ("2**x", "2**x"), ("Heaviside(x)*x**2", "x²·Heaviside(x)"),
])
def test_powers_are_shown_in_a_form_that_is_not_refused(typed, shown):
    assert show(parse_expression(typed)) == shown


@pytest.mark.parametrize("typed", ["x**2", "x**3 - x", "Max(0, x)**2", "x**(1/3)",
                                   "x**x", "(x + 1)**5", "Abs(x)**2 + x**4"])
def test_no_preview_holds_a_caret(typed):
    assert "^" not in show(parse_expression(typed))
