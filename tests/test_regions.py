"""Kinks and pieces (quiz_app.checker.regions), and the worked examples in the docstrings of
the checker's modules, which are run here (pytest collects tests/ only)."""

from __future__ import annotations

import pytest
import sympy as sp

from quiz_app.checker.expr import parse_expression, variable_symbol
from quiz_app.checker.regions import Piece, Unlocatable, on_piece, split

x = variable_symbol("x")


@pytest.mark.parametrize(("text", "kinks"), [
    ("Max(0, x)", [0]),
    ("Min(Max(0, x), 6)", [0, 6]),
    ("Abs(x - 1) + Abs(x + 1)", [-1, 1]),
    ("Heaviside(x - sqrt(2))", [sp.sqrt(2)]),
    ("Max(0, x - log(2))", [sp.log(2)]),
    ("Max(0, 1/(x - 2) - 2)", [2, sp.Rational(5, 2)]),  # a pole, and a zero
    ("Abs(sqrt(x) - 1)", [0, 1]),  # where the root stops being real, and a zero
    ("Piecewise((x, x < 3), (3, True))", [3]),
    ("1/(1 + exp(-x))", []),
])
def test_kinks_are_where_a_branch_can_change(text, kinks):
    assert split(parse_expression(text), x).kinks == kinks


@pytest.mark.parametrize(("text", "formulas"), [
    ("Min(Max(0, x), 6)", ["0", "x", "6"]),
    ("Max(x/10, x)", ["x/10", "x"]),
    ("Piecewise((x/10, x < 0), (x, True))", ["x/10", "x"]),
    ("Heaviside(x)", ["0", "1"]),
    ("x*(1 + sign(x))/2", ["0", "x"]),
    ("Max(0, 1/(x - 2) - 2)", ["0", "1/(x - 2) - 2", "0"]),
])
def test_each_piece_has_one_formula(text, formulas):
    expr = parse_expression(text)
    found = [on_piece(expr, x, piece) for piece in split(expr, x).pieces]
    assert [sp.simplify(f - parse_expression(g)) for f, g in zip(found, formulas)] == \
        [0] * len(formulas)


def test_a_domain_cuts_the_pieces_and_adds_its_closed_ends_and_points():
    expr = parse_expression("Min(Max(0, x), 6)")
    assert split(expr, x, sp.Interval.open(1, sp.oo)).pieces == [Piece(1, 6), Piece(6, None)]
    assert split(expr, x, sp.Interval(1, sp.oo)).kinks == [1, 6]  # 1 is in the domain
    assert split(expr, x, sp.FiniteSet(3)) == split(expr, x, sp.FiniteSet(3))
    assert split(expr, x, sp.FiniteSet(3)).pieces == []
    assert split(expr, x, sp.FiniteSet(3)).kinks == [3]


def test_what_cannot_be_placed_is_said():
    with pytest.raises(Unlocatable):
        split(parse_expression("Max(0, sin(x))"), x)  # infinitely many kinks
    with pytest.raises(Unlocatable):
        split(parse_expression("Max(0, x)"), x, sp.ImageSet(sp.Lambda(x, 2 * x),
                                                             sp.S.Integers))
