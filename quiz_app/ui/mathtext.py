"""Prompts' `$...$` maths as readable Unicode for a terminal.

pylatexenc does the LaTeX-to-text work (macros, Greek, \\frac, \\infty); we only polish its
output for reading: primes, simple super/subscripts and spacing around relations.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text

SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
INLINE_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$")
RELATION = re.compile(r"\s*(<=|>=|=|<|>|≤|≥|≠|→)\s*")


@lru_cache(maxsize=1)
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def _scripts(text: str) -> str:
    text = re.sub(r"\^\{?([0-9+\-=()n]+)\}?",
                  lambda m: m.group(1).translate(SUPERSCRIPT), text)
    return re.sub(r"_\{?([0-9+\-=()]+)\}?", lambda m: m.group(1).translate(SUBSCRIPT), text)


def math_to_unicode(latex: str) -> str:
    """`f(x)=\\max(0,x)` → `f(x) = max(0, x)`; `f'(x)` → `f′(x)`."""
    text = _converter().latex_to_text(latex)
    text = text.replace("'", "′")
    text = _scripts(text)
    text = RELATION.sub(lambda m: f" {m.group(1)} ", text)
    text = re.sub(r",(?=\S)", ", ", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def render_markdown_math(markdown: str) -> str:
    """Replace every inline `$...$` span of a Markdown text with its Unicode reading."""
    return INLINE_MATH.sub(lambda m: math_to_unicode(m.group(1)), markdown)
