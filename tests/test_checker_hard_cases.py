"""Hard cases for the checker, one table per fault class of issue 9.

Every expected value was worked out by hand from the definitions (the reasoning is the
comment on each row), never by running the code. A fact may come back "undecided" only
where the row says so with `maybe(...)`: a plain expectation must be met exactly, and a
wrong answer is never allowed. Values are compared as expressions (alpha is a positive
parameter), so "-alpha" matches "-1*alpha".
"""

from __future__ import annotations

import pytest

from tests.helpers.checker_table import DNE, NEG_OO, OO, UNDEFINED, assert_case, maybe

A = ("alpha",)


UNDECIDED = maybe(None)  # only undecided is right: the answer depends on alpha

# --- 1. A denominator (or root, log, symbolic power) that rules out a whole side --------
SIDE_DOMAIN = [
    # Max(0,x) = 0 for x <= 0: the quotient is undefined on the whole left side and at 0;
    # for x > 0 it is 1, so its right limit is 1 and f' = 0 there.
    ("max over max at 0", "Max(0, x)/Max(0, x)", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit="1",
        derivative_left_limit=UNDEFINED, derivative_right_limit="0",
        left_derivative=UNDEFINED, continuous=False, differentiable=False)),
    # at -1 both sides lie in x < 0, where the denominator is 0
    ("max over max at -1", "Max(0, x)/Max(0, x)", "-1", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit=UNDEFINED,
        derivative_left_limit=UNDEFINED, derivative_right_limit=UNDEFINED)),
    # at 2 the quotient is 1 on a whole neighbourhood
    ("max over max at 2", "Max(0, x)/Max(0, x)", "2", (), dict(
        value="1", left_limit="1", right_limit="1", left_derivative="0",
        right_derivative="0", continuous=True, differentiable=True, derivative="0")),
    # Heaviside(0) = 1/2 (sympy), so f(0) = 1 is defined; H = 0 on x < 0: left undefined;
    # on x > 0, f = 1: right limit 1 and right quotient (1 - 1)/t = 0
    ("heaviside over itself", "Heaviside(x)/Heaviside(x)", "0", (), dict(
        value="1", left_limit=UNDEFINED, right_limit="1", right_derivative="0",
        left_derivative=UNDEFINED, derivative_right_limit="0", continuous=maybe(True))),
    # Max(0,x)**2/Max(0,x) = Max(0,x) where defined, i.e. x > 0 only; f(0) is 0/0
    ("max squared over max", "Max(0, x)**2/Max(0, x)", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit="0", derivative_left_limit=UNDEFINED,
        derivative_right_limit="1")),
    # mirror image: Max(0,-x) = 0 for x >= 0, so the right side is gone
    ("mirrored max over max", "Max(0, -x)/Max(0, -x)", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit=UNDEFINED, derivative_left_limit="0",
        derivative_right_limit=UNDEFINED)),
    # Min(0,x) = 0 for x >= 0: right side undefined; for x < 0 the quotient is 1
    ("min over min", "Min(0, x)/Min(0, x)", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit=UNDEFINED)),
    # x/Max(0,x): undefined for x <= 0, equal to 1 for x > 0
    ("x over max", "x/Max(0, x)", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit="1")),
    # 1/Max(0,x): undefined for x <= 0; 1/x -> oo from the right
    ("one over max", "1/Max(0, x)", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit=OO)),
    # H(x-1)/H(x-1): H(0) = 1/2 so f(1) = 1; H = 0 for x < 1
    ("shifted heaviside over itself", "Heaviside(x - 1)/Heaviside(x - 1)", "1", (), dict(
        value="1", left_limit=UNDEFINED, right_limit="1")),
    # |x|/|x| = 1 except at 0: a single hole, both one-sided limits are 1
    ("abs over abs keeps both sides", "Abs(x)/Abs(x)", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="1", derivative_left_limit="0",
        derivative_right_limit="0", continuous=False)),
    # sign(x)**2/sign(x) = sign(x) for x != 0; at 0 the denominator sign(0) = 0
    ("sign squared over sign", "sign(x)**2/sign(x)", "0", (), dict(
        value=UNDEFINED, left_limit="-1", right_limit="1")),
    # log(Max(0,x)): log 0 undefined, left side log 0 undefined, right side log t -> -oo
    ("log of relu", "log(Max(0, x))", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit=NEG_OO)),
    # sqrt(-x)**2 = -x for x <= 0 only: right side undefined, left limit 0, f(0) = 0,
    # left quotient (t - 0)/(-t) = -1
    ("root of minus x squared", "sqrt(-x)**2", "0", (), dict(
        value="0", left_limit="0", right_limit=UNDEFINED, left_derivative="-1",
        right_derivative=UNDEFINED)),
    # Max(0,x)/Max(0,x) + x at 1: equals 1 + x near 1
    ("max over max plus x at 1", "Max(0, x)/Max(0, x) + x", "1", (), dict(
        value="2", continuous=True, differentiable=True, derivative="1")),
    # (x-1)**2/(x-1) = x - 1 off x = 1: hole at 1, limits 0 from both sides
    ("cancelled hole", "(x - 1)**2/(x - 1)", "1", (), dict(
        value=UNDEFINED, left_limit="0", right_limit="0", derivative_left_limit="1",
        derivative_right_limit="1")),
]

