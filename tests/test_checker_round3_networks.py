"""Round 3 of the checker's held-out tables: ReLU networks and symbolic points, all decided.

Issue 24: a function built from Max, Min, Abs, Heaviside, sign and Piecewise of affine or
analytic pieces has finitely many kinks, each at an exact point, so every fact about it at
any point can be decided exactly: which pieces are in force on each side, their slopes, and
whether kinks cancel. That holds for irrational weights, for kinks 10⁻³⁰ from the point,
and at points such as log 2, π/3, atan 2 or 2·cos(2π/9). So no row here allows undecided.

Every expected value is worked out by hand from the definitions (the reasoning is on each
row): near a point, each Max/Min/Abs/sign/Heaviside is the piece its argument's sign picks
there, so f is one smooth piece on each side. Then, for a continuous f (`kink`, `smooth`),
both one-sided limits are f(a), and each one-sided derivative is the slope of the piece in
force on that side, as is the limit of f′ there; a step (`jump`) has constant pieces, so
f′ → 0, and a one-sided derivative is ±∞ wherever that side's limit differs from f(a).
`test_the_table_agrees_with_high_precision_numbers` confirms each row with numbers (sympy's
mpmath evalf at 100 digits, h = 10⁻⁴⁵, below every kink's distance); the checker plays no
part in the expected values.
"""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.analysis import analyze_text
from quiz_app.checker.expr import parse_expression, variable_symbol
from tests.fixtures.round3.rows import NEG_OO, OO, assert_row, jump, kink, smooth

