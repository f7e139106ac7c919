"""GIFT and the Markdown handout parse back to what the bank says; every export is checked
first and written atomically; -o never lands on an input, a directory or a device."""

from __future__ import annotations

import html
import html.parser
import re

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pygiftparser import parser as gift_parser

from quiz_app.cli import main
from quiz_app.export import FORMATS
from quiz_app.export.common import numeric_value, plain_decimal
from quiz_app.export.gift import escape
from quiz_app.export.richtext import to_html
from tests.conftest import FIXTURES
from tests.helpers.exports import (  # noqa: F401  (shared_home: an autouse fixture)
    BANKS,
    ESCAPING,
    bundled,
    every_question,
    export,
    shared_home,
)

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)

# The tests that export the bundled bank are about what an export writes, not about
# proving: their homes start with the bundled bank's proofs (conftest's bundled_proofs).
proved = pytest.mark.usefixtures("bundled_proofs")


def moodle_unescape(text: str) -> str:
    """What Moodle's GIFT importer makes of an escaped text: `\\n` a newline, `\\X` X."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text,
                  flags=re.DOTALL)


def shown(gift_text: str) -> str:
    """The HTML a browser shows for a GIFT text: Moodle's unescape, then the entities."""
    return html.unescape(moodle_unescape(gift_text))


@pytest.fixture(scope="module")
def gift_bundled(tmp_path_factory):
    out = tmp_path_factory.mktemp("gift") / "bank.gift"
    result = export(BANKS, "gift", out)
    return result, out.read_text(encoding="utf-8")


def test_gift_every_question_parses_in_pygiftparser(gift_bundled):
    result, text = gift_bundled
    banks = bundled()
    questions = gift_parser.parseFile(text.splitlines(keepends=True))
    skipped = {qid for qid, _ in result.skipped}
    expressions = {q.id for q, _ in every_question(banks) if q.type == "expression"}
    assert skipped == expressions | {"typed-sqrt-abs-right-derivative"}  # +∞ is no number
    assert len(questions) == result.exported == len(every_question(banks)) - len(skipped)
    assert all(q.valid for q in questions)
    by_title = {moodle_unescape(q.title): q for q in questions}
    for template, values in every_question(banks):
        if template.id in skipped:
            continue
        parsed = by_title[template.id + (f" ({', '.join(f'{k}={v}' for k, v in values.items())})"
                                         if values else "")]
        if template.type in ("single", "multiple"):
            answers = parsed.answers.answers
            assert len(answers) == len(template.choices)
            right = [a.fraction > 0 for a in answers]
            assert right == [c.correct for c in template.choices]
            if template.type == "multiple":
                assert abs(sum(a.fraction for a in answers if a.fraction > 0) - 100) < 1e-3


def test_gift_answers_are_in_moodles_own_forms_and_numbers_plain_decimals(gift_bundled):
    _, text = gift_bundled
    for block in text.split("\n\n"):
        answers = [line for line in block.splitlines() if line.startswith(("    ~", "    ="))]
        if "{#" in block:  # numerical: every answer weighted, =%100% the key
            assert all(re.match(r"    =%-?\d+(\.\d+)?%", line) for line in answers), block
        elif any(line.startswith("    =") for line in answers):  # single: =right, ~wrong
            assert not any(re.match(r"    [~=]%", line) for line in answers), block
        else:  # multiple: ~%share% on every option
            assert all(re.match(r"    ~%-?\d+(\.\d+)?%", line) for line in answers), block
    numeric = [re.match(r"    =%\d+%([^#]*)", line).group(1)
               for block in re.findall(r"\{#\n(.*?)\n    ####", text, re.DOTALL)
               for line in block.splitlines()]
    assert numeric and all(re.fullmatch(r"-?\d+(\.\d+)?:\d+(\.\d+)?", n) for n in numeric)
    assert "0.000000001" in text  # a tolerance of 1e-9, written out


def test_gift_escaping_fixture_round_trips_through_pygiftparser(tmp_path):
    out = tmp_path / "escaping.gift"
    result = export([ESCAPING], "gift", out)
    assert result.exported == 1 and not result.skipped
    [question] = gift_parser.parseFile(out.read_text().splitlines(keepends=True))
    from quiz_app.bank.loader import load_banks

    [template] = load_banks([ESCAPING]).banks[0].bank.questions
    assert question.valid and moodle_unescape(question.title) == template.id
    assert shown(question.text) == html.unescape(to_html(template.prompt))
    assert "<li>a bullet with \\(x_1\\)</li>" in shown(question.text)  # the list survives
    assert "\\(\\max\\{0, x\\}\\)" in shown(question.text)  # LaTeX, backslashes and all
    answers = question.answers.answers
    assert [a.fraction for a in answers] == [100.0, 0.0, 0.0]  # "%50%…" earns nothing
    for answer, choice in zip(answers, template.choices):
        assert shown(answer.answer) == html.unescape(to_html(choice.text, inline=True))
        if choice.feedback:
            assert shown(answer.feedback) == html.unescape(to_html(choice.feedback))
    assert shown(answers[2].answer) == "~1 = #1 {1}: \\1"


