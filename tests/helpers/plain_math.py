"""Functions evaluated by their definition with Python's `math`, never by the checker.

Tests that check what a screen or the working *says* need the true values of f: a small
evaluator over `ast` for the notation the app uses (Max, Min, Abs, exp, log, sqrt, erf,
Piecewise, E, pi) and for the student notation the working is written in (−, ·, ^, √, π,
e). Only whitelisted nodes are evaluated; anything else is a test error.
"""

from __future__ import annotations

import ast
import math
import re

FUNCTIONS = {
    "Max": max, "Min": min, "Abs": abs, "exp": math.exp, "log": math.log,
    "sqrt": math.sqrt, "erf": math.erf, "tanh": math.tanh, "cosh": math.cosh,
    "sinh": math.sinh, "sin": math.sin, "cos": math.cos, "atan": math.atan,
    "sign": lambda u: (u > 0) - (u < 0),
    "Heaviside": lambda u, at_zero=0.5: 1.0 if u > 0 else 0.0 if u < 0 else at_zero,
}
CONSTANTS = {"E": math.e, "pi": math.pi}
BINARY = {ast.Add: lambda p, q: p + q, ast.Sub: lambda p, q: p - q,
          ast.Mult: lambda p, q: p * q, ast.Div: lambda p, q: p / q,
          ast.Pow: lambda p, q: p ** q, ast.BitAnd: lambda p, q: p and q,
          ast.BitOr: lambda p, q: p or q}
COMPARE = {ast.Lt: lambda p, q: p < q, ast.LtE: lambda p, q: p <= q,
           ast.Gt: lambda p, q: p > q, ast.GtE: lambda p, q: p >= q,
           ast.Eq: lambda p, q: p == q, ast.NotEq: lambda p, q: p != q}
STUDENT = [("−", "-"), ("·", "*"), ("^", "**"), ("π", "pi"), ("∞", "inf")]


def from_words(text: str) -> str:
    """The app's student notation (`−√2·x^2`, `e`) back in the notation evaluated here."""
    for said, written in STUDENT:
        text = text.replace(said, written)
    text = re.sub(r"√\(", "sqrt(", text)
    text = re.sub(r"√(\w+)", r"sqrt(\1)", text)
    return re.sub(r"(?<![\w.])e(?![\w(])", "E", text)


def evaluate(text: str, values: dict[str, float]) -> float:
    """The value of `text` (app or student notation) with the names in `values` bound."""
    return float(_value(ast.parse(from_words(text).strip(), mode="eval").body, values))


def _value(node: ast.AST, values: dict[str, float]):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return values[node.id] if node.id in values else CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _value(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        return BINARY[type(node.op)](_value(node.left, values), _value(node.right, values))
    if isinstance(node, ast.Compare):
        left, result = _value(node.left, values), True
        for op, right_node in zip(node.ops, node.comparators):
            right = _value(right_node, values)
            result = result and COMPARE[type(op)](left, right)
            left = right
        return result
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "Piecewise":  # lazily: only the branch in force is evaluated
            for pair in node.args:
                assert isinstance(pair, ast.Tuple)
                branch, condition = pair.elts
                if _value(condition, values):
                    return _value(branch, values)
            raise ValueError("no branch of the Piecewise holds")
        return FUNCTIONS[node.func.id](*(_value(arg, values) for arg in node.args))
    raise AssertionError(f"not evaluated by plain_math: {ast.dump(node)}")