NETWORKS = [
    # 2·Max(0, x − 1/2) = Max(0, 2x − 1) exactly: the two kinks cancel; f = Max(0, −x) = 0
    ("cancelling kinks at 1/2", "Max(0, 2*x - 1) - 2*Max(0, x - 1/2) + Max(0, -x)", "1/2",
     smooth("0", "0")),
    # the same network at 0: only Max(0, −x) bends there, slope −1 on the left
    ("the same network at 0", "Max(0, 2*x - 1) - 2*Max(0, x - 1/2) + Max(0, -x)", "0",
     kink("0", "-1", "0")),
    ("x as two ReLUs", "Max(0, x) - Max(0, -x)", "0", smooth("0", "1")),
    ("|x| as two ReLUs", "Max(0, x) + Max(0, -x)", "0", kink("0", "-1", "1")),
    # the ramp from 1 to 2: 0, then x − 1, then 1
    ("ramp, lower corner", "Max(0, x - 1) - Max(0, x - 2)", "1", kink("0", "0", "1")),
    ("ramp, upper corner", "Max(0, x - 1) - Max(0, x - 2)", "2", kink("1", "1", "0")),
    ("ramp, middle", "Max(0, x - 1) - Max(0, x - 2)", "3/2", smooth("1/2", "1")),
    # √2·x − 1 changes sign at 1/√2 = √2/2, slope √2 beyond it
    ("irrational weight", "Max(0, sqrt(2)*x - 1)", "sqrt(2)/2", kink("0", "0", "sqrt(2)")),
    # πx − 1 = π(x − 1/π): the scaled kinks cancel exactly, f ≡ 0
    ("irrational cancellation", "Max(0, pi*x - 1) - pi*Max(0, x - 1/pi)", "1/pi",
     smooth("0", "0")),
    # for |x| < 10⁻³⁰, x − 10⁻³⁰ < 0: f = 0 there
    ("kink 1e-30 to the right", "Max(0, x - 1/10**30)", "0", smooth("0", "0")),
    # for |x| < 10⁻³⁰, x + 10⁻³⁰ > 0: f = x + 10⁻³⁰
    ("kink 1e-30 to the left", "Max(0, x + 1/10**30)", "0", smooth("1/10**30", "1")),
    # near 0: 0 − (x + 10⁻³⁰)
    ("two kinks 1e-30 apart", "Max(0, x - 1/10**30) - Max(0, x + 1/10**30)", "0",
     smooth("-1/10**30", "-1")),
    # near 0: (10⁻³⁰ − x) − (x + 10⁻³⁰) = −2x
    ("two |·| kinks 1e-30 apart", "Abs(x - 1/10**30) - Abs(x + 1/10**30)", "0",
     smooth("0", "-2")),
    # the step is at 10⁻³⁰: near 0 the argument is negative, H = 0
    ("step 1e-30 away", "Heaviside(x - 1/10**30)", "0", smooth("0", "0")),
    ("sign 1e-30 away", "sign(x + 1/10**30)", "0", smooth("1", "0")),
    ("ReLU6-style cap", "Min(Max(0, x), 1)", "1", kink("1", "1", "0")),
    # Max(0, 3x) = 3·Max(0, x): f ≡ 0
    ("scaled cancellation", "Max(0, 3*x) - 3*Max(0, x)", "0", smooth("0", "0")),
    # the first two cancel; Max(0, 1/3 − x) has slope −1 on the left
    ("thirds", "2*Max(0, x - 1/3) - Max(0, 2*x - 2/3) + Max(0, 1/3 - x)", "1/3",
     kink("0", "-1", "0")),
    ("|x − √2| as two ReLUs", "Max(0, x - sqrt(2)) + Max(0, sqrt(2) - x)", "sqrt(2)",
     kink("0", "-1", "1")),
    # Max(0, u) + Max(0, −u) = |u|: f ≡ 0
    ("ReLUs minus their |·|", "Max(0, x - 1) + Max(0, 1 - x) - Abs(x - 1)", "1",
     smooth("0", "0")),
    # both arguments are below 0 for |x| < 10⁻³⁰
    ("min of two dead units", "Min(Max(0, x - 1/10**30), Max(0, -x - 1/10**30))", "0",
     smooth("0", "0")),
    # x > 0: x·1; x < 0: 0·(−1)
    ("ReLU times sign", "Max(0, x)*sign(x)", "0", kink("0", "0", "1")),
    # H(0)·0 = 0; x < 0: 0; x > 0: x
    ("Heaviside times x", "Heaviside(x)*x", "0", kink("0", "0", "1")),
    ("kink 1e-30 away inside a Piecewise", "Piecewise((Max(0, x - 1/10**30), x > 0), (0, True))",
     "0", smooth("0", "0")),
    # (√2 + 1)(√2 − 1) = 1: the argument is 0·x, so f ≡ 0 (sympy leaves the product alone)
    ("weight that is exactly 1", "Max(0, x*(sqrt(2) + 1)*(sqrt(2) - 1) - x)", "0",
     smooth("0", "0")),
    # c = 8cos³(2π/9) − 6cos(2π/9) + 1 = cos(6π/9)·2 + 1 = 0: the weight is exactly 0
    ("weight that is exactly 0", "Max(0, x*(2*cos(2*pi/9))**3 - 3*x*2*cos(2*pi/9) + x)", "0",
     smooth("0", "0")),
    # the same c as a bias: Max(0, x + 0)
    ("bias that is exactly 0", "Max(0, x + (2*cos(2*pi/9))**3 - 3*2*cos(2*pi/9) + 1)", "0",
     kink("0", "0", "1")),
    # near π/3: (π/3 − x) + (x + π/3) on the left, 2x on the right
    ("two |·| at ±π/3", "Abs(x - pi/3) + Abs(x + pi/3)", "pi/3", kink("2*pi/3", "0", "2")),
    ("tent at its top", "Max(0, 1 - Abs(x))", "0", kink("1", "1", "-1")),
    ("tent at its foot", "Max(0, 1 - Abs(x))", "-1", kink("0", "0", "1")),
    # near 0 the second unit is dead: f = Max(0, x)
    ("a unit 1e-30 off cancels nothing", "Max(0, x) - Max(0, x - 1/10**30)", "0",
     kink("0", "0", "1")),
    # at 10⁻³⁰: left of it f = 0 − x, right of it (x − 10⁻³⁰) − x
    ("at the second kink", "Max(0, x - 1/10**30) - Max(0, x)", "1/10**30",
     kink("-1/10**30", "-1", "0")),
    # the √2 units cancel; Max(0, −πx) has slope −π on the left
    ("irrational weights, one left", "Max(0, sqrt(2)*x) - sqrt(2)*Max(0, x) + Max(0, -pi*x)",
     "0", kink("0", "-pi", "0")),
    # all three are dead for |x| < 10⁻³⁰
    ("three dead units", "Max(0, x - 10**-30) + Max(0, -x - 10**-30) - "
     "Max(0, Abs(x) - 10**-30)", "0", smooth("0", "0")),
    # inner = x − 0 = x on the left (x < 1/2), x − (2x − 1) = 1 − x on the right; both > 0
    ("two layers at 1/2", "Max(0, Max(0, x) - Max(0, 2*x - 1))", "1/2", kink("1/2", "1", "-1")),
    # inner = 1 − x: positive on the left, negative (so 0) on the right
    ("two layers at 1", "Max(0, Max(0, x) - Max(0, 2*x - 1))", "1", kink("0", "-1", "0")),
    # near 1/2: (x − 1/3) + 0 − 2·Max(0, x − 1/2)
    ("three units", "Max(0, x - 1/3) + Max(0, x - 2/3) - 2*Max(0, x - 1/2)", "1/2",
     kink("1/6", "1", "-1")),
    # π/2 > √2: x > 0 takes πx/2; x < 0 takes √2·x (the larger of two negatives)
    ("max of two irrational slopes", "Max(sqrt(2)*x, pi*x/2)", "0", kink("0", "sqrt(2)", "pi/2")),
    ("min of two ReLUs", "Min(Max(0, x), Max(0, 1 - x))", "1/2", kink("1/2", "1", "-1")),
    # x > 0: x² − x·x; x < 0: 0 − 0
    ("square minus product", "Max(0, x)**2 - x*Max(0, x)", "0", smooth("0", "0")),
    ("| |x| − 1 | at 1", "Abs(Abs(x) - 1)", "1", kink("0", "-1", "1")),
    ("| |x| − 1 | at 0", "Abs(Abs(x) - 1)", "0", kink("1", "1", "-1")),
    ("√3 units minus their |·|",
     "Max(0, sqrt(3)*x - 1) + Max(0, 1 - sqrt(3)*x) - Abs(sqrt(3)*x - 1)", "1/sqrt(3)",
     smooth("0", "0")),
    # both steps sit 10⁻³⁰ away, with H(0) = 0 where given
    ("two steps 1e-30 away", "Heaviside(x - 1/10**30, 0) + Heaviside(-x - 1/10**30, 0)", "0",
     smooth("0", "0")),
    # x ≥ 1/2: (2x − 1) − 2(x − 1/2) = 0; x < 1/2: 0 − 0
    ("Piecewise minus ReLU", "Piecewise((2*x - 1, x >= 1/2), (0, True)) - 2*Max(0, x - 1/2)",
     "1/2", smooth("0", "0")),
    # near 0 the first two are dead: f = −2·Max(0, x)
    ("kinks at 1e-30 and 2e-30", "Max(0, x - 1/10**30) + Max(0, x - 2/10**30) - 2*Max(0, x)",
     "0", kink("0", "0", "-2")),
    # x² − 10⁻⁶⁰ < 0 for |x| < 10⁻³⁰
    ("quadratic unit, dead near 0", "Max(0, (x - 1/10**30)*(x + 1/10**30))", "0",
     smooth("0", "0")),
    # three layers: x − 1/2 − 1/4 changes sign at 3/4
    ("three layers", "Max(0, Max(0, Max(0, x) - 1/2) - 1/4)", "3/4", kink("0", "0", "1")),
    ("scaled hard tanh", "Min(1, Max(-1, 2*x))", "1/2", kink("1", "2", "0")),
    # H = 0 for |x| < 10⁻³⁰
    ("x times a step 1e-30 away", "x*Heaviside(x - 1/10**30)", "0", smooth("0", "0")),
    ("a unit that never fires", "Max(0, -Abs(x))", "0", smooth("0", "0")),
    ("leaky ReLU", "Max(x/10, x)", "0", kink("0", "1/10", "1")),
    # log 4 = 2·log 2: the two units are one, f ≡ 0
    ("log weights that cancel", "Max(0, x - log(4)) - Max(0, x - 2*log(2))", "log(4)",
     smooth("0", "0")),
    # √(5 + 2√6) = √2 + √3: f ≡ 0
    ("nested radicals that cancel", "Max(0, x - sqrt(2) - sqrt(3)) - "
     "Max(0, x - sqrt(5 + 2*sqrt(6)))", "sqrt(2) + sqrt(3)", smooth("0", "0")),
    # H(0) = 1 given: f(0) = 1 = the right limit; (0 − 1)/(−t) = 1/t on the left
    ("Heaviside with H(0) = 1", "Heaviside(x, 1)", "0", jump("1", "0", "1", OO, "0")),
    # the step at 10⁻³⁰ is 0 near 0: f = Max(0, x)
    ("ReLU plus a far step", "Max(0, x) + Heaviside(x - 1/10**30)", "0", kink("0", "0", "1")),
]

