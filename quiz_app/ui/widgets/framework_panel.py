"""What PyTorch, JAX and TensorFlow return at a point, live: the quiz's feedback on a question
whose choices make `autodiff` claims, and Explore for a function some supported call
computes.

The rows come from the frameworks' worker process (quiz_app.checker.framework_service), one
framework at a time, so the panel has a state per framework: asking, its rows, or not
installed (that is known here, cheaply, and nothing is started for it). Everything is said
in words, one framework per heading and one call per row, the call last so that a long one
wraps alone.

>>> from quiz_app.bank.autodiff_calls import parse_call
>>> from quiz_app.checker.autodiff import Returned
>>> from quiz_app.checker.conventions import Row
>>> call = parse_call("pytorch", "torch.clamp(x, min=0)")
>>> print("\\n".join(framework_lines(
...     [("pytorch", [Row(call, "0", Returned("pytorch", "2.5.1", 0.0, 1.0))]),
...      ("jax", None), ("tensorflow", "tensorflow is not installed: pip install tf")])))
pytorch 2.5.1
  at 0  value 0  gradient 1  torch.clamp(x, min=0)
jax: asking the frameworks…
tensorflow is not installed: pip install tf
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.widgets import Static

if TYPE_CHECKING:
    from quiz_app.bank.autodiff_calls import Call
    from quiz_app.bank.autodiff_table import Framework
    from quiz_app.checker.conventions import Row

TITLE = "What the frameworks return (autodiff, float32)"
ASKING = "asking the frameworks…"


def claimed_calls(question) -> list[tuple[Call, str]]:
    """The calls the question's `autodiff` claims name, each at its choice's point, once
    each (by framework, call and point), in the order the choices name them."""
    from quiz_app.bank.autodiff_calls import CallError, parse_call

    found: dict[tuple[str, str, str], tuple[Call, str]] = {}
    for choice in question.choices:
        claims = choice.claims.autodiff if choice.claims is not None else None
        for claim in claims or ():
            try:
                call = parse_call(claim.framework, claim.call)
            except CallError:  # the bank's check reports it; the feedback skips it
                continue
            point = choice.at or question.at
            found.setdefault((call.framework, call.text(), point), (call, point))
    return list(found.values())


def by_framework(calls: Iterable[tuple[Call, str]]) -> dict[Framework, list[tuple[Call, str]]]:
    grouped: dict[Framework, list[tuple[Call, str]]] = {}
    for call, point in calls:
        grouped.setdefault(call.framework, []).append((call, point))
    return grouped


def not_installed(framework: Framework) -> str | None:
    """"jax is not installed: pip install …", or None when it is (imports nothing)."""
    from quiz_app.bank.autodiff_table import INSTALL
    from quiz_app.checker.autodiff import installed_version

    if installed_version(framework) is not None:
        return None
    return f"{framework} is not installed: {INSTALL[framework]}"


def framework_lines(states: Sequence[tuple[Framework, list[Row] | str | None]]) -> list[str]:
    lines: list[str] = []
    for framework, state in states:
        if state is None:
            lines.append(f"{framework}: {ASKING}")
        elif isinstance(state, str):
            lines.append(state)
        else:
            lines += _rows(framework, state)
    return lines


def _rows(framework: Framework, rows: list[Row]) -> list[str]:
    """A heading with the version, then a row per call; a framework that did not run at
    all (time limit, crash) is one line with the reason."""
    reasons = {row.returned.missing for row in rows}
    if rows and None not in reasons and len(reasons) == 1:
        reason = str(reasons.pop())  # "jax did not answer within 180 s", or without the name
        return [reason if reason.startswith(framework) else f"{framework}: {reason}"]
    version = next((row.returned.version for row in rows if row.returned.version), "")
    points = [f"at {row.point}" for row in rows]
    values = [_number(row.returned.value) for row in rows]
    gradients = [_number(row.returned.gradient) for row in rows]
    wide = [max(map(len, column)) for column in (points, values, gradients)]
    lines = [f"{framework} {version}".rstrip()]
    for row, point, value, gradient in zip(rows, points, values, gradients):
        got, call = row.returned, row.call.text()
        if got.missing:
            lines.append(f"  {point:<{wide[0]}}  {call}: {got.missing}")
        elif got.error is not None:
            lines.append(f"  {point:<{wide[0]}}  {call} raises: {got.error}")
        else:
            lines.append(f"  {point:<{wide[0]}}  value {value:<{wide[1]}}  "
                         f"gradient {gradient:<{wide[2]}}  {call}")
    return lines


def _number(value: float | None) -> str:
    """As float32 prints it, near enough: 8 digits, no "-0"."""
    return "—" if value is None else f"{value + 0.0:.8g}"


class FrameworkPanel(Vertical):
    """The title, then a line or a block per framework, in the order they were given."""

    DEFAULT_CLASSES = "framework-panel"

    def __init__(self, **kwargs) -> None:
        self.heading = Static(TITLE, classes="panel-title", markup=False)
        self.body = Static("", classes="framework-text", markup=False)
        super().__init__(self.heading, self.body, **kwargs)
        # each framework: None while asked, its rows, or the line that says why there are none
        self.states: dict[Framework, list[Row] | str | None] = {}

    def begin(self, frameworks: Iterable[Framework]) -> list[Framework]:
        """Show each framework as asked, or as not installed; return the ones to ask."""
        self.states = {name: not_installed(name) for name in frameworks}
        self._draw()
        return [name for name, state in self.states.items() if state is None]

    def show_rows(self, framework: Framework, rows: list[Row]) -> None:
        self.states[framework] = rows
        self._draw()

    def _draw(self) -> None:
        self.body.update("\n".join(framework_lines(list(self.states.items()))))
