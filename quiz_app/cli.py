"""The `relu-quiz` command line: parses arguments, calls into the rooms, prints results.

It holds no logic of its own; every command is a thin shell over bank/ or checker/ so the
same behaviour is reachable from tests and from the TUI.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from quiz_app import __version__
from quiz_app.cli_types import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Commands,
    ExpressionFirstCommand,
    Seconds,
)
from quiz_app.export import FORMATS

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "main"]

PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


def _bank_paths(paths: tuple[Path, ...]) -> list[Path]:
    from quiz_app.bank.discovery import discover_bank_paths

    return list(paths) if paths else discover_bank_paths()


@click.group(
    cls=Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="relu-quiz")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Learn, and teach, the properties of the ReLU activation function.

    \b
    Students:     relu-quiz                 (the interactive app: quizzes and the lab)
                  relu-quiz study --count 10
                  relu-quiz take --topic continuity --count 10
                  relu-quiz explore "Min(Max(0, x), 6)" --at 6
    Instructors:  relu-quiz check my-bank/  (lint files and prove every answer key)
                  relu-quiz analyze "Max(0, x)" --at 0
                  relu-quiz flags           (questions students flagged, with notes)
                  relu-quiz schema > bank.schema.json

    Banks are read from the bundled questions, from $RELU_QUIZ_HOME/questions (else the
    user data directory) and from the paths in $RELU_QUIZ_BANKS. Paths given to a command
    replace that discovery.
    """
    if ctx.invoked_subcommand is None:
        _run_app()


def _run_app(**settings) -> None:
    from quiz_app.ui.run import run_app

    run_app(**settings)


COUNT = click.option("--count", type=click.IntRange(min=1),
                     help="Questions per session (default 10; also set in the app with l).")


@main.command()
@PATHS
@COUNT
@click.option("--seed", type=int, help="Seed for the option order, to repeat it exactly.")
def study(paths, count, seed) -> None:
    """Study now: due reviews first, then new questions in a learning order (topic by topic,
    easiest first), at most RELU_QUIZ_NEW_PER_DAY (20) new ones a day.

    \b
    Examples:
      relu-quiz study
      relu-quiz study --count 5
    """
    _run_app(paths=list(paths), start="study", count=count, seed=seed)


@main.command()
@PATHS
@click.option("--topic", help="Only questions on this topic.")
@COUNT
@click.option("--shuffle/--no-shuffle", default=True, show_default=True,
              help="Shuffle the questions and their options (a question with "
              "`shuffle: false` keeps its options in order).")
@click.option("--seed", type=int, help="Seed for the shuffle, to repeat an order exactly.")
def take(paths, topic, count, shuffle, seed) -> None:
    """Go straight into a quiz, on the discovered banks or on PATHS.

    A quiz on PATHS asks all of their questions unless --count says how many; one on the
    discovered banks asks 10 (or --count).

    \b
    Examples:
      relu-quiz take
      relu-quiz take questions/02-continuity.yaml
      relu-quiz take --topic family --count 5 --seed 7
    """
    if topic is not None:
        from quiz_app.bank.loader import load_banks
        from quiz_app.study.plan import selection_problem

        problem = selection_problem(load_banks(_bank_paths(paths)).banks, topic)
        if problem:
            raise click.UsageError(problem)
    _run_app(paths=list(paths), start="take", topic=topic, count=count, shuffle=shuffle,
             seed=seed)


@main.command()
@click.option("--count", type=click.IntRange(min=1), help="Review at most this many.")
def review(count) -> None:
    """Review the questions that are due, most overdue first (spaced repetition, FSRS).
    When nothing is due, new questions come instead, so a first review is never empty.

    Answers are rated from how you answered: wrong or "I don't know" → Again, right with
    hints or slowly → Hard, right → Good, right and quickly without hints → Easy. See
    docs/study.md.

    \b
    Example:
      relu-quiz review --count 5
    """
    _run_app(start="review", count=count)


def _add_commands() -> None:
    from quiz_app import cli_frameworks, cli_progress

    for command in [*cli_progress.COMMANDS, *cli_frameworks.COMMANDS]:
        main.add_command(command)


_add_commands()


@main.command(cls=ExpressionFirstCommand)
@click.argument("expression", required=False)
@click.option("--at", "point", default="0", show_default=True, help="The point to study.")
def explore(expression, point) -> None:
    """Open the lab on EXPRESSION (default ReLU): limits, derivatives, slopes and a plot.

    \b
    Example:
      relu-quiz explore "Min(Max(0, x), 6)" --at 6
    """
    _run_app(start="explore", explore_expression=expression, explore_point=point)


@main.command()
@PATHS
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of text.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as undecided claims) as errors.")
@click.option("--no-proofs", is_flag=True,
              help="Check the format only; skip the symbolic proof of answer keys.")
@click.option("--no-cache", is_flag=True, help="Recompute every proof instead of using the cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for cold proofs (default: the number of cores).")
@click.option("--timeout", type=Seconds(), default=10.0, show_default=True,
              help="Seconds allowed for one analysis before it is reported as undecided.")
