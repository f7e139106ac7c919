"""The fast path of yaml_source.parse_yaml: libyaml's events, read into data and positions.

ruamel's pure-Python composer reads about 0.2 MB a second, so a department's 10,000
questions took a minute to load. libyaml (PyYAML's C parser) gives the same events with the
same line and column marks about twenty times faster. It is a YAML 1.1 parser, though, and
bank files are YAML 1.2 (`No` stays a string), so only its *events* are used: each plain
scalar is resolved here by the YAML 1.2 rules ruamel applies (the regular expressions below
are ruamel's own, and tests/test_bank_scale.py checks they still are).

Only what is plainly the same in both is read here. Anything else gives None, and the
caller reads the file with ruamel, as before: it then builds the data or says, in ruamel's
words and at ruamel's position, what is wrong. So this path never has to agree with ruamel
on an error. It gives None for
- a file libyaml cannot parse, or one with no document or more than one;
- a tab, a carriage return, NEL, a line or paragraph separator or a BOM anywhere, or a line
  starting with `%` (the two parsers count such lines, or read such text, differently);
- an anchor, an alias, a tag, a key that is not a scalar, a merge key (`<<`), a duplicate
  key, or nesting deeper than `max_depth` (each is an error ruamel's path reports);
- a plain scalar that YAML 1.2 reads as anything but a string, null, true/false, a plain
  decimal integer or a plain decimal fraction: `0x1F`, `1_000`, `012`, `1e3`, `.inf`, a
  date, `=`, an integer of more than MAX_INT_DIGITS digits.
"""

from __future__ import annotations

import re
from typing import Any

Positions = dict[tuple, tuple[int, int]]  # data path -> 1-based (line, column)


class _RuamelDecides(Exception):
    """Something this path does not read; ruamel's path reads the file instead."""


# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), as written there.
RUAMEL_12 = {
    "tag:yaml.org,2002:bool": r"""^(?:true|True|TRUE|false|False|FALSE)$""",
    "tag:yaml.org,2002:float": r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    "tag:yaml.org,2002:int": r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
    "tag:yaml.org,2002:merge": r"^(?:<<)$",
    "tag:yaml.org,2002:null": r"""^(?: ~
        |null|Null|NULL
        | )$""",
    "tag:yaml.org,2002:timestamp": r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    "tag:yaml.org,2002:value": r"^(?:=)$",
}
# Any of them: a plain scalar that YAML 1.2 may read as something other than a string.
NOT_A_STRING = re.compile("|".join(f"(?:{pattern})" for pattern in RUAMEL_12.values()), re.X)
# A plain scalar can be anything else only if it starts with one of these (or is empty).
FIRST_CHARACTERS = frozenset("-+0123456789.<=~nNtTfF")
CONSTANTS: dict[str, Any] = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
                             "true": True, "True": True, "TRUE": True,
                             "false": False, "False": False, "FALSE": False}
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
FRACTION = re.compile(r"[-+]?[0-9]+\.[0-9]+\Z")
# what lies between an empty value and the next token: blanks, line breaks and comments
TO_NEXT_TOKEN = re.compile(r"(?:[ \n]+|#[^\n]*)*")
BLOCK_HEADER = re.compile(r"[|>](?:[1-9][-+]?|[-+][1-9]?)?(?: +(?:#[^\n]*)?)?(?:\n|\Z)")
UNEQUAL_TEXT = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]|^%", re.MULTILINE)


def plain_scalar(text: str, max_digits: int) -> Any:
    """A plain (unquoted) scalar as YAML 1.2 reads it; _RuamelDecides when in doubt."""
    if text and text[0] not in FIRST_CHARACTERS:
        return text
    if text in CONSTANTS:
        return CONSTANTS[text]
    if DECIMAL.match(text) and len(text) <= max_digits:
        return int(text)
    if FRACTION.match(text):
        return float(text)
    if NOT_A_STRING.match(text):
        raise _RuamelDecides(text)
    return text