# --- 2. sympy's bounds are not "oscillates" ----------------------------------------------
ACCUM_BOUNDS = [
    # sin² + cos² = 1 wherever 1/x is defined: both limits 1, f' = 0 off 0
    ("pythagoras of 1/x", "sin(1/x)**2 + cos(1/x)**2", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="1", derivative_left_limit="0",
        derivative_right_limit="0")),
    # = x for x != 0, undefined at 0: limits 0, f' = 1 off 0
    ("x times pythagoras", "x*sin(1/x)**2 + x*cos(1/x)**2", "0", (), dict(
        value=UNDEFINED, left_limit="0", right_limit="0", derivative_right_limit="1")),
    # filled in with 0 at 0 it is exactly x: quotient (t·1 - 0)/t = 1 on both sides
    ("x times pythagoras filled", "Piecewise((x*sin(1/x)**2 + x*cos(1/x)**2, Ne(x, 0)), "
     "(0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", left_derivative="1",
        right_derivative="1", continuous=True, differentiable=True, derivative="1")),
    # equals 1 off 0 and 1 at 0: constant, so continuous (the wrong "not continuous")
    ("pythagoras filled with 1", "Piecewise((sin(1/x)**2 + cos(1/x)**2, Ne(x, 0)), "
     "(1, True))", "0", (), dict(
        value="1", left_limit="1", right_limit="1", continuous=True, differentiable=True,
        derivative="0")),
    # sin(1/x) takes every value in [-1, 1] in every neighbourhood of 0
    ("sin of 1/x", "sin(1/x)", "0", (), dict(
        value=UNDEFINED, left_limit=maybe(DNE), right_limit=maybe(DNE), continuous=False)),
    # cos² - sin² of 1/x is cos(2/x): it really oscillates, between -1 and 1
    ("cos 2 over x in disguise", "cos(1/x)**2 - sin(1/x)**2", "0", (), dict(
        value=UNDEFINED, right_limit=maybe(DNE), left_limit=maybe(DNE))),
    # sin²(1/x) oscillates between 0 and 1
    ("sin squared of 1/x", "sin(1/x)**2", "0", (), dict(right_limit=maybe(DNE))),
    # |x sin(1/x)| <= |x| -> 0
    ("x sin 1/x", "x*sin(1/x)", "0", (), dict(
        value=UNDEFINED, left_limit="0", right_limit="0")),
    # filled with 0: continuous; the right quotient is sin(1/t), which has no limit
    ("x sin 1/x filled", "Piecewise((x*sin(1/x), Ne(x, 0)), (0, True))", "0", (), dict(
        value="0", continuous=True, right_derivative=maybe(DNE),
        differentiable=maybe(False))),
    # x² sin(1/x) filled: quotient t sin(1/t) -> 0, so f'(0) = 0; but
    # f'(x) = 2x sin(1/x) - cos(1/x) has no limit
    ("x squared sin 1/x filled", "Piecewise((x**2*sin(1/x), Ne(x, 0)), (0, True))", "0", (),
     dict(value="0", right_derivative="0", left_derivative="0", differentiable=True,
          derivative="0", derivative_right_limit=maybe(DNE))),
    # (1/x) sin(1/x) is unbounded in both directions: no limit, and not oo either
    ("unbounded oscillation", "sin(1/x)/x", "0", (), dict(
        value=UNDEFINED, right_limit=maybe(DNE), continuous=False)),
    # 2sin²(1/x) + 2cos²(1/x) - 2 + x = x off 0
    ("disguised x", "2*sin(1/x)**2 + 2*cos(1/x)**2 - 2 + x", "0", (), dict(
        value=UNDEFINED, left_limit="0", right_limit="0")),
    # sin(1/x)**2 + cos(1/x)**2 at a point away from 0 is 1, smooth
    ("pythagoras away from 0", "sin(1/x)**2 + cos(1/x)**2", "1", (), dict(
        value="1", continuous=True, differentiable=True, derivative="0")),
]

