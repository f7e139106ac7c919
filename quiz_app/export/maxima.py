"""A bank expression (safe sympy syntax) as Maxima text, for STACK's answer tests.

The translation works on the syntax tree of the text as the author wrote it, not on sympy's
rewritten form, so `Max(0, x)` becomes `max(0, x)` and not something sympy chose. The text
is first accepted by the checker's safe parser, so only its whitelist of names and nodes
gets here; nothing is evaluated. Heaviside(u) becomes (1 + signum(u))/2, which is ½ at 0
as sympy's is. A function with no Maxima equivalent (Eq/Ne outside a condition, ∞) raises
NoMaximaForm with the reason, and the caller skips the question rather than export a
weaker test.
"""

from __future__ import annotations

import ast

FUNCTIONS = {
    "Max": "max", "max": "max", "Min": "min", "min": "min", "Abs": "abs", "abs": "abs",
    "exp": "exp", "log": "log", "sqrt": "sqrt", "sin": "sin", "cos": "cos", "tanh": "tanh",
    "atan": "atan", "erf": "erf", "sign": "signum",
}
CONSTANTS = {"pi": "%pi", "E": "%e"}
# What a student could type in STACK for a function a question forbids (its input's
# forbidden words): the Maxima name, and for Heaviside and Piecewise, Maxima's own forms.
FORBIDDEN_WORDS = {"Heaviside": ("unit_step", "heaviside"), "Piecewise": ("if",)}
NO_FORM = {
    "oo": "∞ is not a value STACK's AlgEquiv can compare",
    "Eq": "an equation is not a value", "Ne": "an inequation is not a value",
}
# Binding strength, loosest first; Maxima orders these operators as Python does.
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.USub: 3, ast.UAdd: 3,
               ast.Pow: 4}
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "^"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


class NoMaximaForm(ValueError):
    pass


def to_maxima(text: str, variable: str = "x") -> str:
    """Maxima text for `text`; ExpressionError if the safe parser refuses it, NoMaximaForm
    if it has no faithful Maxima form."""
    from quiz_app.checker.expr import parse_expression

    parse_expression(text, variable)  # the whitelist: refuse anything it refuses
    tree = ast.parse(text.strip(), mode="eval").body
    return _emit(tree)


def _precedence(node: ast.AST) -> int:
    if isinstance(node, ast.BinOp):
        return _PRECEDENCE[type(node.op)]
    if isinstance(node, ast.UnaryOp):
        return _PRECEDENCE[type(node.op)]
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and \
            node.value < 0:
        return _PRECEDENCE[ast.USub]
    return 5


def _operand(node: ast.AST, minimum: int) -> str:
    text = _emit(node)
    return f"({text})" if _precedence(node) < minimum else text


def _emit(node: ast.AST) -> str:
    if isinstance(node, ast.BinOp):
        own = _PRECEDENCE[type(node.op)]
        if isinstance(node.op, ast.Pow):  # right-associative: a^b^c is a^(b^c)
            left, right = _operand(node.left, own + 1), _operand(node.right, own)
            if isinstance(node.right, ast.UnaryOp):
                right = f"({_emit(node.right)})"
        else:  # left-associative: a-(b-c) keeps its brackets, (a-b)-c needs none
            left, right = _operand(node.left, own), _operand(node.right, own + 1)
        return f"{left}{_SYMBOLS[type(node.op)]}{right}" if own >= 2 else \
            f"{left} {_SYMBOLS[type(node.op)]} {right}"
    if isinstance(node, ast.UnaryOp):
        sign = "-" if isinstance(node.op, ast.USub) else "+"
        return sign + _operand(node.operand, _PRECEDENCE[ast.USub] + 1)
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            return "true" if node.value else "false"
        return repr(node.value) if isinstance(node.value, float) else str(node.value)
    if isinstance(node, ast.Name):
        if node.id in NO_FORM:
            raise NoMaximaForm(NO_FORM[node.id])
        if node.id == "True":
            return "true"
        return CONSTANTS.get(node.id, node.id)
    if isinstance(node, ast.Compare):
        parts: list[str] = []
        operand: ast.expr = node.left
        for op, comparator in zip(node.ops, node.comparators):
            parts.append(f"{_emit(operand)} {_COMPARE[type(op)]} {_emit(comparator)}")
            operand = comparator
        return " and ".join(parts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name == "Piecewise":
            return _piecewise(node.args)
        if name == "Heaviside":  # sympy's H(0) is 1/2, and so is this; Maxima's unit_step(0) is 0
            if len(node.args) != 1:
                raise NoMaximaForm("Heaviside with a value at 0 has no Maxima form here")
            return f"(1 + signum({_emit(node.args[0])}))/2"
        if name in NO_FORM:
            raise NoMaximaForm(NO_FORM[name])
        if name not in FUNCTIONS:
            raise NoMaximaForm(f"{name} has no Maxima translation here")
        return f"{FUNCTIONS[name]}({', '.join(_emit(a) for a in node.args)})"
    raise NoMaximaForm(f"{type(node).__name__} has no Maxima translation here")


def _piecewise(pairs: list[ast.expr]) -> str:
    """Piecewise((a, c1), (b, c2), (d, True)) → (if c1 then a elseif c2 then b else d)."""
    branches = []
    for pair in pairs:
        if not isinstance(pair, ast.Tuple) or len(pair.elts) != 2:
            raise NoMaximaForm("a Piecewise branch must be (value, condition)")
        branches.append(pair.elts)
    text, otherwise = "", None
    for index, (value, condition) in enumerate(branches):
        if isinstance(condition, ast.Constant) and condition.value is True or \
                isinstance(condition, ast.Name) and condition.id == "True":
            otherwise = _emit(value)
            break
        keyword = "if" if index == 0 else " elseif"
        text += f"{keyword} {_condition(condition)} then {_emit(value)}"
    if otherwise is None:
        raise NoMaximaForm("a Piecewise with no True branch is undefined somewhere; "
                           "Maxima has no value for that")
    if not text:
        return otherwise
    return f"({text} else {otherwise})"


def _condition(node: ast.AST) -> str:
    """A branch condition: comparisons, and Eq/Ne, which are conditions here, not values."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in ("Eq", "Ne") and len(node.args) == 2:
        symbol = "=" if node.func.id == "Eq" else "#"
        return f"{_emit(node.args[0])} {symbol} {_emit(node.args[1])}"
    return _emit(node)


def forbidden_words(names) -> str:
    """STACK's `forbidwords` for a question's `forbid` (Max → max, Heaviside → unit_step,…)."""
    words = [word for name in names
             for word in FORBIDDEN_WORDS.get(name, (FUNCTIONS.get(name, name),))]
    return ",".join(dict.fromkeys(words))
