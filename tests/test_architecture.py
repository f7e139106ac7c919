"""House rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
import re
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


def test_bank_does_not_import_sympy():  # (nor any room above it: see ROOMS)
    for path in (PACKAGE / "bank").rglob("*.py"):
        assert not any(m.split(".")[0] == "sympy" for m in imported_modules(path)), path


# --- the rooms and the arrows between them ---------------------------------------------------
# Each room (a subpackage of quiz_app) and the rooms below it that it may import: arrows
# point down only. The bank is the floor; the checker proves keys on it; study (sessions,
# progress) needs only the bank; an export carries the checker's proved keys; the UI sits
# above them all. The modules at the top (cli.py, launch.py, __main__.py, …) may import any
# room, and every module may read quiz_app/__init__.py (the version).
ROOMS: dict[str, set[str]] = {
    "bank": set(),
    "checker": {"bank"},
    "study": {"bank"},
    "export": {"bank", "checker"},
    "ui": {"bank", "checker", "study", "export"},
}
ROOT = PACKAGE.name


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in python_files()}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _own_module(name: str) -> str | None:
    """The module of quiz_app that `name` is or lies in (quiz_app.bank.data.Question →
    quiz_app.bank.data), or None for anything outside the package."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def package_imports(path: Path) -> set[str]:
    """The modules of quiz_app that `path` imports: at module level or inside a function
    (a lazy import is a dependency all the same), but not under `if TYPE_CHECKING:`."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: a relative import"
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            names = []
        found.update(m for m in map(_own_module, names) if m is not None)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found - {module_name(path)}


IMPORTS = {name: package_imports(path) for name, path in MODULES.items()}


def room_of(module: str) -> str | None:
    """The room a module belongs to; None for the top (cli.py, launch.py, …) and the root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ROOMS) else None


def test_every_subpackage_is_a_room_in_the_table():
    assert {p.parent.name for p in PACKAGE.glob("*/__init__.py")} == set(ROOMS)


def test_arrows_between_rooms_point_down_only():
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in IMPORTS.items() if room_of(module) is not None
        for target in targets
        if target != ROOT and room_of(target) not in {room_of(module), *ROOMS[room_of(module)]})
    assert upward == []


def import_cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in IMPORTS[module]:
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(IMPORTS):
        if module not in index:
            connect(module)
    return cycles


def test_no_import_cycles_between_files():
    assert [" <-> ".join(cycle) for cycle in import_cycles()] == []


def test_the_import_graph_sees_lazy_imports_and_skips_type_checking_ones():
    # worker.py is imported inside a function of pool.py; data.py only for type checking
    assert "quiz_app.checker.worker" in IMPORTS["quiz_app.checker.pool"]
    assert "quiz_app.checker.tasks" in IMPORTS["quiz_app.checker.pool"]
    assert "quiz_app.checker.tasks" not in IMPORTS["quiz_app.checker.service"]
    assert "quiz_app.checker.grading" in IMPORTS["quiz_app.checker.worker"]  # from … import


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


# --- no start-up tricks: process-wide state and Textual's internals stay alone --------------

def test_nothing_switches_the_garbage_collector():
    """gc.disable()/enable() is process-wide state; the start-up is not worth it (issue 29)."""
    offenders = [str(path.relative_to(PACKAGE)) for path in python_files()
                 if "gc" in imported_modules(path)]
    assert offenders == []


def is_private(name: str) -> bool:
    return name.startswith("_") and name != "_" and not name.endswith("__")


def private_names_defined(tree: ast.Module | ast.ClassDef) -> set[str]:
    """`_name`s a module or class gives a meaning: its functions and classes, the names it
    assigns at the top of its body, and the attributes of self its methods assign."""
    names = {target.id for statement in tree.body
             if isinstance(statement, (ast.Assign, ast.AnnAssign))
             for target in (statement.targets if isinstance(statement, ast.Assign)
                            else [statement.target]) if isinstance(target, ast.Name)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
    return {name for name in names if is_private(name)}


def test_no_private_textual_api_in_the_ui():
    """Every `x._name` in quiz_app/ui is a name quiz_app/ui defines: one it does not define
    is another library's private (Textual's `_load_screen_css`, a screen's `_compositor`),
    which may change in any release. `self._name` counts too: our classes' only other
    source of names is the Textual class they extend."""
    ui_files = sorted((PACKAGE / "ui").rglob("*.py"))
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in ui_files}
    ours = set().union(*(private_names_defined(tree) for tree in trees.values()))
    offenders = [f"{path.relative_to(PACKAGE)}:{node.lineno}: .{node.attr}"
                 for path, tree in trees.items() for node in ast.walk(tree)
                 if isinstance(node, ast.Attribute) and is_private(node.attr)
                 and node.attr not in ours]
    assert offenders == []


def test_no_class_of_ours_takes_a_private_name_of_the_textual_class_it_extends():
    """The other half: a `_name` we define on a Textual subclass must not be one its Textual
    bases define (it would replace their private method or attribute)."""
    import importlib
    import inspect

    offenders = []
    defined_by: dict[type, set[str]] = {}  # a Textual class is parsed once, not per subclass

    def defined_by_textual(base: type) -> set[str]:
        if base not in defined_by:
            defined_by[base] = private_names_defined(
                ast.parse(inspect.getsource(base)).body[0])
        return defined_by[base]

    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        module = importlib.import_module(module_name(path))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            cls = getattr(module, node.name, None) if isinstance(node, ast.ClassDef) else None
            if not isinstance(cls, type):
                continue
            theirs = set().union(*(
                defined_by_textual(base)
                for base in cls.__mro__ if base.__module__.split(".")[0] == "textual"))
            offenders += [f"{path.relative_to(PACKAGE)}: {node.name}.{name}"
                          for name in sorted(private_names_defined(node) & theirs)]
    assert offenders == []


def test_the_architecture_doc_states_the_rooms_the_test_enforces():
    """docs/architecture.md's table of rooms says what ROOMS says, room by room."""
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    doc = doc.split("## Rooms", 1)[1].split("\n## ", 1)[0]
    stated = {}
    for row in re.findall(r"^\| `(\w+)/` \|.*\| ([^|]+) \|$", doc, re.MULTILINE):
        room, imports = row
        stated[room] = set() if "nothing" in imports else \
            set(re.findall(r"`(\w+)`", imports)) if "all of the above" not in imports else \
            {"bank", "checker", "study", "export"}
    assert stated == ROOMS


def test_no_test_file_imports_another():
    """Shared test code lives in tests/helpers or conftest.py: a test file imported by
    another runs its module-level setup twice, and cannot be moved or split alone."""
    tests = PACKAGE.parent / "tests"
    offenders = [f"{path.name}: {line.strip()}" for path in sorted(tests.glob("*.py"))
                 for line in path.read_text(encoding="utf-8").splitlines()
                 if re.match(r"\s*(from tests\.test_\w+ import|import tests\.test_)", line)]
    assert offenders == []