# --- 3. Parameter results must hold for every alpha > 0 ----------------------------------
PARAMETERS = [
    # t**alpha -> 0 for every alpha > 0, and 0**alpha = 0; but the right quotient
    # t**(alpha-1) tends to oo (alpha < 1), 1 (alpha = 1) or 0 (alpha > 1)
    ("x to the alpha at 0", "x**alpha", "0", A, dict(
        value="0", right_limit="0", right_derivative=UNDECIDED,
        derivative_right_limit=UNDECIDED, differentiable=UNDECIDED)),
    # 0**(alpha-1): 0 for alpha > 1, 1 for alpha = 1, undefined for alpha < 1
    ("x to the alpha minus 1 at 0", "x**(alpha - 1)", "0", A, dict(
        value=UNDECIDED, right_limit=UNDECIDED, continuous=UNDECIDED)),
    # (alpha-1)/x: right limit oo, 0 or -oo as alpha > 1, = 1, < 1
    ("sign of alpha-1 over x", "(alpha - 1)/x", "0", A, dict(
        value=UNDEFINED, right_limit=UNDECIDED, left_limit=UNDECIDED)),
    # (x - 1)/(alpha - 1) at 0: -1/(alpha - 1) is no value at alpha = 1
    ("zero over zero at alpha 1", "(x - 1)/(alpha - 1)", "0", A, dict(
        value=UNDECIDED)),
    # x**alpha at 1: (1±t)**alpha -> 1, quotients -> alpha on both sides
    ("x to the alpha at 1", "x**alpha", "1", A, dict(
        value="1", left_limit="1", right_limit="1", left_derivative="alpha",
        right_derivative="alpha", continuous=True, differentiable=True, derivative="alpha")),
    # |x|**alpha: 0 at 0, limits 0; differentiable only for alpha > 1
    ("abs to the alpha", "Abs(x)**alpha", "0", A, dict(
        value="0", left_limit="0", right_limit="0", continuous=True,
        differentiable=UNDECIDED)),
    # Max(0,x)**alpha: 0**alpha = 0 on the left; t**alpha -> 0 on the right
    ("relu to the alpha", "Max(0, x)**alpha", "0", A, dict(
        value="0", left_limit=maybe("0"), right_limit="0", differentiable=UNDECIDED)),
    # Piecewise x**alpha on x > 0: continuous for all alpha > 0, differentiable iff alpha > 1
    ("one-sided power", "Piecewise((x**alpha, x > 0), (0, True))", "0", A, dict(
        value="0", left_limit="0", right_limit="0", left_derivative="0",
        continuous=True, differentiable=UNDECIDED, right_derivative=UNDECIDED)),
    # Max(alpha x, x): left slope min(alpha, 1), right slope max(alpha, 1): equal iff alpha=1
    ("leaky max with alpha", "Max(alpha*x, x)", "0", A, dict(
        value="0", continuous=maybe(True), differentiable=UNDECIDED)),
    # Max(0, alpha x): alpha > 0, so slopes 0 and alpha differ for every alpha
    ("relu scaled by alpha", "Max(0, alpha*x)", "0", A, dict(
        value="0", left_derivative="0", right_derivative="alpha", continuous=True,
        differentiable=False)),
    # |alpha x| = alpha|x|: slopes -alpha and alpha, never equal for alpha > 0
    ("abs of alpha x", "Abs(alpha*x)", "0", A, dict(
        left_derivative="-alpha", right_derivative="alpha", differentiable=False)),
    # (1 + x)**(alpha/x) -> e**alpha; undefined at 0 (alpha/x)
    ("compound interest alpha", "(1 + x)**(alpha/x)", "0", A, dict(
        value=UNDEFINED, left_limit=maybe("exp(alpha)"), right_limit=maybe("exp(alpha)"))),
    # sin(alpha x)/x -> alpha
    ("sinc alpha", "sin(alpha*x)/x", "0", A, dict(
        value=UNDEFINED, left_limit="alpha", right_limit="alpha")),
    # (exp(alpha x) - 1)/x -> alpha
    ("exp quotient alpha", "(exp(alpha*x) - 1)/x", "0", A, dict(
        left_limit="alpha", right_limit="alpha")),
    # sign(x - alpha) = -1 near 0 because alpha > 0: constant, smooth
    ("sign of x minus alpha", "sign(x - alpha)", "0", A, dict(
        value="-1", left_limit="-1", right_limit="-1", continuous=True, differentiable=True,
        derivative="0")),
    # Heaviside(alpha - x) = 1 near 0
    ("heaviside of alpha minus x", "Heaviside(alpha - x)", "0", A, dict(
        value="1", left_limit="1", right_limit="1", continuous=True)),
    # 1 for x < alpha: constant near 0 since alpha > 0
    ("step at alpha", "Piecewise((1, x < alpha), (0, True))", "0", A, dict(
        value="1", continuous=True, differentiable=True)),
    # step at alpha - 1: at alpha = 1 the jump sits at 0; for others it does not
    ("step at alpha minus one", "Piecewise((1, x < alpha - 1), (0, True))", "0", A, dict(
        continuous=UNDECIDED)),
    # left limit alpha, right limit 1, f(0) = 1: a jump unless alpha = 1
    ("parametric jump", "Piecewise((alpha, x < 0), (1, True))", "0", A, dict(
        value="1", left_limit="alpha", right_limit="1", continuous=UNDECIDED)),
    # left limit alpha + 1 > 1 = right limit: a jump for every alpha > 0
    ("jump for every alpha", "Piecewise((alpha + 1, x < 0), (1, True))", "0", A, dict(
        left_limit="alpha + 1", right_limit="1", continuous=False, differentiable=False)),
    # left limit alpha, right limit 0: alpha > 0, so always a jump
    ("shifted branch jump", "Piecewise((x + alpha, x < 0), (x, True))", "0", A, dict(
        left_limit="alpha", right_limit="0", value="0", continuous=False)),
    # t**alpha/(t**alpha + t) -> 1 (alpha < 1), 1/2 (alpha = 1), 0 (alpha > 1)
    ("power share", "x**alpha/(x**alpha + x)", "0", A, dict(
        value=UNDEFINED, right_limit=UNDECIDED)),
    # (t**alpha + t)/t -> oo (alpha < 1), 2 (alpha = 1), 1 (alpha > 1)
    ("power plus x over x", "(x**alpha + x)/x", "0", A, dict(right_limit=UNDECIDED)),
    # exp(alpha x): smooth, f'(0) = alpha
    ("exp alpha x", "exp(alpha*x)", "0", A, dict(
        value="1", differentiable=True, derivative="alpha")),
]

