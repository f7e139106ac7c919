"""Every docstring example in quiz_app runs and holds (as sympy's do): a module with a
`>>>` is found here by itself, so a new example is tested the day it is written."""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.conftest import REPO

MODULES = sorted(".".join(path.relative_to(REPO).with_suffix("").parts)
                 for path in (REPO / "quiz_app").rglob("*.py")
                 if ">>>" in path.read_text(encoding="utf-8"))


def test_examples_are_found():
    assert {"quiz_app.checker.regions", "quiz_app.bank.printable"} <= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
