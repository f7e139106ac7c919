"""The maths on screen means what the author's LaTeX means.

Expected strings are written by hand from the LaTeX (what a teacher would write on the
board in plain text), never copied from the renderer's output.
"""

import re

import pytest

from quiz_app.bank.discovery import discover_bank_paths
from quiz_app.bank.loader import load_banks
from quiz_app.bank.variants import expand
from quiz_app.ui.latex import latex_to_unicode
from quiz_app.ui.mathtext import (
    INLINE_MATH,
    render_markdown_math,
    render_markup,
    render_plain,
    render_rich_text,
)

CASES = [
    # fractions keep their grouping; brackets only where precedence needs them
    (r"\frac{x+|x|}{2}", "(x + |x|)/2"),
    (r"\frac{x-|x|}{2}", "(x − |x|)/2"),
    (r"g(x)=\frac{x+|x|}{2}", "g(x) = (x + |x|)/2"),
    (r"\frac{f(h)-f(0)}{h}", "(f(h) − f(0))/h"),
    (r"\frac{f(t)-f(0)}{t}", "(f(t) − f(0))/t"),
    (r"\frac{f(0-t)-f(0)}{-t}", "(f(0 − t) − f(0))/(−t)"),
    (r"\sigma(x)=\frac{1}{1+e^{-x}}", "σ(x) = 1/(1 + e⁻ˣ)"),
    (r"x\,\sigma(x)=\frac{x}{1+e^{-x}}", "x σ(x) = x/(1 + e⁻ˣ)"),
    (r"\frac{x}{2}", "x/2"),
    (r"\frac{a}{b c}", "a/(b c)"),
    (r"\frac{\frac{a}{b}}{c}", "a/b/c"),
    (r"\frac{a}{\frac{b}{c}}", "a/(b/c)"),
    (r"\frac{x}{2}\left(1+\operatorname{erf}(x/\sqrt{2})\right)", "(x/2)(1 + erf(x/√2))"),
    (r"\frac{1}{2}x", "(1/2)x"),
    # superscripts stay one group
    (r"e^{-1}-1\approx -0.632", "e⁻¹ − 1 ≈ −0.632"),
    (r"e^{-1}\approx 0.368", "e⁻¹ ≈ 0.368"),
    (r"e^{-x}", "e⁻ˣ"),
    (r"e^x-1", "eˣ − 1"),
    (r"x^2", "x²"),
    (r"\max(0,x)^2", "max(0, x)²"),
    (r"e^{-x+1}", "e^(−x+1)"),
    (r"e^{x^2}", "e^(x²)"),
    (r"2^{10}", "2¹⁰"),
    (r"n_{\text{in}}", "nᵢₙ"),
    (r"x_1", "x₁"),
    (r"x_{n+1}", "x_(n+1)"),
    # limits and arrows
    (r"\lim_{x\to 0^-} f(x) = 0", "lim x→0⁻ f(x) = 0"),
    (r"\lim_{x\to 0^+} f(x) = 1", "lim x→0⁺ f(x) = 1"),
    (r"x\to 0^-", "x→0⁻"),
    (r"t\to 0^+", "t→0⁺"),
    (r"f'(x)\to 1/2", "f′(x)→1/2"),
    # functions, Greek, absolute values
    (r"f(x)=\max(0,x)", "f(x) = max(0, x)"),
    (r"\min(\max(0,x),6)", "min(max(0, x), 6)"),
    (r"\max(0.01x,\,x)", "max(0.01x, x)"),
    (r"|x|", "|x|"),
    (r"|x|-1", "|x| − 1"),
    (r"|-x|", "|−x|"),
    (r"\sqrt{|x|}", "√|x|"),
    (r"\sqrt{x+1}", "√(x + 1)"),
    (r"|\max(0,x)-\max(0,y)|\le L\,|x-y|", "|max(0, x) − max(0, y)| ≤ L |x − y|"),
    (r"\alpha(e^x-1)", "α(eˣ − 1)"),
    (r"\lambda\alpha(e^x-1)", "λα(eˣ − 1)"),
    (r"\lambda\approx 1.0507", "λ ≈ 1.0507"),
    (r"x\,\Phi(x)", "x Φ(x)"),
    (r"\Phi(-1)\approx 0.159", "Φ(−1) ≈ 0.159"),
    (r"\ell(x)=\max(0.01x,\,x)", "ℓ(x) = max(0.01x, x)"),
    (r"\log(1+e^x)", "log(1 + eˣ)"),
    (r"\log 2\approx 0.693", "log 2 ≈ 0.693"),
    (r"\tanh'(5)=1", "tanh′(5) = 1"),
    (r"\sigma'(5)=1/4", "σ′(5) = 1/4"),
    # relations, sets, intervals, products
    (r"x\ge 0", "x ≥ 0"),
    (r"x<0", "x < 0"),
    (r"f'(x)=0", "f′(x) = 0"),
    (r"\{0, 1\}", "{0, 1}"),
    (r"\{-1\}", "{−1}"),
    (r"[0, \infty)", "[0, ∞)"),
    (r"[-1, 1]", "[−1, 1]"),
    (r"x \cdot [x>0]", "x · [x > 0]"),
    (r"k\cdot\max(0,x)", "k · max(0, x)"),
    (r"f(-2\cdot 3)=\max(0,-6)", "f(−2 · 3) = max(0, −6)"),
    (r"f(x)\ge f(a)+g\,(x-a)", "f(x) ≥ f(a) + g (x − a)"),
    (r"\max(0, c\,x) = c\,\max(0,x)", "max(0, c x) = c max(0, x)"),
    (r"x \ne 0", "x ≠ 0"),
    (r"\unknownmacro{x}", "unknownmacrox"),
]


