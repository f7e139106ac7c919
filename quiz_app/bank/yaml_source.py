"""Read one YAML file into plain data plus a map from data paths to file positions.

ruamel's safe loader (YAML 1.2: `No` stays a string) builds the node tree; we build the
data ourselves from it so that every key and value keeps its line and column, duplicate
keys are caught at the line where they repeat, and anchors/aliases are refused (they add
nothing to a question bank and invite exponential "billion laughs" expansion).

ruamel is pure Python (about 0.2 MB a second), so a file is first read from libyaml's
events (quiz_app.bank.yaml_fast), which give the same data and positions about twenty
times faster; whatever that path does not plainly read as ruamel would, a file with an
error included, is read here by ruamel, as before.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # ruamel loads only to parse: a warm start reads the compiled cache
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import MappingNode, Node

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32  # a bank needs about 7 levels; ~500 exhausted Python's recursion limit
MAX_INT_DIGITS = 4300  # Python refuses longer int conversions (CVE-2020-10735)
_LIMIT = f"the limit is {MAX_FILE_BYTES} (1 MiB)"

DataPath = tuple  # of str keys and int indexes


class YamlSourceError(Exception):
    """A file that cannot become data at all; carries a 1-based position."""

    def __init__(self, message: str, line: int = 1, col: int = 1, excerpt: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.excerpt = excerpt


@dataclass
class SourceMap:
    """1-based positions of the values (and of the keys) found at each data path."""

    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)

    def value_at(self, path: DataPath) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key_at(self, path: DataPath) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.value_at(path)


@dataclass
class YamlDocument:
    data: Any
    source_map: SourceMap
    duplicate_keys: list[YamlSourceError]


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _depth_limited_composer():
    """ruamel composes nodes recursively: a deep file must be refused before the stack ends.
    Built on first use, so that ruamel is imported only when a file is really parsed."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent

    class DepthLimitedComposer(Composer):
        nesting = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.nesting += 1
            try:
                event = self.parser.peek_event()
                mark = event.start_mark
                if self.nesting > MAX_DEPTH:
                    raise YamlSourceError(f"nested more than {MAX_DEPTH} levels deep",
                                          mark.line + 1, mark.column + 1)
                anchor = getattr(event, "anchor", None)
                if anchor is not None and anchor in self.anchors and \
                        not self.parser.check_event(AliasEvent):
                    # ruamel would only warn (on stderr, past our diagnostics) and go on
                    first = self.anchors[anchor].start_mark
                    raise YamlSourceError(
                        f"anchor &{anchor} is defined again (first at line {first.line + 1}); "
                        "anchors and aliases (&name, *name) are not supported",
                        mark.line + 1, mark.column + 1)
                return super().compose_node(parent, index)
            finally:
                self.nesting -= 1

    return DepthLimitedComposer


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    yaml.Composer = _depth_limited_composer()
    return yaml


def read_text(path: Path) -> str:
    """Read a bank file as UTF-8, refusing oversized and undecodable files with a position.

    Only a regular file is read (a FIFO would block forever, /dev/zero never ends), it is
    opened without blocking, and the size limit is enforced while reading, not from a
    `stat` that a growing or special file can fool.
    """
    return decode_text(read_regular_file(Path(path)))


