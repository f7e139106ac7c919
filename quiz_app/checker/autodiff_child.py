"""The child process that runs one framework: `python -m quiz_app.checker.autodiff_child NAME`.

It reads a JSON list of requests on stdin, each a parsed call (quiz_app.bank.autodiff_calls.
Call.to_json) and a point, and writes one JSON object: the framework's version and, per
request, the value and the gradient its automatic differentiation returns at that point in
float32, or the error it raised. Only this process imports the framework, so a crash, a
hang or a huge import never touches `check` or the app (quiz_app.checker.autodiff bounds it
in time and memory). Nothing here evaluates text: the function is found by walking a dotted
path that the parser took from its table, and each argument is built by its kind.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import sys
from collections.abc import Callable
from typing import Any

FLOAT32 = "float32"


def _resolve(target: str) -> Callable:
    """The function at a dotted path such as jax.numpy.maximum, importing its modules."""
    parts = target.split(".")
    if parts[0] == "tensorflow" or parts[0] == "torch" or parts[0] == "jax":
        module: Any = importlib.import_module(parts[0])
    else:  # the parser only produces these three roots
        raise ValueError(f"not a framework path: {target}")
    found: Any = module
    for depth, part in enumerate(parts[1:], start=2):
        if not hasattr(found, part):
            found = importlib.import_module(".".join(parts[:depth]))
        else:
            found = getattr(found, part)
    return found


def _compare(x, text: str):
    left, operator, right = text.split()
    a = x if left == "x" else float(left)
    b = x if right == "x" else float(right)
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[operator]


def _apply(function: Callable, call: dict, x, tensor: Callable) -> Any:
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for argument in call["arguments"]:
        kind, text = argument["kind"], argument["text"]
        if text == "x":
            value: Any = x
        elif kind == "tensor":
            value = tensor(float(text))
        elif kind == "number":
            value = None if text == "None" else float(text)
        elif kind == "bool":
            value = text == "True"
        elif kind == "text":
            value = text.strip("'")
        else:  # condition
            value = _compare(x, text)
        if argument["positional"]:
            args.append(value)
        else:
            kwargs[argument["name"]] = value
    return function(*args, **kwargs)


def _torch(call: dict, point: float) -> tuple[float, float]:
    import torch

    x = torch.tensor(point, dtype=torch.float32, requires_grad=True)
    y = _apply(_resolve(call["target"]), call, x,
               lambda number: torch.tensor(number, dtype=x.dtype))
    y.backward()
    gradient = 0.0 if x.grad is None else float(x.grad.item())
    return float(y.item()), gradient


def _jax(call: dict, point: float) -> tuple[float, float]:
    import jax
    import jax.numpy as jnp

    function = _resolve(call["target"])

    def f(x):
        return _apply(function, call, x, lambda number: jnp.asarray(number, dtype=x.dtype))

    value, gradient = jax.value_and_grad(f)(jnp.float32(point))
    return float(value), float(gradient)


def _tensorflow(call: dict, point: float) -> tuple[float, float]:
    import tensorflow as tf

    x = tf.Variable(point, dtype=tf.float32)
    with tf.GradientTape() as tape:
        y = _apply(_resolve(call["target"]), call, x,
                   lambda number: tf.constant(number, dtype=x.dtype))
    gradient = tape.gradient(y, x)  # None: y does not depend on x through a gradient
    return float(y.numpy()), 0.0 if gradient is None else float(gradient.numpy())


RUNNERS = {"pytorch": _torch, "jax": _jax, "tensorflow": _tensorflow}
MODULES = {"pytorch": "torch", "jax": "jax", "tensorflow": "tensorflow"}


def _number(value: float) -> float | str:
    """JSON has no NaN or infinity: those travel as text."""
    return value if math.isfinite(value) else repr(value)


def run(framework: str, requests: list[dict], parent: int | None = None) -> dict:
    """Each request's result; stops early (exit 1) once `parent` is gone, so the child
    never outlives whoever asked (the time limit would end it too, later)."""
    module = importlib.import_module(MODULES[framework])
    runner = RUNNERS[framework]
    results = []
    for request in requests:
        if parent is not None and os.getppid() != parent:
            sys.exit(1)
        try:
            value, gradient = runner(request["call"], float(request["point"]))
            results.append({"value": _number(value), "gradient": _number(gradient)})
        except Exception as exc:  # the framework's own refusal is the answer: report it
            results.append({"error": f"{type(exc).__name__}: {exc}"[:300]})
    return {"version": str(getattr(module, "__version__", "unknown")), "results": results}


def main() -> None:
    parent = os.getppid()
    framework = sys.argv[1]
    requests = json.loads(sys.stdin.read())
    json.dump(run(framework, requests, parent), sys.stdout)


if __name__ == "__main__":
    main()
