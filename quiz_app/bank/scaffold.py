"""`relu-quiz new`: a commented question to fill in, in a new file or appended to a bank.

Appending goes through ruamel's round-trip mode so the instructor's comments, key order and
quoting survive. Every template is valid and provable as written (a ReLU example), so
`check` passes once the TODO texts are replaced; it warns while any TODO is left.

The bank is read as the loader reads one (a regular file of at most 1 MiB: a FIFO blocked
`new` forever, /dev/zero filled the memory) and written as the exports are (a temporary
file beside it, fsync, rename): a plain rewrite on a full disk left the bank cut
mid-question, and the loader then refused all of it.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from quiz_app.bank.answers import LETTERS
from quiz_app.bank.files import write_atomically
from quiz_app.bank.yaml_source import MAX_FILE_BYTES, YamlSourceError, read_text

TYPES = ("single", "multiple", "numeric", "expression")
SCHEMA_FILE = "bank.schema.json"
HEADER = f"""\
# yaml-language-server: $schema=./{SCHEMA_FILE}
# `relu-quiz new` wrote {SCHEMA_FILE} beside this file for editor completion; after an
# upgrade, refresh it with: relu-quiz schema -o {SCHEMA_FILE}
title: "TODO: the bank's title"
topic: TODO-topic
questions:
"""

CHOICE_HEAD = """\
    function: Max(0, x)  # the function the claims are about; `check` proves them
    at: 0
    choices:
"""
RIGHT = """\
      - text: "TODO: the right answer, e.g. continuous but not differentiable at 0"
        correct: true
        claims: {continuous: true, differentiable: false}
"""
WRONG = """\
      - text: "TODO: a tempting wrong answer, e.g. differentiable at 0"
        claims: {differentiable: true}
        feedback: "TODO: what this pick misunderstands"
        misconception: TODO-misconception-tag
"""
ANOTHER_RIGHT = """\
      - text: "TODO: another right answer, e.g. the left derivative is 0"
        correct: true
        claims: {left_derivative: 0}
"""
NUMERIC_BODY = """\
    function: log(1 + exp(x))  # with answer_fact, the checker computes the key
    at: 0
    answer_fact: derivative    # or a literal key instead: answer: "1/2"
    # tolerance: 0.01          # optional absolute tolerance
    tests:                     # run by `check` on every variant
      - {answer: "0.5", expect: right}   # any equal form: 1/2, 2/4, 0.5
      - {answer: "1", expect: wrong}
"""
EXPRESSION_BODY = """\
    function: Max(0, x)        # with answer_fact: derivative, check proves the key is f′
    answer_fact: derivative
    answer: "1"                # the key, in the variable x
    domain: x > 0              # where the student's answer must agree with it (and f′)
    # forbid: [Max, Heaviside]  # for a question that asks for a form: no mark for these
    # Any answer equal to the key on the domain is right (Heaviside(x) is 1 on x > 0), so a
    # reject must be an answer that is wrong there; check refuses one equal to the key.
    reject:                    # known wrong answers with their own feedback
      - answer: x
        feedback: "TODO: why this is not it, e.g. that is ReLU itself, not its slope"
    tests:                     # run by `check`: typing these must grade as stated
      - {answer: "1", expect: right}
      - {answer: "x/x", expect: right}   # an equivalent form
      - {answer: "x", expect: wrong}
      - {answer: "x^0", expect: invalid} # a syntax message, not a mark: powers are **
