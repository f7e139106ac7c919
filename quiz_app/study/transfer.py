"""The progress export format, validated in full before anything is written.

An import that fails half-way, or that stores a bad date, a bad card or a bad session, breaks
the app later (Stats, every start, every answer to that question). So every record is
checked against these pydantic models first, and every problem is reported as
`file: record N: table.field: problem`; only a clean file reaches the database, and what is
written is the models' fields, never the file's keys: a column without a checked field is
not imported at all (tests/test_hostile_import.py holds every column to that).

The file is read one record at a time (quiz_app.study.json_stream) and the problems stop at
MAX_PROBLEMS_SHOWN, so a hostile file costs its own size in memory, not a hundred times it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from quiz_app.bank.printable import is_control, is_invisible
from quiz_app.study import SessionKind
from quiz_app.study.card_check import usable_card
from quiz_app.study.export_format import EXPORT_FORMAT, EXPORT_VERSION
from quiz_app.study.json_stream import (
    NotAnObject,
    NotJSON,
    RepeatedKey,
    TooLarge,
    read_document,
    read_list,
)
from quiz_app.study.store import iso

MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 50
MAX_CHOICES = 1000


class ImportProblems(ValueError):
    """Everything wrong with an import file (up to MAX_PROBLEMS_SHOWN), one
    `file: record N: problem` line each."""

    def __init__(self, problems: list[str], stopped: bool = False):
        more = [f"… stopped after {len(problems)} problems; there may be more"] if stopped \
            else []
        super().__init__("\n".join(problems + more))
        self.problems = problems


def _moment(text: str) -> str:
    """An ISO 8601 date and time with a time zone, stored in UTC as the store writes every
    time: Stats cut the day out of the text and compare times as text."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        raise ValueError("a date and time needs a time zone (such as +00:00)")
    try:
        return iso(moment)
    except OverflowError:
        raise ValueError("a date and time out of range") from None


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError(f"not JSON ({what} expected)") from None


def _json_of(kind: type, what: str):
    def check(text: str) -> str:
        if not isinstance(_json(text, what), kind):
            raise ValueError(f"{what} expected")
        return text
    return check


def _one_line(text: str) -> str:
    """Ids, topics and names are shown on one line: no ESC sequence, line break or bidi
    override (quiz_app.bank.printable defines them, as the bank's lint does)."""
    if not text.isprintable() and any(is_control(c) or is_invisible(c) for c in text):
        raise ValueError("control or invisible characters (such as ESC, a line break or a "
                         "bidi override) are not allowed")
    return text




def plain_name(text: str) -> str:
    """A session name is one line of plain text. It may hold `[…]`: the app makes it
    from a topic or a bank's title, which may, and every screen escapes it (so `[/]` is
    shown, never read as markup)."""
    _one_line(text)
    return text


def _ints(value: Any) -> bool:
    return isinstance(value, list) and all(type(i) is int and 0 <= i < MAX_CHOICES
                                           for i in value)


def _int_list(text: str) -> str:
    if not _ints(_json(text, "a JSON list of choice numbers")):
        raise ValueError("a JSON list of choice numbers expected")
    return text


def _is_order(value: Any) -> bool:
    """An option order is a permutation: repeated or missing options would hide a choice."""
    return _ints(value) and sorted(value) == list(range(len(value)))


def _option_order(text: str) -> str:
    if not _is_order(_json(text, "an option order")):
        raise ValueError("an option order (a JSON list holding 0 to n-1 once each) expected")
    return text


def _str_list(text: str) -> str:
    value = _json(text, "a JSON list of strings")
    if not isinstance(value, list) or not all(isinstance(i, str) for i in value):
        raise ValueError("a JSON list of strings expected")
    for item in value:
        _one_line(item)
    return text


def _key_list(text: str) -> str:
    _str_list(text)
    if not all(0 < len(i) <= 200 for i in json.loads(text)):
        raise ValueError("question ids of 1 to 200 characters expected")
    return text


def _fsrs_card(text: str) -> str:
    """FSRS's own JSON of the card, if the scheduler can review it (card_check.py)."""
    return usable_card(_json(text, "a JSON object (an FSRS card)"))


def _card_or_null(text: str) -> str:
    """A review log's card before the answer: what undo puts back ('null': no card)."""
    return text if text == "null" else _fsrs_card(text)


