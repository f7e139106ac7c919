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

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return f"{text} [{self.question_id}]" if self.question_id else text

    def to_json(self) -> dict:
        return asdict(self)


def error(path, line, col, message, question_id=None) -> Diagnostic:
    return Diagnostic(str(path), line, col, "error", message, question_id)


def warning(path, line, col, message, question_id=None) -> Diagnostic:
    return Diagnostic(str(path), line, col, "warning", message, question_id)