"""
BODIES = {"numeric": NUMERIC_BODY, "expression": EXPRESSION_BODY}


def choice_body(kind: str, question_id: str) -> str:
    """The options in an order drawn from the question's id: a scaffold that always put
    the key first made banks (and the Anki cards and handouts printed from them) whose
    answer was nearly always a). The `tests:` name the letters where the options landed.

    >>> body = choice_body("multiple", "my-question")
    >>> body.count("correct: true"), body.count("expect: right"), body.count("expect: wrong")
    (2, 1, 2)
    """
    import random

    options = [(RIGHT, True), (WRONG, False)]
    if kind == "multiple":
        options.append((ANOTHER_RIGHT, True))
    random.Random(question_id).shuffle(options)
    right = [LETTERS[i] for i, (_, correct) in enumerate(options) if correct]
    wrong = [LETTERS[i] for i, (_, correct) in enumerate(options) if not correct]
    tests = ["    tests:                     # run by `check`: the letters a student picks "
             "(bank order)\n",
             f"      - {{choose: [{', '.join(right)}], expect: right}}\n"]
    if kind == "multiple":  # a right option alone is not enough
        tests.append(f"      - {{choose: [{right[0]}], expect: wrong}}\n")
    tests.append(f"      - {{choose: [{wrong[0]}], expect: wrong}}\n")
    return CHOICE_HEAD + "".join(text for text, _ in options) + "".join(tests)


def question_text(question_id: str, kind: str) -> str:
    body = BODIES.get(kind) or choice_body(kind, question_id)
    return (f"  - id: {question_id}\n"
            f"    type: {kind}\n"
            "    # The prompt is Markdown; $...$ is inline maths.\n"
            "    prompt: \"TODO: ask about $f(x)=\\\\max(0,x)$\"\n"
            "    difficulty: 2  # 1 easy .. 3 hard\n"
            f"{body}"
            "    explanation: \"TODO: the worked reason, shown after answering\"\n"
            "    hints: [\"TODO: a first nudge\"]\n"
            "    source: \"TODO: where the fact comes from\"\n")


def _free_id(existing: set[str], wanted: str | None) -> str:
    if wanted:
        return wanted
    number = 1
    while f"new-question-{number}" in existing:
        number += 1
    return f"new-question-{number}"


def add_question(path: Path, kind: str = "single", question_id: str | None = None) -> str:
    """Create the bank or append to it; returns the new question's id."""
    if kind not in TYPES:
        raise ValueError(f"type must be one of {', '.join(TYPES)}")
    if question_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", question_id):
        raise ValueError("an id is lower-case letters, digits and '-', starting with one of "
                         "the first two")
    if not os.path.lexists(path):  # a dangling or looping link is a file the reader refuses
        new_id = _free_id(set(), question_id)
        _write(path, HEADER + question_text(new_id, kind))
        write_schema_beside(path)
        return new_id
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = _load_bank(yaml, path)
    questions = data.setdefault("questions", [])
    existing = {str(q.get("id")) for q in questions if hasattr(q, "get")}
    new_id = _free_id(existing, question_id)
    if new_id in existing:
        raise ValueError(f"the id '{new_id}' is already in {path}")
    snippet = yaml.load(question_text(new_id, kind))
    questions.append(snippet[0])
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    _write(path, buffer.getvalue())
    return new_id


def _load_bank(yaml: YAML, path: Path):
    """The bank's round-trip data, or a ValueError (a usage error) saying why not."""
    try:
        data = yaml.load(read_text(path))
    except YamlSourceError as exc:
        raise ValueError(f"{path}: {exc.message}") from None
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (YAMLError, RecursionError) as exc:  # check reports where, and why
        raise ValueError(f"{path} is not valid YAML ({type(exc).__name__}); "
                         f"run: relu-quiz check {path}") from None
    if not hasattr(data, "setdefault") or not isinstance(data.get("questions", []), list):
        raise ValueError(f"{path} is not a bank (a mapping with a `questions` list); "
                         f"run: relu-quiz check {path}")
    return data


def _write(path: Path, text: str) -> None:
    """All or nothing, through a link to its target (the link stays), never over the size
    the loader reads: a bank it would refuse is not written."""
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{path} would be {len(data)} bytes with the new question; the "
                         f"limit is {MAX_FILE_BYTES} (1 MiB): start another bank file")
    try:
        write_atomically(Path(os.path.realpath(path)), data)
    except OSError as exc:
        raise ValueError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") \
            from None


def write_schema_beside(bank: Path) -> Path | None:
    """The schema the new file's modeline points at, unless one is already there."""
    import json

    from quiz_app.bank.schema import bank_json_schema

    target = bank.parent / SCHEMA_FILE
    if target.exists():
        return None
    try:  # an editor's aid: the bank is written already, and the CLI says only what was
        write_atomically(target, (json.dumps(bank_json_schema(), indent=2) + "\n").encode())
    except OSError:
        return None
    return target
