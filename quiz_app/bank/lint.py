"""What YAML hides: lints over a loaded bank that the schema cannot see.

Each was hit by an instructor writing a bank from the docs: `"\\frac"` in double quotes is a
form feed and "rac"; an unquoted ` #` starts a comment and cuts two options down to the same
text; `{alfa}` in a parametric text is shown as is; a value such as 1/3 substituted into
`{a}x` reads as 1/(3x); and `relu-quiz new` leaves TODOs anywhere, title and topic included.
Each lint reports the line where the author has to look.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from quiz_app.bank.answers import LETTERS
from quiz_app.bank.data import Question
from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.printable import is_control, is_invisible

# what a backslash escape in a double-quoted YAML string turns into
ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\v": "v", "\f": "f", "\r": "r", "\x1b": "e",
           "\x00": "0", "\x85": "N", "\u2028": "L", "\u2029": "P"}
NAMES = {"\a": "a bell (BEL)", "\b": "a backspace", "\t": "a tab", "\v": "a vertical tab",
         "\f": "a form feed", "\r": "a carriage return", "\x1b": "an escape (ESC)",
         "\x00": "a null", "\n": "a line break", "\x85": "a next-line character (NEL)",
         "\u2028": "a line separator", "\u2029": "a paragraph separator"}
# LaTeX commands whose \n becomes a line break in double quotes: "\neq" is "\n" + "eq"
LATEX_AFTER_N = r"(?:eq|e|abla|u|ot|eg|ewline|leq|geq|mid|exists|subseteq|parallel|i)\b"
PLACEHOLDER = re.compile(r"(?<![\w\\^_}])\{([A-Za-z_]\w*)\}")
TEXT_KEYS = ("prompt", "explanation", "hints", "feedback", "text", "title", "description",
             "source")


class _TextIndex:
    """Offsets in a file's text, counted once: re-splitting a 1 MB file for each of its
    100,000 values made a lint take minutes (issue 29). Lines are counted as before, so
    every position reported stays where it was: `line_start` by str.splitlines (a YAML
    position names such a line), `position` by "\n" alone."""

    def __init__(self, text: str):
        self.text = text
        self.lines = text.splitlines()
        self.starts = [0]
        for part in text.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(part))
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def index(self, line: int, col: int) -> int:
        return self.starts[min(max(line - 1, 0), len(self.starts) - 1)] + col - 1

    def position(self, index: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.breaks, index)  # the "\n"s before `index`
        return before + 1, index - (self.breaks[before - 1] + 1 if before else 0) + 1

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


@lru_cache(maxsize=2)  # the lints of one file in turn ask for the same text's index
def _text_index(text: str) -> _TextIndex:
    return _TextIndex(text)


def _strings(value, path=()) -> list[tuple[tuple, str]]:
    """Every string in `value` with its data path, in order. A loop, not a generator per
    level: passing each string up through every level cost more than the lints."""
    found = []
    pending = [(path, value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            found.append((where, item))
        elif isinstance(item, dict):
            pending.extend(((*where, key), child) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend(((*where, i), item[i]) for i in range(len(item) - 1, -1, -1))
    return found


def _is_hidden(char: str) -> bool:
    return char != "\n" and (is_control(char) or is_invisible(char))


def control_characters(path, text: str, data, source_map):
    """Control characters in any text, each reported where the escape that made it is.

    A line break counts only when it came from `\n` before a LaTeX name ("\neq"); one
    typed as is (a literal tab, say) is a warning, since no escape is to blame.
    """
    ends = None
    for where, value in _strings(data):
        if value.isprintable():  # most text: no control, format or line-break character
            continue
        is_text = bool(where) and where[-1] in TEXT_KEYS + (0,)
        hits = _hidden(value)
        hits += [(m.start(), "\n") for m in re.finditer(r"\n" + LATEX_AFTER_N, value)
                 if is_text]
        if not hits:
            continue
        if ends is None:
            ends = _ScalarEnds(_text_index(text), source_map)
        cursor, end = ends.extent(source_map.value_at(where))
        for index, char in sorted(hits):
            letter = ESCAPES.get(char, "n" if char == "\n" else None)
            pattern = re.escape(char) + (rf"|\\{letter}" if letter else "")
            if char == "\n":
                pattern = r"\\n" + LATEX_AFTER_N
            found = re.compile(pattern).search(text, cursor, end)
            line, col = ends.index.position(found.start()) if found else \
                source_map.value_at(where)
            if found:
                cursor = found.end()
            report: Callable[..., Diagnostic] = error
            how = ""
            if is_invisible(char):  # unseen, typed or escaped: an error either way
                how = (f"U+{ord(char):04X} ({unicodedata.name(char, 'a format character')}) "
                       "is invisible, or reorders what is shown; delete it")
            elif found and found.group() == char:  # typed (or pasted) as is, not an escape
                report = warning
                how = f"{NAMES.get(char, f'U+{ord(char):04X}')} is in the text; delete it"
            elif letter:
                word = letter + _leading(r"[A-Za-z]*", value[index + 1:])
                how = (f'"\\{word}" in double quotes is a YAML escape: "\\{letter}" became '
                       f"{NAMES[char]}; write \\\\{word}, or use single quotes or a >- block")
            else:
                how = (f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')}) "
                       "is in the text; delete it")
            kind = "invisible character" if is_invisible(char) else "control character"
            yield report(path, line, col, f"{kind} in {_field(where)}: {how}",
                         _question_id(data, where))


def _hidden(value: str) -> list[tuple[int, str]]:
    """Where `value` has a character _is_hidden finds, looked for only on its lines that
    are not all printable."""
    hits: list[tuple[int, str]] = []
    start = 0
    for line in value.split("\n"):
        if not line.isprintable():
            hits += [(start + i, c) for i, c in enumerate(line) if _is_hidden(c)]
        start += len(line) + 1
    return hits


class _ScalarEnds:
    """A scalar's text runs from its position to the next position in the file (of any
    value or key): an escape is searched for there, so each search reads its own value
    only, and the searches of a file read it about once."""

    def __init__(self, index: _TextIndex, source_map):
        self.index = index
        self.starts = sorted({index.index(*where) for where in
                              [*source_map.values.values(), *source_map.keys.values()]})

    def extent(self, where: tuple[int, int]) -> tuple[int, int]:
        start = self.index.index(*where)
        following = bisect.bisect_right(self.starts, start)
        end = self.starts[following] if following < len(self.starts) else len(self.index.text)
        return start, end


def _field(where) -> str:
    return ".".join(str(p) for p in where) or "the text"


def _question_id(data, where):
    if len(where) >= 2 and where[0] == "questions" and isinstance(where[1], int):
        entry = data["questions"][where[1]]
        return entry.get("id") if isinstance(entry, dict) else None
    return None


def todo_warnings(path, data, source_map):
    """Every TODO `relu-quiz new` left, title and topic included, each where it is."""
    for where, value in _strings(data):
        if "TODO" in value:
            line, col = source_map.value_at(where)
            yield warning(path, line, col, f"TODO left to fill in ({_field(where)})",
                          _question_id(data, where))


def duplicate_choice_texts(loaded, index: int, question: Question,
                           assignments: Sequence[dict[str, str]] = ()):
    """Two choices that read the same, as written or once a variant fills them in."""
    from quiz_app.bank.variants import Variant

    found = list(_duplicates(loaded, index, question, ""))
    for values in assignments if not found and question.params else ():
        variant = Variant(question, values)  # the loader's expand() made these assignments
        found = list(_duplicates(loaded, index, variant.question, variant.label))
        if found:
            break
    yield from found


def _duplicates(loaded, index: int, question: Question, variant: str):
    seen: dict[str, int] = {}
    for number, choice in enumerate(question.choices, 1):
        text = " ".join(choice.text.split())
        if text not in seen:
            seen[text] = number
            continue
        line, col = loaded.source_map.value_at(("questions", index, "choices", number - 1,
                                                "text"))
        source = _text_index(loaded.text).line(line) if loaded.text else ""
        hint = ("; an unquoted ' #' starts a YAML comment and cut the text: quote it"
                if " #" in source else "")
        suffix = f" (variant {variant})" if variant else ""
        yield error(loaded.path, line, col, f"choice {number} has the same text as choice "
                    f"{seen[text]} ('{text}'){hint}{suffix}", question.id)


def cut_by_comments(loaded, index: int, question: Question):
    """A plain text followed by ' #' on its line: YAML dropped the rest as a comment."""
    if not loaded.text:
        return
    lines = _text_index(loaded.text)
    for where, value in _texts(question):
        line, col = loaded.source_map.value_at(("questions", index, *where))
        source = lines.line(line)
        if source[col - 1:col] in ("\"", "'", "|", ">") or "\n" in value:
            continue
        if source.startswith(value + " #", col - 1):
            yield warning(loaded.path, line, col + len(value) + 1,
                          f"{_field(where)} stops before ' #': YAML reads an unquoted ' #' "
                          "as the start of a comment; quote the text if the rest belongs to "
                          "it", question.id)


def _locate(loaded, path, needle: str) -> tuple[int, int]:
    """Where `needle` is written inside the value at `path` (a block text spans lines)."""
    line, col = loaded.source_map.value_at(path)
    if loaded.text:
        lines = _text_index(loaded.text)
        found = loaded.text.find(needle, lines.index(line, col))
        if found >= 0:
            return lines.position(found)
    return line, col


def _texts(question: Question):
    yield ("prompt",), question.prompt
    yield ("explanation",), question.explanation
    for i, hint in enumerate(question.hints):
        yield ("hints", i), hint
    for i, choice in enumerate(question.choices):
        yield ("choices", i, "text"), choice.text
        if choice.feedback:
            yield ("choices", i, "feedback"), choice.feedback
    for kind in ("accept", "reject"):
        for i, known in enumerate(getattr(question, kind)):
            if known.feedback:
                yield (kind, i, "feedback"), known.feedback


def placeholders(loaded, index: int, question: Question, assignments: list[dict[str, str]]):
    """Unknown {names}, and substituted values that change what the maths says."""
    if not question.params:
        return
    names = list(question.params)
    for where, text in _texts(question):
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            line, col = _locate(loaded, ("questions", index, *where), match.group())
            if name not in question.params:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f" (did you mean {{{close[0]}}}?)" if close else ""
                yield error(loaded.path, line, col, f"unknown placeholder {{{name}}} in "
                            f"{_field(where)}; the parameters are {', '.join(names)}{hint}",
                            question.id)
                continue
            yield from _changed_meaning(loaded, line, col, question, where, text, match,
                                        assignments)


def _leading(pattern: str, text: str) -> str:
    """What `pattern` matches at the start of `text` ("" when nothing does)."""
    found = re.match(pattern, text)
    return found.group() if found else ""


def _changed_meaning(loaded, line, col, question, where, text, match, assignments):
    name = match.group(1)
    before = text[:match.start()].rstrip()
    follows = _leading(r"[\w(\\]*", text[match.end():])
    for values in assignments:
        value = values[name]
        if "/" in value and (follows or before.endswith(("^", "/"))):
            denominator = value.split("/", 1)[1]
            problem = (f"'{value}{follows}' reads as 1/({denominator}{follows}): write "
                       f"\\frac{{…}}{{…}}, or put the placeholder in brackets: ({{{name}}})")
        elif value.startswith("-") and before.endswith(("+", "-", "−", "*", "/", "^", "·")):
            problem = (f"'{before[-1]} {value}' puts two signs together: put the placeholder "
                       f"in brackets: ({{{name}}})")
        else:
            continue
        label = ", ".join(f"{k}={v}" for k, v in values.items())
        yield error(loaded.path, line, col, f"in {_field(where)}, {problem} (variant {label})",
                    question.id)
        return  # one variant is enough to show the problem


def test_rules(loaded, index: int, question: Question):
    """The shape of each `tests:` entry fits the question's type."""
    for number, test in enumerate(question.tests, 1):
        line, col = loaded.source_map.value_at(("questions", index, "tests", number - 1))
        problem = None
        if (test.answer is None) == (test.choose is None):
            problem = "give exactly one of `answer` (typed questions) or `choose` (choices)"
        elif question.free_answer and test.choose is not None:
            problem = f"a {question.type} question is tested with `answer`, not `choose`"
        elif not question.free_answer and test.answer is not None:
            problem = f"a {question.type} question is tested with `choose`, not `answer`"
        elif test.choose is not None and test.expect == "invalid":
            problem = "a pick of choices is right or wrong, never invalid"
        elif test.choose is not None:
            beyond = [c for c in test.choose if LETTERS.index(c) >= len(question.choices)]
            if beyond:
                problem = (f"there is no choice {beyond[0]}: the question has "
                           f"{len(question.choices)} (a–{LETTERS[len(question.choices) - 1]})")
        if problem:
            yield error(loaded.path, line, col, f"test {number}: {problem}", question.id)
