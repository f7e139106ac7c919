"""The framework calls an `autodiff` claim may name: their spellings, arguments and what
they compute. This table is the documentation of what can be written (docs/authoring.md
lists it, and a test holds the two together); quiz_app.bank.autodiff_calls parses a call
against it, and `relu-quiz conventions` lists each entry's examples at its special points.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Framework = Literal["pytorch", "jax", "tensorflow"]
FRAMEWORKS: tuple[Framework, ...] = ("pytorch", "jax", "tensorflow")
# The module each framework is imported as, the distribution whose version is recorded, and
# the extra that installs it (pyproject.toml's optional-dependencies).
MODULE: dict[Framework, str] = {"pytorch": "torch", "jax": "jax", "tensorflow": "tensorflow"}
DISTRIBUTIONS: dict[Framework, tuple[str, ...]] = {
    "pytorch": ("torch",), "jax": ("jax",), "tensorflow": ("tensorflow", "tensorflow-cpu")}
INSTALL: dict[Framework, str] = {name: f"pip install 'relu-quiz[{name}]'" for name in FRAMEWORKS}


# How an argument is read and handed to the framework:
# x:         the input itself (only the name x);
# tensor:    x or a number; a number becomes a tensor of the input's dtype (float32);
# number:    a number (or None, which is the same as leaving it out), passed as it is;
# bool:      True or False;
# text:      one of the listed strings;
# condition: x compared with a number (x > 0, x >= 0, 0 < x, …), computed on the tensor.
ArgKind = Literal["x", "tensor", "number", "bool", "text", "condition"]


@dataclass(frozen=True)
class Param:
    name: str
    kind: ArgKind
    positional: bool = False  # passed by position (the framework's own name may differ)
    required: bool = False
    default: str | None = None  # the framework's documented default, for the formula
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Supported:
    """One supported function: its spellings, its parameters, and what it computes."""

    framework: Framework
    names: tuple[str, ...]  # as written in the framework's documentation
    params: tuple[Param, ...]
    formula: str  # the function in the checker's expression syntax, {name} per argument
    points: tuple[str, ...]  # where it has a kink (or a tie): what `conventions` lists
    examples: tuple[str, ...]  # the calls `conventions` lists, written out
    doc: str  # where its behaviour is documented

    def example_points(self) -> list[tuple[str, tuple[str, ...]]]:
        """Each example call with its special points ("call @ p q" names its own)."""
        listed = []
        for example in self.examples:
            text, _, points = example.partition(" @ ")
            listed.append((text.strip(), tuple(points.split()) or self.points))
        return listed


X = Param("input", "x", positional=True, required=True)


def _two(kind: ArgKind = "tensor") -> tuple[Param, ...]:
    return (Param("first", kind, positional=True, required=True),
            Param("second", kind, positional=True, required=True))


_WHERE = (Param("condition", "condition", positional=True, required=True),
          Param("then", "tensor", positional=True, required=True),
          Param("otherwise", "tensor", positional=True, required=True))
_RELU = "Max(0, x)"
_RELU6 = "Min(Max(0, x), 6)"
_LEAKY = "Piecewise((x, x > 0), ({slope}*x, True))"
_ELU = "Piecewise((x, x > 0), ({alpha}*(exp(x) - 1), True))"
# SELU's constants (PyTorch, JAX and TensorFlow give 1.0507009873554804934193349852946 and
# 1.6732632423543772848170429916717): 17 digits, far beyond float32, within the parser's limit.
SELU_SCALE = "1.0507009873554805"
SELU_ALPHA = "1.6732632423543772"
_SELU = f"{SELU_SCALE}*Piecewise((x, x > 0), ({SELU_ALPHA}*(exp(x) - 1), True))"
_CELU = "Piecewise((x, x > 0), ({alpha}*(exp(x/{alpha}) - 1), True))"
GELU = "x*(1 + erf(x/sqrt(2)))/2"
GELU_TANH = "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))/2"
_SILU = "x/(1 + exp(-x))"
_SOFTPLUS = "log(1 + exp({beta}*x))/{beta}"
_HARDTANH = "Min(Max({low}, x), {high})"
_HARDSWISH = "x*Min(Max(0, x + 3), 6)/6"
_WHERE_FORMULA = "Piecewise(({then}, {condition}), ({otherwise}, True))"


def _entry(framework: Framework, names: str, params: tuple[Param, ...], formula: str,
           points: str, examples: str, doc: str) -> Supported:
    return Supported(framework, tuple(names.split()), params, formula, tuple(points.split()),
                     tuple(example.strip() for example in examples.split(";")), doc)


def _slope(name: str, default: str) -> Param:
    return Param(name, "number", default=default)


_TORCH_F = "PyTorch documentation, torch.nn.functional."
SUPPORTED: tuple[Supported, ...] = (
    # --- PyTorch -------------------------------------------------------------------------
    _entry("pytorch", "torch.relu torch.nn.functional.relu", (X,), _RELU, "0",
           "torch.relu(x); torch.nn.functional.relu(x)", _TORCH_F + "relu"),
    _entry("pytorch", "torch.nn.functional.relu6", (X,), _RELU6, "0 6",
           "torch.nn.functional.relu6(x)", _TORCH_F + "relu6"),
    _entry("pytorch", "torch.nn.functional.leaky_relu",
           (X, Param("negative_slope", "number", default="0.01")),
           _LEAKY.replace("{slope}", "{negative_slope}"), "0",
           "torch.nn.functional.leaky_relu(x, negative_slope=0.01)", _TORCH_F + "leaky_relu"),
    _entry("pytorch", "torch.nn.functional.elu", (X, _slope("alpha", "1.0")), _ELU, "0",
           "torch.nn.functional.elu(x, alpha=1.0); torch.nn.functional.elu(x, alpha=0.5)",
           _TORCH_F + "elu"),
    _entry("pytorch", "torch.selu torch.nn.functional.selu", (X,), _SELU, "0",
           "torch.nn.functional.selu(x)", _TORCH_F + "selu"),
    _entry("pytorch", "torch.celu torch.nn.functional.celu", (X, _slope("alpha", "1.0")),
           _CELU, "0", "torch.nn.functional.celu(x, alpha=1.0)", _TORCH_F + "celu"),
    _entry("pytorch", "torch.nn.functional.gelu",
           (X, Param("approximate", "text", default="'none'", choices=("none", "tanh"))),
           GELU, "0",
           "torch.nn.functional.gelu(x); torch.nn.functional.gelu(x, approximate='tanh')",
           _TORCH_F + "gelu"),
    _entry("pytorch", "torch.nn.functional.silu", (X,), _SILU, "0",
           "torch.nn.functional.silu(x)", _TORCH_F + "silu"),
    _entry("pytorch", "torch.nn.functional.softplus",
           (X, _slope("beta", "1.0"), _slope("threshold", "20.0")), _SOFTPLUS, "0",
           "torch.nn.functional.softplus(x)", _TORCH_F + "softplus"),
    _entry("pytorch", "torch.nn.functional.hardtanh",
           (X, _slope("min_val", "-1.0"), _slope("max_val", "1.0")),
           _HARDTANH.replace("{low}", "{min_val}").replace("{high}", "{max_val}"), "-1 1",
           "torch.nn.functional.hardtanh(x)", _TORCH_F + "hardtanh"),
    _entry("pytorch", "torch.nn.functional.hardswish", (X,), _HARDSWISH, "-3 3",
           "torch.nn.functional.hardswish(x)", _TORCH_F + "hardswish"),
    _entry("pytorch", "torch.abs", (X,), "Abs(x)", "0", "torch.abs(x)",
           "PyTorch documentation, torch.abs"),
    _entry("pytorch", "torch.sign", (X,), "sign(x)", "0", "torch.sign(x)",
           "PyTorch documentation, torch.sign"),
    _entry("pytorch", "torch.maximum", _two(), "Max({first}, {second})", "0",
           "torch.maximum(x, 0); torch.maximum(0, x)", "PyTorch documentation, torch.maximum"),
    _entry("pytorch", "torch.minimum", _two(), "Min({first}, {second})", "0",
           "torch.minimum(x, 0)", "PyTorch documentation, torch.minimum"),
    _entry("pytorch", "torch.clamp torch.clip",
           (X, Param("min", "number", default="-oo"), Param("max", "number", default="oo")),
           _HARDTANH.replace("{low}", "{min}").replace("{high}", "{max}"), "0 6",
           "torch.clamp(x, min=0) @ 0; torch.clamp(x, min=0, max=6)",
           "PyTorch documentation, torch.clamp"),
    _entry("pytorch", "torch.where", _WHERE, _WHERE_FORMULA, "0",
           "torch.where(x > 0, x, 0); torch.where(x >= 0, x, 0)",
           "PyTorch documentation, torch.where"),
    # --- JAX -----------------------------------------------------------------------------
    _entry("jax", "jax.nn.relu", (X,), _RELU, "0", "jax.nn.relu(x)",
           "JAX documentation, jax.nn.relu"),
    _entry("jax", "jax.nn.relu6", (X,), _RELU6, "0 6", "jax.nn.relu6(x)",
           "JAX documentation, jax.nn.relu6"),
    _entry("jax", "jax.nn.leaky_relu", (X, _slope("negative_slope", "0.01")),
           _LEAKY.replace("{slope}", "{negative_slope}"), "0",
           "jax.nn.leaky_relu(x, negative_slope=0.01)", "JAX documentation, jax.nn.leaky_relu"),
    _entry("jax", "jax.nn.elu", (X, _slope("alpha", "1.0")), _ELU, "0",
           "jax.nn.elu(x, alpha=1.0); jax.nn.elu(x, alpha=0.5)", "JAX documentation, jax.nn.elu"),
    _entry("jax", "jax.nn.selu", (X,), _SELU, "0", "jax.nn.selu(x)",
           "JAX documentation, jax.nn.selu"),
    _entry("jax", "jax.nn.celu", (X, _slope("alpha", "1.0")), _CELU, "0",
           "jax.nn.celu(x, alpha=1.0)", "JAX documentation, jax.nn.celu"),
    _entry("jax", "jax.nn.gelu",
           (X, Param("approximate", "bool", default="True")), GELU_TANH, "0",
           "jax.nn.gelu(x, approximate=True); jax.nn.gelu(x, approximate=False)",
           "JAX documentation, jax.nn.gelu"),
    _entry("jax", "jax.nn.silu jax.nn.swish", (X,), _SILU, "0", "jax.nn.silu(x)",
           "JAX documentation, jax.nn.silu"),
    _entry("jax", "jax.nn.softplus", (X,), _SOFTPLUS.replace("{beta}", "1"), "0",
           "jax.nn.softplus(x)", "JAX documentation, jax.nn.softplus"),
    _entry("jax", "jax.nn.hard_tanh", (X,), "Min(Max(-1, x), 1)", "-1 1",
           "jax.nn.hard_tanh(x)", "JAX documentation, jax.nn.hard_tanh"),
    _entry("jax", "jax.nn.hard_swish", (X,), _HARDSWISH, "-3 3", "jax.nn.hard_swish(x)",
           "JAX documentation, jax.nn.hard_swish"),
    _entry("jax", "jax.numpy.abs jnp.abs", (X,), "Abs(x)", "0", "jax.numpy.abs(x)",
           "JAX documentation, jax.numpy.abs"),
    _entry("jax", "jax.numpy.sign jnp.sign", (X,), "sign(x)", "0", "jax.numpy.sign(x)",
           "JAX documentation, jax.numpy.sign"),
    _entry("jax", "jax.numpy.maximum jnp.maximum", _two(), "Max({first}, {second})", "0",
           "jax.numpy.maximum(0.0, x); jax.numpy.maximum(x, 0.0)",
           "JAX documentation, jax.numpy.maximum"),
    _entry("jax", "jax.numpy.minimum jnp.minimum", _two(), "Min({first}, {second})", "0",
           "jax.numpy.minimum(x, 0.0)", "JAX documentation, jax.numpy.minimum"),
    _entry("jax", "jax.numpy.clip jnp.clip",
           (X, Param("min", "number", default="-oo"), Param("max", "number", default="oo")),
           _HARDTANH.replace("{low}", "{min}").replace("{high}", "{max}"), "0 6",
           "jax.numpy.clip(x, min=0.0) @ 0; jax.numpy.clip(x, min=0.0, max=6.0)",
           "JAX documentation, jax.numpy.clip"),
    _entry("jax", "jax.numpy.where jnp.where", _WHERE, _WHERE_FORMULA, "0",
           "jax.numpy.where(x > 0, x, 0.0); jax.numpy.where(x >= 0, x, 0.0)",
           "JAX documentation, jax.numpy.where"),
    # --- TensorFlow ----------------------------------------------------------------------
    _entry("tensorflow", "tf.nn.relu", (X,), _RELU, "0", "tf.nn.relu(x)",
           "TensorFlow documentation, tf.nn.relu"),
    _entry("tensorflow", "tf.nn.relu6", (X,), _RELU6, "0 6", "tf.nn.relu6(x)",
           "TensorFlow documentation, tf.nn.relu6"),
    _entry("tensorflow", "tf.nn.leaky_relu", (X, _slope("alpha", "0.2")),
           _LEAKY.replace("{slope}", "{alpha}"), "0",
           "tf.nn.leaky_relu(x, alpha=0.2); tf.nn.leaky_relu(x, alpha=0.01)",
           "TensorFlow documentation, tf.nn.leaky_relu"),
    _entry("tensorflow", "tf.nn.elu", (X,), _ELU.replace("{alpha}", "1"), "0", "tf.nn.elu(x)",
           "TensorFlow documentation, tf.nn.elu"),
    _entry("tensorflow", "tf.nn.selu", (X,), _SELU, "0", "tf.nn.selu(x)",
           "TensorFlow documentation, tf.nn.selu"),
    _entry("tensorflow", "tf.nn.gelu", (X, Param("approximate", "bool", default="False")),
           GELU, "0", "tf.nn.gelu(x, approximate=False); tf.nn.gelu(x, approximate=True)",
           "TensorFlow documentation, tf.nn.gelu"),
    _entry("tensorflow", "tf.nn.silu tf.nn.swish", (X,), _SILU, "0", "tf.nn.silu(x)",
           "TensorFlow documentation, tf.nn.silu"),
    _entry("tensorflow", "tf.nn.softplus tf.math.softplus", (X,),
           _SOFTPLUS.replace("{beta}", "1"), "0", "tf.nn.softplus(x)",
           "TensorFlow documentation, tf.math.softplus"),
    _entry("tensorflow", "tf.abs tf.math.abs", (X,), "Abs(x)", "0", "tf.abs(x)",
           "TensorFlow documentation, tf.math.abs"),
    _entry("tensorflow", "tf.sign tf.math.sign", (X,), "sign(x)", "0", "tf.sign(x)",
           "TensorFlow documentation, tf.math.sign"),
    _entry("tensorflow", "tf.maximum tf.math.maximum", _two(), "Max({first}, {second})", "0",
           "tf.maximum(x, 0); tf.maximum(0, x)", "TensorFlow documentation, tf.math.maximum"),
    _entry("tensorflow", "tf.minimum tf.math.minimum", _two(), "Min({first}, {second})", "0",
           "tf.minimum(x, 0); tf.minimum(0, x)", "TensorFlow documentation, tf.math.minimum"),
    _entry("tensorflow", "tf.clip_by_value",
           (X, Param("clip_value_min", "tensor", positional=True, required=True),
            Param("clip_value_max", "tensor", positional=True, required=True)),
           _HARDTANH.replace("{low}", "{clip_value_min}").replace("{high}",
                                                                   "{clip_value_max}"),
           "0 6", "tf.clip_by_value(x, 0, 6); tf.clip_by_value(x, -1, 1) @ -1 1",
           "TensorFlow documentation, tf.clip_by_value"),
    _entry("tensorflow", "tf.where", _WHERE, _WHERE_FORMULA, "0",
           "tf.where(x > 0, x, 0); tf.where(x >= 0, x, 0); tf.where(x < 0, 0, x)",
           "TensorFlow documentation, tf.where"),
)
