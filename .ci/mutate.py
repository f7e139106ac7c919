"""A small operator-level mutation tester for the checker's maths core.

    nice -n 10 .venv/bin/python .ci/mutate.py [FILE ...] [--tests TEST ...] [--jobs N]

For each mutant (a flipped comparison, `and` ↔ `or`, a dropped `not` or unary minus, a
swapped arithmetic operator, an integer ± 1, True ↔ False) it runs a fast test subset and
counts the mutant killed when a test fails or the run times out. It prints every survivor
with its line, so a test can be written against it, and the score at the end.

Speed: the parent imports sympy and the test modules and runs the subset once (warming
sympy's caches), tracing which tests execute which lines of the files under test. It then
forks one child per mutant, which runs only the tests that execute the mutated code (all
of them for a module-level constant; none, and the mutant survives, for code no test
reaches). `--all-tests` runs the whole subset for every mutant instead. The child compiles
the mutated module into the live module object, rebinds every name other modules imported
from it, and runs those tests in process with `pytest -x`. A line marked
`# pragma: no mutate` is skipped; use it only for a mutant proven equivalent, and say why
on the line.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import signal
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEFAULT_FILES = ["quiz_app/checker/onesided.py", "quiz_app/checker/evidence.py",
                 "quiz_app/checker/analysis.py", "quiz_app/checker/expr.py",
                 "quiz_app/checker/symbolic.py"]
DEFAULT_TESTS = ["tests/test_checker_safety_nets.py", "tests/test_analysis_zoo.py",
                 "tests/test_checker_hard_cases.py", "tests/test_safe_parser.py",
                 "tests/test_checker_decision_rules.py",
                 "tests/test_checker_nested_branches.py", "tests/test_checker_evidence.py",
                 "tests/test_checker_guards.py", "tests/test_parser_limits.py"]
MUTANT_TIMEOUT = 90.0

COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                 ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
                 ast.In: ast.NotIn, ast.NotIn: ast.In}
BINARY_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
                ast.FloorDiv: ast.Div, ast.Mod: ast.Mult, ast.Pow: ast.Mult}


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class Where(tuple):
    """A mutant's lines, its top-level statement's lines, and whether that is a def."""

    def __new__(cls, lines: range, statement: range, in_definition: bool):
        return super().__new__(cls, (lines, statement, in_definition))


def _statement_lines(statement) -> range:
    if statement is None:
        return range(0)
    first = min([statement.lineno] + [d.lineno for d in
                                      getattr(statement, "decorator_list", [])])
    return range(first, statement.end_lineno + 1)


def mutation_sites(tree: ast.AST, skipped_lines: set[int]) -> list[tuple]:
    """(node index in ast.walk order, kind, description, line, Where) for every mutant."""
    sites = []
    top_of = {}
    for statement in getattr(tree, "body", []):
        for inner in ast.walk(statement):
            top_of[id(inner)] = statement
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        top = top_of.get(id(node))
        where = Where(range(line, (getattr(node, "end_lineno", None) or line) + 1),
                      _statement_lines(top), isinstance(top, DEFINITIONS))
        if line in skipped_lines:
            continue
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAPS:
                    sites.append((index, ("compare", k), f"{type(op).__name__} → "
                                  f"{COMPARE_SWAPS[type(op)].__name__}", line, where))
        elif isinstance(node, ast.BoolOp):
            other = "Or" if isinstance(node.op, ast.And) else "And"
            sites.append((index, ("boolop",), f"{type(node.op).__name__} → {other}", line, where))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
            sites.append((index, ("unary",), f"drop {type(node.op).__name__}", line, where))
        elif isinstance(node, ast.BinOp) and type(node.op) in BINARY_SWAPS:
            sites.append((index, ("binop",), f"{type(node.op).__name__} → "
                          f"{BINARY_SWAPS[type(node.op)].__name__}", line, where))
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            sites.append((index, ("bool",), f"{node.value} → {not node.value}", line, where))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            sites.append((index, ("int",), f"{node.value} → {node.value + 1}", line, where))
    return sites


class _Apply(ast.NodeTransformer):
    def __init__(self, target: int, kind: tuple):
        self.target, self.kind = target, kind

    def mutate(self, tree):
        for index, node in enumerate(ast.walk(tree)):
            if index == self.target:
                return self.change(node)
        raise LookupError(self.target)

    def change(self, node):
        kind = self.kind[0]
        if kind == "compare":
            k = self.kind[1]
            node.ops[k] = COMPARE_SWAPS[type(node.ops[k])]()
        elif kind == "boolop":
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        elif kind == "unary":  # -x → +x, not x → bool(x) (both leave a valid expression)
            node.op = ast.UAdd() if isinstance(node.op, ast.USub) else ast.Invert()
            if isinstance(node.op, ast.Invert):
                node.op = ast.UAdd()
                node.operand = ast.Call(ast.Name("bool", ast.Load()), [node.operand], [])
        elif kind == "binop":
            node.op = BINARY_SWAPS[type(node.op)]()
        elif kind == "bool":
            node.value = not node.value
        elif kind == "int":
            node.value = node.value + 1


def _rebind(module, old: dict, changed: set[str]) -> None:
    """Other modules hold `from module import name`: point them at the mutant's objects."""
    replacements = {id(old[name]): vars(module)[name] for name in changed if name in old}
    for other in list(sys.modules.values()):
        filename = getattr(other, "__file__", None) or ""
        if other is module or not filename.startswith(str(REPO)):
            continue
        for attribute, value in list(vars(other).items()):
            if id(value) in replacements:
                setattr(other, attribute, replacements[id(value)])