# --- 4. x**alpha for x < 0 is not a real number for most alpha ---------------------------
NEGATIVE_BASE = [
    # x**alpha at 0 from the left: (-t)**alpha is real only for some alpha
    ("x to the alpha from the left", "x**alpha", "0", A, dict(left_limit=UNDECIDED)),
    # at -1: (-1)**alpha is not real for alpha = 1/2
    ("x to the alpha at -1", "x**alpha", "-1", A, dict(
        value=UNDECIDED, left_limit=UNDECIDED, right_limit=UNDECIDED)),
    # (-x)**alpha: the right side has the negative base
    ("minus x to the alpha", "(-x)**alpha", "0", A, dict(
        value="0", left_limit="0", right_limit=UNDECIDED)),
    # x**alpha at 2: smooth, 2**alpha, slope alpha*2**(alpha-1)
    ("x to the alpha at 2", "x**alpha", "2", A, dict(
        value="2**alpha", differentiable=True, derivative="alpha*2**(alpha - 1)")),
    # sqrt as a reminder: left side undefined
    ("sqrt left side", "sqrt(x)", "0", (), dict(left_limit=UNDEFINED, right_limit="0")),
    # x**(3/2): even root inside, so undefined on the left
    ("three halves power", "x**(3/2)", "0", (), dict(
        left_limit=UNDEFINED, right_limit="0", right_derivative="0")),
]

