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
    assert (filled.questions, filled.proved) == (4, 4)


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


def test_the_modeline_of_a_new_bank_points_at_a_schema_that_exists(tmp_path):
    import json
    import re

    from quiz_app.bank.schema import bank_json_schema

    bank = tmp_path / "week3.yaml"
    CliRunner().invoke(main, ["new", str(bank), "--type", "expression"])
    first = bank.read_text().splitlines()[0]
    target = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
    schema_file = (bank.parent / target).resolve()
    assert json.loads(schema_file.read_text()) == bank_json_schema()
    # an instructor's own schema file is never overwritten
    schema_file.write_text("{}")
    CliRunner().invoke(main, ["new", str(tmp_path / "week4.yaml")])
    assert schema_file.read_text() == "{}"


def test_schema_dash_o_writes_the_file(tmp_path):
    import json

    out = tmp_path / "bank.schema.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0 and "wrote" in result.output
    assert json.loads(out.read_text())["$schema"].endswith("2020-12/schema")


def test_the_expression_scaffold_rejects_a_wrong_answer_not_one_equal_to_the_key(tmp_path):
    from quiz_app.bank.loader import load_bank_file
    from quiz_app.checker.grading import grade

    bank = tmp_path / "bank.yaml"
    CliRunner().invoke(main, ["new", str(bank), "--type", "expression"])
    question = load_bank_file(bank)[0].bank.questions[0]
    for known in question.reject:
        assert grade(known.answer, question.answer, question.type, question.variable,
                     question.domain).status == "wrong"
    assert {t.expect for t in question.tests} == {"right", "wrong", "invalid"}


def test_the_scaffold_puts_the_key_anywhere_and_its_tests_follow(tmp_path):
    """Issue 28, item 13: 40 single and 40 multiple scaffolds, filled in: the right option
    is spread over the positions (never the same letter in more than 3 of 4), and each
    scaffold's own tests pass where its options landed."""
    import re
    from collections import Counter

    bank = tmp_path / "bank.yaml"
    runner = CliRunner()
    for kind in ("single", "multiple"):
        for n in range(40):
            result = runner.invoke(main, ["new", str(bank), "--type", kind,
                                          "--id", f"{kind}-{n}"])
            assert result.exit_code == 0, result.output
    bank.write_text(bank.read_text().replace("TODO", "Filled"))
    checked = run_check([bank])
    assert [d.format() for d in checked.diagnostics] == []
    from quiz_app.bank.loader import load_banks

    questions = load_banks([bank]).banks[0].bank.questions
    first_right = Counter(next(i for i, c in enumerate(q.choices) if c.correct)
                          for q in questions if q.type == "single")
    assert set(first_right) == {0, 1} and max(first_right.values()) <= 30
    assert all(re.search(r"choose: \[[a-c]", line) for line in bank.read_text().splitlines()
               if "choose:" in line)
