"""The app's plain bank data (quiz_app.bank.data) is the validated models, field for field,
and a question's content hash is the one it had when the app used the pydantic models
themselves: progress in users' databases is keyed on it (issue 29)."""

from __future__ import annotations

import hashlib
from dataclasses import MISSING, fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_app.bank import data, models
from quiz_app.bank.loader import load_bank_file
from quiz_app.bank.variants import expand
from quiz_app.bank.yaml_source import parse_yaml, read_text
from quiz_app.study.progress import content_hash
from tests.conftest import FIXTURES, REPO

BANKS = [p for d in (REPO / "questions", FIXTURES / "good", FIXTURES / "ui", FIXTURES / "proofs")
         for p in sorted(d.glob("*.yaml"))]
PAIRS = [(getattr(models, kind.__name__), kind) for kind in data.FORMAT_CLASSES]


@pytest.mark.parametrize("model, kind", PAIRS, ids=lambda k: k.__name__)
def test_each_dataclass_has_its_models_fields_in_order_with_its_defaults(model, kind):
    mine = [f for f in fields(kind) if f.metadata.get("format", True)]
    assert [f.name for f in mine] == list(model.model_fields)
    for f in mine:
        theirs = model.model_fields[f.name]
        if theirs.is_required():
            assert f.default is MISSING and f.default_factory is MISSING, f.name
        elif f.default_factory is not MISSING:
            assert f.default_factory() == theirs.default_factory(), f.name
        else:
            assert f.default == theirs.default, f.name


def test_claim_names_follow_the_model():
    assert data.CLAIM_NAMES == tuple(models.Claims.model_fields)


def _old_hash(model: models.Question) -> str:
    """content_hash as it was defined while questions were the pydantic models."""
    return hashlib.sha256(model.model_dump_json(exclude={"tests"}).encode()).hexdigest()[:16]


def _old_realize(question: models.Question, values: dict[str, str]) -> models.Question:
    """A variant as it was made from the pydantic model (model_copy), for its old hash."""
    from quiz_app.bank.variants import _text, substitute_names

    if not values:
        return question

    def expr(text):
        return None if text is None else substitute_names(text, values)

    choices = [
        choice.model_copy(update={
            "text": _text(choice.text, values), "feedback": _text(choice.feedback, values),
            "function": expr(choice.function), "at": expr(choice.at),
            "claims": None if choice.claims is None else choice.claims.model_copy(update={
                k: expr(v) if isinstance(v, str) else v
                for k, v in choice.claims.model_dump(include=choice.claims.model_fields_set
                                                     ).items()}),
        }) for choice in question.choices]
    return question.model_copy(update={
        "prompt": _text(question.prompt, values),
        "explanation": _text(question.explanation, values),
        "hints": [_text(h, values) for h in question.hints],
        "function": expr(question.function), "at": expr(question.at),
        "answer": expr(question.answer), "choices": choices,
        "accept": [k.model_copy(update={"answer": expr(k.answer),
                                        "feedback": _text(k.feedback, values)})
                   for k in question.accept],
        "reject": [k.model_copy(update={"answer": expr(k.answer),
                                        "feedback": _text(k.feedback, values)})
                   for k in question.reject],
        "params": {},
    })


@pytest.mark.parametrize("path", BANKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_content_hashes_are_the_ones_the_models_gave(path):
    loaded, _ = load_bank_file(path)
    if loaded is None:
        pytest.skip("a file with errors has no questions to hash")
    validated = models.Bank.model_validate(parse_yaml(read_text(path)).data)
    assert loaded.bank == models.bank_data(validated)
    for question, model in zip(loaded.bank.questions, validated.questions, strict=True):
        assert content_hash(question) == _old_hash(model)
        for variant in expand(question):
            assert content_hash(variant.question) == _old_hash(_old_realize(model,
                                                                            variant.values))


def test_bundled_questions_keep_their_known_hashes():
    """Values written down before issue 29, in case the code and the definition above drift
    together."""
    known = {"01-definition.yaml": ["028743928036d1df"],
             "09-parametric.yaml": ["4eef010c6ccadc56", "8315ed0d88312aca"],
             "10-typed-answers.yaml": ["49f81def8ea9a19e"]}
    for name, hashes in known.items():
        loaded, _ = load_bank_file(REPO / "questions" / name)
        assert loaded is not None
        variants = expand(loaded.bank.questions[0])
        assert [content_hash(v.question) for v in variants][:2] == hashes
    parametric, _ = load_bank_file(REPO / "questions" / "09-parametric.yaml")
    assert parametric is not None
    assert content_hash(parametric.bank.questions[0]) == "9f08c2a5ea274af3"


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(number=finite | st.sampled_from([1e-4, 1e-5, 9.99e-5, 1.5e-5, 1e-6, -1e-5, 1e16, 1e-10,
                                        1e15, 123456789.0, 0.0, -0.0, 5e-324,
                                        float("inf"), float("-inf"), float("nan")]))
def test_floats_are_written_as_pydantic_writes_them(number):
    class Holder(models.BaseModel):
        value: float

    expected = Holder(value=number).model_dump_json()
    assert '{"value":' + data._float(number) + "}" == expected


@settings(max_examples=200, deadline=None)
@given(text=st.text(), tags=st.lists(st.text(max_size=5), max_size=3),
       tolerance=st.none() | st.floats(min_value=1e-12, max_value=1e6))
def test_any_question_text_hashes_as_its_model(text, tags, tolerance):
    fields_ = {"id": "q", "prompt": text or "p", "explanation": "e", "tags": tags,
               "hints": [text], "type": "numeric", "answer": "1", "tolerance": tolerance,
               "accept": [{"answer": "2", "feedback": text}],
               "params": {"a": ["1"], "b": {"range": ["0", "1"], "step": "1/2"}}}
    model = models.Question.model_validate(fields_)
    bank = models.bank_data(models.Bank(title="t", questions=[model]))
    assert content_hash(bank.questions[0]) == _old_hash(model)
