"""STACK's own grading, run on an export: `../shared/clients/stack/run_prt.py` walks an
exported question's potential response tree with STACK's answer tests (its Maxima library,
in Debian's `maxima`). Each answer costs a Maxima start (about 2 s), so the cases run in two
processes at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import REPO

RUN_PRT = REPO.parent / "shared" / "clients" / "stack" / "run_prt.py"
# Skipped on a developer's machine without Debian's maxima, never in CI (.ci/run installs it).
needs_maxima = pytest.mark.skipif(shutil.which("maxima") is None and not os.environ.get("CI"),
                                  reason="STACK's answer tests run in Debian's maxima: "
                                         "apt-get install maxima")


def grade(export: Path, cases: dict[str, list[str]]) -> dict[tuple[str, str], dict]:
    """{(question id, answer in Maxima syntax): {"score": …, "notes": [...]}}."""
    assert RUN_PRT.is_file(), f"STACK's client is missing: {RUN_PRT}"
    flat = [(qid, answer) for qid, answers in cases.items() for answer in answers]
    halves = [flat[0::2], flat[1::2]]

    def run(part: list[tuple[str, str]]) -> list[dict]:
        if not part:
            return []
        grouped: dict[str, list[str]] = {}
        for qid, answer in part:
            grouped.setdefault(qid, []).append(answer)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(grouped, handle)
        try:
            done = subprocess.run([sys.executable, str(RUN_PRT), str(export), handle.name],
                                  capture_output=True, text=True, timeout=1800)
        finally:
            os.unlink(handle.name)
        assert done.returncode == 0, done.stdout + done.stderr
        return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]

    with ThreadPoolExecutor(2) as pool:
        lines = [line for part in pool.map(run, halves) for line in part]
    assert not [line for line in lines if line.get("missing")], lines
    return {(line["id"], line["answer"]): line for line in lines}