@pytest.mark.parametrize("text, escaped", [
    ("a~b", "a\\~b"), ("a=b", "a\\=b"), ("#", "\\#"), ("{x}", "\\{x\\}"), ("a:b", "a\\:b"),
    ("\\", "\\\\"), ("\\{", "\\\\\\{"), ("line\nnext", "line\\nnext"), ("\\n", "\\\\n"),
    ("%50%", "%50%"), ("a\r\nb", "a\\nb"),
])
def test_gift_escape_table(text, escaped):
    assert escape(text) == escaped
    assert moodle_unescape(escaped) == text.replace("\r\n", "\n")


@pytest.mark.parametrize("value, text", [
    (1e-08, "0.00000001"), (0.5, "0.5"), (1e20, "100000000000000000000"), (-2.0, "-2"),
    (1 / 3, "0.3333333333333333"), (0.0, "0"), (-0.0, "0"), (1.5e-7, "0.00000015"),
])
def test_plain_decimal_table(value, text):
    assert plain_decimal(value) == text


@pytest.mark.parametrize("key, value", [
    ("1/2", 0.5), ("sqrt(-1)", None), ("oo", None), ("-oo", None), ("x", None),
    ("log(0)", None), ("1/0", None), ("-3", -3.0), ("exp(0)", 1.0),
])
def test_numeric_value_refuses_what_is_not_a_finite_real(key, value):
    assert numeric_value(key) == value


@proved
def test_markdown_handout_lists_options_and_keys_as_maths(tmp_path):
    out = tmp_path / "handout.md"
    export(BANKS, "markdown", out, one_variant=True)
    text = out.read_text()
    questions, answers = text.split("\n# Answers\n")
    banks = bundled()
    one_each = sum(1 for lb in banks for _ in lb.bank.questions)  # --one-variant
    assert questions.count("\n**") == answers.count("\n**") == one_each
    assert f"## {banks[0].bank.title}" in questions
    assert "\n- a) " in questions and "\n- b) " in questions  # a real list
    assert "$\\frac{1}{1 + e^{- x}}$" in answers  # softplus' key, typed as maths
    assert "`" not in answers.split("**1.**")[0]


def test_markdown_handout_escapes_html_and_fake_sections(tmp_path):
    bank = tmp_path / "evil.yaml"
    bank.write_text(
        "title: Evil\nquestions:\n  - id: evil\n    prompt: |-\n      <script>alert(1)</script>"
        " and $x<0$ and `a<b`\n\n      # Answers\n      Answers\n      ===\n"
        "    choices:\n      - text: yes\n        correct: true\n      - text: no\n"
        "    explanation: fine\n")
    out = tmp_path / "evil.md"
    result = export([bank], "markdown", out)
    assert result.written
    text = out.read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "$x<0$" in text and "`a<b`" in text  # maths and code are left alone
    assert text.count("\n# Answers") == 1 and "\\# Answers" in text
    assert "\n\\===" in text  # no setext heading either
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(text)
    assert rendered.count("<h1>") == 1 and "<script>" not in rendered


MARKDOWN_INJECTIONS = [
    "$<img src=x onerror=alert(1)>$",  # raw HTML inside maths
    "$$<script>alert(1)</script>$$",
    "$a\n# Answers\n**1.** a fake key b$",  # a heading from inside a maths span
    "`a\n# Answers\n`",  # …or a code span
    "$x\nAnswers\n===\ny$",  # a setext heading from inside maths
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "$&lt;img src=x onerror=alert(1)&gt;$",  # entities inside maths
    "$<a href=javascript:alert(1)>x</a>$",
]


