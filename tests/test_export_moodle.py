"""Moodle XML as Moodle's importer reads it (question/format/xml/format.php: import_headers,
import_multichoice, import_numerical, import_hints, import_question_tags and the category
pseudo-question), STACK questions with the elements of STACK's sample questions, and the
Maxima translation by a hand-written table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_app.checker.expr import parse_expression
from quiz_app.export.maxima import NoMaximaForm, to_maxima
from tests.helpers.exports import (  # noqa: F401  (shared_home: an autouse fixture)
    BANKS,
    DOLLAR_DELIMITER,
    bundled,
    every_question,
    export,
    shared_home,
)

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)

HEADER = ["name", "questiontext", "generalfeedback", "defaultgrade", "penalty", "hidden",
          "idnumber"]
# The children of a STACK question in STACK's samplequestions/*.xml.
STACK_FIELDS = HEADER + ["questionvariables", "specificfeedback", "questionnote",
                         "questionsimplify", "assumepositive", "prtcorrect",
                         "prtpartiallycorrect", "prtincorrect", "multiplicationsign",
                         "sqrtsign", "complexno", "variantsselectionseed", "input", "prt"]
STACK_INPUT = ["name", "type", "tans", "boxsize", "strictsyntax", "insertstars", "syntaxhint",
               "forbidwords", "forbidfloat", "requirelowestterms", "checkanswertype",
               "mustverify", "showvalidation"]
STACK_NODE = ["name", "answertest", "sans", "tans", "testoptions", "quiet", "truescoremode",
              "truescore", "truepenalty", "truenextnode", "trueanswernote", "truefeedback",
              "falsescoremode", "falsescore", "falsepenalty", "falsenextnode",
              "falseanswernote", "falsefeedback"]


@pytest.fixture(scope="module")
def both_exports(tmp_path_factory):
    """The bundled bank as core Moodle XML and with --stack, each exported once."""
    made = {}
    for stack in (False, True):
        out = tmp_path_factory.mktemp("moodle") / "bank.xml"
        result = export(BANKS, "moodle-xml", out, stack=stack)
        made[stack] = (stack, result, ET.parse(out).getroot())
    return made


@pytest.fixture(params=[False, True], ids=["core", "stack"])
def exported(request, both_exports):
    return both_exports[request.param]


@pytest.fixture
def stack_export(both_exports):
    return both_exports[True]


def questions(root, kind=None):
    return [q for q in root.findall("question")
            if q.get("type") != "category" and (kind is None or q.get("type") == kind)]


def test_one_category_per_bank_before_its_questions(exported):
    _, _, root = exported
    banks = bundled()
    categories = root.findall("question[@type='category']")
    paths = [c.findtext("category/text") for c in categories]
    assert paths == [f"$course$/top/relu-quiz/{lb.bank.title.replace('/', '//')}"
                     for lb in banks]
    assert root[0].get("type") == "category"


def test_every_question_has_what_import_headers_reads(exported):
    _, _, root = exported
    seen = set()
    for element in questions(root):
        for tag in HEADER:
            assert element.find(tag) is not None, (tag, element.findtext("name/text"))
        assert element.find("questiontext").get("format") == "html"
        assert element.find("generalfeedback").get("format") == "html"
        assert element.findtext("penalty") == "0.5"  # the app's retry: half credit
        name = element.findtext("name/text")
        assert element.findtext("idnumber") == name and name not in seen
        seen.add(name)
        text = element.findtext("questiontext/text")
        assert not DOLLAR_DELIMITER.search(text), text
        assert "<p>" in text  # HTML, rendered here, not Moodle's Markdown


def test_maths_is_in_mathjax_delimiters(exported):
    _, _, root = exported
    by_name = {q.findtext("name/text"): q for q in questions(root)}
    with_maths = [q for q, values in every_question(bundled())
                  if not values and "$" in q.prompt and q.id in by_name]
    assert with_maths
    for template in with_maths:
        assert "\\(" in by_name[template.id].findtext("questiontext/text")
    assert any("\\(f(x)=\\max(0,x)\\)" in q.findtext("questiontext/text")
               for q in questions(root))


def test_hints_tags_and_choices_match_the_bank(exported):
    _, _, root = exported
    by_name = {q.findtext("name/text"): q for q in questions(root)}
    banks = bundled()
    for lb in banks:
        for template in lb.bank.questions:
            if template.params or template.id not in by_name:
                continue
            element = by_name[template.id]
            assert [h.get("format") for h in element.findall("hint")] == \
                ["html"] * len(template.hints)
            tags = [t.findtext("text") for t in element.findall("tags/tag")]
            assert lb.bank.topic_of(template) in tags and set(template.tags) <= set(tags)
            if template.type in ("single", "multiple"):
                answers = element.findall("answer")
                assert len(answers) == len(template.choices)
                assert [float(a.get("fraction")) > 0 for a in answers] == \
                    [c.correct for c in template.choices]
                assert element.findtext("single") == str(template.type == "single").lower()
                for answer, choice in zip(answers, template.choices):
                    if choice.feedback:
                        assert answer.findtext("feedback/text")


def test_numerical_answers_are_decimals_and_rejects_are_zero_credit(exported):
    _, _, root = exported
    by_name = {q.findtext("name/text"): q for q in questions(root)}
    for element in questions(root, "numerical"):
        for answer in element.findall("answer"):
            assert re.fullmatch(r"-?\d+(\.\d+)?", answer.findtext("text"))
            assert re.fullmatch(r"\d+(\.\d+)?", answer.findtext("tolerance"))
    left = by_name["typed-relu-left-derivative-at-0"].findall("answer")
    assert [(a.findtext("text"), a.get("fraction")) for a in left] == [("0", "100"), ("1", "0")]
    assert "slope on the right" in left[1].findtext("feedback/text")
    assert "typed-sqrt-abs-right-derivative" not in by_name  # +∞ is skipped, not guessed


def test_no_expression_question_is_a_string_match(exported):
    stack, result, root = exported
    assert not questions(root, "shortanswer")
    expressions = {q.id for q, _ in every_question(bundled()) if q.type == "expression"}
    skipped = {qid for qid, _ in result.skipped}
    exported_stack = {q.findtext("name/text") for q in questions(root, "stack")}
    assert exported_stack | (skipped & expressions) == expressions
    if not stack:
        assert not exported_stack
        assert all("--stack" in why for qid, why in result.skipped if qid in expressions)


def test_stack_questions_have_the_elements_of_stacks_samples(stack_export):
    _, _, root = stack_export
    elements = questions(root, "stack")
    assert elements
    for element in elements:
        for tag in STACK_FIELDS:
            assert element.find(tag) is not None, tag
        assert "[[input:ans1]]" in element.findtext("questiontext/text")
        assert "[[validation:ans1]]" in element.findtext("questiontext/text")
        assert element.findtext("specificfeedback/text") == "[[feedback:prt1]]"
        [box] = element.findall("input")
        for tag in STACK_INPUT:
            assert box.find(tag) is not None, tag
        assert box.findtext("type") == "algebraic" and box.findtext("tans") == "ta"
        [prt] = element.findall("prt")
        # the student's answer at each piece and kink: the one list every node compares
        assert prt.findtext("feedbackvariables/text").startswith("sa: [")
        nodes = prt.findall("node")
        for node in nodes:
            for tag in STACK_NODE:
                assert node.find(tag) is not None, tag
            assert node.findtext("answertest") == "AlgEquiv" and node.findtext("sans") == "sa"
        assert nodes[0].findtext("tans") == "tk" and nodes[0].findtext("truescore") == "1"
        assert element.findall("qtest"), "the named answers as STACK question tests"


def test_stack_keys_round_trip_through_maxima(stack_export):
    import sympy

    _, _, root = stack_export

    keys = {q.id: q.answer for q, _ in every_question(bundled()) if q.type == "expression"}
    # every bundled key has a Maxima form, so every expression question is a STACK question
    assert {q.findtext("name/text") for q in questions(root, "stack")} == set(keys)
    for element in questions(root, "stack"):
        first = element.findtext("questionvariables/text").splitlines()[0]
        maxima = re.fullmatch(r"ta: (.*);", first).group(1)
        back = parse_expression(from_maxima(maxima))
        key = parse_expression(keys[element.findtext("name/text")])
        assert sympy.simplify(back - key) == 0, (maxima, key)


def test_stack_reject_entries_are_zero_score_nodes_with_feedback(tmp_path):
    bank = tmp_path / "reject.yaml"
    bank.write_text(
        "title: Rejects\nquestions:\n  - id: relu-as-max\n    type: expression\n"
        "    prompt: Write ReLU.\n    answer: Max(0, x)\n    reject:\n"
        "      - answer: Abs(x)\n        feedback: Not for negative x.\n"
        "      - answer: x\n        feedback: Only for x >= 0.\n"
        "    explanation: It is max(0, x).\n")
    out = tmp_path / "reject.xml"
    result = export([bank], "moodle-xml", out, stack=True)
    assert result.written and not result.skipped
    [element] = questions(ET.parse(out).getroot(), "stack")
    nodes = element.findall("prt/node")
    # the key first, as the app grades, then each reject: no marks, with its feedback
    assert [(n.findtext("tans"), n.findtext("truescore"), n.findtext("falsenextnode"))
            for n in nodes] == [("tk", "1", "1"), ("tr1", "0", "2"), ("tr2", "0", "-1")]
    assert "Not for negative x." in nodes[1].findtext("truefeedback/text")
    assert "Only for x &gt;= 0." in nodes[2].findtext("truefeedback/text")
    variables = element.findtext("questionvariables/text").splitlines()
    assert variables[0] == "ta: max(0, x);"
    # on x < 0, x > 0 and at the kink 0: max(0, x) is 0, x, 0; |x| is -x, x, 0; x is x, x, 0
    assert variables[1:] == [
        "tk: [subst(x = 0 - %e^stackt, 0), subst(x = 0 + %e^stackt, x), 0];",
        "tr1: [subst(x = 0 - %e^stackt, -x), subst(x = 0 + %e^stackt, x), 0];",
        "tr2: [subst(x = 0 - %e^stackt, x), subst(x = 0 + %e^stackt, x), 0];"]


def test_control_characters_never_make_the_xml_invalid(tmp_path):
    bank = tmp_path / "control.yaml"
    bank.write_text('title: "Bell\\a"\nquestions:\n  - id: bell\n    prompt: "ring\\x01\\x0b'
                    '\\x1f"\n    choices:\n      - text: "a\\x02"\n        correct: true\n'
                    '      - text: b\n    explanation: "e\\x08"\n')
    out = tmp_path / "control.xml"
    refused = export([bank], "moodle-xml", out)  # check calls a "\a" in a text an error
    assert not refused.written and any("control character" in d.message
                                       for d in refused.errors)
    assert export([bank], "moodle-xml", out, force=True).written
    root = ET.parse(out).getroot()  # would raise on a raw control character
    assert "ring" in questions(root)[0].findtext("questiontext/text")


# ---- the Maxima translation, by a table written by hand -----------------------------------

MAXIMA = [
    ("Max(0, x)", "max(0, x)"), ("max(x, 0)", "max(x, 0)"), ("Min(Max(0, x), 6)",
                                                           "min(max(0, x), 6)"),
    ("Abs(x)", "abs(x)"), ("exp(-x)", "exp(-x)"), ("log(1 + exp(x))", "log(1 + exp(x))"),
    ("Heaviside(x)", "(1 + signum(x))/2"), ("x*Heaviside(x - 1)", "x*(1 + signum(x - 1))/2"),
    ("x**2", "x^2"), ("2*x", "2*x"), ("1/(1 + exp(-x))", "1/(1 + exp(-x))"),
    ("-x**2", "-x^2"), ("(-x)**2", "(-x)^2"), ("2**-x", "2^(-x)"), ("x**(1/2)", "x^(1/2)"),
    ("(x**2)**3", "(x^2)^3"), ("x**2**3", "x^2^3"), ("x - (1 - x)", "x - (1 - x)"),
    ("(x - 1) - x", "x - 1 - x"), ("x/(2*x)", "x/(2*x)"), ("(x + 1)*(x - 1)",
                                                         "(x + 1)*(x - 1)"),
    ("sqrt(Abs(x))", "sqrt(abs(x))"), ("E**x + pi", "%e^x + %pi"), ("sign(x)", "signum(x)"),
    ("x*(1 + erf(x/sqrt(2)))/2", "x*(1 + erf(x/sqrt(2)))/2"), ("tanh(x)", "tanh(x)"),
    ("0.01*x", "0.01*x"), ("Piecewise((0, x < 0), (x, True))", "(if x < 0 then 0 else x)"),
    ("Piecewise((0, x < 0), (x**2, x <= 1), (1, True))",
     "(if x < 0 then 0 elseif x <= 1 then x^2 else 1)"),
    ("Piecewise((1, Eq(x, 0)), (0, True))", "(if x = 0 then 1 else 0)"),
    ("Max(0.1*x, x)", "max(0.1*x, x)"),
]


@pytest.mark.parametrize("text, maxima", MAXIMA)
def test_maxima_translation_table(text, maxima):
    assert to_maxima(text) == maxima


@pytest.mark.parametrize("text", ["Heaviside(x, 1)", "oo", "Piecewise((x, x > 0))",
                                  "Eq(x, 1)", "-oo"])
def test_keys_without_a_maxima_form_are_refused_with_a_reason(text):
    with pytest.raises(NoMaximaForm) as caught:
        to_maxima(text)
    assert str(caught.value)


def from_maxima(text: str) -> str:
    """Back to the bank's syntax, for the round trip (enough for the bundled keys)."""
    if " then " in text:
        raise AssertionError(f"the bundled keys have no Piecewise; got {text}")
    for maxima, bank in (("%e", "E"), ("%pi", "pi"), ("signum", "sign"), ("^", "**")):
        text = text.replace(maxima, bank)
    return text


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(min_size=1, max_size=30), min_size=4, max_size=4))
def test_any_text_gives_well_formed_xml(texts):
    from quiz_app.bank.data import Choice, Question
    from quiz_app.export import moodle
    from quiz_app.export.common import ExportItem

    prompt, right, wrong, explanation = texts
    question = Question(id="any", prompt=prompt, explanation=explanation,
                        choices=[Choice(text=right, correct=True), Choice(text=wrong)])
    data, skipped = moodle.render([ExportItem(question, "any", "Any bank")])
    root = ET.fromstring(data)  # raises on anything XML 1.0 forbids
    [element] = questions(root)
    assert not skipped and len(element.findall("answer")) == 2
