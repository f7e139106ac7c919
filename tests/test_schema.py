"""The published JSON Schema accepts every bank `check` accepts: editors must not underline
valid files. Validated with the `jsonschema` library, as yaml-language-server would."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from quiz_app.bank.scaffold import TYPES, question_text
from quiz_app.bank.yaml_source import parse_yaml, read_text
from tests.conftest import REPO

PUBLISHED = REPO / "docs" / "bank.schema.json"
DOCS = [REPO / "docs" / "authoring.md", REPO / "README.md"]


def validator() -> Draft202012Validator:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def problems(data) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator().iter_errors(data)]


def as_bank(text: str):
    """A docs example as a whole bank: fragments that list questions get a title around."""
    if text.lstrip().startswith("- "):
        text = "title: example\nquestions:\n" + text
    return parse_yaml(text).data


def docs_examples() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for n, block in enumerate(re.findall(r"```yaml\n(.*?)```", doc.read_text(), re.S), 1):
            if "questions:" in block or block.lstrip().startswith("- id:"):
                found.append((f"{doc.name}#{n}", block))
    return found


@pytest.mark.parametrize("path", sorted((REPO / "questions").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_every_bundled_bank_validates(path):
    assert problems(parse_yaml(read_text(path)).data) == []


def test_the_docs_have_examples_to_validate():
    names = [name for name, _ in docs_examples()]
    assert len(names) >= 4 and any(name.startswith("README") for name in names)


@pytest.mark.parametrize("name,text", docs_examples(), ids=lambda v: str(v)[:20])
def test_every_docs_example_validates(name, text):
    assert problems(as_bank(text)) == [], name


@pytest.mark.parametrize("kind", TYPES)
def test_every_scaffold_validates(kind):
    assert problems(as_bank(question_text(f"new-{kind}", kind))) == []


def test_numbers_are_accepted_wherever_check_reads_them():
    bank = as_bank("""\
- id: numbers
  type: numeric
  prompt: p
  function: Max(a*x, x)
  at: 0
  params: {a: [0.01, 1, "1/2"], b: {range: [0, 1], step: 0.25}}
  answer: 0.5
  tolerance: 0.01
  accept: [{answer: 1}]
  tests: [{answer: 0.5, expect: right}, {answer: "x^2", expect: invalid}]
  explanation: e
- id: claims
  prompt: p
  function: Max(0, x)
  at: .inf
  choices:
    - {text: a, correct: true, at: 1, claims: {value: 0, left_limit: -0.5, derivative: null}}
    - {text: b}
  tests: [{choose: [a], expect: right}]
  explanation: e
""")
    assert problems(bank) == []


@pytest.mark.parametrize("fragment,where", [
    ("corect: true", "questions.0.choices.0"),  # a typo is flagged in the editor too
    ("difficulty: 4", "questions.0.difficulty"),
    ("at: true", "questions.0.at"),  # a boolean is no point
    ("tests: [{answer: '1', expect: maybe}]", "questions.0.tests.0.expect"),
    ("tests: [{choose: [A], expect: right}]", "questions.0.tests.0.choose.0"),
])
def test_the_schema_still_refuses_what_check_refuses(fragment, where):
    indent = "      " if fragment.startswith("corect") else "  "
    text = ("- id: q\n  prompt: p\n  choices:\n    - text: a\n"
            f"{indent}{fragment}\n    - text: b\n  explanation: e\n")
    if not fragment.startswith("corect"):
        text = text.replace(f"{indent}{fragment}\n", "") + f"  {fragment}\n"
    found = problems(as_bank(text))
    assert len(found) >= 1 and all(p.startswith(where) or p.startswith(
        where.rsplit(".", 1)[0]) for p in found), found


def test_every_docs_example_passes_check(tmp_path):
    """The docs teach by example, so each example must pass every rule, proofs included."""
    from quiz_app.checker.run_check import run_check

    files = []
    for number, (_, text) in enumerate(docs_examples()):
        path = tmp_path / f"example-{number}.yaml"
        path.write_text(text if "questions:" in text else "title: example\nquestions:\n" + text)
        files.append(path)
    report = run_check(files)
    assert [d.format() for d in report.diagnostics] == []
    assert report.questions >= 5