Moment = Annotated[StrictStr, AfterValidator(_moment)]
Text = Annotated[StrictStr, Field(max_length=10_000)]
Line = Annotated[StrictStr, Field(max_length=10_000), AfterValidator(_one_line)]
Key = Annotated[StrictStr, Field(min_length=1, max_length=200), AfterValidator(_one_line)]
Name = Annotated[StrictStr, Field(max_length=200), AfterValidator(plain_name)]
Seed = Annotated[StrictInt, Field(ge=-2**63, le=2**63 - 1)]  # an SQLite INTEGER
Flag = Literal[0, 1]


class _Record(BaseModel):
    # a newer export's extra columns are ignored (only known columns are ever written)
    model_config = ConfigDict(extra="ignore")
    NOT_WRITTEN: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def written(cls) -> list[str]:
        """The columns an import writes: this model's fields, each checked above."""
        return [name for name in cls.model_fields if name not in cls.NOT_WRITTEN]

    def row(self) -> tuple:
        return tuple(getattr(self, name) for name in self.written())


class SessionRecord(_Record):
    id: Key
    kind: SessionKind
    question_ids: Annotated[StrictStr, AfterValidator(_key_list)]
    seed: Seed | None = None
    started_at: Moment
    finished_at: Moment | None = None
    name: Name = ""
    option_orders: StrictStr = "[]"
    open_hints: Annotated[StrictInt, Field(ge=0, le=1000)] = 0
    open_seconds: Annotated[float, Field(ge=0, le=10**7, allow_inf_nan=False)] = 0.0

    @field_validator("option_orders")
    @classmethod
    def _orders(cls, text: str, info: ValidationInfo) -> str:
        """One option order per question, as the session showed them (a resume shows the
        same letters); an order that is not a permutation would hide or repeat a choice."""
        orders = _json(text, "a JSON list of option orders")
        if not isinstance(orders, list) or not all(_is_order(order) for order in orders):
            raise ValueError("a JSON list of option orders (each holding 0 to n-1 once) "
                             "expected")
        ids = info.data.get("question_ids")
        if ids is not None and len(orders) > len(json.loads(ids)):
            raise ValueError("more option orders than questions")
        return text


class AttemptRecordIn(_Record):
    NOT_WRITTEN = frozenset({"id"})
    id: StrictInt | None = None  # the exporter's row number; never imported
    uid: Key
    session_id: Key | None = None
    question_id: Key
    content_hash: Line
    bank_file: Line
    topic: Line = "general"
    picked: Annotated[StrictStr, AfterValidator(_int_list)]
    correct: Flag
    seconds: Annotated[float, Field(strict=True, ge=0, le=10**7, allow_inf_nan=False)]
    hints_used: Annotated[StrictInt, Field(ge=0, le=1000)] = 0
    misconceptions: Annotated[StrictStr, AfterValidator(_str_list)] = "[]"
    variant: Line = ""
    response: Text = ""
    answered_at: Moment
    credit: Annotated[float, Field(strict=True, ge=0, le=1, allow_inf_nan=False)] | None = None
    retried: Flag = 0
    skipped: Flag = 0
    option_order: Annotated[StrictStr, AfterValidator(_option_order)] = "[]"


class CardRecord(_Record):
    question_id: Key
    card: Annotated[StrictStr, AfterValidator(_fsrs_card)]
    due: Moment

    @field_validator("due")
    @classmethod
    def _the_cards_own(cls, due: str, info: ValidationInfo) -> str:
        """Review lists read this column, the scheduler the card: they must agree."""
        card = info.data.get("card")
        if card is None:
            return due
        card_due = json.loads(card)["due"]
        if datetime.fromisoformat(card_due) != datetime.fromisoformat(due):
            raise ValueError(f"not the card's own due date ({card_due})")
        return card_due


class ReviewLogRecord(_Record):
    NOT_WRITTEN = frozenset({"id"})
    id: StrictInt | None = None
    question_id: Key
    attempt_uid: Key | None = None
    log: Annotated[StrictStr, AfterValidator(_json_of(dict, "a JSON object"))]
    reviewed_at: Moment
    card_before: Annotated[StrictStr, AfterValidator(_card_or_null)] | None = None


TABLE_MODELS: dict[str, type[_Record]] = {
    "sessions": SessionRecord, "attempts": AttemptRecordIn, "cards": CardRecord,
    "review_log": ReviewLogRecord,
}
UNIQUE = {"sessions": "id", "attempts": "uid", "cards": "question_id"}
# a reference must name a record of the same file: never one of this machine's own
REFERENCES = {"attempts": ("session_id", "sessions"), "review_log": ("attempt_uid", "attempts")}