def parse_fast(text: str, max_depth: int,
               max_digits: int) -> tuple[Any, Positions, Positions] | None:
    """The data, the positions of its values and of its keys; or None when ruamel's path
    must read `text` (see the module's doc)."""
    if UNEQUAL_TEXT.search(text):
        return None
    try:
        # CBaseLoader is PyYAML's public face of libyaml's parser; only its events are read
        from yaml import CBaseLoader, YAMLError  # type: ignore[import-untyped]
    except ImportError:  # PyYAML built without libyaml: ruamel reads every file
        return None
    try:
        return _read(text, CBaseLoader(text), max_depth, max_digits)
    except (_RuamelDecides, YAMLError):
        return None


def _read(text: str, parser: Any, max_depth: int,
          max_digits: int) -> tuple[Any, Positions, Positions]:
    from yaml.events import (  # type: ignore[import-untyped]
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    get = parser.get_event
    get()  # the stream's start
    if type(get()) is not DocumentStartEvent:
        raise _RuamelDecides("no document")  # ruamel says the file is empty
    values: Positions = {}
    keys: Positions = {}
    # one frame per open collection: [the list or dict, its path, the key awaiting a value,
    # whether it is written in flow style]
    stack: list[list[Any]] = []
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
            if not stack:
                break
            continue
        if len(stack) >= max_depth or kind not in (ScalarEvent, MappingStartEvent,
                                                  SequenceStartEvent):
            raise _RuamelDecides("too deep, an alias, or the document's end")
        if event.anchor is not None or event.tag is not None:
            raise _RuamelDecides("an anchor or a tag")
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if stack:
            container, path, key, _ = frame = stack[-1]
            if type(container) is dict:
                if key is None:  # this event is a key
                    if kind is not ScalarEvent:
                        raise _RuamelDecides("a key that is not a scalar")
                    key = event.value
                    if not key and event.implicit[0]:
                        raise _RuamelDecides("an empty key")
                    if key in container or (key == "<<" and event.implicit[0]):
                        raise _RuamelDecides("a duplicate or merge key")
                    frame[2] = key
                    keys[(*path, key)] = where
                    continue
                frame[2] = None
                path = (*path, key)
                if kind is ScalarEvent and not event.value and event.implicit[0]:
                    if frame[3]:
                        raise _RuamelDecides("an empty value in a flow mapping, {a: }")
                    if text[mark.index - 1:mark.index] != ":":
                        raise _RuamelDecides("an explicit key, `? a`, with no value")
                    where = _next_token(text, mark)  # no value written: see _next_token
            else:
                path = (*path, len(container))
                if kind is MappingStartEvent and frame[3] and text[mark.index] != "{":
                    raise _RuamelDecides("a pair in a flow sequence, [a: b]")
        elif kind is MappingStartEvent:
            container, path = None, ()
        else:  # not a bank: ruamel's path words what the loader then says
            raise _RuamelDecides("a top level that is not a mapping")
        values[path] = where
        if kind is ScalarEvent:
            if event.implicit[0]:
                value = plain_scalar(event.value, max_digits)
            else:
                value = event.value
                if event.style in ("|", ">") and not BLOCK_HEADER.match(text, mark.index):
                    raise _RuamelDecides("a block scalar's header that ruamel refuses")
        else:
            value = {} if kind is MappingStartEvent else []
        if container is None:
            root = value
        elif type(container) is dict:
            container[key] = value
        else:
            container.append(value)
        if kind is not ScalarEvent:
            stack.append([value, path, None, event.flow_style])
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise _RuamelDecides("more than one document")
    return root, values, keys


def _next_token(text: str, mark: Any) -> tuple[int, int]:
    """Where ruamel places a mapping's empty value: at the token after it, past blanks,
    line breaks and comments (libyaml places it where the `:` before it ends; both place an
    empty entry of a sequence just after its `-`)."""
    gap = TO_NEXT_TOKEN.match(text, mark.index).group()  # type: ignore[union-attr]
    lines = gap.count("\n")
    if not lines:
        return mark.line + 1, mark.column + len(gap) + 1
    return mark.line + lines + 1, len(gap) - gap.rfind("\n")
