"""Issue 13, items 7, 8 and 17: the command line validates its input, prints no terminal
escapes from banks, and never reports a crash as success."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from quiz_app import cli
from quiz_app.cli import main


@pytest.mark.parametrize("command", ["analyze x", "check --no-proofs"])
@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e309", "-1", "0", "0.05",
                                   "3601", "abc", ""])
def test_timeout_out_of_range_is_a_usage_error(command, value):
    result = CliRunner().invoke(main, [*command.split(), "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "--timeout" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["0.1", "2", "3600"])
def test_timeout_in_range_is_accepted(value):
    result = CliRunner().invoke(main, ["analyze", "x", "--timeout", value])
    assert result.exit_code == 0, result.output


class _CrashedApp:
    """Stands in for a Textual app that crashed: Textual sets return_code 1 and returns."""

    return_code = 1

    def run(self):
        return None


def test_a_crashed_app_exits_non_zero(monkeypatch):
    import quiz_app.ui.app

    monkeypatch.setattr(quiz_app.ui.app, "create_app", lambda config: _CrashedApp())
    for args in ([], ["take"], ["review"], ["explore"]):
        assert CliRunner().invoke(main, args).exit_code == 1, args


def test_a_real_textual_crash_sets_the_return_code():
    from textual.app import App

    class Crashing(App):
        def on_mount(self):
            raise RuntimeError("boom")

    app = Crashing()
    app.run(headless=True)
    assert app.return_code == 1


def test_an_unexpected_error_in_a_command_is_one_line_and_non_zero(monkeypatch):
    import quiz_app.bank.loader

    def broken(paths):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(quiz_app.bank.loader, "load_banks", broken)
    monkeypatch.delenv("RELU_QUIZ_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == cli.EXIT_PROBLEMS
    assert "internal error: RuntimeError: disk on fire" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(monkeypatch):
    import quiz_app.bank.loader

    monkeypatch.setattr(quiz_app.bank.loader, "load_banks",
                        lambda paths: (_ for _ in ()).throw(RuntimeError("disk on fire")))
    monkeypatch.setenv("RELU_QUIZ_DEBUG", "1")
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)


ESC_TOPIC = "evil\x1b]0;pwned\x07\x1b[2J\u202eabc\x9b31m"


def _escape_bank(tmp_path):
    folder = tmp_path / "esc\x1b[31mdir"
    folder.mkdir()
    bank = folder / "bank\x1b[2J.yaml"
    bank.write_text(
        "title: t\ntopic: \"" + ESC_TOPIC.replace("\x1b", "\\e").replace("\x07", "\\a")
        .replace("\u202e", "\\u202e").replace("\x9b", "\\x9b") + "\"\nquestions:\n"
        "  - id: q2\n    prompt: p\n    explanation: e\n"
        "    choices:\n      - {text: a, correct: true}\n      - {text: b}\n",
        encoding="utf-8")
    (folder / "keys\x1b[1m.yaml").write_text(
        "title: t\nquestions:\n  - id: q1\n    prompt: p\n    explanation: e\n"
        "    \"k\\e[31mey\": 1\n"
        "    choices:\n      - {text: a, correct: true}\n      - {text: b}\n",
        encoding="utf-8")
    return folder


def _has_controls(text: str) -> bool:
    return any((ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f or c == "\u202e"
               for c in text)


@pytest.mark.parametrize("command", [["list"], ["check", "--no-proofs"]])
def test_no_control_characters_reach_the_terminal(tmp_path, command):
    bank = _escape_bank(tmp_path)
    result = CliRunner().invoke(main, [*command, str(bank)])
    assert result.output.strip()
    assert not _has_controls(result.output), repr(result.output)
    assert "unknown key 'k[31mey'" in result.output or command == ["list"]
    # the file names are shown, cleaned (the linter may also refuse the escaped topic)
    assert "esc[31mdir/bank[2J.yaml" in result.output


def test_printable_keeps_ordinary_text():
    from quiz_app.bank.printable import printable

    assert printable("Max(0, x) → ∞ · f′(0) ✓ é") == "Max(0, x) → ∞ · f′(0) ✓ é"
    assert printable("a\tb\nc\r\nd") == "a b c d"
    assert printable("\x1b[31mred\x1b[0m\x00\x7f\x85") == "[31mred[0m"
