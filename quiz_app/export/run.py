"""Check banks, then export them in one of the FORMATS.

An export is only as good as its keys, so every export first runs exactly what `relu-quiz
check` runs (validation and proofs). A bank that fails is not exported and the old file
is left untouched, unless `force` says to export anyway (the errors are still reported).
The file is written atomically, and a target that is a directory, sits in a missing
directory or is one of the input banks is refused before any work (OutputError).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quiz_app.bank.loader import LoadedBank
from quiz_app.export import FORMATS, ExportFormat
from quiz_app.export.common import ExportItem, ExportResult, export_items
from quiz_app.export.output import OutputError, check_output, write_atomically

__all__ = ["ExportOptions", "ExportResult", "OutputError", "export_paths", "render_export"]


@dataclass(frozen=True)
class ExportOptions:
    force: bool = False  # export even when check finds errors
    stack: bool = False  # Moodle XML: expression questions as STACK questions
    one_variant: bool = False  # one variant of each parametric question (handouts)
    timeout: float = 10.0  # seconds per analysis, as in check
    use_cache: bool = True
    jobs: int | None = None


def render_export(banks: Sequence[LoadedBank], fmt: ExportFormat,
                  options: ExportOptions = ExportOptions(), out: Path | None = None
                  ) -> tuple[bytes, ExportResult]:
    """The exported file's bytes, and what was exported, skipped or approximated."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    items, skipped = export_items(banks, options.timeout, options.one_variant)
    data, not_expressible, notes = _render(items, fmt, banks, options, out)
    result = ExportResult(out, skipped=[*skipped, *not_expressible], notes=notes)
    result.exported = len(items) - len(not_expressible)
    return data, result


Problems = list[tuple[str, str]]


def _render(items: list[ExportItem], fmt: ExportFormat, banks: Sequence[LoadedBank],
            options: ExportOptions, out: Path | None) -> tuple[bytes, Problems, Problems]:
    """(the bytes, the questions the format cannot express, notes on what it left out)."""
    if fmt == "gift":
        from quiz_app.export import gift

        text, not_expressible = gift.render(items)
        return text.encode("utf-8"), not_expressible, []
    if fmt == "moodle-xml":
        from quiz_app.export import moodle

        descriptions = {b.bank.title: b.bank.description for b in banks}
        data, not_expressible = moodle.render(items, options.stack, descriptions)
        return data, not_expressible, []
    if fmt == "qti":
        from quiz_app.export import qti

        return qti.render(items)
    if fmt == "anki":
        from quiz_app.export import anki

        return anki.render(items, out), [], []
    from quiz_app.export import markdown

    return markdown.render(items).encode("utf-8"), [], []


def export_paths(paths: Sequence[Path], fmt: ExportFormat, out: Path,
                 options: ExportOptions = ExportOptions()) -> ExportResult:
    """Check the banks at `paths` as `check` does, then export them to `out`.

    Raises OutputError (a usage error) for an unwritable target. When check fails and
    `force` is off, nothing is written and the result carries the errors.
    """
    from quiz_app.bank.files import expand_paths
    from quiz_app.bank.loader import load_banks
    from quiz_app.checker.run_check import CheckOptions, run_check

    check_output(out, [*paths, *expand_paths(paths)])
    report = run_check(paths, CheckOptions(use_cache=options.use_cache, jobs=options.jobs,
                                           timeout=options.timeout))
    errors = [d for d in report.diagnostics if d.severity == "error"]
    warnings = [d for d in report.diagnostics if d.severity == "warning"]
    if errors and not options.force:
        return ExportResult(out, errors=errors, warnings=warnings)
    loaded = load_banks(paths)  # --force: the rejected banks too (variants fail safely)
    data, result = render_export(loaded.all_banks if options.force else loaded.banks, fmt,
                                 options, out)
    result.errors, result.warnings = errors, warnings
    try:
        write_atomically(out, data)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    result.written = True
    return result