# --- 5. sign(0) must not stand in for a one-sided limit ----------------------------------
HIDDEN_SIGN = [
    # alpha|log x| at 1: log(1 - t) < 0 < log(1 + t); slopes -alpha and alpha;
    # f'(x) = alpha sign(log x)/x -> -alpha from the left
    ("alpha abs log", "alpha*Abs(log(x))", "1", A, dict(
        value="0", left_derivative="-alpha", right_derivative="alpha",
        derivative_left_limit="-alpha", derivative_right_limit="alpha",
        continuous=True, differentiable=False)),
    # |log(1 + alpha x)| ≈ alpha|x|: slopes -alpha, alpha
    ("abs log one plus alpha x", "Abs(log(1 + alpha*x))", "0", A, dict(
        value="0", left_derivative="-alpha", right_derivative="alpha",
        derivative_left_limit="-alpha", derivative_right_limit="alpha",
        differentiable=False)),
    # sign(x**alpha - 1) at 1: x**alpha < 1 for x < 1 (alpha > 0), > 1 for x > 1
    ("sign of power minus one", "sign(x**alpha - 1)", "1", A, dict(
        value="0", left_limit="-1", right_limit="1", continuous=False,
        derivative_left_limit="0")),
    # sign(log x) at 1 without a parameter
    ("sign of log", "sign(log(x))", "1", (), dict(
        value="0", left_limit="-1", right_limit="1", continuous=False)),
    # sign(alpha log x) at 1: same signs, alpha > 0
    ("sign of alpha log", "sign(alpha*log(x))", "1", A, dict(
        value="0", left_limit="-1", right_limit="1", continuous=False)),
    # |sin(alpha x)|: slopes -alpha, alpha
    ("abs sin alpha x", "Abs(sin(alpha*x))", "0", A, dict(
        left_derivative="-alpha", right_derivative="alpha", derivative_left_limit="-alpha",
        differentiable=False)),
    # Heaviside(log x) at 1: 0 left, 1 right, H(0) = 1/2
    ("heaviside of log", "Heaviside(log(x))", "1", (), dict(
        value="1/2", left_limit="0", right_limit="1", continuous=False)),
    # Heaviside(alpha log x) at 1: as above
    ("heaviside of alpha log", "Heaviside(alpha*log(x))", "1", A, dict(
        left_limit="0", right_limit="1", continuous=False)),
    # sign(1 - exp(alpha x)): positive for x < 0, negative for x > 0
    ("sign one minus exp", "sign(1 - exp(alpha*x))", "0", A, dict(
        value="0", left_limit="1", right_limit="-1", continuous=False)),
    # |x**alpha - 1| at 1: slopes -alpha and alpha; f' -> ∓alpha
    ("abs power minus one", "Abs(x**alpha - 1)", "1", A, dict(
        left_derivative="-alpha", right_derivative="alpha", derivative_left_limit="-alpha",
        derivative_right_limit="alpha", differentiable=False)),
    # quotient by its own absolute value: the sign of x² - 1 near 1 is -, +
    ("sign of x squared minus one", "Abs(x**2 - 1)/(x**2 - 1)", "1", (), dict(
        value=UNDEFINED, left_limit="-1", right_limit="1", continuous=False)),
    # sin t - t < 0 for t > 0 and > 0 for t < 0
    ("sign of sin x minus x", "Abs(sin(x) - x)/(sin(x) - x)", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="-1")),
    # (1 + x)**(1/x) -> e, the probe must not compute (1 + 10^-30)**(10^30) exactly
    ("compound interest", "(1 + x)**(1/x)", "0", (), dict(
        value=UNDEFINED, left_limit="E", right_limit="E")),
    # Piecewise whose condition is eventually false on the right: 1/x < 1 fails for
    # small x > 0 (1/x is huge), so the value there is 1; on the left 1/x < 0 < 1 holds
    ("condition with 1/x", "Piecewise((0, 1/x < 1), (1, True))", "0", (), dict(
        right_limit="1", left_limit="0")),
    # sin² + cos² >= 1 holds everywhere (equality), so this is the constant 1
    ("non-strict condition on an identity", "Piecewise((1, sin(x)**2 + cos(x)**2 >= 1), "
     "(0, True))", "0", (), dict(
        value="1", left_limit="1", right_limit="1", continuous=True)),
    # and the strict version never holds: constant 0
    ("strict condition on an identity", "Piecewise((1, sin(x)**2 + cos(x)**2 > 1), "
     "(0, True))", "0", (), dict(
        value="0", left_limit="0", right_limit="0", continuous=True)),
]

