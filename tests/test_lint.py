"""What YAML hides: each lint has a fixture, and each test asserts the reported line.

Expected positions are read off the fixture files by eye (line, then 1-based column), not
from running the code.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quiz_app.bank.discovery import discover_bank_paths
from quiz_app.bank.loader import load_bank_file
from quiz_app.checker.run_check import CheckOptions, run_check
from quiz_app.cli import main
from tests.conftest import FIXTURES

LINT = FIXTURES / "lint"
NO_PROOFS = CheckOptions(prove=False)


def found(name: str):
    _, diagnostics = load_bank_file(LINT / name)
    return [(d.line, d.col, d.severity, d.message, d.question_id) for d in diagnostics]


def test_escapes_in_double_quotes_are_errors_where_the_backslash_is():
    problems = found("control-characters.yaml")
    where = [(line, col) for line, col, *_ in problems]
    # \text in the title, \frac in the prompt, \alpha in a choice, \neq on the second
    # line of a folded feedback, \vec in a hint; single quotes and plain text are fine
    assert where == [(1, 45), (4, 18), (6, 32), (10, 14), (12, 24)]
    assert all(severity == "error" for _, _, severity, _, _ in problems)
    assert problems[1][3] == ('control character in questions.0.prompt: "\\frac" in double '
                              'quotes is a YAML escape: "\\f" became a form feed; write '
                              '\\\\frac, or use single quotes or a >- block')
    assert "became a bell (BEL); write \\\\alpha" in problems[2][3]
    assert "became a tab; write \\\\text" in problems[0][3]
    assert "became a line break; write \\\\neq" in problems[3][3]
    assert problems[1][4] == "escapes-in-texts" and problems[0][4] is None


def test_every_control_character_escape_is_caught(tmp_path):
    for latex, name in [("frac", "a form feed"), ("alpha", "a bell (BEL)"),
                        ("beta", "a backspace"), ("text", "a tab"), ("rho", "a carriage "
                        "return"), ("vec", "a vertical tab"), ("epsilon", "an escape (ESC)"),
                        ("Lambda", "a line separator"), ("Phi", "a paragraph separator"),
                        ("Nu", "a next-line character"), ("neq", "a line break"),
                        ("nabla", "a line break"), ("0", "a null")]:
        path = tmp_path / f"{latex}.yaml"
        path.write_text("title: t\nquestions:\n  - id: q\n    type: numeric\n    prompt: p\n"
                        f'    answer: "1"\n    explanation: "see $\\{latex}$"\n')
        _, diagnostics = load_bank_file(path)
        backslash = path.read_text().splitlines()[6].index("\\") + 1
        assert [(d.line, d.col) for d in diagnostics] == [(7, backslash)], latex
        assert f'"\\{latex}" in double quotes' in diagnostics[0].message
        assert name in diagnostics[0].message


# Invisible characters: a choice "3" and a choice "3" with a zero-width space look the same,
# one right and one wrong; a right-to-left override shows a text in another order.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
             "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u2060"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "typed"])
def test_invisible_characters_are_errors_at_their_text(tmp_path, char, escaped):
    written = f"\\u{ord(char):04x}" if escaped else char
    path = tmp_path / "bank.yaml"
    path.write_text("title: t\nquestions:\n  - id: q\n    prompt: Which?\n    choices:\n"
                    '      - {text: "3", correct: true}\n'
                    f'      - {{text: "3{written}"}}\n    explanation: e\n', encoding="utf-8")
    _, diagnostics = load_bank_file(path)
    assert [(d.severity, d.line) for d in diagnostics] == [("error", 7)], diagnostics
    assert diagnostics[0].message.startswith("invisible character in questions.0.choices.1")
    assert f"U+{ord(char):04X}" in diagnostics[0].message


def test_duplicate_choice_texts_point_at_the_second_and_mention_the_comment():
    cut = [(line, col) for line, col, severity, *_ in found("duplicate-choices.yaml")
           if severity == "warning"]
    # each text stops at its '#', the explanation's too (line 9 is cut after 'unquoted "')
    assert sorted(cut) == [(6, 22), (8, 22), (9, 32)]
    assert [d for d in found("duplicate-choices.yaml") if d[2] == "error"] == [
        (8, 15, "error", "choice 2 has the same text as choice 1 ('Option'); an unquoted "
         "' #' starts a YAML comment and cut the text: quote it", "cut-by-a-comment"),
        (16, 15, "error", "choice 3 has the same text as choice 1 ('continuous at 0')",
         "same-text-twice"),
    ]


def test_placeholders_unknown_or_changing_the_maths():
    assert [(line, col, message) for line, col, _, message, _ in found("placeholders.yaml")] == [
        (4, 32, "unknown placeholder {alfa} in prompt; the parameters are alpha "
                "(did you mean {alpha}?)"),
        (14, 35, "in prompt, '1/3x' reads as 1/(3x): write \\frac{…}{…}, or put the "
                 "placeholder in brackets: ({a}) (variant a=1/3)"),
        (21, 31, "in explanation, '1/3x' reads as 1/(3x): write \\frac{…}{…}, or put the "
                 "placeholder in brackets: ({a}) (variant a=1/3)"),
        (31, 24, "in hints.0, '- -2' puts two signs together: put the placeholder in "
                 "brackets: ({c}) (variant c=-2)"),
        (43, 29, "unknown placeholder {b} in explanation; the parameters are a"),
    ]


def test_every_todo_is_reported_title_and_topic_included():
    assert [(line, col, message) for line, col, _, message, _ in found("todos.yaml")] == [
        (1, 8, "TODO left to fill in (title)"),
        (2, 8, "TODO left to fill in (topic)"),
        (5, 13, "TODO left to fill in (questions.0.prompt)"),
        (10, 19, "TODO left to fill in (questions.0.choices.1.feedback)"),
        (11, 24, "TODO left to fill in (questions.0.choices.1.misconception)"),
        (13, 30, "TODO left to fill in (questions.0.hints.1)"),
    ]
    assert {severity for _, _, severity, _, _ in found("todos.yaml")} == {"warning"}


def test_a_colon_in_plain_text_is_explained():
    [(line, col, _, message, _)] = found("yaml-colon.yaml")
    assert (line, col) == (4, 17)  # the ':' after "Note"
    assert message.startswith("YAML syntax error: mapping values are not allowed here")
    assert "quote text that contains ': '" in message


def test_tabs_are_explained_at_their_real_column():
    [(line, col, _, message, _)] = found("yaml-tab.yaml")
    assert (line, col) == (7, 1) and "indent with spaces" in message
    [(line, col, _, message, _)] = found("yaml-tab-mid.yaml")
    assert (line, col) == (4, 12) and "indent with spaces" in message


def test_an_unknown_escape_points_at_the_backslash_and_the_caret_agrees():
    _, [diagnostic] = load_bank_file(LINT / "yaml-escape.yaml")
    line = (LINT / "yaml-escape.yaml").read_text().splitlines()[3]
    assert (diagnostic.line, diagnostic.col) == (4, line.index("\\") + 1)
    assert ("'\\sqrt' in double quotes is read as a YAML escape and is not one; write "
            "\\\\sqrt") in diagnostic.message
    source, caret = diagnostic.format().splitlines()[1:]
    assert source.strip() == 'prompt: "What is $\\sqrt{x}$ at 4?"'
    assert source[caret.index("^")] == "\\"


def test_the_caret_sits_under_a_tab_however_tabs_expand():
    _, [diagnostic] = load_bank_file(LINT / "yaml-tab-mid.yaml")
    source, caret = diagnostic.format().splitlines()[1:]
    assert len(caret) - 1 == len("    " + "    prompt:".expandtabs(4))  # just after ':'


def test_ids_are_compared_with_the_discovered_banks_unless_alone():
    report = run_check([LINT / "id-clash.yaml"], NO_PROOFS, used_with=discover_bank_paths())
    [clash] = [d for d in report.diagnostics if "also used by" in d.message]
    assert (clash.line, clash.col, clash.question_id) == (10, 9, "relu-left-limit-at-0")
    assert "02-continuity.yaml:" in clash.message
    assert report.compared_files and report.compared_files >= 9
    assert "ids compared with" in report.summary_line()
    alone = run_check([LINT / "id-clash.yaml"], NO_PROOFS)
    assert alone.diagnostics == [] and "ids compared" not in alone.summary_line()


def test_check_cli_compares_ids_and_alone_skips():
    runner = CliRunner()
    clashing = runner.invoke(main, ["check", "--no-proofs", str(LINT / "id-clash.yaml")])
    assert clashing.exit_code == 1
    assert f"{LINT / 'id-clash.yaml'}:10:9: error: question id 'relu-left-limit-at-0'" in \
        clashing.output
    assert "ids compared with" in clashing.output
    alone = runner.invoke(main, ["check", "--no-proofs", "--alone",
                                 str(LINT / "id-clash.yaml")])
    assert alone.exit_code == 0, alone.output


def test_a_bundled_file_checked_by_name_does_not_clash_with_itself():
    from tests.conftest import REPO

    report = run_check([REPO / "questions" / "02-continuity.yaml"], NO_PROOFS,
                       used_with=discover_bank_paths())
    assert report.diagnostics == []


def test_tests_blocks_must_fit_their_question():
    assert [(line, message) for line, _, _, message, _ in found("test-rules.yaml")] == [
        (8, "test 1: a numeric question is tested with `answer`, not `choose`"),
        (10, "test 2: give exactly one of `answer` (typed questions) or `choose` (choices)"),
        (19, "test 1: a single question is tested with `choose`, not `answer`"),
        (20, "test 2: there is no choice c: the question has 2 (a–b)"),
        (21, "test 3: a pick of choices is right or wrong, never invalid"),
        (22, "test 4: give exactly one of `answer` (typed questions) or `choose` (choices)"),
    ]


def test_each_escape_in_one_text_is_reported_and_a_typed_tab_is_a_warning(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text('title: "$\\Lambda$ and $\\Phi$"\nquestions:\n  - id: q\n    type: numeric\n'
                    '    prompt: "a\ttab"\n    answer: "1"\n    explanation: e\n')
    _, diagnostics = load_bank_file(path)
    assert [(d.line, d.col, d.severity) for d in diagnostics] == [
        (1, 10, "error"), (1, 24, "error"), (5, 15, "warning")]
    assert "\\\\Phi" in diagnostics[1].message and "a tab is in the text" in \
        diagnostics[2].message


def test_a_text_cut_by_an_unquoted_hash_and_duplicates_in_one_variant():
    assert [(line, col, severity, message.split(":")[0]) for line, col, severity, message, _
            in found("cut-by-comment.yaml")] == [
        (4, 23, "warning", "prompt stops before ' #'"),  # at the '#'
        (9, 25, "warning", "explanation stops before ' #'"),
        (17, 15, "error", "choice 2 has the same text as choice 1 ('1') (variant a=1)"),
    ]  # "No  # a comment" (two spaces) is a comment on purpose, quoted "#1" is text


def test_an_unclosed_quote_names_where_it_opened():
    [(line, col, _, message, _)] = found("../bad/syntax.yaml")
    assert line == 6  # the string runs to the end of the file
    assert "the quote opened at line 4, column 13 is never closed" in message
