"""The toolchain is pinned and the pins are honest: CI and the README install the same way."""

from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import REPO

tomllib = pytest.importorskip("tomllib")


def pins() -> dict[str, Version]:
    found = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            found[re.sub(r"[-_.]+", "-", name).lower()] = Version(version)
    return found


def requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return [Requirement(r) for r in project["dependencies"] + extras["test"] + extras["pytorch"]
            + extras["jax"] + extras["tensorflow"]]


def test_the_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text()
    command = re.findall(r"```sh\n(.*?)\n```", readme, re.S)[1]
    assert "-c constraints.txt" in command
    assert command in (REPO / ".ci" / "run").read_text()


def test_every_dependency_is_pinned_inside_its_declared_range():
    pinned = pins()
    for requirement in requirements():
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        assert name in pinned, f"{name} is not in constraints.txt (run .ci/lock)"
        assert requirement.specifier.contains(pinned[name]), (name, str(requirement))


def test_declared_lower_bounds_are_the_tested_releases():
    """Test the lowest you claim, or raise it: each lower bound is the pinned minor series."""
    pinned = pins()
    for requirement in requirements():
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        [floor] = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert floor.release[:2] == pinned[name].release[:2], (name, floor, pinned[name])


def test_the_snapshot_toolchain_is_pinned():
    assert {"textual", "pytest-textual-snapshot", "ruff", "mypy"} <= set(pins())
