"""The progress export format, validated in full before anything is written.

An import that fails half-way, or that stores a bad date, a bad card or a bad session, breaks
the app later (Stats, every start, every answer to that question). So every record is
checked against these pydantic models first, and every problem is reported as
`file: record N: table.field: problem`; only a clean file reaches the database.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
)

from quiz_app.study import SessionKind
from quiz_app.study.progress import EXPORT_FORMAT, EXPORT_VERSION  # noqa: E402 (one home)

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 50


class ImportProblems(ValueError):
    """Everything wrong with an import file, one `file: record N: problem` line each."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        super().__init__("\n".join(shown + ([f"… and {more} more"] if more else [])))
        self.problems = problems


def _moment(text: str) -> str:
    """An ISO 8601 date and time with a time zone, as Stats and the scheduler read it."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise ValueError("a date and time needs a time zone (such as +00:00)")
    return text


def _json_of(kind: type, what: str):
    def check(text: str) -> str:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            raise ValueError(f"not JSON ({what} expected)") from None
        if not isinstance(value, kind):
            raise ValueError(f"{what} expected")
        return text
    return check


def _int_list(text: str) -> str:
    _json_of(list, "a JSON list of choice numbers")(text)
    if not all(type(i) is int and 0 <= i < 1000 for i in json.loads(text)):
        raise ValueError("a JSON list of choice numbers expected")
    return text


def _str_list(text: str) -> str:
    _json_of(list, "a JSON list of strings")(text)
    if not all(isinstance(i, str) for i in json.loads(text)):
        raise ValueError("a JSON list of strings expected")
    return text


def _fsrs_card(text: str) -> str:
    """The scheduler must be able to read it back, or every later answer would fail."""
    from fsrs import Card

    _json_of(dict, "a JSON object (an FSRS card)")(text)
    try:
        Card.from_dict(json.loads(text))
    except Exception as exc:  # fsrs raises KeyError, ValueError, TypeError…
        raise ValueError(f"not an FSRS card ({type(exc).__name__}: {exc})") from None
    return text


Moment = Annotated[StrictStr, AfterValidator(_moment)]
Text = Annotated[StrictStr, Field(max_length=10_000)]
Key = Annotated[StrictStr, Field(min_length=1, max_length=200)]


class _Record(BaseModel):
    # a newer export's extra columns are ignored (only known columns are ever written)
    model_config = ConfigDict(extra="ignore")


class SessionRecord(_Record):
    id: Key
    kind: SessionKind
    question_ids: Annotated[StrictStr, AfterValidator(_str_list)]
    seed: StrictInt | None = None
    started_at: Moment
    finished_at: Moment | None = None


class AttemptRecordIn(_Record):
    id: StrictInt | None = None  # the exporter's row number; never imported
    uid: Key
    session_id: Key | None = None
    question_id: Key
    content_hash: Text
    bank_file: Text
    topic: Text = "general"
    picked: Annotated[StrictStr, AfterValidator(_int_list)]
    correct: Literal[0, 1]
    seconds: Annotated[float, Field(ge=0, le=10**7, allow_inf_nan=False)]
    hints_used: Annotated[StrictInt, Field(ge=0, le=1000)] = 0
    misconceptions: Annotated[StrictStr, AfterValidator(_str_list)] = "[]"
    variant: Text = ""
    response: Text = ""
    answered_at: Moment


class CardRecord(_Record):
    question_id: Key
    card: Annotated[StrictStr, AfterValidator(_fsrs_card)]
    due: Moment


class ReviewLogRecord(_Record):
    id: StrictInt | None = None
    question_id: Key
    attempt_uid: Key | None = None
    log: Annotated[StrictStr, AfterValidator(_json_of(dict, "a JSON object"))]
    reviewed_at: Moment


TABLE_MODELS: dict[str, type[_Record]] = {
    "sessions": SessionRecord, "attempts": AttemptRecordIn, "cards": CardRecord,
    "review_log": ReviewLogRecord,
}
UNIQUE = {"sessions": "id", "attempts": "uid", "cards": "question_id"}


def read_export(path: Path) -> dict[str, Any]:
    """The validated document, or ImportProblems naming every bad record."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportProblems([f"{name}: the file is larger than "
                                  f"{MAX_IMPORT_BYTES // 2**20} MiB"])
        document = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportProblems([f"{name}: not UTF-8 text"]) from None
    except (ValueError, RecursionError) as exc:
        raise ImportProblems([f"{name}: not JSON ({exc})"]) from None
    except OSError as exc:
        raise ImportProblems([f"{name}: cannot read ({exc.strerror or exc})"]) from None
    if not isinstance(document, dict):
        raise ImportProblems([f"{name}: a relu-quiz progress export is a JSON object, not "
                              f"{type(document).__name__}"])
    if document.get("format") != EXPORT_FORMAT:
        raise ImportProblems([f"{name}: not a relu-quiz progress export"])
    version = document.get("version")
    if type(version) is not int or not 1 <= version <= EXPORT_VERSION:
        raise ImportProblems([f"{name}: export version {version!r} is not one this relu-quiz "
                              f"reads (1 to {EXPORT_VERSION}); a newer relu-quiz made it?"])
    problems: list[str] = []
    for table, model in TABLE_MODELS.items():
        rows = document.get(table, [])
        if not isinstance(rows, list):
            problems.append(f"{name}: {table}: a list of records expected")
            continue
        seen: dict[Any, int] = {}
        for number, row in enumerate(rows, start=1):
            problems.extend(_check(name, table, number, model, row))
            key = row.get(UNIQUE[table]) if isinstance(row, dict) and table in UNIQUE \
                else None
            if isinstance(key, (str, int)):
                if key in seen:
                    problems.append(f"{name}: record {number}: {table}.{UNIQUE[table]}: "
                                    f"{key!r} repeats record {seen[key]}")
                else:
                    seen[key] = number
    if problems:
        raise ImportProblems(problems)
    return document


def _check(name: str, table: str, number: int, model: type[_Record], row: Any) -> list[str]:
    if not isinstance(row, dict):
        return [f"{name}: record {number}: {table}: a JSON object expected, not "
                f"{type(row).__name__}"]
    try:
        model.model_validate(row)
    except ValidationError as exc:
        return [f"{name}: record {number}: {table}."
                f"{'.'.join(str(p) for p in err['loc']) or '?'}: {err['msg']}"
                for err in exc.errors()]
    return []
