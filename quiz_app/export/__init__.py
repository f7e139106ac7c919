"""Export banks to what instructors already run: Moodle (GIFT, XML), Anki and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quiz_app.bank.loader import LoadedBank
from quiz_app.export.common import ExportResult, export_items

FORMATS = ("gift", "moodle-xml", "anki", "markdown")


def export_banks(banks: Sequence[LoadedBank], fmt: str, out: Path,
                 timeout: float = 10.0) -> ExportResult:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    items, skipped = export_items(banks, timeout)
    result = ExportResult(out, skipped=skipped)
    if fmt == "gift":
        from quiz_app.export import gift

        text, not_expressible = gift.render(items)
        out.write_text(text, encoding="utf-8")
        result.skipped += not_expressible
        result.exported = len(items) - len(not_expressible)
    elif fmt == "moodle-xml":
        from quiz_app.export import moodle

        data, notes = moodle.render(items)
        out.write_bytes(data)
        result.notes += notes
        result.exported = len(items)
    elif fmt == "anki":
        from quiz_app.export import anki

        anki.write(items, out)
        result.exported = len(items)
    else:
        from quiz_app.export import markdown

        out.write_text(markdown.render(items), encoding="utf-8")
        result.exported = len(items)
    return result
