"""Global claims in the bank format (issue 23): accepted as the format says, proved by
`check`, and every key proved or said why not, in `check` and in `export`.

The expected verdicts are derived in the fixtures' comments from the definitions; the
decider itself is tested case by case in tests/test_global_claims.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app.bank.data import CLAIM_NAMES, GLOBAL_CLAIMS
from quiz_app.bank.loader import load_bank_file
from quiz_app.checker.run_check import CheckOptions, run_check
from quiz_app.cli import main

GLOBAL = Path(__file__).parent / "fixtures" / "global"


def bank(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text("title: t\nquestions:\n" + body)
    return path


def diagnostics(report) -> list[tuple[int, int, str, str, str]]:
    return [(d.line, d.col, d.severity, d.question_id, d.message) for d in report.diagnostics]


def test_right_keys_are_proved_pointwise_and_over_the_domain():
    report = run_check([GLOBAL / "right.yaml"], CheckOptions(use_cache=False))
    assert diagnostics(report) == []
    assert (report.questions, report.proved, report.undecided) == (10, 10, 0)


def test_each_wrong_key_is_an_error_at_its_line():
    report = run_check([GLOBAL / "wrong.yaml"])
    assert ("interval-that-does-not-parse", 60, 25) in {
        (d.question_id, d.line, d.col) for d in report.diagnostics}
    found = {(line, qid, message.split(" (")[0].split(":")[0])
             for line, _, severity, qid, message in diagnostics(report) if severity == "error"}
    assert found == {
        # softplus never reaches 0: its range is (0, oo), so the marked [0, oo) is false
        (7, "softplus-range-closed", "choice 1 is marked correct but range"),
        (10, "softplus-range-closed", "choice 2 is not marked correct but its claims all hold"),
        # (log(1 + e^x))' = e^x/(1 + e^x) = σ(x), and 1/(1 + e^x) is σ(−x)
        (18, "sigma-of-minus-x", "answer '1/(1 + exp(x))' differs from the computed derivative = "
                                 "exp(x)/(exp(x) + 1)"),
        # softplus(0) = log 2, not 0
        (25, "softplus-at-0-literal", "answer '0' differs from the computed value = log(2)"),
        # e^x/(1 + e^x) = 1/(1 + e^(−x)): a reject that can never apply
        (34, "reject-equals-key", "reject 1 'exp(x)/(1 + exp(x))' is equivalent to the key "
                                  "'1/(1 + exp(-x))'"),
        # |x| is −x then x: the slope jumps up at 0, so it is convex
        (41, "abs-not-convex", "choice 1 is marked correct but convex"),
        (44, "abs-not-convex", "choice 2 is not marked correct but its claims all hold"),
        # the slopes are 1/100 and 1: the smallest Lipschitz constant is the larger, 1
        (52, "leaky-lipschitz-smaller-slope", "answer '1/100' differs from the computed "
                                              "lipschitz = 1"),
        # a claimed interval whose end does not parse: at the claim's own column
        (60, "interval-that-does-not-parse", "range"),
    }


def test_a_false_global_claim_says_why_in_the_students_words():
    report = run_check([GLOBAL / "wrong.yaml"])
    [convex] = [d.message for d in report.diagnostics
                if d.question_id == "abs-not-convex" and d.line == 41]
    assert "convex: false is false" in convex
    assert "the slope jumps up (from -1 to 1)" in convex


def test_a_warm_check_gives_the_same_report_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("RELU_QUIZ_HOME", str(tmp_path))
    cold = diagnostics(run_check([GLOBAL / "wrong.yaml"]))
    from quiz_app.checker import pool

    def no_pool(*args, **kwargs):
        raise AssertionError("a warm check started a worker")

    monkeypatch.setattr(pool, "run_tasks", no_pool)
    assert diagnostics(run_check([GLOBAL / "wrong.yaml"])) == cold


def test_every_global_claim_is_in_the_format_and_the_schema():
    assert set(GLOBAL_CLAIMS) < set(CLAIM_NAMES)
    result = CliRunner().invoke(main, ["schema"])
    claims = json.loads(result.output)["$defs"]["Claims"]["properties"]
    assert set(GLOBAL_CLAIMS) <= set(claims)
    assert "domain" in json.loads(result.output)["$defs"]["Choice"]["properties"]


@pytest.mark.parametrize(("claims", "message"), [
    ("{subdifferentials: '[0, 1]'}",
     "unknown claim 'subdifferentials' (did you mean 'subdifferential'?); the claims are: "),
    ("{sharpness: 1}", "unknown claim 'sharpness'; the claims are: continuous, "),
    ("{convex: null}", "questions.0.choices.0.claims.convex: Input should be a valid boolean"),
    ("{range: '0, oo'}", "questions.0.choices.0.claims.range: Value error, '0, oo' is not an "
                         "interval"),
    ("{clarke: '[0, 1'}", "questions.0.choices.0.claims.clarke: Value error, '[0, 1' is not an "
                          "interval"),
])
def test_a_malformed_claim_is_an_error_at_its_line(tmp_path, claims, message):
    path = bank(tmp_path, "  - id: q\n    prompt: p\n    function: Max(0, x)\n"
                          "    explanation: e\n    choices:\n"
                          f"      - text: a\n        correct: true\n        claims: {claims}\n"
                          "      - text: b\n        claims: {convex: false}\n")
    loaded, found = load_bank_file(path)
    assert loaded is None
    [problem] = found
    assert problem.line == 10 and problem.message.startswith(message)
    if "claims are" in message:
        assert problem.message.endswith(", ".join(CLAIM_NAMES))


def test_an_unclaimed_option_and_an_unproved_typed_key_are_warnings_then_strict_errors(
        tmp_path):
    path = bank(tmp_path, "  - id: choose\n    prompt: p\n    function: Max(0, x)\n"
                          "    explanation: e\n    choices:\n"
                          "      - text: a\n        correct: true\n        claims: {convex: true}\n"
                          "      - text: b\n"
                          "  - id: typed\n    type: numeric\n    prompt: p\n    answer: '1'\n"
                          "    explanation: e\n")
    report = run_check([path])
    assert [(line, severity, qid, message.split(":")[0])
            for line, _, severity, qid, message in diagnostics(report)] == [
        (11, "warning", "choose", "choice 2 is not proved"),
        (15, "warning", "typed", "the key is not proved"),
    ]
    plain = CliRunner().invoke(main, ["check", "--alone", str(path)])
    strict = CliRunner().invoke(main, ["check", "--alone", "--strict", str(path)])
    assert (plain.exit_code, strict.exit_code) == (0, 1)


def test_unproved_with_a_reason_is_listed_not_warned(tmp_path):
    path = bank(tmp_path, "  - id: history\n    prompt: p\n    unproved: a date in history\n"
                          "    explanation: e\n    choices:\n"
                          "      - text: a\n        correct: true\n      - text: b\n")
    report = run_check([path])
    assert diagnostics(report) == [] and report.unproved == [("history", "a date in history")]


def test_export_repeats_check_warnings_and_strict_fails_on_them(tmp_path):
    path = bank(tmp_path, "  - id: typed\n    type: numeric\n    prompt: p\n    answer: '1'\n"
                          "    explanation: e\n")
    out = tmp_path / "out.md"
    args = ["export", str(path), "--format", "markdown", "-o", str(out)]
    plain = CliRunner().invoke(main, args)
    assert plain.exit_code == 0 and out.exists()
    assert f"{path}:6:13: warning: the key is not proved" in plain.output
    assert "1 check warnings (above)" in plain.output
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
    data = json.loads(CliRunner().invoke(main, [*args, "--json"]).output)
    assert [w["message"].split(":")[0] for w in data["warnings"]] == ["the key is not proved"]


def test_computed_global_keys_are_graded_as_the_app_grades_them(tmp_path):
    path = bank(tmp_path, "  - id: q\n    type: numeric\n    prompt: p\n"
                          "    function: Max(0, x)\n    answer_fact: expectation\n"
                          "    tests:\n"
                          # E[ReLU(X)] = ∫₀^∞ x φ(x) dx = φ(0) = 1/√(2π) ≈ 0.398942
                          "      - {answer: '1/sqrt(2*pi)', expect: right}\n"
                          "      - {answer: '1/2', expect: wrong}\n"
                          "    explanation: e\n")
    report = run_check([path])
    assert diagnostics(report) == [] and report.proved == 1


def test_a_computed_global_key_out_of_time_is_a_warning_never_an_error_nor_cached(tmp_path):
    path = bank(tmp_path, "  - id: q\n    type: numeric\n    prompt: p\n"
                          "    function: Max(0, x)**2\n    answer_fact: expectation\n"
                          "    explanation: e\n")
    report = run_check([path], CheckOptions(timeout=0.01))  # less than a fork takes
    [(line, _, severity, _, message)] = diagnostics(report)
    assert (line, severity) == (7, "warning")
    assert message.startswith("could not compute expectation: time limit (0.01 s)")
    assert diagnostics(run_check([path])) == []  # not cached: decided with time to spare


def test_a_domain_that_does_not_parse_is_an_error_at_its_line(tmp_path):
    path = bank(tmp_path, "  - id: typed\n    type: expression\n    prompt: p\n"
                          "    function: Max(0, x)\n    answer_fact: derivative\n"
                          "    answer: '1'\n    domain: '[0, foo)'\n    explanation: e\n"
                          "  - id: choose\n    prompt: p\n    function: Max(0, x)\n"
                          "    explanation: e\n    choices:\n"
                          "      - text: a\n        correct: true\n        domain: y > 0\n"
                          "        claims: {convex: true}\n"
                          "      - text: b\n        claims: {convex: false}\n")
    found = [(line, col, severity, qid, message.split(":")[0])
             for line, col, severity, qid, message in diagnostics(run_check([path]))]
    assert sorted(found) == [(9, 13, "error", "typed", "domain"),
                             (18, 17, "error", "choose", "domain")]


def test_an_interval_domain_serves_typed_answers_too(tmp_path):
    # on (0, oo) ReLU's slope is 1: x/x is right there, x is not
    path = bank(tmp_path, "  - id: typed\n    type: expression\n    prompt: p\n"
                          "    function: Max(0, x)\n    answer_fact: derivative\n"
                          "    answer: '1'\n    domain: '(0, oo)'\n    explanation: e\n"
                          "    tests:\n      - {answer: x/x, expect: right}\n"
                          "      - {answer: x, expect: wrong}\n")
    report = run_check([path])
    assert diagnostics(report) == [] and report.proved == 1


def test_the_same_claims_on_the_same_function_are_decided_once(monkeypatch):
    """A bank copied under new ids asks each target the same thing many times: one claim
    set per target goes to the pool (a task's time limit is per task, so 64 copies in one
    task ran out of time), and every job gets its verdict."""
    from types import SimpleNamespace

    from quiz_app.checker import pool
    from quiz_app.checker.cache import ResultCache
    from quiz_app.checker.global_keys import add_global_verdicts

    sent: list[list[dict]] = []
    real = pool.run_for_check

    def recording(tasks, options, progress=None):
        sent.extend(task["claims"] for task in tasks)
        return real(tasks, options, progress)

    monkeypatch.setattr(pool, "run_for_check", recording)
    relu = ("Max(0, x)", "x", None, "0")
    true, false = {"convex": True, "range": "[0, oo)"}, {"concave": True}
    jobs = [SimpleNamespace(global_target=relu, global_claims=claims, result=None)
            for _ in range(40) for claims in (true, false)]
    add_global_verdicts(jobs, ResultCache(None), CheckOptions(timeout=60))
    assert sent == [[true, false]]
    assert [job.result["holds"] for job in jobs] == [True, False] * 40
