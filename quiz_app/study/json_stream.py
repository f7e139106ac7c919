"""A progress export read one record at a time, so a hostile file cannot fill the memory.

`json.loads` of 10 MB of `{}` records builds 3 million dicts (hundreds of MB) before any of
them is checked, and one record holding millions of empty lists does the same. Here the top
level object is walked by hand and each value is decoded by the json module's own scanner
on its own, in a window that grows until the value fits or reaches MAX_VALUE_CHARS: a value
larger than that is refused before it is built. The caller validates a record and drops it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from typing import Any

MAX_VALUE_CHARS = 4 * 2**20  # one record; a session of 10,000 questions is ~0.5 MiB
FIRST_WINDOW = 64  # then twice the size of the previous record: most fit the first time
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_TAIL = 12  # a cut literal or escape ("-Infinity", "\\u12") is reported this near the end
_TYPES = {"[": "list", "{": "dict", '"': "str", "t": "bool", "f": "bool", "n": "NoneType"}


class NotJSON(ValueError):
    """The text is not JSON; the message says where, as the json module does."""

    def __init__(self, text: str, message: str, pos: int):
        line = text.count("\n", 0, pos) + 1
        column = pos - text.rfind("\n", 0, pos)
        super().__init__(f"{message}: line {line} column {column} (char {pos})")


class TooLarge(ValueError):
    """One value is larger than MAX_VALUE_CHARS."""


class NotAnObject(ValueError):
    """The document is JSON but not an object; the message is the type's name."""


class RepeatedKey(ValueError):
    """A top-level key appears twice (json.loads would silently keep the last)."""


def _skip(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]


def _value(text: str, pos: int, size: int = FIRST_WINDOW) -> tuple[Any, int]:
    """The JSON value at `pos` and the position after it.

    A decode error near the window's end may be the window cutting the value, so the window
    doubles (the tries cost at most twice the value's size); an error well inside it, or
    in a window that reaches the end of the text, is the file's. Slicing copies: a window
    much larger than the value (3 million `{}` in 4 KiB windows) would cost gigabytes.
    """
    while True:
        window = text[pos:pos + size]
        try:
            value, end = _DECODER.raw_decode(window)
            return value, pos + end
        except RecursionError:
            raise NotJSON(text, "nested too deeply", pos) from None
        except json.JSONDecodeError as exc:
            cut = exc.msg.startswith("Unterminated string") or len(window) - exc.pos <= _TAIL
            if not cut or pos + size >= len(text):
                raise NotJSON(text, exc.msg, pos + exc.pos) from None
            if size >= MAX_VALUE_CHARS:
                raise TooLarge(f"larger than {MAX_VALUE_CHARS // 2**20} MiB") from None
            size *= 2
        except ValueError as exc:  # an integer of more than 4300 digits
            raise NotJSON(text, str(exc), pos) from None


def _expect(text: str, pos: int, marks: str, message: str) -> int:
    pos = _skip(text, pos)
    if pos >= len(text) or text[pos] not in marks:
        raise NotJSON(text, message, pos)
    return pos


def read_document(text: str, tables: Collection[str], starts: dict[str, int] | None = None
                  ) -> Iterator[tuple[str, int, Any]]:
    """(key, 0, value) for each top-level key, and (table, n, record) for the n-th record of
    each list under a key in `tables`: those lists are never built whole. A list under any
    other key is read element by element too, and dropped. `starts` receives where each
    table's list begins, for read_list to read it again without the rest of the file."""
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        first = text[pos:pos + 1]
        try:
            value, end = _value(text, pos)
        except TooLarge:
            raise NotAnObject(_TYPES.get(first, "number")) from None
        if _skip(text, end) != len(text):
            raise NotJSON(text, "Extra data", _skip(text, end))
        raise NotAnObject(type(value).__name__)
    keys: set[str] = set()
    pos = _skip(text, pos + 1)
    if text.startswith("}", pos):
        return _end(text, pos + 1)
    while True:
        pos = _expect(text, pos, '"', "Expecting property name enclosed in double quotes")
        key, pos = _value(text, pos)
        if key in keys:
            raise RepeatedKey(key)
        keys.add(key)
        pos = _skip(text, _expect(text, pos, ":", "Expecting ':' delimiter") + 1)
        if text.startswith("[", pos):
            if starts is not None and key in tables:
                starts[key] = pos
            records, number = _records(text, pos), 0
            try:
                for number, record in records:
                    if key in tables:
                        yield key, number, record
            except TooLarge as exc:
                raise TooLarge(f"record {number + 1}: {key}: {exc}") from None
            pos = records.end
            if key not in tables:
                yield key, 0, []
        else:
            try:
                value, pos = _value(text, pos)
            except TooLarge as exc:
                raise TooLarge(f"{key}: {exc}") from None
            yield key, 0, value
        pos = _expect(text, pos, ",}", "Expecting ',' delimiter")
        if text[pos] == "}":
            return _end(text, pos + 1)
        pos = _skip(text, pos + 1)


def _end(text: str, pos: int) -> None:
    if _skip(text, pos) != len(text):
        raise NotJSON(text, "Extra data", _skip(text, pos))


class _records:
    """The elements of the list at `pos`, numbered from 1; `end` is set once exhausted."""

    def __init__(self, text: str, pos: int):
        self.text, self.pos, self.end = text, pos, -1

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        text = self.text
        pos = _skip(text, self.pos + 1)
        if text.startswith("]", pos):
            self.end = pos + 1
            return
        number, size = 0, FIRST_WINDOW
        while True:
            number += 1
            value, end = _value(text, pos, size)
            size = max(FIRST_WINDOW, min(2 * (end - pos), MAX_VALUE_CHARS))
            pos = end
            yield number, value
            pos = _expect(text, pos, ",]", "Expecting ',' delimiter")
            if text[pos] == "]":
                self.end = pos + 1
                return
            pos = _skip(text, pos + 1)


def read_list(text: str, pos: int) -> Iterator[tuple[int, Any]]:
    """The numbered elements of the list at `pos` (one that read_document has read)."""
    return iter(_records(text, pos))
