"""Problems found in bank files, in the `path:line:col: severity: message [id]` shape.

One shape for every stage (YAML, schema, rules, proofs) so that editors, CI logs and
`--json` consumers parse a single format, the way they already do for ruff or a compiler.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: Severity
    message: str
    question_id: str | None = None
    excerpt: str = ""  # the source line, for problems a caret explains better than words

    def format(self) -> str:
        """The text form, free of terminal escapes (a path or key may carry them)."""
        from quiz_app.bank.printable import printable

        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        text = printable(f"{text} [{self.question_id}]" if self.question_id else text)
        return text + caret(printable(self.excerpt), self.col) if self.excerpt else text

    def to_json(self) -> dict:
        data = asdict(self)
        if not self.excerpt:
            del data["excerpt"]
        return data


def caret(source_line: str, col: int) -> str:
    """The line and a ^ under column `col`, tabs expanded the same way on both rows so the
    caret sits under the character the column counts, whatever the terminal's tab stops."""
    shown = source_line.expandtabs(4)
    under = len(source_line[:col - 1].expandtabs(4))
    return f"\n    {shown}\n    {' ' * under}^"


def error(path, line, col, message, question_id=None, excerpt="") -> Diagnostic:
    return Diagnostic(str(path), line, col, "error", message, question_id, excerpt)


def warning(path, line, col, message, question_id=None) -> Diagnostic:
    return Diagnostic(str(path), line, col, "warning", message, question_id)
