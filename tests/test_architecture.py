"""House rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quiz_app"
EVALUATING_CALLS = {"eval", "exec", "sympify", "parse_expr", "S"}


def python_files():
    return sorted(PACKAGE.rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_outside_ui_imports_textual():
    offenders = [
        str(path.relative_to(PACKAGE)) for path in python_files()
        if "ui" not in path.relative_to(PACKAGE).parts
        and any(m == "textual" or m.startswith("textual.") for m in imported_modules(path))
    ]
    assert offenders == []


def test_bank_imports_neither_sympy_nor_the_rooms_above_it():
    for path in (PACKAGE / "bank").rglob("*.py"):
        modules = imported_modules(path)
        assert not any(m.split(".")[0] == "sympy" for m in modules), path
        assert not any(m.startswith(("quiz_app.checker", "quiz_app.ui", "quiz_app.study"))
                       for m in modules), path


def test_no_evaluating_calls_anywhere_in_the_package():
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                assert name not in EVALUATING_CALLS, f"{path}:{node.lineno} calls {name}"


def test_modules_stay_small():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text().splitlines()) for p in python_files()}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