class _StartTags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_no_bank_text_becomes_markup_in_the_markdown_handout(tmp_path):
    """Rendered as GitHub or markdown-it with raw HTML on: no tag of the author's, no
    handler, no javascript: link, and one Answers section, whatever a text holds."""
    from markdown_it import MarkdownIt

    questions = []
    for number, text in enumerate(MARKDOWN_INJECTIONS):
        quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        questions.append(
            f'  - id: md-{number}\n    prompt: "Prompt {quoted}"\n    choices:\n'
            f'      - {{text: "Choice {quoted}", correct: true}}\n      - {{text: other}}\n'
            f'    explanation: "Explanation {quoted}"\n')
    bank = tmp_path / "md.yaml"
    bank.write_text("title: Injections\nquestions:\n" + "".join(questions), encoding="utf-8")
    out = tmp_path / "md.md"
    assert export([bank], "markdown", out).written
    rendered = MarkdownIt("commonmark").render(out.read_text(encoding="utf-8"))
    parser = _StartTags()
    parser.feed(rendered)
    tags = {tag for tag, _ in parser.found}
    assert tags <= {"h1", "h2", "p", "strong", "em", "ul", "li", "hr", "code", "a"}, tags
    for tag, attributes in parser.found:
        for name, value in attributes:
            assert not name.startswith("on") and "javascript:" not in (value or ""), (tag, name)
    assert rendered.count("<h1>") == 1


# ---- check first, write atomically, refuse bad targets ------------------------------------

WRONG_KEY = FIXTURES / "proofs" / "wrong-key.yaml"
SYNTAX = FIXTURES / "bad" / "syntax.yaml"
DUPLICATES = [FIXTURES / "bad" / "duplicate-id-a.yaml", FIXTURES / "bad" / "duplicate-id-b.yaml"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("banks", [[WRONG_KEY], [SYNTAX], DUPLICATES],
                         ids=["wrong-key", "yaml-error", "duplicate-ids"])
def test_a_bank_check_fails_is_not_exported_and_the_old_file_stays(tmp_path, fmt, banks):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "out.file"
    out.write_bytes(b"previous export")
    result = run("export", *banks, "--format", fmt, "-o", out)
    assert result.exit_code == 1, result.output
    assert "not exported" in result.output and "error" in result.output
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in out.parent.iterdir()] == ["out.file"]  # no temp file left


def test_force_exports_anyway_and_lists_the_errors(tmp_path):
    out = tmp_path / "out.md"
    result = run("export", WRONG_KEY, "--format", "markdown", "-o", out, "--force")
    assert result.exit_code == 1
    assert "error" in result.output and "--force" in result.output
    assert out.exists() and "# Answers" in out.read_text()


@pytest.mark.parametrize("target", ["input", "directory", "missing-dir", "dev-full",
                                    "input-in-dir"])
def test_bad_targets_are_usage_errors_and_nothing_is_overwritten(tmp_path, target):
    bank = tmp_path / "bank.yaml"
    bank.write_text((FIXTURES / "good" / "minimal.yaml").read_text())
    original = bank.read_bytes()
    inputs = [bank]
    out = {"input": bank, "directory": tmp_path, "missing-dir": tmp_path / "no" / "x.xml",
           "dev-full": "/dev/full", "input-in-dir": bank}[target]
    if target == "input-in-dir":
        inputs = [tmp_path]
    if target == "dev-full" and not __import__("os").path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    result = run("export", *inputs, "--format", "gift", "-o", out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)
    assert "Error:" in result.output
    assert bank.read_bytes() == original


