"""The framework calls an `autodiff` claim may name, and the parser that reads one.

A claim such as ``autodiff: {framework: pytorch, call: "torch.clamp(x, min=0)", gradient: 1}``
says what PyTorch's automatic differentiation returns. The call text is never evaluated:
`parse_call` reads it with `ast` and accepts only a function of the table with the
arguments listed there, each of a known kind. What comes out (`Call`) is plain data that the
checker's framework child (quiz_app.checker.autodiff_child) turns back into one call of the
named function. The table itself, which is also the documentation of what can be written,
is quiz_app.bank.autodiff_table.

>>> call = parse_call("pytorch", "torch.nn.functional.leaky_relu(x, negative_slope=0.2)")
>>> call.target, call.formula()
('torch.nn.functional.leaky_relu', 'Piecewise((x, x > 0), (0.2*x, True))')
>>> parse_call("jax", "jax.numpy.maximum(0.0, x)").formula()
'Max(0.0, x)'
>>> try:
...     parse_call("pytorch", "__import__('os')")
... except CallError as exc:
...     print(str(exc)[:60])
unsupported call '__import__'; pytorch supports torch.abs, t
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from quiz_app.bank.autodiff_table import (
    GELU,
    GELU_TANH,
    SUPPORTED,
    Framework,
    Param,
    Supported,
)

MAX_CALL_CHARS = 200

# The module path each spelling resolves to: aliases (jnp, tf) are the framework's own.
_PREFIXES = {"jnp.": "jax.numpy.", "tf.": "tensorflow."}
_BY_NAME: dict[tuple[str, str], Supported] = {
    (entry.framework, name): entry for entry in SUPPORTED for name in entry.names}


class CallError(ValueError):
    """A call text that is not one supported call, with the reason."""


Argument = tuple[str, str]  # (kind, text): ("x", "x"), ("number", "0.01"), ("condition", "x > 0")


@dataclass(frozen=True)
class Call:
    """One parsed call: the function and its arguments, in the table's order."""

    framework: Framework
    name: str  # as written
    arguments: tuple[tuple[Param, Argument], ...]
    entry: Supported

    @property
    def target(self) -> str:
        """The attribute path the framework's child resolves, e.g. tensorflow.nn.relu."""
        for alias, full in _PREFIXES.items():
            if self.name.startswith(alias):
                return full + self.name[len(alias):]
        return self.name

    def text(self) -> str:
        """The call written out again, canonically: what the cache and tables key on."""
        parts = [text if param.positional else f"{param.name}={text}"
                 for param, (_, text) in self.arguments]
        return f"{self.name}({', '.join(parts)})"

    def formula(self) -> str:
        """What the call computes, in the checker's expression syntax."""
        given = {param.name: text for param, (_, text) in self.arguments
                 if text != "None"}  # None is the same as leaving it out
        values = {param.name: given.get(param.name, param.default or "")
                  for param in self.entry.params}
        if values.get("approximate") in ("True", "'tanh'"):
            return GELU_TANH
        if values.get("approximate") in ("False", "'none'"):
            return GELU
        values = {name: "x" if text == "x" else _number_formula(text)
                  for name, text in values.items()}
        return self.entry.formula.format(**values)

    def to_json(self) -> dict:
        """What the framework's child needs: the target and each argument's kind."""
        return {"target": self.target, "arguments": [
            {"kind": kind, "text": text, "name": param.name, "positional": param.positional}
            for param, (kind, text) in self.arguments]}


def _number_formula(text: str) -> str:
    return {"True": "1", "False": "0"}.get(text, text)


def supported_names(framework: Framework) -> list[str]:
    return sorted(name for entry in SUPPORTED if entry.framework == framework
                  for name in entry.names)