SYMBOLIC_POINTS = [
    # a = 2cos(2π/9) is a root of u = x³ − 3x + 1 (cos 3θ = 4cos³θ − 3cosθ = −1/2);
    # u′(a) = 3a² − 3 > 0 (a ≈ 1.532): u < 0 left of a, u > 0 right of it
    ("sign at 2cos(2π/9)", "sign(x**3 - 3*x + 1)", "2*cos(2*pi/9)",
     jump("0", "-1", "1", OO, OO)),
    # H(0) = 1/2; (0 − 1/2)/(−t) and (1 − 1/2)/t both → +∞
    ("Heaviside at 2cos(2π/9)", "Heaviside(x**3 - 3*x + 1)", "2*cos(2*pi/9)",
     jump("1/2", "0", "1", OO, OO)),
    ("ReLU at 2cos(2π/9)", "Max(0, x**3 - 3*x + 1)", "2*cos(2*pi/9)",
     kink("0", "0", "12*cos(2*pi/9)**2 - 3")),
    ("|·| at 2cos(2π/9)", "Abs(x**3 - 3*x + 1)", "2*cos(2*pi/9)",
     kink("0", "3 - 12*cos(2*pi/9)**2", "12*cos(2*pi/9)**2 - 3")),
    # 2cos(4π/9) ≈ 0.347 is another root, where u′ = 3a² − 3 < 0: u falls through 0
    ("sign at 2cos(4π/9)", "sign(x**3 - 3*x + 1)", "2*cos(4*pi/9)",
     jump("0", "1", "-1", NEG_OO, NEG_OO)),
    # Max(sign(u), 0): 0 on the left, 1 on the right, Max(0, 0) = 0 at a
    ("ReLU of a sign at 2cos(2π/9)", "Max(sign(x**3 - 3*x + 1), 0)", "2*cos(2*pi/9)",
     dict(jump("0", "0", "1", "0", OO))),
    ("ReLU at log 2", "Max(0, exp(x) - 2)", "log(2)", kink("0", "0", "2")),
    # tanh(log 2) = (2 − 1/2)/(2 + 1/2) = 3/5; slope sech²(log 2) = 1 − 9/25
    ("ReLU of tanh at log 2", "Max(0, tanh(x) - 3/5)", "log(2)", kink("0", "0", "16/25")),
    ("|·| of tanh at log 2", "Abs(tanh(x) - 3/5)", "log(2)", kink("0", "-16/25", "16/25")),
    ("step of tanh at log 2", "Heaviside(tanh(x) - 3/5)", "log(2)", jump("1/2", "0", "1", OO, OO)),
    ("ReLU of sin at π/3", "Max(0, sin(x) - sqrt(3)/2)", "pi/3", kink("0", "0", "1/2")),
    # 2cos x − 1 falls through 0 at π/3: positive on the left, slope −2sin(π/3)
    ("ReLU of cos at π/3", "Max(0, 2*cos(x) - 1)", "pi/3", kink("0", "-sqrt(3)", "0")),
    # sin(atan 2) = 2/√5 = 2cos(atan 2); slope cos + 2sin = 1/√5 + 4/√5 = √5
    ("ReLU at atan 2", "Max(0, sin(x) - 2*cos(x))", "atan(2)", kink("0", "0", "sqrt(5)")),
    # d/dx atan x = 1/2 at 1
    ("|atan x − π/4| at 1", "Abs(atan(x) - pi/4)", "1", kink("0", "-1/2", "1/2")),
    ("ReLU at √2", "Max(0, x**2 - 2)", "sqrt(2)", kink("0", "0", "2*sqrt(2)")),
    # at −√2, x² − 2 > 0 on the left, slope 2x = −2√2
    ("ReLU at −√2", "Max(0, x**2 - 2)", "-sqrt(2)", kink("0", "-2*sqrt(2)", "0")),
    ("sign at √2", "sign(x**2 - 2)", "sqrt(2)", jump("0", "-1", "1", OO, OO)),
    ("ReLU at log 2, shifted", "Max(0, x - log(2))", "log(2)", kink("0", "0", "1")),
    ("ReLU of log at e", "Max(0, log(x) - 1)", "E", kink("0", "0", "exp(-1)")),
    # cos > 0 left of π/2: (1 − 1/2)/(−t) and (0 − 1/2)/t both → −∞
    ("Heaviside of cos at π/2", "Heaviside(cos(x))", "pi/2", jump("1/2", "1", "0", NEG_OO, NEG_OO)),
    # x² − x − 1 = 0 at φ; slope 2φ − 1 = √5
    ("ReLU at the golden ratio", "Max(0, x**2 - x - 1)", "(1 + sqrt(5))/2",
     kink("0", "0", "sqrt(5)")),
    ("|x² − 3| at √3", "Abs(x**2 - 3)", "sqrt(3)", kink("0", "-2*sqrt(3)", "2*sqrt(3)")),
    # sin > 0 left of π, slope cos π = −1
    ("ReLU of sin at π", "Max(0, sin(x))", "pi", kink("0", "-1", "0")),
    ("Min of cos at π/2", "Min(0, cos(x))", "pi/2", kink("0", "0", "-1")),
    # 4c³ − 3c = cos(π/3) = 1/2 at c = cos(π/9); slope 12c² − 3 > 0
    ("ReLU at cos(π/9)", "Max(0, 4*x**3 - 3*x - 1/2)", "cos(pi/9)",
     kink("0", "0", "12*cos(pi/9)**2 - 3")),
    ("sign at atan 2", "sign(x - atan(2))", "atan(2)", jump("0", "-1", "1", OO, OO)),
    ("|x − 1/√2| as two ReLUs", "Max(0, x - 1/sqrt(2)) + Max(0, 1/sqrt(2) - x)", "sqrt(2)/2",
     kink("0", "-1", "1")),
    ("ReLU at the cube root of 2", "Max(0, x**3 - 2)", "2**(1/3)", kink("0", "0", "3*2**(2/3)")),
    ("sign at the cube root of 2", "sign(x**3 - 2)", "2**(1/3)", jump("0", "-1", "1", OO, OO)),
    ("step at log 3", "Heaviside(exp(x) - 3)", "log(3)", jump("1/2", "0", "1", OO, OO)),
    # cos − sin falls through 0 at π/4, slope −sin − cos = −√2
    ("ReLU at π/4", "Max(0, cos(x) - sin(x))", "pi/4", kink("0", "-sqrt(2)", "0")),
    # x − π/3 on both sides
    ("two ReLUs make a line at π/3", "Max(0, x - pi/3) - Max(0, pi/3 - x)", "pi/3",
     smooth("0", "1")),
    # right of log 2: (e^(2x) − 4) − 4(x − log 2), slope 2·4 − 4
    ("exp unit minus a linear unit", "Max(0, exp(2*x) - 4) - 4*Max(0, x - log(2))", "log(2)",
     kink("0", "0", "4")),
    ("sign at π/5", "sign(sin(x) - sin(pi/5))", "pi/5", jump("0", "-1", "1", OO, OO)),
    ("ReLU of atan at 2", "Max(0, atan(x) - atan(2))", "2", kink("0", "0", "1/5")),
    # both signs switch from −1 to 1 at log 2: f ≡ 0 near it, and f(log 2) = 0 − 0
    ("two signs that cancel at log 2", "sign(exp(x) - 2) - sign(x - log(2))", "log(2)",
     smooth("0", "0")),
    ("|sin| at π", "Abs(sin(x))", "pi", kink("0", "-1", "1")),
    # cos(2π/3) = −1/2, cos falling: slope −sin(2π/3) on the left
    ("ReLU of cos at 2π/3", "Max(0, cos(x) + 1/2)", "2*pi/3", kink("0", "-sqrt(3)/2", "0")),
    ("ReLU at 1 + √2", "Max(0, x**2 - 2*x - 1)", "1 + sqrt(2)", kink("0", "0", "2*sqrt(2)")),
    ("ReLU of log at 3", "Max(0, log(x) - log(3))", "3", kink("0", "0", "1/3")),
    # (x·eˣ)′ = (1 + x)eˣ = 2e at 1
    ("ReLU of x·eˣ at 1", "Max(0, x*exp(x) - E)", "1", kink("0", "0", "2*E")),
    # left: x − π/6 (slope 1); right: sin x − 1/2 (slope cos(π/6))
    ("two different pieces at π/6", "Min(x - pi/6, 0) + Max(sin(x) - 1/2, 0)", "pi/6",
     kink("0", "1", "sqrt(3)/2")),
    ("ReLU of erf at 1", "Max(0, erf(x) - erf(1))", "1", kink("0", "0", "2*exp(-1)/sqrt(pi)")),
    ("ReLU of tanh at 1", "Max(0, tanh(x) - tanh(1))", "1", kink("0", "0", "1 - tanh(1)**2")),
    ("ReLU at log(2)/3", "Max(0, exp(3*x) - 2)", "log(2)/3", kink("0", "0", "6")),
    # sin(π/4) = cos(π/4); slope 2cos(π/4) + 2sin(π/4) = 2√2
    ("ReLU at π/8", "Max(0, sin(2*x) - cos(2*x))", "pi/8", kink("0", "0", "2*sqrt(2)")),
    # x⁴ − 10x² + 1 is the minimal polynomial of √2 + √3; slope x(4x² − 20) = 8√6·x
    ("ReLU at √2 + √3", "Max(0, x**4 - 10*x**2 + 1)", "sqrt(2) + sqrt(3)",
     kink("0", "0", "16*sqrt(3) + 24*sqrt(2)")),
    # tan = 1/2: 2·sin = cos there; slope 2cos + sin = 4/√5 + 1/√5
    ("ReLU at atan(1/2)", "Max(0, 2*sin(x) - cos(x))", "atan(1/2)", kink("0", "0", "sqrt(5)")),
    # e^(−x) = 2 at −log 2, falling with slope −2
    ("ReLU at −log 2", "Max(0, exp(-x) - 2)", "-log(2)", kink("0", "-2", "0")),
    ("|log x − 1| at e", "Abs(log(x) - 1)", "E", kink("0", "-exp(-1)", "exp(-1)")),
    ("step of sin at π/3", "Heaviside(2*sin(x) - sqrt(3))", "pi/3", jump("1/2", "0", "1", OO, OO)),
    ("ReLU at 1/log 2", "Max(0, x*log(2) - 1)", "1/log(2)", kink("0", "0", "log(2)")),
    # cos(π/5) = (1 + √5)/4 is a root of 4x² − 2x − 1, slope 8c − 2 = 2√5 > 0
    ("sign at cos(π/5)", "sign(4*x**2 - 2*x - 1)", "cos(pi/5)", jump("0", "-1", "1", OO, OO)),
]

