"""STACK grades as the app grades: expression questions exported with --stack, then graded by
STACK's own answer tests in Maxima (../shared/clients/stack/run_prt.py).

Two measures. A hand-made table of (question, what a student types, the mark by the
definition) on tests/fixtures/export/stack-bank.yaml: each row must get that mark from the app
and from STACK. And every STACK question exported from the bundled bank carries its named
answers as STACK question tests (`<qtest>`), each of which STACK must pass: the app's mark and
the node the app's order of comparisons ends at."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from quiz_app.bank.loader import load_banks
from quiz_app.checker.grading import grade
from tests.conftest import FIXTURES, REPO
from tests.helpers import stack
from tests.helpers.exports import export, shared_home  # noqa: F401  (autouse)

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = [stack.needs_maxima, pytest.mark.xdist_group(__name__)]
FIXTURE = FIXTURES / "export" / "stack-bank.yaml"

# (question, the answer in the app's syntax, as typed in STACK (Maxima), right?), each mark
# from the definition of the key on the question's domain, the kinks included.
TABLE = [
    # ReLU everywhere: 0 at 0
    ("stack-relu", "Max(0, x)", "max(0,x)", True),
    ("stack-relu", "Max(x, 0)", "max(x,0)", True),
    ("stack-relu", "(x + Abs(x))/2", "(x+abs(x))/2", True),
    ("stack-relu", "(Abs(x) + x)/2", "(abs(x)+x)/2", True),
    ("stack-relu", "x*(1 + sign(x))/2", "x*(1+signum(x))/2", True),
    ("stack-relu", "-Min(0, -x)", "-min(0,-x)", True),
    ("stack-relu", "2*Max(0, x)/2", "2*max(0,x)/2", True),
    ("stack-relu", "Piecewise((0, x < 0), (x, True))", "if x < 0 then 0 else x", True),
    ("stack-relu", "Abs(x)", "abs(x)", False),
    ("stack-relu", "x", "x", False),
    ("stack-relu", "Max(0, x - 1)", "max(0,x-1)", False),
    ("stack-relu", "Max(0, x) + Heaviside(x) - Heaviside(x)", "max(0,x)", True),
    # leaky ReLU, slope 1/10 on the left
    ("stack-leaky", "Piecewise((x/10, x < 0), (x, True))", "if x < 0 then x/10 else x", True),
    ("stack-leaky", "(11*x + 9*Abs(x))/20", "(11*x+9*abs(x))/20", True),
    ("stack-leaky", "x*(11 + 9*sign(x))/20", "x*(11+9*signum(x))/20", True),
    ("stack-leaky", "Max(0, x) + Min(0, x)/10", "max(0,x)+min(0,x)/10", True),
    ("stack-leaky", "Max(0, x)", "max(0,x)", False),
    ("stack-leaky", "x/10", "x/10", False),
    # ReLU6: kinks at 0 and 6, a bounded piece between
    ("stack-relu6", "Max(0, Min(x, 6))", "max(0,min(x,6))", True),
    ("stack-relu6", "(Abs(x) - Abs(x - 6) + 6)/2", "(abs(x)-abs(x-6)+6)/2", True),
    ("stack-relu6", "Max(0, x) - Max(0, x - 6)", "max(0,x)-max(0,x-6)", True),
    ("stack-relu6", "Min(x, 6)", "min(x,6)", False),
    ("stack-relu6", "Max(0, x)", "max(0,x)", False),
    ("stack-relu6", "Min(Max(0, x), 5)", "min(max(0,x),5)", False),
    # the step, ½ at 0
    ("stack-step", "(1 + sign(x))/2", "(1+signum(x))/2", True),
    ("stack-step", "Piecewise((1, x > 0), (0, True))", "if x > 0 then 1 else 0", False),
    ("stack-step", "sign(x)", "signum(x)", False),
    # a kink at 1, and one at sqrt(2)
    ("stack-shifted", "(x - 1 + Abs(x - 1))/2", "(x-1+abs(x-1))/2", True),
    ("stack-shifted", "Max(1, x) - 1", "max(1,x)-1", True),
    ("stack-shifted", "Max(0, x) - 1", "max(0,x)-1", False),
    ("stack-shifted", "x - 1", "x-1", False),
    ("stack-shifted-root-2", "Max(0, x - sqrt(2))", "max(0,x-sqrt(2))", True),
    ("stack-shifted-root-2", "Max(sqrt(2), x) - sqrt(2)", "max(sqrt(2),x)-sqrt(2)", True),
    ("stack-shifted-root-2", "Max(0, x - 7/5)", "max(0,x-7/5)", False),
    # half-lines: only the domain counts
    ("stack-derivative-positive", "1", "1", True),
    ("stack-derivative-positive", "Heaviside(x)", "(1+signum(x))/2", True),
    ("stack-derivative-positive", "sign(x)", "signum(x)", True),
    ("stack-derivative-positive", "Abs(x)/x", "abs(x)/x", True),
    ("stack-derivative-positive", "2 - sign(x)", "2-signum(x)", True),
    ("stack-derivative-positive", "x", "x", False),
    ("stack-derivative-positive", "Max(0, x)", "max(0,x)", False),
    ("stack-derivative-negative", "0", "0", True),
    ("stack-derivative-negative", "Max(0, x)", "max(0,x)", True),
    ("stack-derivative-negative", "1 + sign(x)", "1+signum(x)", True),
    ("stack-derivative-negative", "Heaviside(x)", "(1+signum(x))/2", True),
    ("stack-derivative-negative", "x", "x", False),
    ("stack-derivative-negative", "Min(0, x)", "min(0,x)", False),
    ("stack-relu-on-negative-side", "Abs(x) - x", "abs(x)-x", True),
    ("stack-relu-on-negative-side", "2*Max(0, -x)", "2*max(0,-x)", True),
    ("stack-relu-on-negative-side", "-2*Min(0, x)", "-2*min(0,x)", True),
    ("stack-relu-on-negative-side", "2*Abs(x)", "2*abs(x)", True),
    ("stack-relu-on-negative-side", "Abs(x) + x", "abs(x)+x", False),
    # the line without 0
    ("stack-punctured", "Abs(x)/x", "abs(x)/x", True),
    ("stack-punctured", "x/Abs(x)", "x/abs(x)", True),
    ("stack-punctured", "2*Heaviside(x) - 1", "signum(x)", True),
    ("stack-punctured", "1", "1", False),
    # smooth everywhere
    ("stack-softplus-derivative", "exp(x)/(1 + exp(x))", "exp(x)/(1+exp(x))", True),
    ("stack-softplus-derivative", "1 - 1/(1 + exp(x))", "1-1/(1+exp(x))", True),
    ("stack-softplus-derivative", "exp(x)", "exp(x)", False),
    # answers with kinks of their own: wrong ones stay wrong, named right ones get full marks
    ("stack-relu", "Max(0, x - 1) + 1", "max(0,x-1)+1", False),
    ("stack-relu", "Max(0, x) + Max(0, x - 1) - Max(0, x - 2)", "max(0,x)+max(0,x-1)-max(0,x-2)",
     False),
    ("stack-relu-named-forms", "Max(0, x - 1) + Min(Max(0, x), 1)",
     "max(0,x-1)+min(max(0,x),1)", True),
    ("stack-relu-named-forms", "Max(0, x - 1) + Min(Max(0, x), 2)",
     "max(0,x-1)+min(max(0,x),2)", False),
    ("stack-relu-named-forms", "Abs(x - 3)/2 + x/2 - 3/2 + Min(3, Max(0, x))",
     "abs(x-3)/2+x/2-3/2+min(3,max(0,x))", True),
    ("stack-relu-named-forms", "Max(0, x)", "max(0,x)", True),
]


@pytest.fixture(scope="module")
def fixture_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("stack") / "stack.xml"
    result = export([FIXTURE], "moodle-xml", out, stack=True)
    assert result.written and not result.skipped and not result.errors, result.report_lines(
        "moodle-xml")
    return out


@pytest.fixture(scope="module")
def table_marks(fixture_export):
    cases: dict[str, list[str]] = {}
    for qid, _, typed, _ in TABLE:
        cases.setdefault(qid, []).append(typed)
    return stack.grade(fixture_export, cases)


def test_the_table_is_large_and_covers_every_fixture_question():
    assert len(TABLE) >= 40
    questions = {q.id for q in load_banks([FIXTURE]).banks[0].bank.questions}
    assert {qid for qid, *_ in TABLE} == questions


@pytest.mark.parametrize(("qid", "answer", "typed", "right"), TABLE,
                         ids=[f"{row[0]}:{row[2]}" for row in TABLE])
def test_the_app_and_stack_give_the_mark_of_the_definition(qid, answer, typed, right,
                                                            table_marks):
    question = next(q for q in load_banks([FIXTURE]).banks[0].bank.questions if q.id == qid)
    app = grade(answer, question.answer, "expression", question.variable, question.domain,
                None, question.accept, question.reject, question.forbid)
    assert app.status == ("right" if right else "wrong"), app
    assert table_marks[qid, typed]["score"] == (1.0 if right else 0.0), table_marks[qid, typed]


def qtests(path):
    """(question id, answer typed, expected score, expected final answer note) per qtest."""
    found = []
    for question in ET.parse(path).getroot().iter("question"):
        if question.get("type") != "stack":
            continue
        tests = question.findall("qtest")
        assert tests, question.findtext("idnumber")
        for test in tests:
            found.append((question.findtext("idnumber"), test.findtext("testinput/value"),
                          float(test.findtext("expected/expectedscore")),
                          test.findtext("expected/expectedanswernote")))
    return found


@pytest.mark.usefixtures("bundled_proofs")  # about STACK's marks, not proving
@pytest.mark.parametrize("banks", [[REPO / "questions"], [FIXTURE]], ids=["bundled", "fixture"])
def test_every_exported_question_passes_its_question_tests_in_stack(tmp_path, banks):
    out = tmp_path / "stack.xml"
    result = export(banks, "moodle-xml", out, stack=True)
    assert result.written and not result.errors
    assert not [qid for qid, why in result.skipped if "STACK" in why], result.skipped
    expected = qtests(out)
    cases: dict[str, list[str]] = {}
    for qid, typed, _, _ in expected:
        cases.setdefault(qid, []).append(typed)
    marks = stack.grade(out, cases)
    for qid, typed, score, note in expected:
        got = marks[qid, typed]
        assert (got["score"], got["notes"][-1]) == (score, note), (qid, typed, got)
    named = {q.id: q for lb in load_banks(banks).banks for q in lb.bank.questions
             if q.type == "expression"}
    per_question = {qid for qid, *_ in expected}
    assert per_question == set(named)
