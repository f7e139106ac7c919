"""The parser of framework call texts (quiz_app/bank/autodiff_calls.py): it never evaluates
a call, accepts only the table's functions with their arguments, and says what it accepts.

Expected canonical forms and formulas are written from the frameworks' documented
signatures and the functions' definitions, not taken from the parser.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz_app.bank.autodiff_calls import CallError, parse_call, supported_names
from quiz_app.bank.autodiff_table import FRAMEWORKS, SUPPORTED
from quiz_app.checker.expr import parse_expression

ACCEPTED = [
    # framework, as written, written out again, target, what it computes
    ("pytorch", "torch.relu(x)", "torch.relu(x)", "torch.relu", "Max(0, x)"),
    ("pytorch", "  torch.relu( x )  ", "torch.relu(x)", "torch.relu", "Max(0, x)"),
    ("pytorch", "(torch.nn.functional.relu)(x)", "torch.nn.functional.relu(x)",
     "torch.nn.functional.relu", "Max(x, 0)"),
    ("pytorch", "torch.nn.functional.leaky_relu(x, negative_slope=0.2)",
     "torch.nn.functional.leaky_relu(x, negative_slope=0.2)",
     "torch.nn.functional.leaky_relu", "Piecewise((x, x > 0), (x/5, True))"),
    ("pytorch", "torch.nn.functional.leaky_relu(x, 0.2)",
     "torch.nn.functional.leaky_relu(x, negative_slope=0.2)",
     "torch.nn.functional.leaky_relu", "Max(x, x/5)"),
    ("pytorch", "torch.nn.functional.leaky_relu(x)", "torch.nn.functional.leaky_relu(x)",
     "torch.nn.functional.leaky_relu", "Max(x, x/100)"),  # the documented default 0.01
    ("pytorch", "torch.clamp(x, min=0)", "torch.clamp(x, min=0)", "torch.clamp",
     "Max(0, x)"),
    ("pytorch", "torch.clamp(x, 0, 6)", "torch.clamp(x, min=0, max=6)", "torch.clamp",
     "Min(Max(0, x), 6)"),
    ("pytorch", "torch.clamp(x, min=None, max=0)", "torch.clamp(x, min=None, max=0)",
     "torch.clamp", "Min(x, 0)"),
    ("pytorch", "torch.maximum(0, x)", "torch.maximum(0, x)", "torch.maximum", "Max(0, x)"),
    ("pytorch", "torch.minimum(x, -1.5)", "torch.minimum(x, -1.5)", "torch.minimum",
     "Min(x, -3/2)"),
    ("pytorch", "torch.where(x >= 0, x, 0)", "torch.where(x >= 0, x, 0)", "torch.where",
     "Max(0, x)"),
    ("pytorch", "torch.where(0 < x, x, 0)", "torch.where(0 < x, x, 0)", "torch.where",
     "Max(0, x)"),
    ("pytorch", "torch.nn.functional.gelu(x, approximate='tanh')",
     "torch.nn.functional.gelu(x, approximate='tanh')", "torch.nn.functional.gelu",
     "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))/2"),
    ("pytorch", "torch.nn.functional.gelu(x)", "torch.nn.functional.gelu(x)",
     "torch.nn.functional.gelu", "x*(1 + erf(x/sqrt(2)))/2"),
    ("pytorch", "torch.nn.functional.hardtanh(x, min_val=-2.0, max_val=2.0)",
     "torch.nn.functional.hardtanh(x, min_val=-2.0, max_val=2.0)",
     "torch.nn.functional.hardtanh", "Min(Max(-2, x), 2)"),
    ("jax", "jnp.maximum(0.0, x)", "jnp.maximum(0.0, x)", "jax.numpy.maximum", "Max(0, x)"),
    ("jax", "jax.numpy.clip(x, min=0.0)", "jax.numpy.clip(x, min=0.0)", "jax.numpy.clip",
     "Max(0, x)"),
    ("jax", "jax.nn.gelu(x, approximate=False)", "jax.nn.gelu(x, approximate=False)",
     "jax.nn.gelu", "x*(1 + erf(x/sqrt(2)))/2"),
    ("jax", "jax.nn.gelu(x)", "jax.nn.gelu(x)", "jax.nn.gelu",  # JAX's default: tanh form
     "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))/2"),
    ("jax", "jax.nn.celu(x, alpha=2.0)", "jax.nn.celu(x, alpha=2.0)", "jax.nn.celu",
     "Piecewise((x, x > 0), (2*exp(x/2) - 2, True))"),
    ("tensorflow", "tf.maximum(x, 0)", "tf.maximum(x, 0)", "tensorflow.maximum",
     "Max(0, x)"),
    ("tensorflow", "tf.math.maximum(0, x)", "tf.math.maximum(0, x)",
     "tensorflow.math.maximum", "Max(0, x)"),
    ("tensorflow", "tf.nn.leaky_relu(x, alpha=-0.5)", "tf.nn.leaky_relu(x, alpha=-0.5)",
     "tensorflow.nn.leaky_relu", "Piecewise((x, x > 0), (-x/2, True))"),
    ("tensorflow", "tf.nn.leaky_relu(x)", "tf.nn.leaky_relu(x)", "tensorflow.nn.leaky_relu",
     "Max(x, x/5)"),  # TensorFlow's documented default alpha is 0.2
    ("tensorflow", "tf.clip_by_value(x, 0, 6)", "tf.clip_by_value(x, 0, 6)",
     "tensorflow.clip_by_value", "Min(Max(0, x), 6)"),
    ("tensorflow", "tf.where(x < 0, 0, x)", "tf.where(x < 0, 0, x)", "tensorflow.where",
     "Max(0, x)"),
]


@pytest.mark.parametrize("framework, text, canonical, target, computes", ACCEPTED)
def test_a_supported_call_is_read_and_written_out_again(framework, text, canonical, target,
                                                        computes):
    call = parse_call(framework, text)
    assert call.text() == canonical
    assert call.target == target
    assert parse_call(framework, call.text()) == call  # the written-out form reads back
    formula, expected = parse_expression(call.formula()), parse_expression(computes)
    x = parse_expression("x")
    for point in ("-7", "-3", "-2", "-1", "-1/2", "0", "1/3", "1", "2", "3", "6", "7"):
        at = parse_expression(point)
        assert formula.subs(x, at) == expected.subs(x, at), point


REFUSED = [
    ("pytorch", "torch.relu(y)", "'input' must be the input x"),
    ("pytorch", "jax.nn.relu(x)", "unsupported call 'jax.nn.relu'; pytorch supports"),
    ("jax", "torch.relu(x)", "unsupported call 'torch.relu'; jax supports"),
    ("pytorch", "torch.relu", "write one call"),
    ("pytorch", "torch.relu(x) + 1", "write one call"),
    ("pytorch", "__import__('os').system('ls')", "unsupported call"),
    ("pytorch", "__import__('os')", "unsupported call '__import__'"),
    ("pytorch", "x.relu()", "unsupported call 'x.relu'"),
    ("pytorch", "torch.relu(x, inplace=True)", "has no argument 'inplace'"),
    ("tensorflow", "tf.nn.relu(features=x)", "has no argument 'features'"),
    ("pytorch", "torch.nn.functional.leaky_relu(x, negative_slope='a')", "must be a number"),
    ("pytorch", "torch.nn.functional.leaky_relu(x, negative_slope=x)", "must be a number"),
    ("pytorch", "torch.nn.functional.leaky_relu(x, 0.1, negative_slope=0.2)", "twice"),
    ("pytorch", "torch.maximum(0, 1)", "must take the input x"),
    ("pytorch", "torch.maximum(x)", "needs its argument 'second'"),
    ("pytorch", "torch.relu(x, x)", "at most 1 arguments"),
    ("pytorch", "torch.where(x == 0, x, 0)", "condition must be"),
    ("pytorch", "torch.where(x > y, x, 0)", "condition must be"),
    ("pytorch", "torch.where(0 < x < 1, x, 0)", "condition must be"),
    ("pytorch", "torch.relu(*x)", "unpacking"),
    ("pytorch", "torch.nn.functional.gelu(x, approximate='exact')", "must be one of"),
    ("jax", "jax.nn.gelu(x, approximate=1)", "True or False"),
    ("pytorch", "torch.clamp(x, min=1e400)", "finite"),
    ("pytorch", "torch.clamp(x, min=1e40)", "too large"),
    ("pytorch", "torch.relu(lambda: 0)", "must be the input x"),
    ("pytorch", "torch.relu(x" , "not a call"),
    ("pytorch", "torch.relu(x)" + " " * 200, "longer than"),
    ("tensorflow", "tf.nn.relu6(x, name='a')", "has no argument 'name'"),
]


@pytest.mark.parametrize("framework, text, says", REFUSED)
def test_anything_else_is_refused_with_the_reason(framework, text, says):
    with pytest.raises(CallError) as refused:
        parse_call(framework, text)
    assert says in str(refused.value)


def test_an_unsupported_call_names_every_supported_one():
    with pytest.raises(CallError) as refused:
        parse_call("jax", "jax.nn.sigmoid(x)")
    for name in ("jax.nn.relu", "jax.nn.relu6", "jax.numpy.maximum", "jax.numpy.clip",
                 "jax.nn.hard_swish", "jax.numpy.where"):
        assert name in str(refused.value)


FAMILY = {"relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "softplus",
          "abs", "sign", "maximum", "minimum", "where"}


@pytest.mark.parametrize("framework", FRAMEWORKS)
def test_the_table_covers_relus_family_in_each_framework(framework):
    last_parts = {name.rsplit(".", 1)[1] for name in supported_names(framework)}
    missing = FAMILY - last_parts
    if framework == "tensorflow":
        missing -= {"celu"}  # TensorFlow has no celu outside Keras
    assert missing == set()
    assert last_parts & {"clamp", "clip", "clip_by_value"}
    if framework != "tensorflow":  # TensorFlow's core has neither
        assert last_parts & {"hardtanh", "hard_tanh"} and last_parts & {"hardswish",
                                                                         "hard_swish"}


@pytest.mark.parametrize("entry", SUPPORTED, ids=lambda entry: entry.names[0])
def test_every_listed_example_parses_and_computes_a_function_the_checker_reads(entry):
    assert entry.examples
    for text, points in entry.example_points():
        call = parse_call(entry.framework, text)
        assert call.entry is entry and points
        expression = parse_expression(call.formula())
        assert expression.free_symbols <= {parse_expression("x")}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FRAMEWORKS), st.text(max_size=80))
def test_no_text_gets_more_than_a_call_error(framework, text):
    try:
        call = parse_call(framework, text)
    except CallError:
        return
    assert parse_call(framework, call.text()) == call


CALL_PIECES = st.sampled_from(["torch.relu", "torch.maximum", "torch.where", "jnp.clip",
                               "tf.maximum", "torch.clamp", "__import__", "x", "0", "1e5",
                               "-", "(", ")", ",", "=", "min", "x > 0", "'tanh'", "True",
                               "open", ".", "*", "lambda: x"])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FRAMEWORKS), st.lists(CALL_PIECES, max_size=12))
def test_call_shaped_text_gets_a_call_or_a_call_error(framework, pieces):
    text = "".join(pieces)
    try:
        call = parse_call(framework, text)
    except CallError as refused:
        assert str(refused)
        return
    assert call.framework == framework and call.target.split(".")[0] in ("torch", "jax",
                                                                          "tensorflow")


def test_the_authoring_guide_names_every_supported_call_and_argument():
    from tests.conftest import REPO

    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = guide.split("## Framework claims")[1].split("\n## ")[0]
    for entry in SUPPORTED:
        for name in entry.names:
            short = name.replace("jax.numpy.", "").replace("jnp.", "")
            assert f"`{name}" in section or f"`{short}" in section, name
        for param in entry.params:
            if not param.positional:
                assert f"`{param.name}" in section, (entry.names[0], param.name)