@pytest.mark.parametrize(("latex", "expected"), CASES)
def test_latex_to_unicode_table(latex, expected):
    assert latex_to_unicode(latex) == expected


def test_the_table_is_large_enough():
    assert len(CASES) >= 40


def test_relu_as_absolute_value_option_reads_with_its_brackets():
    assert render_plain("$\\frac{x+|x|}{2}$") == "(x + |x|)/2"
    assert "x+|x|/2" not in render_plain("$g(x)=\\frac{x+|x|}{2}$")


def _shown_texts():
    """Every text a student can meet in the bundled banks, variants realised."""
    report = load_banks(discover_bank_paths())
    for _, _, template in report.questions:
        for variant in expand(template):
            question = variant.question
            yield question.id, question.prompt
            yield question.id, question.explanation or ""
            for hint in question.hints or []:
                yield question.id, hint
            for choice in question.choices:
                yield question.id, choice.text
                yield question.id, choice.feedback or ""


def test_no_bundled_text_keeps_a_latex_token():
    checked = 0
    for question_id, text in _shown_texts():
        checked += 1
        shown = render_plain(text)
        assert not re.search(r"\\|\^\{|_\{|`|\$", shown), (question_id, text, shown)
        for span in INLINE_MATH.finditer(text):
            maths = render_plain(span.group(0))
            written = span.group(1).count("\\{")  # a set's braces are meant
            assert maths.count("{") == written and maths.count("}") == written, \
                (question_id, span.group(0), maths)
        assert "**" not in shown, (question_id, shown)
    assert checked > 500


def test_emphasis_and_code_become_markup_never_raw():
    assert render_markup("a **bold** and `np.maximum(0, x)` and *this*") == \
        "a [b]bold[/b] and [b]np.maximum(0, x)[/b] and [i]this[/i]"
    assert render_plain("a **bold** and `code`") == "a bold and code"


@pytest.mark.parametrize("text", ["[/bold] closes nothing", "[link=https://x.org]x[/link]",
                                  "[bold]not bold", "$x$ [red]x[/red] [x>0]",
                                  "*x*_x_ stays starred before an underscore",
                                  "`$x$` is code, not maths", "\\$5 and $y$",
                                  ":x: and :smile: are not emoji", "**:thumbs_up:** $x$"])
def test_author_markup_is_shown_literally(text):
    from textual.content import Content

    assert Content.from_markup(render_markup(text)).plain == render_plain(text)
    assert render_rich_text(text).plain == render_plain(text)


def test_markdown_widget_text_escapes_maths_specials():
    assert render_markdown_math("so $x_1$ is") == "so x₁ is"
    assert render_markdown_math("`$x_1$` is code") == "`$x_1$` is code"
    assert render_markdown_math("$[x>0]$") == "\\[x \\> 0\\]"


ATOMS = ["x", "2", "0.5", r"\alpha", r"\sigma(x)", "|x|", r"\max(0,x)", r"\infty", "f'(x)",
         r"\log 2", r"\{0\}"]


def _latex():
    """Well-formed LaTeX built from the constructs the banks use, nested."""
    from hypothesis import strategies as st

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "=", r"\le ", r"\cdot ", r"\to ", ","]),
                      inner).map("".join),
            st.tuples(inner, inner).map(lambda p: rf"\frac{{{p[0]}}}{{{p[1]}}}"),
            st.tuples(inner, inner).map(lambda p: f"{p[0]}^{{{p[1]}}}"),
            st.tuples(inner, inner).map(lambda p: f"{p[0]}_{{{p[1]}}}"),
            inner.map(lambda s: rf"\sqrt{{{s}}}"),
            inner.map(lambda s: rf"\left({s}\right)"),
            inner.map(lambda s: rf"\lim_{{x\to 0^+}} {s}"),
        )

    return st.recursive(st.sampled_from(ATOMS), extend, max_leaves=8)


def test_any_well_formed_latex_leaves_no_token():
    from hypothesis import given, settings

    @settings(max_examples=300, deadline=None)
    @given(_latex())
    def check(latex):
        shown = latex_to_unicode(latex)
        assert "\\" not in shown and "^{" not in shown and "_{" not in shown
        assert shown.count("{") == latex.count(r"\{")

    check()


def test_any_text_renders_without_raising():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(list("x1+-^_{}\\$*`[]/|: ") + ["\\frac", "\\max", "[/b]", "smile"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def check(text):
        from textual.content import Content

        plain = render_plain(text)
        assert Content.from_markup(render_markup(text)).plain.replace("\u200b", "") == plain
        assert render_rich_text(text).plain.replace("\u200b", "") == plain
        latex_to_unicode(text)

    check()