def parse_call(framework: Framework, text: str) -> Call:
    """Read `text` as one supported call of `framework`, or raise CallError."""
    if len(text) > MAX_CALL_CHARS:
        raise CallError(f"the call is longer than {MAX_CALL_CHARS} characters")
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise CallError(f"not a call: {exc.msg}") from None
    if not isinstance(node, ast.Call):
        raise CallError("write one call, such as torch.relu(x)")
    name = _dotted(node.func)
    entry = _BY_NAME.get((framework, name or ""))
    if entry is None:
        shown = name or ast.unparse(node.func)
        raise CallError(f"unsupported call '{shown}'; {framework} supports "
                        + ", ".join(supported_names(framework)))
    return Call(framework, name or "", _bind(entry, node), entry)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _bind(entry: Supported, node: ast.Call) -> tuple[tuple[Param, Argument], ...]:
    name = entry.names[0]
    if len(node.args) > len(entry.params):
        raise CallError(f"{name} takes at most {len(entry.params)} arguments")
    bound: dict[str, tuple[Param, Argument]] = {}
    for param, value in zip(entry.params, node.args):
        if isinstance(value, ast.Starred):
            raise CallError("'*' unpacking is not supported")
        bound[param.name] = (param, _argument(param, value))
    by_name = {param.name: param for param in entry.params if not param.positional}
    for keyword in node.keywords:
        named = by_name.get(keyword.arg or "")
        if named is None:
            allowed = ", ".join(by_name) or "none"
            raise CallError(f"{name} has no argument '{keyword.arg}' here "
                            f"(keyword arguments: {allowed})")
        if named.name in bound:
            raise CallError(f"{name} got '{named.name}' twice")
        bound[named.name] = (named, _argument(named, keyword.value))
    for param in entry.params:
        if param.required and param.name not in bound:
            raise CallError(f"{name} needs its argument '{param.name}'")
    arguments = tuple(bound[param.name] for param in entry.params if param.name in bound)
    if not any(kind in ("x", "condition") or text == "x"
               for _, (kind, text) in arguments):
        raise CallError(f"{name} must take the input x")
    return arguments


def _argument(param: Param, node: ast.expr) -> Argument:
    kind = param.kind
    if kind in ("x", "tensor") and isinstance(node, ast.Name) and node.id == "x":
        return ("x", "x")
    if kind == "x":
        raise CallError(f"'{param.name}' must be the input x")
    if kind in ("tensor", "number"):
        if kind == "number" and isinstance(node, ast.Constant) and node.value is None:
            return ("number", "None")
        return (kind, _number(node, param))
    if kind == "bool":
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return ("bool", str(node.value))
        raise CallError(f"'{param.name}' must be True or False")
    if kind == "text":
        if isinstance(node, ast.Constant) and node.value in param.choices:
            return ("text", repr(node.value))
        raise CallError(f"'{param.name}' must be one of "
                        + ", ".join(repr(choice) for choice in param.choices))
    return ("condition", _condition(node))


def _number(node: ast.expr, param: Param) -> str:
    sign = ""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = "-" if isinstance(node.op, ast.USub) else ""
        node = node.operand
    if (isinstance(node, ast.Constant) and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)):
        value = node.value
        if isinstance(value, float) and not abs(value) < float("inf"):
            raise CallError(f"'{param.name}' must be a finite number")
        if abs(value) > 1e30:
            raise CallError(f"'{param.name}' is too large")
        return sign + repr(value)
    raise CallError(f"'{param.name}' must be x or a number" if param.kind == "tensor"
                    else f"'{param.name}' must be a number")


_COMPARE = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<="}


def _condition(node: ast.expr) -> str:
    shape = "a comparison of x with a number, such as x > 0"
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1
            and type(node.ops[0]) in _COMPARE):
        raise CallError(f"the condition must be {shape}")
    left, right = node.left, node.comparators[0]
    operator = _COMPARE[type(node.ops[0])]
    condition = Param("condition", "number")
    try:
        if isinstance(left, ast.Name) and left.id == "x":
            return f"x {operator} {_number(right, condition)}"
        if isinstance(right, ast.Name) and right.id == "x":
            return f"{_number(left, condition)} {operator} x"
    except CallError:
        pass
    raise CallError(f"the condition must be {shape}")