@click.option("--alone", is_flag=True,
              help="Do not compare ids with the discovered banks (bundled and your own).")
def check(paths, as_json, strict, no_proofs, no_cache, jobs, timeout, alone) -> None:
    """Lint bank files, run their question tests and prove their answer keys.

    Prints one `path:line:col: error|warning: message [question-id]` line per problem, then
    a summary. Ids in PATHS are also compared with the discovered banks they will be used
    with (the summary says how many files), unless --alone.
    Exit status: 0 clean, 1 problems found, 2 usage error.

    \b
    Examples:
      relu-quiz check                      # every discovered bank
      relu-quiz check questions/ my.yaml   # just these (ids compared with the discovered)
      relu-quiz check my.yaml --alone      # just this file, no id comparison
      relu-quiz check --json --strict      # for CI scripts
    """
    from quiz_app.bank.discovery import discover_bank_paths
    from quiz_app.checker.run_check import CheckOptions, run_check

    options = CheckOptions(prove=not no_proofs, use_cache=not no_cache, jobs=jobs,
                           timeout=timeout, strict=strict)
    progress = None if as_json or not sys.stderr.isatty() else _progress_to_stderr
    used_with = None if alone or not paths else discover_bank_paths()
    report = run_check(_bank_paths(paths), options, progress=progress, used_with=used_with)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        for line in [*(d.format() for d in report.diagnostics), *report.unproved_lines(),
                     report.summary_line()]:
            click.echo(line)
    sys.exit(EXIT_PROBLEMS if report.failed else EXIT_OK)


def _progress_to_stderr(done: int, total: int) -> None:
    end = "\n" if done == total else ""
    click.echo(f"\rproving answer keys: {done}/{total}", nl=False, err=True)
    if end:
        click.echo("", err=True)


@main.command("list")
@PATHS
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of text.")
def list_questions(paths, as_json) -> None:
    """Print one line per question: id, type, topic, difficulty and file."""
    from quiz_app.bank.loader import load_banks

    report = load_banks(_bank_paths(paths))
    rows = [
        {"id": q.id, "type": q.type, "topic": lb.bank.topic_of(q),
         "difficulty": q.difficulty, "file": str(lb.path)}
        for lb, _, q in report.questions
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
    else:
        from quiz_app.bank.printable import printable

        rows = [{k: printable(v) if isinstance(v, str) else v for k, v in r.items()}
                for r in rows]
        width = max((len(str(r["id"])) for r in rows), default=2)
        for r in rows:
            difficulty = r["difficulty"] if r["difficulty"] is not None else "-"
            click.echo(f"{r['id']:<{width}}  {r['type']:<8}  {r['topic']:<18}  "
                       f"{difficulty}  {r['file']}")
    for diagnostic in report.diagnostics:
        click.echo(diagnostic.format(), err=True)
    sys.exit(EXIT_PROBLEMS if report.diagnostics else EXIT_OK)


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--type", "kind", type=click.Choice(["single", "multiple", "numeric",
                                                   "expression"]), default="single",
              show_default=True, help="The kind of question to scaffold.")
@click.option("--id", "question_id", help="The new question's id (default new-question-N).")
def new(path, kind, question_id) -> None:
    """Start a bank file at PATH, or append a question to it, commented for filling in.

    Comments and key order already in the file are kept. The scaffold is a valid, provable
    ReLU example with question tests: replace each TODO, then run `relu-quiz check PATH`.
    A new file gets bank.schema.json beside it (unless one is there) for editor completion.

    \b
    Example:
      relu-quiz new my-bank.yaml --type numeric --id softplus-slope
    """
    from quiz_app.bank.scaffold import SCHEMA_FILE, add_question

    schema_file = path.parent / SCHEMA_FILE
    had_schema = schema_file.exists()
    try:
        question_id = add_question(path, kind, question_id)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"added {kind} question '{question_id}' to {path}; fill in the TODOs, then: "
               f"relu-quiz check {path}")
    if not had_schema and schema_file.exists():
        click.echo(f"wrote {schema_file}, the schema its first line points your editor at")


@main.command()
@PATHS
@click.option("--format", "fmt", required=True,
              type=click.Choice(FORMATS),
              help="gift / moodle-xml for Moodle; qti (a .zip) for Canvas, Blackboard, D2L "
              "and PrairieLearn; anki for an .apkg deck; markdown for a handout.")
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="The file to write (replaced atomically; never one of the banks).")
@click.option("--stack", is_flag=True, help="moodle-xml only: export expression questions as "
              "STACK questions graded by Maxima (the site needs the STACK plugin).")
@click.option("--one-variant", is_flag=True,
              help="One variant of each parametric question instead of all of them.")
@click.option("--force", is_flag=True,
              help="Export even if check finds errors (they are still listed).")
