"""Issue 13, items 4, 5 and 6: hostile bank files are refused with a position, never hang,
never crash the app, `take` or `export`."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from quiz_app.bank.loader import load_banks
from tests.conftest import FIXTURES, REPO

LIMIT_SECONDS = 60  # a hang, not a speed check: the old code never returned at all


def relu_quiz(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz_app", *args], capture_output=True,
                          text=True, timeout=LIMIT_SECONDS, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})}, check=False)


def _specials(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    return {"fifo": fifo, "zero": zero, "loop": loop, "pair": a}


@pytest.mark.parametrize("kind, message", [
    ("fifo", "not a regular file"), ("zero", "not a regular file"),
    ("loop", "cannot read file: a symbolic link loop"),
    ("pair", "cannot read file: a symbolic link loop"),
])
@pytest.mark.parametrize("how", ["argument", "RELU_QUIZ_BANKS", "discovered"])
def test_special_files_are_refused_not_read(tmp_path, kind, message, how):
    folder = tmp_path / "banks"
    folder.mkdir()
    specials = _specials(folder)
    home = tmp_path / "home"
    (home / "questions").mkdir(parents=True)
    env = {"RELU_QUIZ_HOME": str(home)}
    path = specials[kind]
    if how == "argument":
        args = ["list", str(path)]
    elif how == "RELU_QUIZ_BANKS":
        args, env["RELU_QUIZ_BANKS"] = ["list"], str(path)
    else:  # a bank folder with every kind of special file in it
        args, env["RELU_QUIZ_BANKS"] = ["list"], str(folder)
    done = relu_quiz(*args, env=env)
    if how == "argument" and kind in ("loop", "pair"):
        assert done.returncode == 2  # click: the path does not exist (a loop never does)
        return
    assert done.returncode == 1, done.stderr
    assert f"{path}:1:1: error: {message}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_directory_linking_to_its_parent_is_walked_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    (tmp_path / "bank.yaml").write_text(
        "title: t\nquestions:\n  - id: q\n    prompt: p\n    explanation: e\n"
        "    choices:\n      - {text: a, correct: true}\n      - {text: b}\n")
    report = load_banks([tmp_path])
    assert [lb.bank.title for lb in report.banks] == ["t"] and not report.diagnostics


def test_the_size_limit_holds_while_reading(tmp_path, monkeypatch):
    """A file whose size `stat` under-reports (it grows, or is special) is cut at the limit."""
    import quiz_app.bank.yaml_source as source

    path = tmp_path / "grows.yaml"
    path.write_bytes(b"title: t\n" + b"#" * 2000)
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 1000)
    report = load_banks([path])
    [diagnostic] = report.diagnostics
    assert "file is" in diagnostic.message and "the limit is" in diagnostic.message


HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("name, line, col, message", [
    ("deep.yaml", 4, 42, "nested more than 32 levels deep"),
    ("huge-int.yaml", 5, 17, "integer has 5000 digits; at most 4300"),
])
def test_deep_nesting_and_huge_integers_are_positioned_errors(name, line, col, message):
    done = relu_quiz("check", "--no-proofs", str(HOSTILE / name))
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    assert f"{HOSTILE / name}:{line}:{col}: error: {message}" in done.stdout


@pytest.mark.parametrize("text, line, col", [
    ("[" * 40 + "]" * 40, 1, 33),
    ("{a: " * 100 + "1" + "}" * 100, 1, 126),
    ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 60)), 32, 32),
    ("- " * 200 + "x", 1, 65),
])
def test_every_kind_of_nesting_is_bounded(text, line, col):
    from quiz_app.bank.yaml_source import YamlSourceError, parse_yaml

    with pytest.raises(YamlSourceError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.col) == (line, col)
    assert caught.value.message == "nested more than 32 levels deep"


@pytest.mark.parametrize("value, ok", [
    ("9" * 4300, True), ("9" * 4301, False), ("-" + "9" * 4301, False),
    ("+" + "9" * 5000, False), ("1_" + "0" * 4400, False), ("0x" + "f" * 5000, False),
])
def test_integers_are_bounded_where_python_would_refuse_them(value, ok):
    from quiz_app.bank.yaml_source import YamlSourceError, parse_yaml

    if ok:
        assert parse_yaml(f"n: {value}").data["n"] == int(value)
        return
    with pytest.raises(YamlSourceError, match="integer has .* digits; at most 4300") as caught:
        parse_yaml(f"n: {value}")
    assert (caught.value.line, caught.value.col) == (1, 4)


BAD_PARAMS = [
    ({"range": ["0", "1e100000000"], "step": "1"}, "too large"),
    ({"range": ["0", "1"], "step": "1e-100000000"}, "too large"),
    ({"range": ["0", "1"], "step": "0"}, "the step must be positive"),
    ({"range": ["0", "1"], "step": "-0.5"}, "the step must be positive"),
    ({"range": ["1", "0"], "step": "0.5"}, "the range is empty"),
    ({"range": ["0", "pi"], "step": "0.5"}, "must be a number, not 'pi'"),
    ({"range": ["0", "1/0"], "step": "0.5"}, "ZeroDivisionError"),
    ({"range": ["0", "9" * 40], "step": "1"}, "too large or too precise"),
    ({"range": ["0.001", "1.001"], "step": "0.001"}, "the range gives 1001 values"),
]


@pytest.mark.parametrize("spec, message", BAD_PARAMS)
def test_bad_params_are_one_error_and_the_bank_is_not_used(tmp_path, spec, message):
    import json

    path = tmp_path / "bank.yaml"
    path.write_text("title: t\nquestions:\n  - id: q\n    type: numeric\n    prompt: p\n"
                    "    answer: a\n    explanation: e\n    params:\n"
                    f"      a: {json.dumps(spec)}\n")
    done = relu_quiz("list", str(path))  # in a child: the old code never returned
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = [x for x in done.stderr.splitlines() if "error" in x]
    assert line.startswith(f"{path}:9:7: error: params: ") and message in line, line
    assert "[q]" in line
    report = load_banks([path])
    assert report.banks == [] and len(report.rejected) == 1


def test_product_of_parameters_over_the_limit_is_refused():
    from quiz_app.bank.data import Question
    from quiz_app.bank.variants import VariantError, expand

    question = Question(id="q", prompt="p", explanation="e", type="numeric", answer="a*b",
                        params={"a": [str(i) for i in range(15)],
                                "b": [str(i) for i in range(15)]})
    with pytest.raises(VariantError, match="225 variants; at most 200"):
        expand(question)
    plain = Question(id="p", prompt="p", explanation="e", type="numeric", answer="1")
    [only] = expand(plain)
    assert (only.values, only.label, only.question) == ({}, "", plain)


def test_there_is_one_expand_and_every_caller_uses_it():
    import quiz_app.bank.variants as variants_module

    assert not hasattr(variants_module, "variants")  # the old entry point is gone
    package = REPO / "quiz_app"
    for source in package.rglob("*.py"):
        if source.name == "variants.py":
            continue
        text = source.read_text(encoding="utf-8")
        # the old helpers' names, not the checker's own parameter_assignments
        assert not re.search(r"(?<![\w.])(realize|_assignments)\(", text), source
    users = [p.name for p in package.rglob("*.py") if "expand(" in p.read_text("utf-8")
             and p.name != "variants.py" and "bank.variants import" in p.read_text("utf-8")]
    assert sorted(users) == ["common.py", "free_answers.py", "keys.py", "lint.py", "loader.py",
                             "run_check.py", "session.py"]


@pytest.mark.parametrize("fixture", ["too-many-variants.yaml", "huge-range.yaml",
                                     "deep.yaml", "huge-int.yaml"])
def test_export_of_a_failing_bank_reports_and_exits_one(tmp_path, fixture):
    out = tmp_path / "out.gift"
    done = relu_quiz("export", str(HOSTILE / fixture), "--format", "gift", "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "error:" in done.stderr


@pytest.mark.parametrize("fixture", ["too-many-variants.yaml", "huge-range.yaml"])
async def test_the_app_starts_a_quiz_without_the_failing_bank(fixture):
    from quiz_app.ui.app import create_app
    from quiz_app.ui.config import AppConfig
    from quiz_app.ui.screens.quiz import QuizScreen

    app = create_app(AppConfig(paths=[HOSTILE / fixture], start="take", shuffle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if app.report is not None:
                break
            await pilot.pause(0.05)
        assert app.report is not None and app.report.banks == []
        assert str(HOSTILE / fixture) in app.report.failed_files
        await pilot.pause(0.2)
        assert not isinstance(app.screen, QuizScreen)  # "No questions to ask here."
    assert app.return_code in (0, None)
