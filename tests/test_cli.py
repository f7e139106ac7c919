"""The command line as users and scripts see it: output lines, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from quiz_app.cli import main
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_clean_file_exits_zero_with_summary():
    result = run("check", "--no-proofs", str(GOOD))
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1].startswith("1 files, 1 questions: 0 errors")


def test_check_reports_compiler_style_lines_and_exits_one():
    result = run("check", "--no-proofs", str(BAD / "unknown-key.yaml"), str(GOOD))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first == (f"{BAD / 'unknown-key.yaml'}:7:9: error: unknown key 'corect' "
                     "(did you mean 'correct'?) [typo-question]")
    assert "2 files, 1 questions: 1 errors" in result.output


def test_check_missing_path_is_a_usage_error():
    result = CliRunner().invoke(main, ["check", "no/such/bank.yaml"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_check_json_document():
    result = run("check", "--no-proofs", "--json", str(BAD / "duplicate-key.yaml"))
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["ok"] is False and document["errors"] == 1 and document["files"] == 1
    [diagnostic] = document["diagnostics"]
    assert diagnostic == {"path": str(BAD / "duplicate-key.yaml"), "line": 5, "col": 5,
                          "severity": "error",
                          "message": "duplicate key 'prompt' (first given at line 4)",
                          "question_id": None}


def test_list_prints_one_line_per_question():
    result = run("list", str(GOOD))
    assert result.exit_code == 0
    assert result.output.split() == ["minimal-one", "single", "general", "-",
                                     str(GOOD / "minimal.yaml")]


def test_schema_is_a_json_schema_that_names_the_contract():
    document = json.loads(run("schema").output)
    assert document["$schema"].startswith("https://json-schema.org/")
    assert set(document["required"]) == {"title", "questions"}
    question = document["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert {"id", "prompt", "explanation"} <= set(question["required"])
    assert "numeric" in question["properties"]["type"]["enum"]


def test_version_and_help():
    assert run("--version").output.startswith("relu-quiz, version ")
    assert "prove every answer key" in run("--help").output


def test_python_dash_m_works_like_the_script():
    result = subprocess.run([sys.executable, "-m", "quiz_app", "check", "--no-proofs",
                             str(GOOD)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "1 files, 1 questions" in result.stdout


def test_core_rooms_do_not_import_textual():
    code = ("import sys, quiz_app.bank, quiz_app.cli, quiz_app.checker.run_check, "
            "quiz_app.checker.keys; "
            "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]; "
            "print(bad)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
