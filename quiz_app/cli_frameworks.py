"""`relu-quiz conventions`: what the installed frameworks return at ReLU's kinks.

A thin shell (quiz_app/cli.py registers it): the table comes from
quiz_app.checker.conventions.
"""

from __future__ import annotations

import json
import sys

import click

from quiz_app.bank.autodiff_table import FRAMEWORKS
from quiz_app.cli_types import EXIT_PROBLEMS


@click.command()
@click.option("--at", "point", default=None, metavar="POINT",
              help="Evaluate every call at this point (a number or an expression such as "
              "log(2)) instead of at each call's own special points.")
@click.option("--framework", "chosen", multiple=True, type=click.Choice(FRAMEWORKS),
              help="Only this framework (repeatable). Default: every installed one.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: the frameworks with their versions, and a row "
              "per call and point.")
@click.option("--no-cache", is_flag=True, help="Run the frameworks and sympy again.")
def conventions(point, chosen, as_json, no_cache) -> None:
    """What PyTorch, JAX and TensorFlow return at the kinks, beside the maths.

    ReLU has no derivative at 0, so every framework picks a value, and how a function is
    written changes the pick: torch.relu gives 0 there, torch.clamp(x, min=0) gives 1.
    For each supported call and each of its special points (0 for the ReLU family, 6 for
    relu6, ±1 for hardtanh, ±3 for hardswish) this runs every installed framework (each in
    a child process, float32) and prints the value and gradient it returns, with its
    version, beside the one-sided derivatives f′(a−), f′(a+) and the subdifferential ∂f
    from sympy. These are the calls an `autodiff` claim may name (docs/authoring.md).

    Results are cached per framework version. Exit status: 0 printed (also when no
    framework is installed: then it says how to install one), 1 a bad --at point.

    \b
    Examples:
      relu-quiz conventions
      relu-quiz conventions --framework jax --at 6
      relu-quiz conventions --json
      pip install 'relu-quiz[frameworks]'    # PyTorch, JAX and TensorFlow
    """
    from quiz_app.checker.autodiff import installed_version, point_value
    from quiz_app.checker.cache import proof_cache
    from quiz_app.checker.conventions import convention_rows, missing_frameworks

    frameworks = chosen or FRAMEWORKS
    if point is not None and point_value(point) is None:
        click.echo(f"error: --at {point}: not a real number", err=True)
        sys.exit(EXIT_PROBLEMS)
    missing = missing_frameworks(frameworks)

    def progress(done: int, total: int) -> None:
        if not as_json and sys.stderr.isatty():
            click.echo(f"\rasking sympy: {done}/{total}", nl=False, err=True)

    rows = convention_rows(point, frameworks, proof_cache(enabled=not no_cache),
                           progress=progress)
    if as_json:
        click.echo(json.dumps({
            "frameworks": {name: {"version": installed_version(name),
                                  "install": missing.get(name)} for name in frameworks},
            "rows": [row.to_json() for row in rows]}, indent=2))
        return
    if sys.stderr.isatty():
        click.echo("\r\033[K", nl=False, err=True)
    for line in _text(rows, missing):
        click.echo(line)


def _text(rows, missing: dict[str, str]) -> list[str]:
    lines: list[str] = []
    shown = None
    for row in rows:
        got = row.returned
        if got.framework != shown:
            shown = got.framework
            lines += [""] * bool(lines) + [
                f"{got.framework} {got.version or ''}".rstrip(),
                f"  {'at':>4}  {'value':<11} {'gradient':<11} {'f′(a−)':<7} "
                f"{'f′(a+)':<7} {'∂f(a)':<9} call"]
        maths = row.maths
        if got.missing or got.error:
            numbers = f"{'—':<11} {(got.error or got.missing or '')[:40]:<11}"
        else:
            numbers = f"{_number(got.value):<11} {_number(got.gradient):<11}"
        left, right, sub = ((maths.left_derivative, maths.right_derivative,
                             maths.subdifferential) if maths else ("?", "?", "?"))
        lines.append(f"  {row.point:>4}  {numbers} {left:<7} {right:<7} {sub:<9} "
                     f"{row.call.text()}")
    for name, command in missing.items():
        lines.append(f"{name} is not installed: {command}")
    if not rows and not missing:
        lines.append("no calls to show")
    return lines


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value + 0.0:.8g}"  # + 0.0: no "-0"


COMMANDS = [conventions]
