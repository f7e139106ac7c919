"""Shared by the export tests: the bundled bank exported once per format per module."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz_app.bank.loader import load_banks
from quiz_app.bank.variants import expand
from quiz_app.export.run import ExportOptions, export_paths
from tests.conftest import FIXTURES, REPO, seed_bundled_proofs

BANKS = [REPO / "questions"]
ESCAPING = FIXTURES / "export" / "escaping.yaml"
# An unescaped `$` (not `\$`): a maths delimiter MathJax in Anki and Moodle would not read.
DOLLAR_DELIMITER = re.compile(r"(?<!\\)\$")


def bundled():
    return load_banks(BANKS).banks


def every_question(banks):
    """(template, variant values) for every exported question, from the bank definition."""
    return [(q, variant.values) for lb in banks for q in lb.bank.questions
            for variant in expand(q)]


@pytest.fixture(scope="module", autouse=True)
def shared_home(tmp_path_factory, proved_bundled_home):
    """One proof cache for a module's module-scoped exports, seeded with the bundled bank's
    proofs (conftest's proved_bundled_home): autouse in every module that imports it (each
    test function still gets its own home from conftest)."""
    home = seed_bundled_proofs(tmp_path_factory.mktemp("home"), proved_bundled_home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RELU_QUIZ_HOME", str(home))
        yield home


def export(paths, fmt: str, out: Path, **options):
    return export_paths([Path(p) for p in paths], fmt, out, ExportOptions(**options))
