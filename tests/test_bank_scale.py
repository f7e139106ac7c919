"""A department-sized bank loads in time linear in its size (issue 29).

The speed itself is measured by benchmarks/bench_scale.py. Here: libyaml's fast path
(quiz_app.bank.yaml_fast) reads every file exactly as ruamel's path does, data and
positions alike, or hands the file to ruamel; the lints index a file's text once; and a
hostile file of 104,000 tags lists in bounded time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz_app.bank import lint
from quiz_app.bank.yaml_fast import RUAMEL_12, parse_fast
from quiz_app.bank.yaml_source import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    SourceMap,
    YamlSourceError,
    parse_with_ruamel,
)
from tests.conftest import FIXTURES, REPO

BANKS = sorted((REPO / "questions").glob("*.yaml")) + sorted(FIXTURES.rglob("*.yaml"))


def fast(text: str):
    return parse_fast(text, MAX_DEPTH, MAX_INT_DIGITS)


def assert_read_alike(text: str) -> bool:
    """The fast path gives ruamel's data, types and positions, or leaves the file to it.
    True when the fast path read it."""
    got = fast(text)
    if got is None:
        return False
    try:
        want = parse_with_ruamel(text)
    except YamlSourceError as exc:
        message = f"libyaml read what ruamel refuses ({exc.message}): {text!r}"
        raise AssertionError(message) from None
    assert not want.duplicate_keys, text
    data, values, keys = got
    assert repr(data) == repr(want.data), text  # repr: 1 and 1.0 and True differ
    assert values == want.source_map.values, text
    assert keys == want.source_map.keys, text
    return True


def test_the_resolvers_are_ruamels_for_yaml_1_2():
    from ruamel.yaml.resolver import implicit_resolvers

    theirs = {tag: regexp.pattern for versions, tag, regexp, _ in implicit_resolvers
              if (1, 2) in versions and tag != "tag:yaml.org,2002:yaml"}
    assert theirs == RUAMEL_12


@pytest.mark.parametrize("path", BANKS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_bundled_and_fixture_bank_reads_alike(path):
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    if text.strip():
        read_fast = assert_read_alike(text)
        if path.parent == REPO / "questions":
            assert read_fast, "a bundled bank should never need ruamel"


@pytest.mark.parametrize("scalar", [
    "yes", "no", "No", "on", "off", "y", "n", "Yes", "NO", "1:30", "1:30.5", "012", "0o17",
    "0x1F", "0b101", "1_000", "1e3", "1.5e3", "1.", ".5", "+.5", ".inf", "-.INF", ".nan",
    "2001-12-14", "2001-12-14 21:59:43.10 -5", "=", "<<", "~", "null", "Null", "NULL",
    "true", "True", "FALSE", "tRue", "0", "-0", "+7", "-12", "3.25", "-0.0", "1/2", "2x",
    "9" * (MAX_INT_DIGITS + 1), "Max(0, x)", "- x", "1 2", "0.1.2", "--1",
])
def test_plain_scalars_read_as_yaml_1_2_says(scalar):
    text = f"title: t\nvalue: {scalar}\nlist: [{scalar}]\n"
    try:
        parse_with_ruamel(text)
    except YamlSourceError:
        assert fast(text) is None  # an error is ruamel's to word
        return
    assert_read_alike(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 3\n", "a: ! 3\n", "a: 1\na: 2\n", "<<: {a: 1}\n",
    "? [a]\n: 1\n", "%YAML 1.2\n---\na: 1\n", "a: 1\n---\nb: 2\n", "- a\n", "just text\n",
    "a:\tb\n", "a: b\r\n", "a: \u2028b\n", "a: [b: c]\n", "a: {b: }\n", "a: |#1\n  x\n",
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "# only a comment\n", "---\n",
])
def test_what_ruamel_words_is_left_to_ruamel(text):
    assert fast(text) is None


# Documents built from pieces where the two parsers could part: every scalar style, escapes,
# folding, block headers, empty values, comments, flow and block collections, CRLF.
PLAIN = st.text(st.sampled_from(list("aNyo019-+.:/_$()^*=~<>?!'\"%@#&,[]{}| \\")),
                min_size=0, max_size=8)
ESCAPES = st.sampled_from(["\\n", "\\t", "\\\\", '\\"', "\\x41", "\\u00e9", "\\/", "\\N",
                           "\\_", "\\L", "\\P", "\\0", "\\a", "\\e", "\\ ", "\\U0001F600",
                           "\\q", "\\\n  ", "é", "😀", "\u200b", "x", " ", "\n  "])


@st.composite
def scalars(draw, indent: int) -> str:
    style = draw(st.sampled_from(["plain", "single", "double", "block"]))
    pad = " " * (indent + 2)
    if style == "plain":
        return draw(PLAIN)
    if style == "single":
        return "'" + draw(PLAIN).replace("'", "''") + "'"
    if style == "double":
        return '"' + "".join(draw(st.lists(ESCAPES, max_size=5))) + '"'
    header = draw(st.sampled_from(["|", ">", "|-", ">+", "|2", ">-", "| # c", "|#"]))
    lines = draw(st.lists(st.sampled_from(["text", "", " more", "a: b", "# not"]),
                          min_size=1, max_size=3))
    return header + "".join(f"\n{pad}{line}" if line else "\n" for line in lines)


@st.composite
def nodes(draw, indent: int = 0, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["scalar", "map", "seq", "flow", "empty"]
                                if depth < 3 else ["scalar", "empty"]))
    if kind == "scalar":
        return " " + draw(scalars(indent))
    if kind == "empty":
        return draw(st.sampled_from(["", "  # note", " "]))
    if kind == "flow":
        items = draw(st.lists(PLAIN.filter(lambda s: s.strip() == s), max_size=3))
        return " " + draw(st.sampled_from(["[{}]", "{{k: {}}}"])).format(", ".join(items))
    pad = " " * (indent + 2)
    entries = []
    for i in range(draw(st.integers(1, 3))):
        child = draw(nodes(indent + 2, depth + 1))
        if kind == "map":
            key = draw(st.sampled_from([f"k{i}", f"'k {i}'", f'"k{i}"', "on", "1", "k"]))
            entries.append(f"{pad}{key}:{child}")
        else:
            entries.append(f"{pad}-{child}")
        if draw(st.booleans()):
            entries.append(draw(st.sampled_from(["", f"{pad}# comment", "#", "   "])))
    return "\n" + "\n".join(entries)


@st.composite
def documents(draw) -> str:
    body = "title:" + draw(nodes()) + "\nbody:" + draw(nodes()) + "\n"
    return body.replace("\n", "\r\n") if draw(st.booleans()) else body


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_alike(text):
    assert_read_alike(text)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_banks_cut_and_spliced_read_alike(data):
    """Bundled and fixture banks, a window of lines with a few characters changed."""
    path = data.draw(st.sampled_from(BANKS))
    lines = path.read_text(encoding="utf-8").split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    text = "\n".join(lines[start:start + data.draw(st.integers(1, 30))])
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.sampled_from(list(":-?[]{},#'\"|> \n") + ["- ", ": ", "  "]))
        text = text[:at] + piece + text[at + data.draw(st.integers(0, 2)):]
    if text.strip():
        assert_read_alike(text)


def test_the_lints_index_a_file_once(monkeypatch):
    """The lint located each value by re-splitting the whole file: quadratic in its size."""
    built = []
    original = lint._TextIndex.__init__

    def counting(self, text):
        built.append(len(text))
        original(self, text)

    monkeypatch.setattr(lint._TextIndex, "__init__", counting)
    lint._text_index.cache_clear()
    rows = "".join(f'  - "v{i} \\a"\n' for i in range(2000))  # each a control character
    text = "title: t\nitems:\n" + rows
    data, values, keys = fast(text)
    found = list(lint.control_characters("p", text, data, SourceMap(values, keys)))
    assert len(found) == 2000
    assert [(d.line, d.col) for d in found[:2]] == [(3, 9), (4, 9)]
    assert len(built) == 1


def test_a_hundred_thousand_tags_list_in_bounded_time(tmp_path):
    """One question with 104,000 one-letter tags (1 MB) kept `list` busy for 11 minutes."""
    bank = tmp_path / "tags.yaml"
    bank.write_text("title: t\nquestions:\n  - id: q\n    prompt: p\n    explanation: e\n"
                    "    choices: [{text: a, correct: true}, {text: b}]\n    tags:\n"
                    + "      - a\n" * 104_000, encoding="utf-8")
    assert bank.stat().st_size < 1024 * 1024
    env = dict(os.environ, RELU_QUIZ_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "quiz_app", "list", str(bank)], env=env,
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.match(r"q\s+single", result.stdout)


def test_a_file_that_fails_still_gets_ruamels_words(tmp_path):
    from quiz_app.bank.loader import load_bank_file

    bank = tmp_path / "bank.yaml"
    bank.write_text("title: t\nquestions:\n  - id: q\n    id: r\n")
    _, diagnostics = load_bank_file(Path(bank))
    assert [(d.line, d.col, d.message) for d in diagnostics] == \
        [(4, 5, "duplicate key 'id' (first given at line 3)")]