# --- Around the classes: neighbours of the examples, and textbook limits -----------------
NEIGHBOURS = [
    # x/x = 1 off 0: a hole, not a lost side
    ("x over x", "x/x", "0", (), dict(value=UNDEFINED, left_limit="1", right_limit="1")),
    # x**x = exp(x log x): base must be positive; t**t -> e**0 = 1
    ("x to the x", "x**x", "0", (), dict(value=maybe(UNDEFINED), right_limit="1",
                                         left_limit=UNDECIDED)),
    # exp(-1/x): -1/x -> +oo from the left, -oo from the right
    ("exp of minus 1/x", "exp(-1/x)", "0", (), dict(
        value=UNDEFINED, left_limit=OO, right_limit="0")),
    # atan(1/x) -> ∓pi/2
    ("atan of 1/x", "atan(1/x)", "0", (), dict(
        value=UNDEFINED, left_limit="-pi/2", right_limit="pi/2")),
    # x log x: log needs x > 0; t log t -> 0
    ("x log x", "x*log(x)", "0", (), dict(
        value=UNDEFINED, left_limit=UNDEFINED, right_limit="0")),
    # 1/(1 + e^(1/x)): e^(1/x) -> 0 from the left, oo from the right
    ("logistic of 1/x", "1/(1 + exp(1/x))", "0", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="0")),
    # sin x/|x| -> -1 from the left (sin t/t -> 1, |x| = -x), 1 from the right
    ("sin over abs", "sin(x)/Abs(x)", "0", (), dict(
        value=UNDEFINED, left_limit="-1", right_limit="1", continuous=False)),
    # on (0, 1) x > x², on (1, 2) x² > x: slopes 1 and 2
    ("max of x and x squared at 1", "Max(x, x**2)", "1", (), dict(
        value="1", left_derivative="1", right_derivative="2", continuous=True,
        differentiable=False)),
    # x² < alpha near 0 for every alpha > 0: it is x² there
    ("min of x squared and alpha", "Min(x**2, alpha)", "0", A, dict(
        value="0", left_derivative="0", right_derivative="0", differentiable=True,
        derivative="0")),
    # |x|^(3/2)/x -> 0 from both sides
    ("abs to the three halves", "Abs(x)**(3/2)", "0", (), dict(
        value="0", left_derivative="0", right_derivative="0", differentiable=True)),
    # cube root: right limit 0; left side depends on the real/principal root convention
    ("cube root", "x**(1/3)", "0", (), dict(
        value="0", right_limit="0", right_derivative=OO, left_limit=maybe("0"))),
    # |x² - 1|/(1 - x²): x² - 1 < 0 just left of 1 gives +1; > 0 right gives -1
    ("abs over minus itself", "Abs(x**2 - 1)/(1 - x**2)", "1", (), dict(
        value=UNDEFINED, left_limit="1", right_limit="-1")),
    # 2|x|/x = 2 sign(x)
    ("twice sign as quotient", "2*Abs(x)/x", "0", (), dict(
        value=UNDEFINED, left_limit="-2", right_limit="2", derivative_left_limit="0")),
    # exp(-1/x²) -> 0 from both sides; undefined at 0 as written
    ("flat function", "exp(-1/x**2)", "0", (), dict(
        value=UNDEFINED, left_limit="0", right_limit="0")),
    # log(x²) -> -oo from both sides
    ("log of x squared", "log(x**2)", "0", (), dict(
        value=UNDEFINED, left_limit=NEG_OO, right_limit=NEG_OO)),
    # (1 - cos x)/x² -> 1/2
    ("one minus cos over x squared", "(1 - cos(x))/x**2", "0", (), dict(
        left_limit="1/2", right_limit="1/2")),
    # tanh(1/x) -> ∓1
    ("tanh of 1/x", "tanh(1/x)", "0", (), dict(left_limit="-1", right_limit="1")),
    # x² and 2x - 1 meet at 1 with slope 2 each
    ("smooth join", "Piecewise((x**2, x < 1), (2*x - 1, True))", "1", (), dict(
        value="1", left_derivative="2", right_derivative="2", continuous=True,
        differentiable=True, derivative="2")),
    # sign(x)·x = |x|
    ("sign times x", "sign(x)*x", "0", (), dict(
        value="0", left_derivative="-1", right_derivative="1", differentiable=False)),
    # x**alpha log x -> 0 from the right for every alpha > 0; log 0 undefined
    ("power times log", "x**alpha*log(x)", "0", A, dict(
        value=UNDEFINED, right_limit=maybe("0"), left_limit=maybe(UNDEFINED))),
    # |x - alpha| at 1: always continuous; a corner only when alpha = 1
    ("abs x minus alpha at 1", "Abs(x - alpha)", "1", A, dict(
        continuous=maybe(True), differentiable=UNDECIDED)),
    # x - alpha < 0 near 0 (alpha > 0): the function is 0 there
    ("relu shifted by alpha", "Max(0, x - alpha)", "0", A, dict(
        value="0", left_derivative="0", right_derivative="0", differentiable=True,
        derivative="0")),
    # alpha·sign(x): -alpha, 0, alpha
    ("alpha sign", "alpha*sign(x)", "0", A, dict(
        value="0", left_limit="-alpha", right_limit="alpha", continuous=False)),
    # sign(x)² is 1 off 0 and 0 at 0: a removable discontinuity
    ("sign squared", "sign(x)**2", "0", (), dict(
        value="0", left_limit="1", right_limit="1", continuous=False, differentiable=False)),
    # Heaviside(x)²: 1/4 at 0 (sympy's H(0) = 1/2), 0 left, 1 right
    ("heaviside squared", "Heaviside(x)**2", "0", (), dict(
        value="1/4", left_limit="0", right_limit="1", continuous=False)),
]

CASES = (SIDE_DOMAIN + ACCUM_BOUNDS + PARAMETERS + NEGATIVE_BASE + HIDDEN_SIGN
         + NEIGHBOURS)


@pytest.mark.parametrize("name, expression, point, params, expected", CASES,
                         ids=[case[0] for case in CASES])
def test_hard_case(name, expression, point, params, expected):
    assert_case(expression, point, params, expected)


def test_the_table_is_large_enough():
    assert len(CASES) >= 60
