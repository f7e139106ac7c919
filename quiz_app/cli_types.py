"""Plumbing for the command line: exit codes, the time-limit option type, the command that
takes an expression starting with "-", and the command group that turns a crash into one
line and a non-zero exit (quiz_app/cli.py stays thin)."""

from __future__ import annotations

import os
import sys

import click

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13  # as a shell reports a command ended by SIGPIPE

MAX_TIMEOUT = 3600.0


class Seconds(click.FloatRange):
    """A time limit: finite, between 0.1 s and an hour. FloatRange alone lets `nan` through
    (every comparison with nan is false), which silently disabled the limit."""

    name = "seconds"

    def __init__(self) -> None:
        super().__init__(min=0.1, max=MAX_TIMEOUT)

    def convert(self, value, param, ctx):
        import math

        number = float(value) if isinstance(value, (int, float)) else \
            click.FLOAT.convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a number of seconds between 0.1 and "
                      f"{MAX_TIMEOUT:g}.", param, ctx)
        return super().convert(number, param, ctx)


class Commands(click.Group):
    """Every command exits non-zero after a crash, with one line instead of a traceback
    (RELU_QUIZ_DEBUG=1 shows the traceback): scripts and CI must never read a crash as
    success, and a user should see what failed, not forty lines of internals."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (`relu-quiz list | head`): not a crash, and nothing more
            # can be said on that pipe. Python would complain again at exit while flushing
            # stdout, so it is pointed at /dev/null first, as Python's own docs advise.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception as exc:
            if os.environ.get("RELU_QUIZ_DEBUG"):
                raise
            from quiz_app.bank.printable import printable

            click.echo(f"relu-quiz: internal error: {type(exc).__name__}: {printable(exc)}",
                       err=True)
            click.echo("(run with RELU_QUIZ_DEBUG=1 to see the traceback)", err=True)
            ctx.exit(EXIT_PROBLEMS)


class ExpressionFirstCommand(click.Command):
    """Lets EXPRESSION start with '-' as typed ("-1/x**2"): a token that is no option of
    the command is the expression, even though it looks like a short option to click.
    `--` ends the options, as everywhere else: what follows it is taken as written."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        names = {name for param in self.get_params(ctx) for name in param.opts}
        takes_value = {name for param in self.get_params(ctx) if isinstance(param, click.Option)
                       and not param.is_flag for name in param.opts}
        rest: list[str] = []
        if "--" in args:
            end = args.index("--")
            args, rest = args[:end], args[end + 1:]
        kept, expression, previous = [], None, None
        for arg in args:
            if (expression is None and previous not in takes_value and arg.startswith("-")
                    and len(arg) > 1 and arg.split("=")[0] not in names
                    and not arg.startswith("--")):
                expression = arg
            else:
                kept.append(arg)
            previous = arg
        if expression is not None:
            rest = [expression, *rest]
        return super().parse_args(ctx, [*kept, "--", *rest] if rest else kept)
