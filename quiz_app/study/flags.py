"""Flags for authors: which question, where it is written, and the student's note."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quiz_app.bank.loader import LoadReport, load_banks
from quiz_app.study.store import ProgressStore


def load_flagged(store: ProgressStore, discovered: Sequence[Path]) -> LoadReport:
    """The discovered banks, plus any other file a flag points at that still exists."""
    paths = {Path(p).resolve(): Path(p) for p in discovered}
    for flag in store.flags():
        if Path(flag.bank_file).is_file():
            paths.setdefault(Path(flag.bank_file).resolve(), Path(flag.bank_file))
    return load_banks(list(paths.values()))


def flag_rows(store: ProgressStore, report: LoadReport) -> list[dict]:
    """One row per flag, oldest first; a question no longer loaded keeps its file, line 0."""
    where = {question.id: (str(loaded.path), loaded.question_position(index)[0])
             for loaded, index, question in report.questions}
    rows = []
    for flag in store.flags():
        path, line = where.get(flag.question_id, (flag.bank_file, 0))
        rows.append({"path": path, "line": line, "id": flag.question_id, "note": flag.note,
                     "flagged_at": flag.flagged_at})
    return rows
