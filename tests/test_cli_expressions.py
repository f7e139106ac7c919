"""`relu-quiz analyze` takes the expression as the user types it, a leading '-' included.

(Kept apart from the checker's unit tests: it runs the worker pool, which the mutation
script's forked test runs cannot use.)
"""

from __future__ import annotations

from click.testing import CliRunner

from quiz_app.cli import main


def test_analyze_accepts_a_leading_minus():
    # -1/x**2 -> -oo from both sides of 0
    result = CliRunner().invoke(main, ["analyze", "-1/x**2", "--at", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert '"left_limit": "-oo"' in result.output and '"right_limit": "-oo"' in result.output


def test_a_negative_point_and_a_negative_expression_in_any_order():
    result = CliRunner().invoke(main, ["analyze", "--at", "-1", "-x"])
    assert result.exit_code == 0, result.output
    assert "f(x) = -x   at x = -1" in result.output


def test_unknown_options_are_still_refused():
    result = CliRunner().invoke(main, ["analyze", "Max(0, x)", "--bogus"])
    assert result.exit_code == 2