@dataclass(frozen=True)
class ValidExport:
    """A file that passed read_export; its records are read again, one at a time, to
    write them (holding them all would cost the memory the streaming saves)."""

    text: str
    starts: dict[str, int]  # where each table's list begins in the text

    def records(self, table: str) -> Iterator[Any]:
        if table in self.starts:
            for _, row in read_list(self.text, self.starts[table]):
                yield TABLE_MODELS[table].model_validate(row)


class _Enough(Exception):
    """MAX_PROBLEMS_SHOWN problems found: the rest of the file is not read."""


class _Problems(list):
    def add(self, line: str) -> None:
        self.append(line)
        if len(self) >= MAX_PROBLEMS_SHOWN:
            raise _Enough


def read_export(path: Path) -> ValidExport:
    """The validated file, or ImportProblems naming the bad records."""
    name = str(path)
    text = _read_text(path, name)
    problems = _Problems()
    starts: dict[str, int] = {}
    try:
        _validate(name, text, problems, starts)
    except _Enough:
        raise ImportProblems(problems, stopped=True) from None
    except NotJSON as exc:
        raise ImportProblems([f"{name}: not JSON ({exc})"]) from None
    except NotAnObject as exc:
        raise ImportProblems([f"{name}: a relu-quiz progress export is a JSON object, not "
                              f"{exc}"]) from None
    except RepeatedKey as exc:
        raise ImportProblems([f"{name}: the key {exc} appears twice"]) from None
    except TooLarge as exc:
        raise ImportProblems(problems + [f"{name}: {exc}"]) from None
    if problems:
        raise ImportProblems(problems)
    return ValidExport(text, starts)


def _read_text(path: Path, name: str) -> str:
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise ImportProblems([f"{name}: the file is larger than "
                                  f"{MAX_IMPORT_BYTES // 2**20} MiB"])
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise ImportProblems([f"{name}: not UTF-8 text"]) from None
    except OSError as exc:
        raise ImportProblems([f"{name}: cannot read ({exc.strerror or exc})"]) from None


def _validate(name: str, text: str, problems: _Problems, starts: dict[str, int]) -> None:
    seen: dict[str, dict[Any, int]] = {table: {} for table in UNIQUE}
    cited: dict[str, dict[Any, int]] = {table: {} for table in REFERENCES}
    head: dict[str, Any] = {}
    for key, number, row in read_document(text, TABLE_MODELS, starts):
        if key in ("format", "version"):
            head[key] = row
            _check_head(name, head)
        elif key in TABLE_MODELS and not number:
            problems.add(f"{name}: {key}: a list of records expected")
        elif key in TABLE_MODELS:
            record = _check(name, key, number, row, problems)
            if record is None:
                continue
            if key in UNIQUE:
                unique = getattr(record, UNIQUE[key])
                if unique in seen[key]:
                    problems.add(f"{name}: record {number}: {key}.{UNIQUE[key]}: "
                                 f"{unique!r} repeats record {seen[key][unique]}")
                seen[key].setdefault(unique, number)
            field = REFERENCES.get(key, ("", ""))[0]
            if getattr(record, field, None) is not None:
                cited[key].setdefault(getattr(record, field), number)
    head.setdefault("format", None)
    head.setdefault("version", None)
    _check_head(name, head)
    for table, (field, target) in REFERENCES.items():
        for value, number in cited[table].items():
            if value not in seen[target]:
                problems.add(f"{name}: record {number}: {table}.{field}: {value!r} is not "
                             f"one of the file's {target}")


def _check_head(name: str, head: dict[str, Any]) -> None:
    if "format" in head and head["format"] != EXPORT_FORMAT:
        raise ImportProblems([f"{name}: not a relu-quiz progress export"])
    version = head.get("version", 1)
    if type(version) is not int or not 1 <= version <= EXPORT_VERSION:
        raise ImportProblems([f"{name}: export version {version!r} is not one this relu-quiz "
                              f"reads (1 to {EXPORT_VERSION}); a newer relu-quiz made it?"])


def _check(name: str, table: str, number: int, row: Any,
           problems: _Problems) -> _Record | None:
    if not isinstance(row, dict):
        problems.add(f"{name}: record {number}: {table}: a JSON object expected, not "
                     f"{type(row).__name__}")
        return None
    try:
        return TABLE_MODELS[table].model_validate(row)
    except ValidationError as exc:
        for err in exc.errors():
            problems.add(f"{name}: record {number}: {table}."
                         f"{'.'.join(str(p) for p in err['loc']) or '?'}: {err['msg']}")
    return None
