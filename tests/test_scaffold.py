"""`relu-quiz new`: scaffolds that check once filled, appended without losing comments."""

from __future__ import annotations

from click.testing import CliRunner

from quiz_app.checker.run_check import run_check
from quiz_app.cli import main


def test_new_then_fill_then_check_passes(tmp_path):
    bank = tmp_path / "bank.yaml"
    runner = CliRunner()
    for kind in ("single", "multiple", "numeric", "expression"):
        result = runner.invoke(main, ["new", str(bank), "--type", kind, "--id", f"my-{kind}"])
        assert result.exit_code == 0, result.output
    unfilled = run_check([bank])
    assert unfilled.errors == 0
    # every TODO is reported where it is, the title's and the topic's included
    todo_lines = [n for n, line in enumerate(bank.read_text().splitlines(), 1)
                  if "TODO" in line.split("#")[0] or line.lstrip().startswith("- text: \"TODO")]
    reported = sorted(d.line for d in unfilled.diagnostics)
    assert {d.message.split(" (")[0] for d in unfilled.diagnostics} == {"TODO left to fill in"}
    assert reported == todo_lines
    lines = bank.read_text().splitlines()
    assert [lines[n - 1].split(":")[0] for n in reported[:2]] == ["title", "topic"]
    bank.write_text(bank.read_text().replace("TODO", "Filled"))
    filled = run_check([bank])
    assert [d.format() for d in filled.diagnostics] == []
    assert (filled.questions, filled.proved) == (4, 3)  # the expression key is a literal


def test_appending_keeps_the_instructors_comments_and_order(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text("# my course, week 3\ntitle: Week 3  # keep me\nquestions:\n"
                    "  - id: first\n    prompt: p\n    choices:\n      - {text: a, correct: true}\n"
                    "      - {text: b}\n    explanation: e  # and me\n")
    result = CliRunner().invoke(main, ["new", str(bank), "--type", "numeric"])
    assert "added numeric question 'new-question-1'" in result.output
    text = bank.read_text()
    assert text.startswith("# my course, week 3\ntitle: Week 3  # keep me\n")
    assert "explanation: e  # and me" in text
    assert text.index("id: first") < text.index("id: new-question-1")
    assert "# or a literal key instead" in text  # the scaffold's own guidance survives


def test_new_refuses_a_duplicate_id(tmp_path):
    bank = tmp_path / "bank.yaml"
    runner = CliRunner()
    runner.invoke(main, ["new", str(bank), "--id", "same"])
    result = runner.invoke(main, ["new", str(bank), "--id", "same"])
    assert result.exit_code == 2 and "already in" in result.output
