"""Every class of bank fault is reported once, at the line and column where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz_app.bank.loader import load_bank_file, load_banks
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad"


def only_errors(path: Path):
    loaded, diagnostics = load_bank_file(path)
    return loaded, [(d.line, d.col, d.message, d.question_id) for d in diagnostics]


def test_yaml_12_keeps_no_and_yes_as_strings():
    loaded, diagnostics = load_bank_file(FIXTURES / "good" / "minimal.yaml")
    assert diagnostics == []
    texts = [c.text for c in loaded.bank.questions[0].choices]
    assert texts == ["No", "yes"]


def test_unknown_key_is_reported_at_its_line_with_a_suggestion():
    loaded, errors = only_errors(BAD / "unknown-key.yaml")
    assert loaded is None
    assert errors == [(7, 9, "unknown key 'corect' (did you mean 'correct'?)", "typo-question")]


def test_duplicate_key_is_reported_where_it_repeats():
    _, errors = only_errors(BAD / "duplicate-key.yaml")
    assert errors == [(5, 5, "duplicate key 'prompt' (first given at line 4)", None)]


def test_syntax_error_has_a_position():
    _, errors = only_errors(BAD / "syntax.yaml")
    assert len(errors) == 1
    line, _, message, _ = errors[0]
    assert message.startswith("YAML syntax error")
    assert line == 6  # the string runs to the end of the file


def test_top_level_must_be_a_mapping():
    _, errors = only_errors(BAD / "top-level-list.yaml")
    assert errors == [(1, 1, "top level must be a mapping with `title` and `questions`, "
                             "not a list", None)]


def test_single_question_needs_exactly_one_correct_choice():
    loaded, errors = only_errors(BAD / "single-two-correct.yaml")
    assert loaded is not None  # structurally fine; the rule is what fails
    assert errors == [(5, 5, "a single-answer question needs exactly one correct choice, "
                             "found 2", "two-correct")]


def test_wrong_types_each_get_their_own_line():
    _, errors = only_errors(BAD / "wrong-types.yaml")
    by_line = {(line, col): message for line, col, message, _ in errors}
    assert by_line[(3, 9)].startswith("questions.0.id: String should match pattern")
    assert by_line[(5, 17)].startswith("questions.0.difficulty: Input should be less than")
    assert by_line[(8, 18)] == "questions.0.choices.0.correct: Input should be a valid boolean"
    assert by_line[(9, 30)] == ("questions.0.choices.0.claims.continuous: "
                                "Input should be a valid boolean")
    assert by_line[(9, 33)].startswith("unknown claim 'sharp'; the claims are: continuous, ")
    assert len(errors) == 5


def test_missing_required_key_points_at_the_question():
    _, errors = only_errors(BAD / "missing-explanation.yaml")
    assert errors == [(3, 5, "missing required key 'explanation' in questions.0",
                       "no-explanation")]


def test_aliases_are_refused():
    _, errors = only_errors(BAD / "alias.yaml")
    assert errors == [(2, 1, "anchors and aliases (&name, *name) are not supported", None)]


@pytest.mark.parametrize(("text", "name", "line", "col", "first"), [
    ("title: &a T\nquestions: &a []\n", "a", 2, 12, 1),
    ("title: T\nquestions:\n  - &q {id: a}\n  - &q {id: b}\n", "q", 4, 5, 3),
    ("title: T\nx: &k [1]\ny: [&k 2]\nquestions: []\n", "k", 3, 5, 2),
])
def test_an_anchor_defined_twice_is_an_error_at_the_second_not_a_ruamel_warning(
        tmp_path, recwarn, text, name, line, col, first):
    """ruamel only warns of a reused anchor, on stderr, past every diagnostic."""
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    _, errors = only_errors(path)
    assert [(e[0], e[1]) for e in errors] == [(line, col)]
    assert errors[0][2].startswith(f"anchor &{name} is defined again (first at line {first})")
    assert not [w for w in recwarn if "anchor" in str(w.message)]


@pytest.mark.parametrize("content", [b"", b"   \n", b"# only a comment\n"])
def test_empty_files(tmp_path, content):
    path = tmp_path / "empty.yaml"
    path.write_bytes(content)
    _, errors = only_errors(path)
    assert errors == [(1, 1, "file is empty; a bank needs at least `title` and `questions`",
                       None)]


def test_non_utf8_file_reports_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: ok\ndescription: caf\xe9\n")
    _, errors = only_errors(path)
    assert errors == [(2, 17, "file is not UTF-8 (byte 0xe9 cannot be decoded)", None)]


def test_file_over_one_mebibyte_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"title: big\n" + b"#" * (1024 * 1024))
    _, errors = only_errors(path)
    assert len(errors) == 1 and "the limit is 1048576 (1 MiB)" in errors[0][2]


def test_duplicate_ids_across_files_name_the_first_definition():
    report = load_banks([BAD / "duplicate-id-a.yaml", BAD / "duplicate-id-b.yaml"])
    assert len(report.banks) == 1 and len(report.rejected) == 1  # the repeat is not used
    [diagnostic] = report.diagnostics
    assert diagnostic.path.endswith("duplicate-id-b.yaml")
    assert (diagnostic.line, diagnostic.col) == (3, 9)
    assert "first defined at" in diagnostic.message and "duplicate-id-a.yaml:3" in \
        diagnostic.message


def test_one_bad_file_does_not_stop_the_others():
    report = load_banks([FIXTURES / "good", BAD / "syntax.yaml", BAD / "unknown-key.yaml"])
    assert [b.bank.title for b in report.banks] == ["Minimal"]
    assert len(report.failed_files) == 2


def test_diagnostic_format_is_compiler_style():
    _, diagnostics = load_bank_file(BAD / "unknown-key.yaml")
    assert diagnostics[0].format() == (
        f"{BAD / 'unknown-key.yaml'}:7:9: error: unknown key 'corect' "
        "(did you mean 'correct'?) [typo-question]")


def test_numbers_in_expression_fields_keep_their_decimal_text(tmp_path):
    path = tmp_path / "numbers.yaml"
    path.write_text(
        "title: n\nquestions:\n  - id: q\n    prompt: p\n    function: Max(0.01*x, x)\n"
        "    at: 0.1\n    choices:\n      - text: a\n        correct: true\n"
        "        claims: {left_derivative: 0.01, right_limit: .inf, value: null}\n"
        "      - text: b\n    explanation: e\n")
    loaded, diagnostics = load_bank_file(path)
    assert diagnostics == []
    question = loaded.bank.questions[0]
    assert question.at == "0.1"
    claims = question.choices[0].claims.stated()
    assert claims == {"value": None, "right_limit": "oo", "left_derivative": "0.01"}
