"""The checker's safety nets, each tested directly: the numeric cross-check, the sign of a
function near a point, parameter sampling, the time budget, the parser's bounds, and the
rule that a bug in our code fails loudly instead of becoming "undecided".

Expected values come from the definitions (the comment says why), never from the code.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from quiz_app.checker import analysis as analysis_module
from quiz_app.checker import onesided, symbolic
from quiz_app.checker import stages as stages_module
from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.expr import MAX_DIGITS, ExpressionError, parse_expression
from quiz_app.checker.facts import Fact, hit_time_limit
from quiz_app.checker.onesided import Undecided, checked, eventual_sign
from quiz_app.checker.parametric import right_limit
from quiz_app.checker.probe import (
    NotReal,
    OutOfTime,
    digits_for,
    evaluate,
    probe_values,
    time_budget,
)

T = sp.Dummy("t", positive=True)
ALPHA = sp.Symbol("alpha", positive=True)


def raises(kind, call, *args):
    try:
        call(*args)
    except kind:
        return True
    return False


# --- the sign of h(t) for small t > 0 -----------------------------------------------------
SIGNS = [
    (T, 1), (-T, -1), (T**2 - T, -1),  # t² < t for t < 1
    (sp.sin(T) - T, -1),  # sin t < t for t > 0
    (1 - sp.cos(T), 1), (sp.exp(T) - 1 - T, 1),  # e^t > 1 + t
    (sp.log(1 + T) - T, -1),  # log(1 + t) < t
    (1 / T - 1, 1),  # 1/t is huge
    (sp.Max(0, -T), 0),  # identically 0 for t > 0
    (sp.Integer(-3), -1), (sp.Integer(2), 1), (sp.Integer(0), 0),
    (ALPHA * T, 1), (-ALPHA * T, -1),  # alpha > 0
    ((1 + T) ** ALPHA - 1, 1), ((1 - T) ** ALPHA - 1, -1),  # x**alpha increasing
    (sp.Abs(T - 1) - 1, -1),  # |t - 1| = 1 - t
]


def test_eventual_sign_from_the_definition():
    for h, sign in SIGNS:
        assert eventual_sign(h, T) == sign, h


def test_eventual_sign_will_not_guess_a_parameter_sign():
    assert raises(Undecided, eventual_sign, ALPHA - 1, T)
    assert raises(Undecided, eventual_sign, (ALPHA - 1) * T, T)


def test_eventual_sign_rejects_what_the_numbers_contradict(monkeypatch):
    # pretend sympy's limit says +1 for -t: the probe at 1e-20 and 1e-40 sees -1e-20
    monkeypatch.setattr(onesided, "_symbolic_sign", lambda h, t: 1)
    onesided._cached_sign.cache_clear()
    assert raises(Undecided, eventual_sign, -T, T)
    assert raises(Undecided, eventual_sign, sp.sin(T) - 2 * T, T)
    onesided._cached_sign.cache_clear()


# --- the numeric cross-check ------------------------------------------------------------
def test_a_wrong_value_is_not_trusted():
    # 1 + t tends to 1, so a claimed limit 2 must not survive the probe
    fact = checked(Fact("value", "2"), 1 + T, T, sp.Integer(2))
    assert fact.kind == "undecided"
    assert checked(Fact("value", "1"), 1 + T, T, sp.Integer(1)) == Fact("value", "1")


def test_a_wrong_infinity_is_not_trusted():
    assert checked(Fact("oo", reason="r"), -1 / T, T, sp.oo).kind == "undecided"
    assert checked(Fact("-oo", reason="r"), 1 / T, T, -sp.oo).kind == "undecided"
    assert checked(Fact("oo", reason="r"), 1 / T, T, sp.oo).kind == "oo"
    assert checked(Fact("infinite", reason="r"), 1 + T, T, sp.zoo).kind == "undecided"


def test_a_near_miss_is_not_close_enough():
    # 1001/1000 + t tends to 1001/1000, not 1; 2000 - t stays near 2000, it is not oo
    off = checked(Fact("value", "1"), sp.Rational(1001, 1000) + T, T, sp.Integer(1))
    assert off.kind == "undecided"
    assert checked(Fact("oo", reason="r"), 2000 - T, T, sp.oo).kind == "undecided"
    assert checked(Fact("-oo", reason="r"), sp.log(T), T, -sp.oo).kind == "-oo"
    # 1/t and -1/t have no sign at 0 but |f| grows
    assert checked(Fact("infinite", reason="r"), -1 / T, T, sp.zoo).kind == "infinite"


def test_oscillation_needs_a_gap_that_stays():
    # sympy's bounds for sin²+cos² are [0, 2], but the function is 1
    same = sp.sin(1 / T) ** 2 + sp.cos(1 / T) ** 2
    assert checked(Fact("dne", reason="r"), same, T, sp.AccumBounds(0, 2)).kind == "undecided"
    assert checked(Fact("dne", reason="r"), sp.sin(1 / T), T,
                   sp.AccumBounds(-1, 1)).kind == "dne"
    # t**(1/20)·sin(1/t) -> 0, though its swings are still 0.02 wide at t = 1e-40
    assert checked(Fact("dne", reason="r"), T ** sp.Rational(1, 20) * sp.sin(1 / T), T,
                   sp.AccumBounds(-1, 1)).kind == "undecided"
    # t·sin(1/t) shrinks to 0: no lasting gap
    assert checked(Fact("dne", reason="r"), T * sp.sin(1 / T), T,
                   sp.AccumBounds(-1, 1)).kind == "undecided"


def test_slow_convergence_is_judged_by_its_trend():
    # 1/log(1/t) -> 0 but is still 0.1 at t = 1e-4; the trend over 1e-10 … 1e-80 decides
    fact = checked(Fact("value", "0"), 1 / sp.log(1 / T), T, sp.Integer(0))
    assert fact == Fact("value", "0")


def test_the_probe_checks_the_branch_choice(monkeypatch):
    # A wrong branch choice (Max(0, t) read as 0) must be caught by the original's numbers
    monkeypatch.setattr(onesided, "remove_branches", lambda g, t: sp.Integer(0) * t + 5)
    fact, _ = right_limit(sp.Max(0, T) + 1, T)
    assert fact.kind == "undecided"


def test_probe_uses_floats_not_exact_powers():
    # (1 + t)**(1/t) -> e: exact arithmetic would need 10^80-digit numbers
    values = probe_values((1 + T) ** (1 / T), T)
    assert abs(float(values[-1]) - 2.718281828459045) < 1e-9
    assert digits_for(sp.Rational(1, 10**80)) > 80


def test_probe_reports_non_real_values():
    assert raises(NotReal, evaluate, sp.sqrt(-T), {T: sp.Rational(1, 100)}, 30)
    assert raises(NotReal, evaluate, sp.log(-T), {T: sp.Rational(1, 100)}, 30)
    assert float(evaluate(sp.Max(0, T - 1) + sp.Abs(-T), {T: sp.Integer(2)}, 30)) == 3.0


# --- parameters ---------------------------------------------------------------------------
def test_parameters_are_tried_at_one_and_the_boundaries_around_it():
    # the list: alpha = 1, 1/2, 2, 10, 1/10
    half, tenth = sp.Rational(1, 2), sp.Rational(1, 10)
    assert onesided.parameter_assignments({ALPHA}) == [
        {ALPHA: 1}, {ALPHA: half}, {ALPHA: 2}, {ALPHA: 10}, {ALPHA: tenth}]
    assert onesided.parameter_assignments(set()) == [{}]
    beta = sp.Symbol("beta", positive=True)
    both = onesided.parameter_assignments({ALPHA, beta})
    assert {ALPHA: 1, beta: 1} in both and {ALPHA: 1, beta: half} in both
    assert all(set(values) == {ALPHA, beta} for values in both)


def test_sympys_generic_answer_is_caught_at_the_samples():
    # sympy says t**alpha/(t**alpha + t) -> 1 for every alpha; in fact 1 (alpha < 1),
    # 1/2 (alpha = 1), 0 (alpha > 1). Likewise (t**alpha + t)/t: oo, 2, 1.
    assert right_limit(T**ALPHA / (T**ALPHA + T), T)[0].kind == "undecided"
    assert right_limit((T**ALPHA + T) / T, T)[0].kind == "undecided"
    assert right_limit(T / (T**ALPHA + T), T)[0].kind == "undecided"


def test_parameter_result_must_hold_at_every_sample():
    # t**(alpha - 1): oo for alpha < 1, 1 at alpha = 1, 0 for alpha > 1
    assert right_limit(T ** (ALPHA - 1), T)[0].kind == "undecided"
    # (alpha - 1)/t: oo, 0 or -oo depending on alpha
    assert right_limit((ALPHA - 1) / T, T)[0].kind == "undecided"
    # alpha + t -> alpha for every alpha
    fact, value = right_limit(ALPHA + T, T)
    assert fact.kind == "value" and value == ALPHA


def test_value_with_a_parameter_must_be_real_for_every_sample():
    # f(0) = 0**(alpha - 1) is infinite for alpha < 1
    assert analyze_text("x**(alpha - 1)", "0", "x", ["alpha"]).fact("value").kind == "undecided"


# --- verdicts: every conjunct counts --------------------------------------------------------
def test_continuity_needs_both_sides():
    # right limit alpha, left limit 1: equal only at alpha = 1, so neither yes nor no
    result = analyze_text("Piecewise((1, x < 0), (alpha, True))", "0", "x", ["alpha"])
    assert result.verdict("continuous").holds is None
    result = analyze_text("Piecewise((alpha, x < 0), (1, True))", "0", "x", ["alpha"])
    assert result.verdict("continuous").holds is None


# --- time: what is decided is kept --------------------------------------------------------
def test_a_slow_derivative_keeps_value_and_limits(monkeypatch):
    def slow(*args):
        raise OutOfTime()

    monkeypatch.setattr(analysis_module, "_derivative_limit", slow)
    result = analyze_text("Max(0, x)", "0", time_limit=60)
    assert result.fact("value") == Fact("value", "0", "f(0) = 0")
    assert result.fact("left_limit").value == "0" and result.fact("right_limit").value == "0"
    assert result.fact("right_derivative").value == "1"
    assert "time limit" in result.fact("derivative_right_limit").reason
    assert hit_time_limit(result.to_dict())
    monkeypatch.undo()
    assert not hit_time_limit(analyze_text("Max(0, x)", "0").to_dict())


def test_earlier_stages_get_the_time_later_ones_do_not_need(monkeypatch):
    # 1.2 s for 10 stages: f(a) may use all but a small reserve for each later stage;
    # the last stage gets what is left; without a limit nothing is timed
    from contextlib import contextmanager

    shares = []

    @contextmanager
    def record(seconds):
        shares.append(seconds)
        yield

    monkeypatch.setattr(stages_module, "time_budget", record)
    stages = stages_module.Stages(1.2, 10)
    stages.clock = lambda: stages.deadline - 1.2  # no time passes
    for _ in range(10):
        assert stages.run(lambda: "done", lambda fact: fact) == "done"
    reserve = 1.2 / 40
    assert abs(shares[0] - (1.2 - 9 * reserve)) < 1e-9
    assert abs(shares[-1] - 1.2) < 1e-9
    untimed = stages_module.Stages(None, 3)
    assert untimed.run(lambda: "done", lambda fact: fact) == "done" and len(shares) == 10


def test_a_late_stage_shares_what_is_left(monkeypatch):
    # 40 s, 10 stages: the reserve is 0.5 s per later stage. If the first stage used 36 s,
    # the second has 4 s left and 8 stages after it: 4 - 8·0.5 = 0, so it gets an equal
    # share, 4/9 s.
    from contextlib import contextmanager

    shares = []

    @contextmanager
    def record(seconds):
        shares.append(seconds)
        yield

    monkeypatch.setattr(stages_module, "time_budget", record)
    stages = stages_module.Stages(40.0, 10)
    start = stages.deadline - 40.0
    stages.clock = lambda: start
    stages.run(lambda: None, lambda fact: fact)
    stages.clock = lambda: start + 36.0
    stages.run(lambda: None, lambda fact: fact)
    assert abs(shares[0] - 35.5) < 1e-9 and abs(shares[1] - 4 / 9) < 1e-9


def test_a_stage_out_of_time_reports_it(monkeypatch):
    def slow():
        raise OutOfTime()

    stages = stages_module.Stages(5.0, 2)
    fact = stages.run(slow, lambda fact: fact)
    assert fact.kind == "undecided" and fact.reason.startswith("time limit (")


def test_time_budget_interrupts_python_loops():
    interrupted = False
    try:
        with time_budget(0.05):
            while True:
                pass
    except OutOfTime:
        interrupted = True
    assert interrupted


# --- our bugs fail loudly; sympy's refusals become undecided -------------------------------
def test_a_bug_in_our_code_is_not_undecided(monkeypatch):
    def broken(g, t):
        raise TypeError("bug")

    monkeypatch.setattr(onesided, "remove_branches", broken)
    assert raises(TypeError, analyze_text, "Max(0, x)", "0")


def test_a_bug_inside_a_guarded_sympy_call_is_not_undecided(monkeypatch):
    def broken(*args, **kwargs):
        raise TypeError("bug")

    # x·log x needs sympy's limit (sin(x)/x no longer does: its Taylor coefficients decide)
    monkeypatch.setattr(sp, "limit", broken)
    assert raises(TypeError, analyze_text, "x*log(x)", "0")
    assert raises(TypeError, symbolic.sympy_gave_up, TypeError("ours"))


def test_conditions_under_not_are_decided_on_the_eventual_branch():
    # for small t > 0: 0 < t < 1 holds, t < 0 or t > 1 does not
    inside = sp.And(T > 0, T < 1)
    outside = sp.Or(T < 0, T > 1)
    assert onesided._eventually(sp.Not(outside), T) is True
    assert onesided._eventually(sp.Not(inside), T) is False
    assert onesided._eventually(sp.Not(T > 1), T) is True


def test_sympys_refusal_is_recognised():
    try:
        sp.Poly(sp.sin(sp.Symbol("x")) ** sp.Rational(1, 2), sp.Symbol("y"), domain="ZZ")
    except Exception as exc:  # noqa: BLE001  (we want whatever sympy raised)
        assert symbolic.raised_by_sympy(exc)
    try:
        raise ValueError("ours")
    except ValueError as exc:
        assert not symbolic.raised_by_sympy(exc)


# --- the parser's bounds --------------------------------------------------------------------
def test_power_towers_are_refused_with_a_clear_message():
    for text in ("(((9**100)**100)**100)**100", "(10**100)**50", "(2**100)**100",
                 "(10**100)**(-50)", "10**99*10**99*10**99*10**99*10**99*10**99*10**99"
                 "*10**99*10**99*10**99*10**99"):
        try:
            parse_expression(text)
        except ExpressionError as exc:
            assert "too large" in exc.message, text
        else:
            raise AssertionError(f"{text} was accepted")


def test_number_length_limit_is_inclusive():
    from quiz_app.checker.expr import MAX_NUMBER_CHARS

    assert parse_expression("1" * MAX_NUMBER_CHARS) == sp.Integer("1" * MAX_NUMBER_CHARS)
    assert raises(ExpressionError, parse_expression, "1" * (MAX_NUMBER_CHARS + 1))


def test_numbers_within_the_bound_are_kept():
    assert parse_expression("(10**10)**10") == sp.Integer(10) ** 100
    assert parse_expression("2**-100") == sp.Rational(1, 2**100)


def test_piecewise_condition_must_be_a_condition():
    for text in ("Piecewise((x, x))", "Piecewise((1, x + 1), (0, True))",
                 "Piecewise((1, sin(x)))", "Piecewise((1, 2))"):
        try:
            parse_expression(text)
        except ExpressionError as exc:
            assert "condition" in exc.message, text
        else:
            raise AssertionError(f"{text} was accepted")
    parse_expression("Piecewise((1, x < 0), (2, Eq(x, 0)), (3, True))")


@given(st.lists(st.integers(min_value=2, max_value=99), min_size=2, max_size=5))
def test_folded_numbers_never_exceed_the_bound(exponents):
    text = str(exponents[0])
    for exponent in exponents[1:]:
        text = f"({text})**{exponent}"
    try:
        value = parse_expression(text)
    except ExpressionError as exc:
        assert "too large" in exc.message
        return
    assert len(str(abs(value.p))) <= MAX_DIGITS + 1


# --- check: a wrong key about a constant function is caught ---------------------------------
def test_a_wrong_not_continuous_key_for_a_constant_function_fails():
    from quiz_app.checker.claims import evaluate_claims

    # sin²(1/x) + cos²(1/x) is 1 off 0, and the function is 1 at 0: constant, continuous
    analysis = analyze_text("Piecewise((sin(1/x)**2 + cos(1/x)**2, Ne(x, 0)), (1, True))", "0")
    assert evaluate_claims(analysis, {"continuous": False}).holds is False
    assert evaluate_claims(analysis, {"continuous": True, "differentiable": True}).holds is True
