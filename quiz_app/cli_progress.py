"""The self-study commands of `relu-quiz`: stats, flags and moving progress.

Thin shells, like the rest of the command line (quiz_app/cli.py registers them): the
figures come from quiz_app.study.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from quiz_app.cli_types import EXIT_PROBLEMS


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (keys in "
              "docs/study.md).")
def stats(as_json) -> None:
    """Answered, accuracy per topic and misconception, streak, due cards, last 30 days."""
    from quiz_app.bank.discovery import discover_bank_paths
    from quiz_app.bank.loader import load_banks
    from quiz_app.study.progress import Progress
    from quiz_app.study.stats import compute_stats

    progress = Progress.open()
    if progress.store.notice:
        click.echo(progress.store.notice, err=True)
    known = [q.id for _, _, q in load_banks(discover_bank_paths()).questions]
    result = compute_stats(progress.store, known)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    from quiz_app.bank.printable import printable

    click.echo("\n".join(printable(line) for line in result.text_lines()))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of text.")
def flags(as_json) -> None:
    """Questions students flagged in the app (key f), one `path:line: [id] note` per flag.

    \b
    Examples:
      relu-quiz flags
      relu-quiz flags --json
    """
    from quiz_app.bank.discovery import discover_bank_paths
    from quiz_app.study.flags import flag_rows, load_flagged
    from quiz_app.study.progress import Progress

    store = Progress.open().store
    rows = flag_rows(store, load_flagged(store, discover_bank_paths()))
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    from quiz_app.bank.printable import printable

    for row in rows:  # notes are typed by students: no terminal escapes reach the teacher
        click.echo(printable(f"{row['path']}:{row['line']}: [{row['id']}] {row['note']}"))


@click.group()
def progress() -> None:
    """Move progress between machines, or collect a class's results (JSON)."""


@progress.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def progress_export(path) -> None:
    """Write all attempts, sessions and review cards to PATH."""
    from quiz_app.study.progress import Progress, ProgressRefused

    progress = Progress.open()
    try:
        count = progress.export_to(path)
    except ProgressRefused as exc:
        click.echo(f"relu-quiz: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    if progress.store.notice:
        click.echo(progress.store.notice, err=True)
    click.echo(f"exported {count} answers to {path}")


@progress.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def progress_import(path) -> None:
    """Merge an export into this machine's progress; nothing is duplicated."""
    import sqlite3

    from quiz_app.study.opening import why_not_saved
    from quiz_app.study.progress import Progress, ProgressRefused
    from quiz_app.study.transfer import ImportProblems

    try:
        added = Progress.open().import_from(path)
    except (ProgressRefused, ImportProblems) as exc:
        from quiz_app.bank.printable import printable

        for line in str(exc).splitlines():
            click.echo(printable(line), err=True)
        click.echo(f"nothing was imported from {path}", err=True)
        sys.exit(EXIT_PROBLEMS)
    except sqlite3.OperationalError as exc:
        click.echo(f"relu-quiz: cannot import now: {why_not_saved(exc)}; nothing was "
                   "imported", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"imported {added} new answers from {path}")


COMMANDS = [stats, flags, progress]
