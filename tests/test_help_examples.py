"""Every example in every `--help` works: it is run, in a scratch directory that has the
files the examples name (questions/, my-bank.yaml, my.yaml, my-bank/).

Commands that open the app are run up to the point where the app would start (the app
itself has its Pilot tests); an example naming a topic that does not exist fails there.
`check` examples run without the symbolic proofs, which have their own tests and would
make this test slow: what is tested here is that the example's arguments are right.
"""

from __future__ import annotations

import dataclasses
import re
import shlex
import shutil

import click
import pytest
from click.testing import CliRunner

from quiz_app import cli
from tests.conftest import FIXTURES, REPO

GOOD_BANK = FIXTURES / "ui" / "quiz.yaml"
PREFIX = re.compile(r"^\s*(?:[A-Z][a-z]+:)?\s*$")  # nothing, or a label such as "Students:"


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    yield path
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def help_examples() -> list[str]:
    examples = []
    for path in _commands(cli.main):
        output = CliRunner().invoke(cli.main, [*path, "--help"]).output
        for line in output.splitlines():
            start = line.find("relu-quiz")
            if start < 0 or line.lstrip().startswith("Usage:") or not PREFIX.match(line[:start]):
                continue
            example = re.split(r"\s+#|\s{2,}\(", line[start:])[0].strip()
            if example not in examples:
                examples.append(example)
    return examples


EXAMPLES = help_examples()


def test_examples_are_found():
    assert len(EXAMPLES) >= 15 and "relu-quiz take --topic family --count 5 --seed 7" \
        in EXAMPLES


@pytest.mark.usefixtures("bundled_proofs_and_conventions")  # about the arguments only
@pytest.mark.parametrize("example", EXAMPLES)
def test_help_example_works(example, tmp_path, monkeypatch):
    (tmp_path / "questions").symlink_to(REPO / "questions")
    shutil.copy(GOOD_BANK, tmp_path / "my-bank.yaml")
    shutil.copy(GOOD_BANK, tmp_path / "my.yaml")
    (tmp_path / "my-bank").mkdir()
    shutil.copy(GOOD_BANK, tmp_path / "my-bank" / "bank.yaml")
    monkeypatch.chdir(tmp_path)
    started = []
    monkeypatch.setattr(cli, "_run_app", lambda **settings: started.append(settings))
    from quiz_app.checker import run_check as checking

    real_run_check = checking.run_check
    monkeypatch.setattr(checking, "run_check", lambda paths, options, *args, **kwargs:
                        real_run_check(paths, dataclasses.replace(options, prove=False),
                                       *args, **kwargs))
    argv = shlex.split(example)[1:]
    if ">" in argv:
        argv = argv[: argv.index(">")]
    result = CliRunner().invoke(cli.main, argv)
    assert result.exit_code == 0, f"{example}\n{result.output}"
    for settings in started:
        if settings.get("explore_expression"):
            from quiz_app.checker.service import analyze_with_time_limit

            analysis = analyze_with_time_limit(settings["explore_expression"],
                                               settings["explore_point"], "x", (), 10.0)
            assert not analysis.error, example