def _clear_caches(module) -> None:
    """A cached result computed by the original code would hide the mutant."""
    for value in vars(module).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()


class LineCoverage:
    """A pytest plugin: which test executes which line of the files under test. A test
    that does not execute a mutant's code cannot kill it, so it need not run."""

    def __init__(self, paths: list[Path], modules: list) -> None:
        self.paths = {str(path) for path in paths}
        self.modules = modules
        self.tests_by_line: dict[tuple[str, int], set[str]] = defaultdict(set)
        self._seen: set[tuple[str, int]] = set()

    def _line(self, frame, event, arg):
        if event == "line":
            self._seen.add((frame.f_code.co_filename, frame.f_lineno))
        return self._line

    def _call(self, frame, event, arg):
        if frame.f_code.co_filename in self.paths:
            self._seen.add((frame.f_code.co_filename, frame.f_lineno))
            return self._line
        return None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        # a result cached by an earlier test would hide the lines this test needs
        for module in self.modules:
            _clear_caches(module)
        self._seen = set()
        sys.settrace(self._call)
        threading.settrace(self._call)
        try:
            yield
        finally:
            sys.settrace(None)
            threading.settrace(None)  # type: ignore[arg-type]
        for key in self._seen:
            self.tests_by_line[key].add(item.nodeid)

    def tests_for(self, path: Path, lines: range, statement: range, top_level_def: bool,
                  every_test: list[str]) -> list[str]:
        """The tests that run the mutated lines; failing that, the tests that run the
        enclosing top-level statement; for module-level code (constants), every test.
        A function no test enters gets no tests, and its mutants survive."""
        for span in (lines, statement):
            found: set[str] = set()
            for n in span:
                found |= self.tests_by_line.get((str(path), n), set())
            if found:
                return sorted(found)
        return [] if top_level_def else every_test


