"""`--` ends the options of every command that takes an expression (issue 24), and the
issue's own command lines give the answers worked out by hand.

(Kept apart from the checker's unit tests: `analyze` runs the worker pool, which the
mutation script's forked test runs cannot use.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app import cli
from quiz_app.checker.run_check import run_check
from quiz_app.cli import main

ROUND3 = Path(__file__).parent / "fixtures" / "round3"


def analyze_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["analyze", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("args", [
    ["--at", "0", "--", "-log(1 + exp(-x))"],
    ["--", "-log(1 + exp(-x))"],  # no point: 0 by default
    ["-log(1 + exp(-x))", "--at", "0"],
    ["--at=0", "--", "-log(1 + exp(-x))"],
])
def test_analyze_takes_the_expression_after_double_dash(args):
    # −log(1 + e^(−x)) at 0: −log 2, slope e^(−x)/(1 + e^(−x)) = 1/2
    data = analyze_json(*args)
    assert data["expression"] == "-log(1 + exp(-x))" and data["point"] == "0"
    assert data["value"] == "-log(2)" and data["derivative"] == "1/2"


def test_after_double_dash_everything_is_an_argument():
    # "--at" after "--" is a second argument, not an option: a usage error, as in click
    result = CliRunner().invoke(main, ["analyze", "--", "-x", "--at", "1"])
    assert result.exit_code == 2
    assert analyze_json("--at", "-1", "--", "Max(0, x)")["value"] == "0"


def test_explore_takes_the_expression_after_double_dash(monkeypatch):
    opened = {}
    monkeypatch.setattr(cli, "_run_app", lambda **settings: opened.update(settings))
    for args in (["--at", "0", "--", "-log(1 + exp(-x))"], ["-log(1 + exp(-x))", "--at", "0"]):
        opened.clear()
        result = CliRunner().invoke(main, ["explore", *args])
        assert result.exit_code == 0, result.output
        assert opened == dict(start="explore", explore_expression="-log(1 + exp(-x))",
                              explore_point="0")


def test_the_issues_command_lines():
    # Piecewise((Max(x log x, −100x), x > 0), (−100x, True)) is −100x near 0
    data = analyze_json("Piecewise((Max(x*log(x), -100*x), x > 0), (-100*x, True))")
    assert data["right_derivative"] == "-100" and data["differentiable"] is True
    # √(−log t) > 10 below e⁻¹⁰⁰: the step is 1 there, f(0) = 0
    data = analyze_json("Piecewise((Heaviside(x*sqrt(-log(x)) - 10*x), x > 0), (0, True))")
    assert data["right_limit"] == "1" and data["continuous"] is False
    # 2cos(2π/9) is a root: sign(0) = 0, never sign(…)
    data = analyze_json("sign(x**3 - 3*x + 1)", "--at", "2*cos(2*pi/9)")
    assert data["value"] == "0" and data["continuous"] is False
    # a crash in round 2: Max with an argument that is not real on the left
    data = analyze_json("Max(0, log(x))", "--at", "0")
    assert data["left_limit"] is None and data["right_limit"] == "0"
    assert "not real" in data["reasons"]["left_limit"]


def test_a_bank_of_networks_and_symbolic_points_is_proved():
    report = run_check([ROUND3 / "networks.yaml"])
    assert not report.failed
    assert (report.proved, report.undecided) == (6, 0)
