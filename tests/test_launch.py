"""The console script: alone it opens the app without the command-line parser; with
arguments it is the command line, exactly as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES

SCRIPT = """
import sys
import quiz_app.ui.run as run
run.run_app = lambda **settings: print("app", settings, "click" in sys.modules)
from quiz_app.launch import main
sys.argv = ["relu-quiz", *{args!r}]
try:
    main()
except SystemExit as done:
    print("exit", done.code)
"""


def _launch(*args: str) -> str:
    return subprocess.run([sys.executable, "-c", SCRIPT.format(args=list(args))],
                          capture_output=True, text=True, check=True).stdout


def test_no_arguments_open_the_app_without_loading_click():
    assert _launch().strip() == "app {} False"


def test_arguments_go_to_the_command_line():
    out = _launch("--version")
    assert "relu-quiz" in out and "exit 0" in out
    assert "app" not in out.split()


def test_a_subcommand_that_opens_the_app_passes_its_settings():
    out = _launch("take", "--no-shuffle", "--count", "3")
    assert out.startswith("app {") and "'start': 'take'" in out and "'count': 3" in out


# --- take, study and review without click (quiz_app.launch.quick_settings) ----------------

def _click_settings(arguments: list[str], monkeypatch) -> dict:
    """What quiz_app.cli hands run_app for this command line (click raises on a bad one)."""
    import quiz_app.cli as cli
    import quiz_app.ui.run as run

    given: list[dict] = []
    monkeypatch.setattr(run, "run_app", lambda **settings: given.append(settings))
    cli.main.main(args=arguments, prog_name="relu-quiz", standalone_mode=False)
    assert len(given) == 1
    return given[0]


def test_the_quick_table_has_the_options_click_defines():
    """A setting the quick path fills has click's name, switches and default for it."""
    import click

    import quiz_app.cli as cli
    from quiz_app.launch import DEFAULTS, QUICK_COMMANDS

    for name, (takes_paths, options) in QUICK_COMMANDS.items():
        params = {p.name: p for p in cli.main.commands[name].params}
        defaults = cli.main.commands[name].make_context(name, []).params  # nothing given
        assert ("paths" in params) == takes_paths
        assert set(DEFAULTS[name]) | ({"paths"} if takes_paths else set()) == set(params)
        for flag, (setting, kind) in options.items():
            param = params[setting]
            assert isinstance(param, click.Option) and \
                flag in [*param.opts, *param.secondary_opts]
            assert defaults[setting] == DEFAULTS[name][setting]
            if kind == "count":
                assert isinstance(param.type, click.IntRange) and param.type.min == 1
            elif kind == "int":
                assert param.type is click.INT


VALUES = ["3", "12", "0", "-1", "-4", "+3", "3_0", "٣", " 3", "x", "", "--count"]
JUNK = ["--topic", "continuity", "--shuffle=1", "--", "-h", "--help", "--cont", "-", "x.yaml"]
# A command line is a few clauses: an option and its value (apart or joined by =), a
# switch, a path, or a stray token; most lines are plain, so the quick path takes many.
CLAUSE = st.one_of(
    st.tuples(st.sampled_from(["--count", "--seed"]), st.sampled_from(VALUES)).map(list),
    st.tuples(st.sampled_from(["--count", "--seed"]), st.sampled_from(VALUES))
    .map(lambda pair: ["=".join(pair)]),
    st.sampled_from(["--shuffle", "--no-shuffle", "FILE", "DIR", "MISSING"]).map(lambda t: [t]),
    st.sampled_from(JUNK).map(lambda token: [token]))


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(["take", "study", "review", "list", "--version"]),
       clauses=st.lists(CLAUSE, max_size=4))
def test_a_quick_start_gets_exactly_clicks_settings(command, clauses, monkeypatch, tmp_path):
    import click

    from quiz_app.launch import quick_settings

    where = {"FILE": str(FIXTURES / "ui" / "quiz.yaml"), "DIR": str(FIXTURES / "ui"),
             "MISSING": str(tmp_path / "missing.yaml")}
    arguments = [command, *(where.get(token, token) for clause in clauses for token in clause)]
    quick = quick_settings(arguments)
    if quick is None:
        return  # left to click, which reads it as it always did
    try:
        assert _click_settings(arguments, monkeypatch) == quick
    except click.ClickException as refused:
        raise AssertionError(f"the quick path started what click refuses: {refused}") \
            from refused


@pytest.mark.parametrize("arguments, settings", [
    (["take"], {"start": "take", "paths": [], "topic": None, "count": None, "shuffle": True,
                "seed": None}),
    (["take", "FILE", "--no-shuffle", "--count", "3", "--seed=-7"],
     {"start": "take", "paths": ["FILE"], "topic": None, "count": 3, "shuffle": False,
      "seed": -7}),
    (["study", "DIR", "--count=5"], {"start": "study", "paths": ["DIR"], "count": 5,
                                     "seed": None}),
    (["review", "--count", "2"], {"start": "review", "count": 2}),
])
def test_plain_quiz_command_lines_start_without_click(arguments, settings, monkeypatch):
    where = {"FILE": str(FIXTURES / "ui" / "quiz.yaml"), "DIR": str(FIXTURES / "ui")}
    arguments = [where.get(a, a) for a in arguments]
    if "paths" in settings:
        settings["paths"] = [Path(where[p]) for p in settings["paths"]]
    out = _launch(*arguments)
    assert out.startswith("app {") and out.strip().endswith("False")  # click not imported
    assert _click_settings(arguments, monkeypatch) == settings


@pytest.mark.parametrize("arguments", [
    ["take", "--topic", "continuity"],  # checked against the banks first
    ["take", "--count", "0"], ["take", "--help"], ["take", "missing.yaml"],
    ["take", "--count", "2", "--count", "3"], ["review", "x.yaml"], ["check"],
])
def test_anything_else_goes_to_click(arguments):
    from quiz_app.launch import quick_settings

    assert quick_settings(arguments) is None