def test_stack_is_a_moodle_xml_option_only(tmp_path):
    result = run("export", BANKS[0], "--format", "gift", "--stack", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "--stack" in result.output


@proved
def test_export_json_reports_what_was_skipped(tmp_path):
    import json

    result = run("export", BANKS[0], "--format", "gift", "-o", tmp_path / "b.gift", "--json")
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["written"] and report["exported"] > 0
    reasons = {s["id"]: s["reason"] for s in report["skipped"]}
    assert "--stack" in reasons["typed-relu-as-abs"]
    assert "∞" in reasons["typed-sqrt-abs-right-derivative"]


@proved
def test_skips_are_warnings_unless_strict(tmp_path):
    out = tmp_path / "b.gift"
    plain = run("export", BANKS[0], "--format", "gift", "-o", out)
    assert plain.exit_code == 0 and "skipped" in plain.output and out.exists()
    strict = run("export", BANKS[0], "--format", "gift", "-o", out, "--strict")
    assert strict.exit_code == 1 and "skipped" in strict.output
    nothing_skipped = run("export", BANKS[0], "--format", "markdown", "-o",
                          tmp_path / "b.md", "--strict")
    assert nothing_skipped.exit_code == 0, nothing_skipped.output


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    import errno

    import quiz_app.export.output as output

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "bank.md"
    out.write_text("previous")

    def disk_full(*_):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "replace", disk_full)
    result = run("export", FIXTURES / "good" / "minimal.yaml", "--format", "markdown",
                 "-o", out)
    assert result.exit_code == 2 and "No space left" in result.output
    assert out.read_text() == "previous" and [p.name for p in out.parent.iterdir()] == \
        ["bank.md"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_complex_numeric_key_never_crashes_an_export(tmp_path, fmt):
    bank = tmp_path / "complex.yaml"
    bank.write_text("title: Complex\nquestions:\n  - id: imaginary\n    type: numeric\n"
                    "    prompt: What is the square root of -1?\n    answer: sqrt(-1)\n"
                    "    explanation: There is no real one.\n")
    out = tmp_path / "out.file"
    result = run("export", bank, "--format", fmt, "-o", out, "--force")
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.output
    assert result.exit_code in (0, 1)
    if fmt in ("gift", "moodle-xml", "qti"):
        assert "skipped imaginary" in result.output and "not a finite real" in result.output


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_gift_escape_round_trips_any_text(text):
    assert moodle_unescape(escape(text)) == text.replace("\r\n", "\n").replace("\r", "\n")
    assert "\n" not in escape(text)  # a blank line would end the question


@given(st.text(alphabet="ab $\\`{}<>_*#\n", max_size=40))
def test_rendered_html_never_passes_raw_html_through(text):
    rendered = to_html(text)
    assert "<script" not in to_html(text + "<script>")
    assert not re.search(r"<(?!/?(p|em|strong|code|ul|ol|li|h[1-6]|hr|br|pre|blockquote)\b)",
                         rendered), rendered


@pytest.mark.parametrize("text, converted", [
    ("$x$", "\\(x\\)"), ("$$x^2$$", "\\[x^2\\]"), ("$a$ and $b$", "\\(a\\) and \\(b\\)"),
    ("costs $5 and $6", "costs $5 and $6"), ("\\$5", "\\$5"), ("`$x$`", "`$x$`"),
    ("$ x$", "$ x$"), ("$x $", "$x $"), ("$x$5", "$x$5"), ("$\\max\\{0,x\\}$",
                                                       "\\(\\max\\{0,x\\}\\)"),
    ("a $x_1$ b", "a \\(x_1\\) b"), ("$$\na\n$$", "\\[\na\n\\]"),
])
def test_maths_delimiters_table(text, converted):
    from quiz_app.export.richtext import latex_delimiters

    assert latex_delimiters(text) == converted


@pytest.mark.parametrize("text, html_text", [
    ("$\\{x\\}$", "<p>\\(\\{x\\}\\)</p>"),
    ("$x_1 * y_2$ and a_b", "<p>\\(x_1 * y_2\\) and a_b</p>"),
    ("$x<0$", "<p>\\(x&lt;0\\)</p>"),
    ("Type `oo` for $+\\infty$", "<p>Type <code>oo</code> for \\(+\\infty\\)</p>"),
    ("<b>hi</b>", "<p>&lt;b&gt;hi&lt;/b&gt;</p>"),
    ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
])
def test_markdown_to_html_keeps_latex_intact(text, html_text):
    assert to_html(text) == html_text


@proved
def test_the_handout_spreads_the_right_letters_and_each_names_a_right_option(tmp_path):
    """The bundled bank writes its right option first in most questions; a printed page
    shuffles (the same at every export) so no letter is the answer on over half of them,
    and each answer letter still names a right option of its own question."""
    from quiz_app.export.common import export_items

    out = tmp_path / "handout.md"
    export(BANKS, "markdown", out, one_variant=True)
    questions, answers = out.read_text(encoding="utf-8").split("\n# Answers\n")
    items = export_items(bundled(), one_variant=True)[0]
    blocks = re.split(r"\n(?=\*\*\d+\.\*\* )", questions)[1:]
    keys = re.findall(r"^\*\*(\d+)\.\*\* (.*?) —", answers, re.MULTILINE)
    assert len(blocks) == len(keys) == len(items)
    letters = []
    for item, block, (_, key) in zip(items, blocks, keys):
        if item.question.free_answer:
            continue
        shown = dict(re.findall(r"^- ([a-z])\) (.*)$", block, re.MULTILINE))
        right = {c.text.strip() for c in item.question.choices if c.correct}
        named = re.findall(r"([a-z])\)", key)
        assert {shown[letter].strip() for letter in named} == right, (item.export_id, key)
        if item.question.type == "single":
            letters.append(named[0])
    assert len(letters) > 40
    assert max(letters.count(letter) for letter in set(letters)) <= len(letters) / 2, letters
    again = tmp_path / "again.md"
    export(BANKS, "markdown", again, one_variant=True)
    assert again.read_text() == out.read_text()  # the same at every export
