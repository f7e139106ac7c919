"""`autodiff` claims in `check`: proved by running the framework, refused at their line
when false or unsupported, undecided with the install command when the framework is
missing, and cached under the framework's version.

The fixtures' expected gradients come from the frameworks' documented backward rules (the
cited table tests/data/autodiff_conventions.yaml), not from running the code under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import tomllib
from click.testing import CliRunner

from quiz_app.bank.autodiff_table import FRAMEWORKS, INSTALL
from quiz_app.checker import autodiff
from quiz_app.checker.run_check import CheckOptions, run_check
from quiz_app.cli import main
from tests.conftest import FIXTURES, REPO

HERE = FIXTURES / "frameworks"


def require_all() -> None:
    """CI installs every framework (README's test command: `.[test,frameworks]`)."""
    missing = [name for name in FRAMEWORKS if autodiff.installed_version(name) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI installs every framework, but {missing} are missing")
        pytest.skip(f"not installed: {missing}")


def test_true_claims_are_proved_and_false_ones_hold_their_choice_wrong():
    require_all()
    report = run_check([HERE / "right.yaml"], CheckOptions(strict=True))
    assert [d.format() for d in report.diagnostics] == []
    assert report.proved == 4 and report.undecided == 0


def test_a_wrong_claim_fails_at_its_line_saying_which_version_gives_what():
    require_all()
    report = run_check([HERE / "wrong.yaml"])
    errors = {d.line: d.message for d in report.diagnostics if d.severity == "error"}
    assert sorted(errors) == [12, 21, 30]
    versions = {name: autodiff.installed_version(name) for name in FRAMEWORKS}
    assert f"pytorch {versions['pytorch']}" in errors[12] and "gradient 0, not 1/2" in errors[12]
    assert f"jax {versions['jax']}" in errors[21] and "gradient 1, not 0" in errors[21]
    assert f"tensorflow {versions['tensorflow']}" in errors[30]
    assert "gradient 0.2" in errors[30] and "not 0.01" in errors[30]


@pytest.mark.usefixtures("bundled_proofs")  # proved cold, frameworks run, by conftest
def test_the_bundled_bank_proves_every_framework_claim_under_strict():
    require_all()
    report = run_check([REPO / "questions"], CheckOptions(strict=True))
    assert [d.format() for d in report.diagnostics] == []
    assert not report.failed
    claimed = 0
    import yaml

    for path in (REPO / "questions").glob("*.yaml"):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            for choice in question.get("choices", []):
                claimed += "autodiff" in (choice.get("claims") or {})
    assert claimed >= 40  # the framework questions really are proved by running them


MISSING = ("import sys; sys.modules.update(torch=None, jax=None, tensorflow=None); "
           "from quiz_app.launch import main; sys.argv[0] = 'relu-quiz'; main()")


def _without_frameworks(*args: str, home) -> subprocess.CompletedProcess:
    """relu-quiz as on a machine where no framework can be imported."""
    env = dict(os.environ, RELU_QUIZ_HOME=str(home))
    return subprocess.run([sys.executable, "-c", MISSING, *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_without_the_frameworks_claims_are_undecided_with_the_install_command(isolated_home):
    done = _without_frameworks("check", "--alone", str(HERE / "right.yaml"), home=isolated_home)
    assert done.returncode == 0, done.stderr
    for framework in FRAMEWORKS:
        assert f"{framework} is not installed ({INSTALL[framework]})" in done.stdout
    assert "0 proved" in done.stdout and "4 undecided" in done.stdout
    strict = _without_frameworks("check", "--alone", "--strict", str(HERE / "right.yaml"),
                                 home=isolated_home)
    assert strict.returncode == 1


def test_conventions_without_frameworks_says_how_to_install_one(isolated_home):
    done = _without_frameworks("conventions", home=isolated_home)
    assert done.returncode == 0, done.stderr
    for framework in FRAMEWORKS:
        assert f"{framework} is not installed: {INSTALL[framework]}" in done.stdout
    as_json = json.loads(_without_frameworks("conventions", "--json",
                                             home=isolated_home).stdout)
    assert as_json["rows"] == []
    assert as_json["frameworks"]["jax"] == {"version": None, "install": INSTALL["jax"]}


@pytest.mark.usefixtures("bundled_proofs_and_conventions")  # about the table, not running it
def test_conventions_lists_twenty_calls_per_installed_framework_with_versions():
    require_all()
    result = CliRunner().invoke(main, ["conventions", "--json"])
    assert result.exit_code == 0, result.output
    table = json.loads(result.output)
    for framework in FRAMEWORKS:
        version = autodiff.installed_version(framework)
        assert table["frameworks"][framework] == {"version": version, "install": None}
        rows = [row for row in table["rows"] if row["framework"] == framework]
        assert len({row["call"] for row in rows}) >= 20
        assert all(row["version"] and row["error"] is None and row["missing"] is None
                   for row in rows)
    by_call = {(row["call"], row["at"]): row for row in table["rows"]}
    relu6 = by_call[("torch.nn.functional.relu6(x)", "6")]  # the maths beside it
    assert (relu6["left_derivative"], relu6["right_derivative"]) == ("1", "0")
    assert relu6["subdifferential"] == "none" and relu6["gradient"] == 0
    relu = by_call[("jax.nn.relu(x)", "0")]
    assert relu["subdifferential"] == "[0, 1]" and relu["gradient"] == 0


def test_results_are_cached_under_the_framework_version(monkeypatch):
    require_all()
    first = run_check([HERE / "right.yaml"])
    assert first.proved == 4
    monkeypatch.setattr(autodiff, "CHILD_MODULE", "quiz_app.no_such_child")
    warm = run_check([HERE / "right.yaml"])  # nothing runs: every claim is in the cache
    assert warm.proved == 4 and warm.diagnostics == []
    real = autodiff.installed_version
    monkeypatch.setattr(autodiff, "installed_version",
                        lambda name: None if real(name) is None else real(name) + ".next")
    upgraded = run_check([HERE / "right.yaml"])  # another version: asked again
    assert upgraded.proved == 0
    assert all("stopped" in d.message for d in upgraded.diagnostics), upgraded.diagnostics


def test_an_unsupported_call_is_an_error_at_its_line_and_other_files_still_load(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("""title: t
questions:
  - id: fw-bad-call
    prompt: p
    explanation: e
    choices:
      - text: a
        correct: true
        claims:
          autodiff: {framework: pytorch, call: "__import__('os').system('true')", gradient: 0}
      - text: b
""", encoding="utf-8")
    report = run_check([bad, HERE / "right.yaml"], CheckOptions(prove=False))
    [error] = [d for d in report.diagnostics if d.severity == "error"]
    assert (error.path, error.line) == (str(bad), 10)
    assert "unsupported call '__import__('os').system'" in error.message
    assert "torch.relu" in error.message and "torch.clamp" in error.message
    assert report.files == 2 and report.questions == 4


def test_the_default_install_pulls_no_framework():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = " ".join(project["dependencies"]).lower()
    assert not any(name in names for name in ("torch", "jax", "tensorflow"))
    extras = project["optional-dependencies"]
    assert {"pytorch", "jax", "tensorflow", "frameworks"} <= set(extras)


START = """
import sys
from pathlib import Path
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig

app = create_app(AppConfig(paths=[Path(sys.argv[1])]))

def report():
    loaded = sorted({m.split(".")[0] for m in sys.modules} & {"torch", "jax", "jaxlib",
                                                             "tensorflow", "sympy"})
    print(loaded + sorted(m for m in sys.modules if m.startswith("quiz_app.checker.autodiff")))
    app.exit()

app.call_later(lambda: app.set_timer(0.5, report))
app.run(headless=True, size=(80, 24))
"""


def test_the_app_starts_without_touching_a_framework(isolated_home):
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home))
    done = subprocess.run([sys.executable, "-c", START, str(REPO / "questions")], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
