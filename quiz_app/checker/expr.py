"""A whitelisting parser from untrusted text to sympy, built on the stdlib `ast`.

`sympify` and `parse_expr` call `eval`, so text from YAML files or a student's keyboard
never reaches them. We parse with `ast.parse(mode="eval")`, refuse every node outside a
small whitelist, bound size, depth and exponents before sympy does any work, and build the
sympy objects ourselves. Numbers are re-read from the source text so `0.01` is exactly
1/100. Whatever happens, the only exception that leaves is ExpressionError.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NoReturn

import sympy as sp

from quiz_app.checker.symbolic import SYMPY_ERRORS, sympy_gave_up

MAX_CHARS = 500
# (≤ ~2 syntax-tree nodes a character: a second guard no input reaches, so not mutated)
MAX_NODES = 1000  # pragma: no mutate
MAX_DEPTH = 100
MAX_NUMBER_CHARS = 30
MAX_EXPONENT = 100
MAX_SCI_EXPONENT = 100
MAX_DIGITS = 1000  # of any integer or rational the expression folds to
# What a Restriction demands: "nonzero" (a denominator), "nonnegative" (an even root), "positive"
# (log), "realpower" (the base b of b**alpha: real for b > 0, and for b = 0 only if alpha > 0)
RestrictionKind = Literal["nonzero", "nonnegative", "positive", "realpower"]


def _digits(integer: int) -> int:
    """Decimal digits of an integer, from its bit length (no conversion to text)."""
    return int(abs(integer).bit_length() * 0.30103) + 1


class ExpressionError(ValueError):
    """A refused expression, with a 1-based column for the editor or the input box."""

    def __init__(self, message: str, column: int = 1):
        super().__init__(message, column)
        self.message = message
        self.column = max(1, int(column))

    def __str__(self) -> str:
        return f"{self.message} at column {self.column}"


def variable_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, real=True)


def parameter_symbol(name: str) -> sp.Symbol:
    return sp.Symbol(name, positive=True)


def _piecewise(*pairs):
    return sp.Piecewise(*pairs)


ONE_ARGUMENT = {"Abs": sp.Abs, "abs": sp.Abs, "sign": sp.sign, "exp": sp.exp, "log": sp.log,
                "sqrt": sp.sqrt, "erf": sp.erf, "tanh": sp.tanh, "sin": sp.sin, "cos": sp.cos,
                "atan": sp.atan}  # log(x, 2) would be a base-2 logarithm: one argument only
FUNCTIONS = {name: (function, 1, 1) for name, function in ONE_ARGUMENT.items()} | {
    "Max": (sp.Max, 1, None), "Min": (sp.Min, 1, None), "max": (sp.Max, 1, None),
    "min": (sp.Min, 1, None), "Heaviside": (sp.Heaviside, 1, 2),
    "Piecewise": (_piecewise, 1, None), "Eq": (sp.Eq, 2, 2), "Ne": (sp.Ne, 2, 2),
}
# "inf" and "infinity" are how students write ∞; "oo" is sympy's spelling, kept for authors.
CONSTANTS = {"pi": sp.pi, "E": sp.E, "oo": sp.oo, "inf": sp.oo, "infinity": sp.oo}
BINARY = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul,
          ast.Div: lambda a, b: a / b, ast.Pow: None}
COMPARE = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge}
# What people write from habit (calculators, LaTeX, other CAS), and what to write instead.
INSTEAD = {"e": "E or exp(x)", "ln": "log", "relu": "Max(0, x)", "ReLU": "Max(0, x)",
           "Relu": "Max(0, x)", "heaviside": "Heaviside", "step": "Heaviside",
           "arctan": "atan", "Sqrt": "sqrt", "Exp": "exp", "Log": "log"}
REFUSED = {
    ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Lambda: "lambda",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.List: "a list", ast.Dict: "a dict", ast.Set: "a set", ast.BoolOp: "and/or",
    ast.JoinedStr: "an f-string", ast.NamedExpr: "':='", ast.Starred: "'*' unpacking",
    ast.IfExp: "'if' expressions", ast.Await: "await", ast.Yield: "yield",
    ast.Slice: "slicing",
}


def parse_expression(text: str, variable: str = "x", params: Iterable[str] = (),
                     forbid: Iterable[str] = ()) -> sp.Expr:
    """The sympy expression for `text`, or ExpressionError; never evaluates the text.
    `forbid` names functions it may not call, in either spelling (Max refuses max(…) too).

    >>> try:
    ...     parse_expression("2*max(0, x)", forbid=["Max"])
    ... except ExpressionError as exc:
    ...     print(exc)
    max is not allowed in this answer: write it without Max at column 3
    """
    return parse_with_restrictions(text, variable, params, forbid)[0]


@dataclass(frozen=True)  # pragma: no mutate  (frozen only guards against our own slips)
class Restriction:
    """Where the expression as written is defined over the reals. sympy simplifies as it
    builds (x**2/x becomes x, sqrt(x)**2 becomes x), which would erase a hole at 0 or the
    whole half-line x < 0; the analysis checks these to keep f undefined there.
    """

    expression: sp.Expr
    kind: RestrictionKind
    # The Piecewise branches it sits in, outermost first: (condition, earlier conditions).
    # It matters at a point only where every one of those branches is the active one.
    branches: tuple = ()
    exponent: sp.Expr | None = None  # for "realpower"


def parse_with_restrictions(text: str, variable: str = "x", params: Iterable[str] = (),
                            forbid: Iterable[str] = ()) -> tuple[sp.Expr, list[Restriction]]:
    """As parse_expression, plus every real-domain restriction the text imposes."""
    if not isinstance(text, str):
        raise ExpressionError("expected text")
    if len(text) > MAX_CHARS:
        raise ExpressionError(f"expression is longer than {MAX_CHARS} characters",
                              MAX_CHARS + 1)
    if not text.strip():
        raise ExpressionError("empty expression")
    if "\x00" in text:
        raise ExpressionError("null character", text.index("\x00") + 1)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(text.strip(), exc) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression is nested too deeply") from None
    builder = _Builder(text.strip(), variable, tuple(params), tuple(forbid))
    builder.check_size(tree.body)
    try:
        return builder.build(tree.body), builder.restrictions
    except ExpressionError:
        raise
    except RecursionError:
        raise ExpressionError("expression is nested too deeply") from None
    except SYMPY_ERRORS as exc:  # sympy can refuse a construction in many ways
        sympy_gave_up(exc)
        raise ExpressionError(f"cannot build expression: {exc}".strip()) from None


def _is_condition(condition) -> bool:
    """Comparisons, True/False, and And/Or/Not of them: nothing else is a condition."""
    from sympy.logic.boolalg import BooleanAtom, BooleanFunction

    if isinstance(condition, (sp.core.relational.Relational, BooleanAtom)):
        return True
    return isinstance(condition, BooleanFunction) and all(
        _is_condition(arg) for arg in condition.args)


def _syntax_error(text: str, exc: SyntaxError) -> ExpressionError:
    if exc.lineno and exc.lineno > 1:
        return ExpressionError("an expression is one line", len(text.splitlines()[0]) + 1)
    column = min(max(exc.offset or 1, 1), len(text) + 1)
    message = exc.msg or ""
    if "was never closed" in message and column <= len(text):
        return ExpressionError(f"unclosed '{text[column - 1]}'", column)
    if column > len(text) or "unexpected EOF" in message or text[-1] in "+-*/(,<>=":
        return ExpressionError("unexpected end of expression", len(text) + 1)
    character = text[column - 1]
    if "|" in text:  # |x| reads as Python's "or" operator with nothing on one side
        return ExpressionError("write |x| as Abs(x)", text.index("|") + 1)
    if "decimal literal" in message:  # 2x, 3sin(x): people write products without *
        return ExpressionError("a number runs into a name: write 2*x for a product", column)
    if character in ")]}":
        return ExpressionError(f"unexpected '{character}'", column)
    return ExpressionError(f"invalid syntax near '{character}'", column)


class _Builder:
    def __init__(self, text: str, variable: str, params: tuple[str, ...],
                 forbid: tuple[str, ...] = ()):
        self.text = text
        self.forbid = forbid
        self.forbidden = {FUNCTIONS[name][0] for name in forbid if name in FUNCTIONS}
        self.restrictions: list[Restriction] = []
        self.branches: list[tuple] = []
        self.names = {variable: variable_symbol(variable)}
        self.names.update({p: parameter_symbol(p) for p in params})

    def column(self, node: ast.AST, operator: bool = False) -> int:
        """1-based, in characters (col_offset counts bytes); `operator`: a BinOp's operator."""
        raw, offset = self.text.encode("utf-8"), getattr(node, "col_offset", 0)
        if operator and isinstance(node, ast.BinOp) and node.left.end_col_offset is not None:
            offset = len(raw) - len(raw[node.left.end_col_offset:].lstrip(b" )"))
        return len(raw[:offset].decode("utf-8", "ignore")) + 1

    def refuse(self, node: ast.AST, message: str, operator: bool = False) -> NoReturn:
        raise ExpressionError(message, self.column(node, operator))

    def check_size(self, root: ast.AST) -> None:
        count = 0  # pragma: no mutate  (MAX_NODES: see there)
        stack = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            count += 1
            if count > MAX_NODES:
                self.refuse(node, f"expression has more than {MAX_NODES} parts")
            if depth > MAX_DEPTH:
                self.refuse(node, f"expression is nested more than {MAX_DEPTH} deep")
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))

    def build(self, node: ast.AST, condition: bool = False):
        if isinstance(node, ast.Constant):
            return self.constant(node, condition)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand)
            self.refuse(node, "only + and - may stand before a value")
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Tuple):
            self.refuse(node, "a tuple is only allowed as a (value, condition) pair of "
                              "Piecewise")
        self.refuse(node, f"{REFUSED.get(type(node), type(node).__name__)} is not allowed")

    def constant(self, node: ast.Constant, condition: bool):
        value = node.value
        if isinstance(value, bool):
            if condition:
                return sp.true if value else sp.false
            self.refuse(node, "True and False are only allowed as a Piecewise condition")
        if isinstance(value, (int, float)):
            return self.number(node)
        kinds = {str: "a string", bytes: "bytes", complex: "a complex number"}
        self.refuse(node, f"{kinds.get(type(value), repr(value))} is not allowed")

    def number(self, node: ast.Constant):
        source = ast.get_source_segment(self.text, node) or repr(node.value)
        source = source.replace("_", "")
        if len(source) > MAX_NUMBER_CHARS:
            self.refuse(node, "number is too long")
        lowered = source.lower()
        if lowered.startswith(("0x", "0o", "0b")):
            self.refuse(node, "write numbers in decimal")
        if "e" in lowered:
            mantissa, _, exponent = lowered.partition("e")
            if abs(int(exponent)) > MAX_SCI_EXPONENT:
                self.refuse(node, "number is too large or too small")
            return sp.Rational(mantissa) * sp.Rational(10) ** int(exponent)
        return sp.Rational(source)

    def name(self, node: ast.Name):
        if node.id.startswith("__"):
            self.refuse(node, f"name '{node.id}' is not allowed")
        if node.id in self.names:
            return self.names[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS:
            self.refuse(node, f"'{node.id}' is a function: call it, as in {node.id}(x)")
        hint = f": write {INSTEAD[node.id]}" if node.id in INSTEAD else ""
        self.refuse(node, f"unknown name '{node.id}'{hint}")

    def binary(self, node: ast.BinOp):
        op = type(node.op)
        if op not in BINARY:
            symbol = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.BitXor: "^",
                      ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}
            hint = {ast.BitXor: " (use ** for powers)",
                    ast.BitOr: " (write |x| as Abs(x))"}.get(op, "")
            self.refuse(node, f"operator '{symbol.get(op, op.__name__)}' is not allowed{hint}",
                        operator=True)  # "x^2" points at the ^, not at the x
        left, right = self.build(node.left), self.build(node.right)
        if op is ast.Pow:
            return self.power(node, left, right)
        if op is ast.Div:
            self.restrict(right, "nonzero")
        return self.bounded(node, BINARY[op](left, right))

    def bounded(self, node: ast.AST, value):
        """Refuse a folded number with more than MAX_DIGITS digits (it would be slow to
        compute with and to print)."""
        if isinstance(value, sp.Rational) and max(
                _digits(value.p), _digits(value.q)) > MAX_DIGITS:
            self.refuse(node, f"number is too large (more than {MAX_DIGITS} digits)")
        return value

    def power(self, node: ast.BinOp, base, exponent):
        if exponent.is_number:
            if exponent.has(sp.oo, -sp.oo, sp.zoo):
                self.refuse(node.right, "an infinite exponent is not allowed")
            if exponent.is_Rational and (abs(exponent.p) > MAX_EXPONENT
                                         or exponent.q > MAX_EXPONENT):
                self.refuse(node.right, f"exponent is too large (at most {MAX_EXPONENT})")
            if not exponent.is_Rational and abs(sp.N(exponent, 5)) > MAX_EXPONENT:
                self.refuse(node.right, f"exponent is too large (at most {MAX_EXPONENT})")
        if base.is_number and base.is_Rational and abs(base.p) > 10**6 \
                and not exponent.is_number:
            self.refuse(node.left, "base is too large")
        # Estimate before computing: (10**100)**50 would have 5,001 digits. A speed guard
        # only: `bounded` refuses the same numbers once computed, so it is not mutated.
        if (base.is_Rational and exponent.is_Rational  # pragma: no mutate
                and base not in (0, 1, -1)):  # pragma: no mutate
            digits = max(_digits(base.p), _digits(base.q))  # pragma: no mutate
            size = digits * abs(exponent.p) / exponent.q  # pragma: no mutate
            if size > MAX_DIGITS:  # pragma: no mutate
                self.refuse(node, f"number is too large (more than {MAX_DIGITS} digits)")
        if exponent.is_number and exponent.is_negative:
            self.restrict(base, "nonzero")
        if exponent.is_Rational and exponent.q % 2 == 0:
            self.restrict(base, "nonnegative")
        if not exponent.is_number and base.is_positive is not True:
            self.restrictions.append(Restriction(base, "realpower", tuple(self.branches),
                                                 exponent))
        return self.bounded(node, sp.Pow(base, exponent))

    def restrict(self, expression, kind: RestrictionKind) -> None:
        if not expression.is_number or kind == "nonzero":
            self.restrictions.append(Restriction(expression, kind, tuple(self.branches)))

    def compare(self, node: ast.Compare):
        parts = []
        left = self.build(node.left)
        for op, comparator in zip(node.ops, node.comparators):
            if type(op) not in COMPARE:
                self.refuse(node, "only < <= > >= comparisons are allowed (or Eq(a, b), Ne(a, b))")
            right = self.build(comparator)
            parts.append(COMPARE[type(op)](left, right))
            left = right
        return parts[0] if len(parts) == 1 else sp.And(*parts)

    def call(self, node: ast.Call):
        if not isinstance(node.func, ast.Name):
            self.refuse(node.func, "only named functions can be called")
        name = node.func.id
        if name not in FUNCTIONS:
            hint = f": write {INSTEAD[name]}" if name in INSTEAD else ""
            self.refuse(node.func, f"unknown function '{name}'{hint}")
        if node.keywords:
            self.refuse(node.keywords[0].value, f"{name}() takes no keyword arguments")
        function, least, most = FUNCTIONS[name]
        if function in self.forbidden:
            self.refuse(node.func, f"{name} is not allowed in this answer: write it without "
                                   f"{', '.join(self.forbid)}")
        count = len(node.args)
        if count < least or (most is not None and count > most):
            expected = str(least) if least == most else (
                f"at least {least}" if most is None else f"{least} or {most}")
            self.refuse(node, f"{name}() takes {expected} argument(s), got {count}")
        if name == "Piecewise":
            pairs: list[tuple] = []
            earlier: list = []
            for arg in node.args:
                pairs.append(self.pair(arg, tuple(earlier)))
                earlier.append(pairs[-1][1])
            return function(*pairs)
        args = [self.build(arg) for arg in node.args]
        if name == "sqrt":
            self.restrict(args[0], "nonnegative")
        elif name == "log":
            self.restrict(args[0], "positive")
        return function(*args)

    def pair(self, node: ast.AST, earlier: tuple = ()):
        if not isinstance(node, ast.Tuple) or len(node.elts) != 2:
            self.refuse(node, "Piecewise takes (value, condition) pairs")
        condition = self.build(node.elts[1], condition=True)
        if not _is_condition(condition):  # a Symbol is a sympy Boolean: Piecewise((0, x))
            self.refuse(node.elts[1], "a Piecewise condition must be a comparison such as "
                                      "x < 0, or True")
        self.branches.append((condition, earlier))
        try:
            value = self.build(node.elts[0])
        finally:
            self.branches.pop()
        return value, condition


def parameter_values(params: Iterable[str], variable: str, names: Iterable[str]) -> dict:
    """{symbol: number} for each `name=value`; a value must be a number."""
    values = {}
    for text in params:
        name, given, value = text.partition("=")
        if not given:
            continue
        number = parse_expression(value.strip(), variable, ())
        if number.free_symbols or number.is_extended_real is False:
            raise ExpressionError(f"the parameter {name.strip()} needs a real number, "
                                  f"not {value.strip()}")
        values[parse_expression(name.strip(), variable, names)] = number
    return values