def decode_text(raw: bytes) -> str:
    """A bank file's bytes as text (UTF-8, without a byte order mark); a YamlSourceError at
    the first byte that cannot be decoded."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlSourceError(
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded)", line, col
        ) from None
    return text.removeprefix("\ufeff")


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most 1 MiB, else a YamlSourceError."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlSourceError("cannot read file: a symbolic link loop") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise YamlSourceError("not a regular file (a directory, FIFO, socket or device); "
                                  "only bank files are read")
        if info.st_size > MAX_FILE_BYTES:  # refused unread
            raise YamlSourceError(f"file is {info.st_size} bytes; {_LIMIT}")
        raw = handle.read(MAX_FILE_BYTES + 1)  # a file growing as we read stops here
    if len(raw) > MAX_FILE_BYTES:
        raise YamlSourceError(f"file is over {MAX_FILE_BYTES} bytes; {_LIMIT}")
    return raw


def parse_yaml(text: str) -> YamlDocument:
    """libyaml's events when they plainly read as ruamel would (quiz_app.bank.yaml_fast),
    else ruamel, which also words every error. Either way: YAML 1.2, in time linear in the
    size of the file."""
    from quiz_app.bank.yaml_fast import parse_fast

    if not text.strip():
        raise YamlSourceError("file is empty; a bank needs at least `title` and `questions`")
    fast = parse_fast(text, MAX_DEPTH, MAX_INT_DIGITS)
    if fast is not None:
        data, values, keys = fast
        return YamlDocument(data, SourceMap(values, keys), [])
    return parse_with_ruamel(text)


def parse_with_ruamel(text: str) -> YamlDocument:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _yaml()
    try:
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        opened = exc.context_mark
        if "quoted scalar" in (exc.context or "") and opened:  # name where the quote opened
            problem = (f"{problem} {exc.context} opened at line {opened.line + 1}, column "
                       f"{opened.column + 1}")
        message, col = explain(problem, text, line, col)
        lines = text.splitlines()
        excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
        raise YamlSourceError(f"YAML syntax error: {message}", line, col, excerpt) from None
    except YAMLError as exc:
        raise YamlSourceError(f"not valid YAML: {exc}") from None
    except RecursionError:  # belt and braces: the composer's own limit comes first
        raise YamlSourceError(f"nested more than {MAX_DEPTH} levels deep") from None
    if root is None:
        raise YamlSourceError("file is empty; a bank needs at least `title` and `questions`")
    builder = _Builder(yaml)
    data = builder.build(root, ())
    return YamlDocument(data, builder.source_map, builder.duplicates)


def explain(problem: str, text: str, line: int, col: int) -> tuple[str, int]:
    """ruamel's words, plus what an instructor should change; and the column to look at.

    The column counts characters (a tab is one), as editors do, so the caret under the
    quoted line lands on the culprit.
    """
    source = (text.splitlines() or [""])[line - 1] if line <= len(text.splitlines()) else ""
    if "mapping values are not allowed" in problem:
        return (f"{problem}: a ': ' inside plain text starts a new key; quote text that "
                "contains ': ' (prompt: \"Note: ...\")", col)
    if "'\\t'" in problem or "\t" in problem:
        return (f"{problem}: a tab; YAML is indented with spaces, so indent with spaces "
                "instead", col)
    opened = re.search(r"opened at (line \d+, column \d+)", problem)
    if "quoted scalar" in problem and "end of stream" in problem and opened:
        return (f"the quote opened at {opened.group(1)} is never closed; close it, or use a "
                ">- block for long text", col)
    if problem.startswith("expected <block end>"):
        return (f"{problem}: this line's indentation does not match the lines around it; "
                "keys of one mapping start in the same column", col)
    if "could not find expected ':'" in problem:
        return (f"{problem}: this line is not 'key: value'; indent text that continues "
                "under its key, or quote it", col)
    starts = re.match(r"found character '([@`%|>])' that cannot start any token", problem)
    if starts:
        return (f"{problem}: text cannot start with '{starts.group(1)}' unquoted; quote it",
                col)
    escape = re.match(r"found unknown escape character '(.)'|expected escape sequence of \d+ "
                      r"hex\w* numbers, but found '(.)'", problem)
    if escape:
        back = source.rfind("\\", 0, col) if source else -1
        col = back + 1 if back >= 0 else col
        if back >= 0:  # the pattern accepts the empty string, so it always matches
            word = re.match(r"\\[A-Za-z]*", source[back:]).group()  # type: ignore[union-attr]
        else:
            word = "\\" + (escape.group(1) or escape.group(2))
        return (f"'{word}' in double quotes is read as a YAML escape and is not one; write "
                f"\\{word} for a backslash (LaTeX), or use single quotes or a >- block", col)
    return problem, col


class _Builder:
    def __init__(self, yaml: YAML):
        self.constructor = yaml.constructor
        self.source_map = SourceMap()
        self.duplicates: list[YamlSourceError] = []
        self.seen: set[int] = set()

    def build(self, node: Node, path: DataPath) -> Any:
        from ruamel.yaml.error import YAMLError
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        if id(node) in self.seen:
            line, col = self.source_map.keys.get(path) or _position(node)
            raise YamlSourceError("anchors and aliases (&name, *name) are not supported", line, col)
        self.seen.add(id(node))
        self.source_map.values[path] = _position(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_INT_DIGITS:
                line, col = _position(node)
                raise YamlSourceError(f"integer has {len(node.value)} digits; at most "
                                      f"{MAX_INT_DIGITS}", line, col)
            try:
                return self.constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError) as exc:  # e.g. a date that does not exist
                line, col = _position(node)
                raise YamlSourceError(f"cannot read value: {exc}", line, col) from None
            except YAMLError as exc:
                line, col = _position(node)
                message = f"cannot read value {node.value!r}: {exc}"
                raise YamlSourceError(message, line, col) from None
        line, col = _position(node)
        raise YamlSourceError("unsupported YAML node", line, col)

    def _mapping(self, node: MappingNode, path: DataPath) -> dict:
        from ruamel.yaml.nodes import ScalarNode

        result: dict = {}
        for key_node, value_node in node.value:
            line, col = _position(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlSourceError("merge keys (<<) are not supported", line, col)
            if not isinstance(key_node, ScalarNode):
                raise YamlSourceError("mapping keys must be plain names", line, col)
            key = str(key_node.value)
            if key in result:
                first_line, _ = self.source_map.keys[(*path, key)]
                self.duplicates.append(
                    YamlSourceError(f"duplicate key '{key}' (first given at line {first_line})",
                                    line, col)
                )
                continue
            self.source_map.keys[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        return result
