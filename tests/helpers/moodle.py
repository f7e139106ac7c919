"""Moodle's own import code, run on an export: `../shared/clients/moodle/harness.php` is a
transcription of Moodle's XML and GIFT importers (question/format/xml, question/format/gift,
with the database calls stubbed), run by Debian's `php`. It prints the questions as Moodle
reads them, with import errors and per-question problems, as JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

HARNESS = REPO.parent / "shared" / "clients" / "moodle" / "harness.php"
# Without Debian's php these tests are skipped on a developer's machine, never in CI (where
# .ci/run installs it and CI=true): there a missing php fails them.
needs_php = pytest.mark.skipif(shutil.which("php") is None and not os.environ.get("CI"),
                               reason="Moodle's importers run in Debian's php: apt-get install "
                                      "php-cli php-xml php-parsedown")


def read(fmt: str, path: Path) -> dict:
    """{"questions": [...], "errors": [...]} as Moodle's importer for `fmt` (xml or gift)."""
    assert HARNESS.is_file(), f"Moodle's importers are missing: {HARNESS}"
    ran = subprocess.run(["php", str(HARNESS), fmt, str(path)], capture_output=True,
                         text=True, timeout=300)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return json.loads(ran.stdout)
