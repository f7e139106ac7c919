"""`check` proves answer keys: wrong keys fail at the choice's line; doubt is a warning."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from quiz_app.checker.run_check import CheckOptions, run_check
from quiz_app.checker.service import analyze_with_time_limit
from quiz_app.cli import main
from tests.conftest import FIXTURES, REPO

PROOFS = FIXTURES / "proofs"


def messages(report):
    return [(d.line, d.col, d.severity, d.message, d.question_id) for d in report.diagnostics]


def test_marked_choice_that_is_false_fails_at_its_line():
    report = run_check([PROOFS / "wrong-key.yaml"])
    assert messages(report) == [
        (8, 9, "error", "choice 1 is not marked correct but its claims all hold: "
                        "continuous = True, differentiable = False", "relu-wrong-key"),
        (10, 9, "error", "choice 2 is marked correct but differentiable is False "
                         "(left derivative 0 ≠ right derivative 1)", "relu-wrong-key"),
    ]
    assert report.failed and report.proved == 0


def test_right_keys_of_every_claim_kind_are_proved():
    report = run_check([PROOFS / "right-key.yaml"])
    assert messages(report) == []
    assert (report.proved, report.undecided, report.without_claims) == (3, 0, 0)


def test_unmarked_true_choice_is_an_error():
    report = run_check([PROOFS / "unmarked-true.yaml"])
    [(line, col, severity, message, qid)] = messages(report)
    assert (line, col, severity, qid) == (11, 9, "error", "abs-corner")
    assert message.startswith("choice 2 is not marked correct but its claims all hold")


def test_refused_expression_is_an_error_at_the_function():
    report = run_check([PROOFS / "bad-expression.yaml"])
    assert messages(report) == [(5, 15, "error", "invalid function: unknown name 'y' at "
                                 "column 8", "typo-in-function")]


@pytest.fixture
def sleeping_pool(monkeypatch, tmp_path):
    """Pool workers that sleep instead of analysing, and write their pid first: a task that
    can never finish in time, whatever sympy's speed. The pool forks (so the workers see
    this patch) instead of using its forkserver."""
    import multiprocessing

    from quiz_app.checker import pool, worker

    pids = tmp_path / "pids"

    def sleeping_task(task: dict) -> dict:
        with open(pids, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        threading.Event().wait()  # forever: only the time limit ends this
        return {}

    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(worker, "run_task", sleeping_task)
    return pids


def test_time_limit_gives_a_warning_and_strict_makes_it_fail(sleeping_pool):
    report = run_check([PROOFS / "undecided.yaml"], CheckOptions(timeout=0.5))
    assert {d.severity for d in report.diagnostics} == {"warning"}
    assert all("could not verify" in d.message and "time limit (0.5 s)" in d.message
               for d in report.diagnostics)
    assert not report.failed and report.undecided == 1
    strict = run_check([PROOFS / "undecided.yaml"], CheckOptions(timeout=0.5, strict=True))
    assert strict.failed and {d.severity for d in strict.diagnostics} == {"error"}


def test_analysis_time_limit_really_stops_the_worker(sleeping_pool):
    analysis = analyze_with_time_limit("Max(0, x)", "0", timeout=0.5)
    assert analysis.verdict("differentiable").holds is None
    assert analysis.verdict("differentiable").reason == "time limit (0.5 s)"
    [pid] = [int(line) for line in sleeping_pool.read_text().split()]
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(pid, 0)


def test_bundled_bank_is_clean_and_mostly_proved(proved_bundled_home):
    report = run_check([REPO / "questions"])  # cold: this test's home is empty
    assert [d.format() for d in report.diagnostics if d.severity == "error"] == []
    assert report.questions >= 40 and report.files >= 5
    assert report.proved >= report.questions // 2
    # The proofs other tests start from (conftest's proved_bundled_home) are these.
    seeded = (proved_bundled_home / "check-output.txt").read_text().splitlines()[-1]
    assert seeded.startswith(f"{report.files} files, {report.questions} questions: 0 errors")
    assert f"; {report.proved} proved, " in seeded


def test_warm_check_uses_the_cache_and_never_imports_sympy(isolated_home):
    code = ("import sys; from pathlib import Path; "
            "from quiz_app.checker.run_check import run_check; "
            f"r = run_check([Path({str(PROOFS / 'right-key.yaml')!r})]); "
            "print(r.proved, 'sympy' in sys.modules)")
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home))

    def run() -> str:
        return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                              text=True, check=True).stdout.strip()

    assert run() == "3 False"  # cold: the work happened in worker processes
    assert run() == "3 False"  # warm: answered from the cache
    assert list((isolated_home / "cache").rglob("*.json"))


def test_cli_check_json_and_exit_codes():
    runner = CliRunner()
    bad = runner.invoke(main, ["check", "--json", str(PROOFS / "wrong-key.yaml")])
    assert bad.exit_code == 1
    good = runner.invoke(main, ["check", str(PROOFS / "right-key.yaml")])
    assert good.exit_code == 0, good.output
    assert good.output.strip().endswith(
        "3 proved, 0 without claims, 0 undecided, 0 unproved with a reason")


def test_cli_analyze_json_contract():
    import json

    result = CliRunner().invoke(main, ["analyze", "Max(0, x)", "--at", "0", "--json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert list(document)[:14] == [
        "expression", "variable", "point", "value", "left_limit", "right_limit",
        "left_derivative", "right_derivative", "derivative_left_limit",
        "derivative_right_limit", "continuous", "differentiable", "derivative", "reasons"]
    assert (document["left_derivative"], document["right_derivative"]) == ("0", "1")
    assert document["continuous"] is True and document["differentiable"] is False
    assert document["derivative"] is None


def test_cli_analyze_invalid_expression_exits_one_with_message():
    result = CliRunner().invoke(main, ["analyze", "Max(0, y)"])
    assert result.exit_code == 1
    assert "unknown name 'y' at column 8" in result.output


def test_claims_compare_exact_values_even_when_sympy_names_unparseable_functions():
    from quiz_app.checker.analysis import analyze_text
    from quiz_app.checker.claims import evaluate_claims

    analysis = analyze_text("tanh(x)", "5")  # f′(5) comes back as cosh(5)**(-2)
    assert evaluate_claims(analysis, {"derivative": "1"}).holds is False
    assert evaluate_claims(analysis, {"derivative": "1 - tanh(5)**2"}).holds is True


def test_published_schema_file_matches_the_models():
    import json

    from quiz_app.bank.schema import bank_json_schema

    published = json.loads((REPO / "docs" / "bank.schema.json").read_text())
    assert published == bank_json_schema(), "run: relu-quiz schema > docs/bank.schema.json"


def test_every_variant_is_proved_and_a_wrong_one_is_named():
    report = run_check([PROOFS / "parametric.yaml"])
    messages = [(d.line, d.message) for d in report.diagnostics]
    # ELU is smooth only for alpha = 1: the key "Yes" is wrong for the other two variants.
    assert messages == [
        (8, "choice 1 is marked correct but differentiable is False (left derivative 1/2 ≠ "
            "right derivative 1) (variant alpha=0.5)"),
        (8, "choice 1 is marked correct but differentiable is False (left derivative 2 ≠ "
            "right derivative 1) (variant alpha=2)"),
        (11, "choice 2 is not marked correct but its claims all hold: differentiable = False "
             "(variant alpha=0.5)"),
        (11, "choice 2 is not marked correct but its claims all hold: differentiable = False "
             "(variant alpha=2)"),
    ]
    assert report.proved == 1  # the leaky-ReLU key, computed for a = 0.01, 0.02 and 0.03


def test_variants_fill_texts_and_expressions_token_by_token():
    from quiz_app.bank.loader import load_bank_file
    from quiz_app.bank.variants import expand, realize, substitute_names

    loaded, _ = load_bank_file(PROOFS / "parametric.yaml")
    elu, leaky = loaded.bank.questions
    assert [v.label for v in expand(leaky)] == ["a=0.01", "a=0.02", "a=0.03"]
    one = realize(elu, {"alpha": "1"})
    assert one.prompt == "ELU with $\\alpha = 1$ is differentiable at 0. True?"
    assert one.function == "Piecewise(((1)*(exp(x) - 1), x < 0), (x, True))"
    assert substitute_names("alphabet + alpha", {"alpha": "2"}) == "alphabet + (2)"


def test_quiz_variant_follows_the_seed():
    from quiz_app.bank.loader import load_banks
    from quiz_app.study.session import items_from

    banks = load_banks([PROOFS / "parametric.yaml"]).banks
    first = [i.variant for i in items_from(banks, seed=7)]
    assert first == [i.variant for i in items_from(banks, seed=7)]
    assert all(v.startswith(("alpha=", "a=")) for v in first)
    assert len({tuple(i.variant for i in items_from(banks, seed=s)) for s in range(20)}) > 1


def test_editing_a_checker_source_file_invalidates_cached_proofs(tmp_path, monkeypatch):
    """The proof cache is keyed on the checker's own source: a change to the maths can never
    reuse an old verdict, even if nobody bumps CHECKER_VERSION."""
    import shutil

    from quiz_app.checker import cache, pool

    computed: list[int] = []
    real_run_tasks = pool.run_tasks

    def counting_run_tasks(tasks, *args, **kwargs):
        computed.append(len(tasks))
        return real_run_tasks(tasks, *args, **kwargs)

    monkeypatch.setattr(pool, "run_tasks", counting_run_tasks)
    source = tmp_path / "checker"
    source.mkdir()
    for path in cache.checker_source_files():
        shutil.copy(path, source / path.name)
    monkeypatch.setattr(cache, "checker_source_files", lambda: sorted(source.glob("*.py")))
    cache.checker_source_hash.cache_clear()
    try:
        bank = [FIXTURES / "ui" / "quiz.yaml"]
        first = run_check(bank)
        assert computed and first.proved > 0
        computed.clear()
        assert run_check(bank).proved == first.proved and computed == []  # all cached
        onesided = source / "onesided.py"
        onesided.write_text(onesided.read_text() + "\n# a change to the maths\n")
        cache.checker_source_hash.cache_clear()
        again = run_check(bank)
        assert computed, "an edited checker reused its old verdicts"
        assert again.proved == first.proved
    finally:
        cache.checker_source_hash.cache_clear()


def test_the_cache_knows_sympys_version_without_importing_it():
    import sympy

    from quiz_app.checker.cache import _sympy_version

    assert _sympy_version() == sympy.__version__