def run_mutant(module, path: Path, tree, site, tests: list[str]) -> int:
    """Re-define only the top-level statements the mutant changed (a function, a class or a
    constant), so every other object, exception classes included, keeps its identity."""
    import pytest

    mutated = copy.deepcopy(tree)
    if site is not None:  # None: the null mutant, which must survive
        _Apply(site[0], site[1]).mutate(mutated)
    ast.fix_missing_locations(mutated)
    changed_statements = [new for new, original in zip(mutated.body, tree.body)
                          if ast.dump(new) != ast.dump(original)]
    names = set()
    for statement in changed_statements:
        if isinstance(statement, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            names.add(statement.name)
        elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [
                statement.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    old = dict(vars(module))
    code = compile(ast.Module(changed_statements, type_ignores=[]), str(path), "exec")
    exec(code, vars(module))  # noqa: S102  (our own source, mutated: this is the tool)
    _rebind(module, old, names)
    _clear_caches(module)
    return pytest.main(["-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                        "--no-header", "-o", "addopts=", *tests])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=DEFAULT_FILES)
    parser.add_argument("--tests", nargs="+", default=DEFAULT_TESTS)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only-lines", default="", help="e.g. 120-180: mutate these lines")
    parser.add_argument("--sample", type=int, default=0,
                        help="run only this many mutants per file, drawn at random")
    parser.add_argument("--seed", type=int, default=9, help="for --sample")
    parser.add_argument("--only-excluded", action="store_true",
                        help="mutate only the lines marked `pragma: no mutate`")
    parser.add_argument("--all-tests", action="store_true",
                        help="run the whole subset for every mutant, not only the tests "
                             "that execute the mutated line")
    args = parser.parse_args()
    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    import importlib

    import pytest

    quiet = open(os.devnull, "w")  # noqa: SIM115
    saved = os.dup(1), os.dup(2)
    os.dup2(quiet.fileno(), 1)
    os.dup2(quiet.fileno(), 2)
    modules = [importlib.import_module(file[:-3].replace("/", ".")) for file in args.files]
    coverage = LineCoverage([REPO / file for file in args.files], modules)
    traced = time.monotonic()
    baseline = pytest.main(["-q", "-p", "no:cacheprovider", "-o", "addopts=", *args.tests],
                           plugins=[] if args.all_tests else [coverage])
    os.dup2(saved[0], 1)
    os.dup2(saved[1], 2)
    if baseline != 0:
        sys.exit(f"the test subset fails without mutants (exit {baseline}): fix it first")
    every_test = sorted(set().union(*coverage.tests_by_line.values())) or args.tests
    if not args.all_tests:
        print(f"traced {len(every_test)} tests in {time.monotonic() - traced:.0f} s",
              flush=True)
    total = killed = tests_run = 0
    survivors = []
    started = time.monotonic()
    for file in args.files:
        path = REPO / file
        source = path.read_text()
        skipped = {n for n, line in enumerate(source.splitlines(), 1)
                   if "pragma: no mutate" in line}
        if args.only_excluded:  # the lines marked `no mutate`, to see what excluding costs
            skipped = set(range(1, len(source.splitlines()) + 1)) - skipped
        tree = ast.parse(source)
        _skip_docstrings_and_annotations(tree, skipped)
        if args.only_lines:
            low, high = map(int, args.only_lines.split("-"))
            skipped |= {n for n in range(1, len(source.splitlines()) + 1)
                        if not low <= n <= high}
        module = importlib.import_module(file[:-3].replace("/", "."))
        sites = mutation_sites(tree, skipped)
        if args.sample and args.sample < len(sites):
            import random

            print(f"{file}: a random sample of {args.sample} of {len(sites)} mutants "
                  f"(seed {args.seed})", flush=True)
            sites = random.Random(args.seed).sample(sites, args.sample)
        _check_null_mutant(module, path, tree, args.tests, quiet)
        running: dict[int, tuple] = {}
        queue = list(sites)
        file_total = file_killed = 0
        while queue or running:
            while queue and len(running) < args.jobs:
                site = queue.pop(0)
                tests = args.tests if args.all_tests else coverage.tests_for(
                    path, *site[4], every_test)
                if not tests:
                    file_total += 1
                    total += 1
                    survivors.append((file, site))
                    print(f"SURVIVED {file}:{site[3]} {site[2]} (no test runs this code)",
                          flush=True)
                    continue
                tests_run += len(tests)
                pid = os.fork()
                if pid == 0:
                    os.dup2(quiet.fileno(), 1)
                    os.dup2(quiet.fileno(), 2)
                    try:
                        code = run_mutant(module, path, tree, site, tests)
                    except BaseException:  # noqa: BLE001  (a mutant that cannot even load)
                        code = 99
                    os._exit(int(code) if int(code) else 0)
                running[pid] = (site, time.monotonic())
            if not running:
                continue
            pid, status = _wait_one(running)
            site, _ = running.pop(pid)
            total += 1
            file_total += 1
            survived = status == 0
            if survived:
                survivors.append((file, site))
                print(f"SURVIVED {file}:{site[3]} {site[2]}", flush=True)
            else:
                killed += 1
                file_killed += 1
            print(f"progress {file} {file_total}/{len(sites)} killed {file_killed}",
                  file=sys.stderr, flush=True)
        print(f"{file}: {file_killed} of {file_total} killed "
              f"({100.0 * file_killed / max(file_total, 1):.1f}%)", flush=True)
    elapsed = time.monotonic() - started
    score = 100.0 * killed / total if total else 100.0
    print(f"\n{killed} of {total} mutants killed: mutation score {score:.1f}% "
          f"({len(survivors)} survived, {elapsed:.0f} s, "
          f"{tests_run / max(total, 1):.0f} tests selected per mutant on average)")


def _check_null_mutant(module, path, tree, tests, quiet) -> None:
    """The unmutated module, loaded the way mutants are, must pass: else every mutant
    would count as killed for a reason that has nothing to do with it."""
    pid = os.fork()
    if pid == 0:
        os.dup2(quiet.fileno(), 1)
        os.dup2(quiet.fileno(), 2)
        os._exit(int(run_mutant(module, path, tree, None, tests)))
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{path.name}: the unmutated module fails when loaded as a mutant")


def _wait_one(running: dict) -> tuple[int, int]:
    while True:
        for pid, (_, start) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return pid, os.waitstatus_to_exitcode(status)
            if time.monotonic() - start > MUTANT_TIMEOUT:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return pid, -9  # a mutant that hangs counts as killed
        time.sleep(0.05)


def _skip_docstrings_and_annotations(tree, skipped: set[int]) -> None:
    """Docstrings, type annotations and `from __future__` hold no behaviour to test."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str):
            skipped.update(range(body[0].lineno, body[0].end_lineno + 1))
        annotation = getattr(node, "annotation", None) or getattr(node, "returns", None)
        if annotation is not None:
            skipped.update(range(annotation.lineno, annotation.end_lineno + 1))


if __name__ == "__main__":
    main()