ZOO = [
    # softplus: log 3 at log 2, slope σ(log 2) = 2/3
    ("softplus at log 2", "log(1 + exp(x))", "log(2)", smooth("log(3)", "2/3")),
    # SiLU at −log 3: σ = 1/4, slope σ + xσ(1 − σ) = 1/4 − (3/16)log 3
    ("SiLU at −log 3", "x/(1 + exp(-x))", "-log(3)",
     smooth("-log(3)/4", "1/4 - 3*log(3)/16")),
    # hard swish at −3: 0 on the left, x(x + 3)/6 on the right, slope (2x + 3)/6 = −1/2
    ("hard swish at −3", "x*Min(Max(0, x + 3), 6)/6", "-3", kink("0", "0", "-1/2")),
    # at 3: x(x + 3)/6 on the left (slope 9/6), x on the right
    ("hard swish at 3", "x*Min(Max(0, x + 3), 6)/6", "3", kink("3", "3/2", "1")),
    ("ELU (alpha = 1) at 0", "Piecewise((x, x > 0), (exp(x) - 1, True))", "0", smooth("0", "1")),
    ("ELU (alpha = 1/10) at 0", "Piecewise((x, x > 0), (1/10*(exp(x) - 1), True))", "0",
     kink("0", "1/10", "1")),
    # GELU x·Φ(x) at √2: Φ(√2) = (1 + erf 1)/2, slope Φ + x·φ = Φ(√2) + √2·e⁻¹/√(2π)
    ("GELU at √2", "x*(1 + erf(x/sqrt(2)))/2", "sqrt(2)",
     smooth("sqrt(2)*(1 + erf(1))/2", "1/2 + erf(1)/2 + exp(-1)/sqrt(pi)")),
    ("hard sigmoid at its top", "Min(Max(0, x/6 + 1/2), 1)", "3", kink("1", "1/6", "0")),
    ("softsign at 0", "x/(1 + Abs(x))", "0", smooth("0", "1")),
    ("ReLU times exp(−|x|)", "Max(0, x)*exp(-Abs(x))", "0", kink("0", "0", "1")),
]