@click.option("--strict", is_flag=True,
              help="Exit 1 when a question had to be skipped or check warned (an unproved "
              "key, an undecided claim): for CI that wants every question, proved.")
@click.option("--timeout", type=Seconds(), default=10.0, show_default=True,
              help="Seconds allowed for one analysis, as in check.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
def export(paths, fmt, out, stack, one_variant, force, strict, timeout, as_json) -> None:
    """Check banks like `relu-quiz check`, then export them for an LMS, Anki or print.

    A bank that check fails is not exported (exit 1) and OUT is left as it was, unless
    --force. Each variant of a parametric question is its own question (in QTI, the
    variants form a question group that draws one); a question a format cannot express is
    skipped with the reason, as a warning; check's warnings are repeated. Exit status: 0
    exported (skips and warnings included, unless --strict), 1 check failed (or skips or
    warnings with --strict), 2 usage error (such as -o naming a directory or an input bank).

    \b
    Examples:
      relu-quiz export my-bank.yaml --format moodle-xml -o my-bank.xml
      relu-quiz export my-bank.yaml --format moodle-xml --stack -o my-bank-stack.xml
      relu-quiz export my-bank.yaml --format qti -o my-bank-canvas.zip
      relu-quiz export --format anki -o relu.apkg        # the discovered banks
      relu-quiz export --format markdown --one-variant -o handout.md
    """
    from quiz_app.export.run import ExportOptions, OutputError, export_paths

    if stack and fmt != "moodle-xml":
        raise click.UsageError("--stack applies to --format moodle-xml only")
    options = ExportOptions(force=force, stack=stack, one_variant=one_variant,
                            timeout=timeout)
    try:
        result = export_paths(_bank_paths(paths), fmt, out, options)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(result.to_json(fmt), indent=2))
    else:
        for line in result.report_lines(fmt):
            click.echo(line, err=not line.startswith("exported"))
    # a skip (a format's limit: GIFT has no expression questions) or a warning still writes
    sys.exit(EXIT_PROBLEMS if result.errors or strict and result.warned else EXIT_OK)


@main.command()
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of printing it.")
def schema(out) -> None:
    """Print the JSON Schema of the bank format, for editor completion and validation.

    Point yaml-language-server at it with the first line of a bank file
    `# yaml-language-server: $schema=./bank.schema.json`; see docs/authoring.md.

    \b
    Examples:
      relu-quiz schema -o bank.schema.json    # beside your banks
      relu-quiz schema > bank.schema.json
    """
    from quiz_app.bank.schema import bank_json_schema

    text = json.dumps(bank_json_schema(), indent=2)
    if out is None:
        click.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    click.echo(f"wrote the bank schema to {out}")


@main.command(cls=ExpressionFirstCommand)
@click.argument("expression")
@click.option("--at", "point", default="0", show_default=True,
              help="The point a, a number or an expression such as pi/2.")
@click.option("--var", "variable", default="x", show_default=True, help="The variable's name.")
@click.option("--param", "params", multiple=True, metavar="NAME[=VALUE]",
              help="A parameter such as alpha (a positive real), or alpha=0.2 to give it a "
                   "value; repeat for more.")
@click.option("--json", "as_json", is_flag=True,
              help="Print exactly one JSON object (its \"steps\" hold the working).")
@click.option("--steps", "show_steps", is_flag=True,
              help="Also print the working: each one-sided difference quotient, from the "
                   "branch the checker chose to the limit it found.")
@click.option("--timeout", type=Seconds(), default=10.0, show_default=True,
              help="Seconds before the analysis stops and reports undecided.")
def analyze(expression, point, variable, params, as_json, show_steps, timeout) -> None:
    """Work out continuity and differentiability of EXPRESSION at a point.

    Prints f(a), the one-sided limits of f, of the difference quotient and of f′, and the
    verdicts, each with its reason. A verdict may be "undecided" with a reason; it is never
    guessed. Exit status: 0 analysed (even if undecided), 1 invalid expression, 2 usage.

    \b
    Examples:
      relu-quiz analyze "Max(0, x)" --at 0
      relu-quiz analyze "Max(0, x)" --at 0 --steps
      relu-quiz analyze "Max(a*x, x)" --param a=0.2
      relu-quiz analyze "Min(Max(0, x), 6)" --at 6 --json
      relu-quiz analyze "Piecewise((alpha*x, x < 0), (x, True))" --param alpha
      relu-quiz analyze "-1/x**2" --at 0
    """
    from quiz_app.checker.service import analyze_with_time_limit, format_table

    analysis = analyze_with_time_limit(expression, point, variable, params, timeout)
    if analysis.error:
        from quiz_app.bank.printable import printable

        click.echo(f"error: {printable(analysis.error)}", err=True)
        sys.exit(EXIT_PROBLEMS)
    if as_json:
        click.echo(json.dumps(analysis.to_json(), indent=2))
        return
    click.echo(format_table(analysis))
    if show_steps:
        click.echo("\nThe working (t > 0):\n" + "\n".join(f"  {line}" for line in analysis.steps))
