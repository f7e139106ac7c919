"""The frameworks run for real: what PyTorch, JAX and TensorFlow return at the kinks.

tests/data/autodiff_conventions.yaml holds rows (call, point, expected gradient, maybe the
value), each derived from the framework's source or documentation and cited there; none
was taken from running a framework. Each row is run through the same child process `check`
uses (quiz_app.checker.autodiff). CI installs all three (the README's test command names
the `frameworks` extra), so there a missing one is a failure, not a skip; elsewhere a
framework that is not installed skips its rows.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from quiz_app.bank.autodiff_calls import parse_call
from quiz_app.bank.autodiff_table import FRAMEWORKS
from quiz_app.checker.autodiff import installed_version, point_value, run_calls, within_float32

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)

TABLE = Path(__file__).parent / "data" / "autodiff_conventions.yaml"
ROWS = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["rows"]
REQUIRED_IN_CI = FRAMEWORKS


def _exact(text: str) -> float:
    """The row's exact number. SELU's constants are cited with all the digits the sources
    give (33 characters, past the expression parser's limit), so a product of decimals is
    multiplied exactly here."""
    text = str(text)
    factors = text.split("*")
    if all(factor.replace(".", "", 1).isdigit() for factor in factors):
        product = Fraction(1)
        for factor in factors:
            product *= Fraction(factor)
        return float(product)
    number = point_value(text)
    assert number is not None, text
    return number


def require(framework: str) -> None:
    """Skip when the framework is missing, except where CI promises to install it."""
    if installed_version(framework) is None:
        if os.environ.get("CI") and framework in REQUIRED_IN_CI:
            pytest.fail(f"CI installs {framework}, but it is missing")
        pytest.skip(f"{framework} is not installed")


@pytest.fixture(scope="module")
def returned():
    """Every row run once, one child process per framework."""
    results = {}
    for framework in FRAMEWORKS:
        rows = [row for row in ROWS if row["framework"] == framework]
        if installed_version(framework) is None:
            continue
        requests = [(parse_call(framework, row["call"]), _exact(row["point"])) for row in rows]
        for row, result in zip(rows, run_calls(framework, requests)):
            results[(framework, row["call"], str(row["point"]))] = result
    return results


def test_the_table_is_large_and_cited():
    assert len(ROWS) >= 40
    for framework in FRAMEWORKS:
        assert sum(row["framework"] == framework for row in ROWS) >= 12
    for row in ROWS:
        assert row["source"].strip() and row["reasoning"].strip()
        parse_call(row["framework"], row["call"])  # only supported calls


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['framework']}:{r['call']}@{r['point']}")
def test_the_framework_returns_what_its_source_says(row, returned):
    require(row["framework"])
    result = returned[(row["framework"], row["call"], str(row["point"]))]
    assert result.missing is None and result.error is None, result
    assert result.version and result.version != "unknown"
    assert result.gradient is not None
    assert within_float32(result.gradient, _exact(row["gradient"])), (
        f"{row['call']} at {row['point']}: {result.version} gives {result.gradient}, "
        f"the source says {row['gradient']} ({row['source']})")
    if row.get("value") is not None:
        assert result.value is not None and within_float32(result.value, _exact(row["value"]))