ROWS = NETWORKS + SYMBOLIC_POINTS + ZOO


def test_the_table_has_the_promised_size():
    assert len(NETWORKS) >= 30 and len(SYMBOLIC_POINTS) >= 20 and len(ROWS) >= 100


@pytest.mark.parametrize(("name", "expression", "point", "expected"), ROWS,
                         ids=[row[0] for row in ROWS])
def test_every_fact_is_decided_and_right(name, expression, point, expected):
    assert_row(expression, point, expected)


def _number(text: str, digits: int = 100):
    return sp.N(parse_expression(text), digits)


@pytest.mark.parametrize(("name", "expression", "point", "expected"), ROWS,
                         ids=[row[0] for row in ROWS])
def test_the_table_agrees_with_high_precision_numbers(name, expression, point, expected):
    """The hand-derived values against f itself at a ± 10⁻⁴⁵ (100 digits): the limits to
    10⁻²⁰, the difference quotients to 10⁻⁶ (or past 10³⁰ for ±∞)."""
    x = variable_symbol("x")
    f = parse_expression(expression)
    a, h = _number(point, 150), sp.Rational(1, 10**45)
    value = _number(expected["value"])
    for side, sign in (("left", -1), ("right", 1)):
        try:
            near = f.evalf(100, subs={x: a + sign * h})
        except ValueError:  # Max(0, 0·x) with a weight that is exactly 0: no digits at all
            pytest.skip("sympy's evalf cannot compare an exact 0 with no digits")
        assert abs(near - _number(expected[f"{side}_limit"])) < 1e-20, side
        quotient = (near - value) / (sign * h)
        slope = expected[f"{side}_derivative"]
        if slope in (OO, NEG_OO):
            assert quotient * (1 if slope == OO else -1) > 1e30, side
        else:
            assert abs(quotient - _number(slope)) < 1e-6 * (1 + abs(_number(slope))), side


def test_an_analysis_of_a_network_takes_no_guesswork():
    """The reasons say how: substitution, or Taylor coefficients with proved signs."""
    analysis = analyze_text("Max(0, x**3 - 3*x + 1)", "2*cos(2*pi/9)")
    assert analysis.fact("right_derivative").reason == "active branch, by Taylor coefficients"
    assert analysis.fact("value").value == "0"
