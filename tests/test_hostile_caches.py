"""Caches are never the source of truth (issue 27, items 13 and 14).

The oracle is a run with an empty cache: whatever is done to the compiled-bank cache or the
proof cache on disk (the banks' YAML left as it is, so their stamps still match), `check`
must report exactly what it reports with no cache at all, and an export must be the export
made with no cache; nothing tampered may reach either. Item 14: the workers of `analyze`
and `check` run under the app's memory limit, so a runaway expression ends undecided
("memory limit") instead of taking gigabytes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz_app.bank.compiled import CompiledBanks, LazySourceMap, cache_file
from quiz_app.bank.loader import load_banks
from quiz_app.checker.cache import cache_key, proof_cache
from quiz_app.cli import main
from tests.conftest import FIXTURES

# one worker runs this module, so its module-scoped fixture is made once (pyproject.toml)
pytestmark = pytest.mark.xdist_group(__name__)

BANK = """\
title: Tamper target
questions:
  - id: relu-one
    prompt: Which is ReLU at 2? TODO check the wording
    function: Max(0, x)
    at: 2
    choices:
      - text: "2"
        correct: true
        claims: {value: 2}
      - text: "0"
        claims: {value: 0}
    explanation: ReLU keeps a positive input.
  - id: relu-two
    prompt: Which is ReLU at -2?
    function: Max(0, x)
    at: -2
    choices:
      - text: "0"
        correct: true
        claims: {value: 0}
      - text: "-2"
        claims: {value: -2}
    explanation: ReLU clips a negative input to 0.
"""


def _cached(loaded) -> bool:
    """Whether a bank came from the compiled cache (whose source map is read on demand)."""
    return isinstance(loaded.source_map, LazySourceMap)


def _cli(home: Path, *args: str) -> tuple[int, str]:
    env = {"RELU_QUIZ_HOME": str(home)}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def _check(home: Path, *paths: Path) -> tuple[int, dict]:
    code, output = _cli(home, "check", *map(str, paths), "--json", "--alone")
    return code, json.loads(output)


def _export(home: Path, out: Path, *paths: Path) -> tuple[int, bytes | None]:
    code, _ = _cli(home, "export", *map(str, paths), "--format", "markdown", "-o", str(out))
    return code, out.read_bytes() if out.exists() else None


def _entries(home: Path) -> dict:
    return json.loads(_compiled_path(home).read_text())


def _compiled_path(home: Path) -> Path:
    [path] = (home / "cache" / "banks").glob("compiled-*.json")
    return path


def _edit_payload(change: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    """A tampering that edits the bank's cached data and leaves the entry's seal as it was."""
    def tamper(home: Path, bank: Path) -> None:
        entries = _entries(home)
        entry = entries[str(bank.resolve())]
        data = json.loads(entry["payload"])
        change(data)
        entry["payload"] = json.dumps(data)
        _compiled_path(home).write_text(json.dumps(entries))
    return tamper


def _edit_entry(change: Callable[[dict], object]) -> Callable[[Path, Path], None]:
    def tamper(home: Path, bank: Path) -> None:
        entries = _entries(home)
        name = str(bank.resolve())
        entries[name] = change(entries[name])
        _compiled_path(home).write_text(json.dumps(entries))
    return tamper


def _write(text: str) -> Callable[[Path, Path], None]:
    return lambda home, bank: _compiled_path(home).write_text(text)


def _choice(data: dict, q: int, c: int) -> dict:
    return data["bank"]["questions"][q]["choices"][c]


def _set(target: dict, key: str, value: object) -> None:
    target[key] = value


def _old_layout(entry: dict) -> dict:
    """The previous format's entry (data beside the stamp, no seal), with a second right
    option: a cache written by an older relu-quiz, or by hand, must not be trusted."""
    data = json.loads(entry["payload"])
    data["bank"]["questions"][0]["choices"][1]["correct"] = True
    return {k: entry[k] for k in ("size", "mtime_ns", "sha256")} | data


def _recomputed_sha256(entry: dict) -> dict:
    """A forger who edits the data and recomputes a plain checksum of it."""
    import hashlib

    data = json.loads(entry["payload"])
    data["bank"]["questions"][0]["choices"][1]["correct"] = True
    entry["payload"] = json.dumps(data)
    entry["seal"] = hashlib.sha256(entry["payload"].encode()).hexdigest()
    return entry


COMPILED_TAMPERINGS: dict[str, Callable[[Path, Path], None]] = {
    "single answer with two right options": _edit_payload(
        lambda d: _set(_choice(d, 0, 1), "correct", True)),
    "ESC in an id": _edit_payload(
        lambda d: _set(d["bank"]["questions"][0], "id", "relu\x1bone")),
    "a valid edit of a prompt": _edit_payload(
        lambda d: _set(d["bank"]["questions"][1], "prompt", "Which is ReLU at -3?")),
    "the warnings dropped": _edit_payload(lambda d: _set(d, "warnings", [])),
    "correct of the wrong type": _edit_payload(lambda d: _set(_choice(d, 0, 0), "correct",
                                                              "yes")),
    "questions of the wrong type": _edit_payload(lambda d: _set(d["bank"], "questions", {})),
    "bank of the wrong type": _edit_payload(lambda d: _set(d, "bank", "x")),
    "payload not JSON": _edit_entry(lambda e: e | {"payload": "{not json"}),
    "payload of the wrong type": _edit_entry(lambda e: e | {"payload": 5}),
    "seal removed": _edit_entry(lambda e: {k: v for k, v in e.items() if k != "seal"}),
    "seal recomputed as a plain SHA-256": _edit_entry(_recomputed_sha256),
    "the previous format's layout": _edit_entry(_old_layout),
    "entry of the wrong type": _edit_entry(lambda e: 5),
    "cache file truncated": _write('{"'),
    "cache file a list": _write("[]"),
    "cache file of the wrong types": _write('{"a": {"payload": null}, "b": []}'),
}


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    """check and export of the bank with an empty cache, every time: the expected results."""
    root = tmp_path_factory.mktemp("oracle")
    bank = root / "bank.yaml"
    bank.write_text(BANK)
    check = _check(root / "home", bank)
    exported = _export(root / "home", root / "out.md", bank)
    shutil.rmtree(root / "home")
    return bank, check, exported


@pytest.mark.parametrize("tamper", COMPILED_TAMPERINGS.values(), ids=COMPILED_TAMPERINGS)
def test_a_tampered_compiled_bank_is_never_believed(tmp_path, monkeypatch, oracle, tamper):
    bank, oracle_check, oracle_export = oracle
    assert oracle_check[1]["warnings"] == 1 and oracle_export[1]  # a bank worth comparing
    home = tmp_path / "home"
    assert _check(home, bank) == oracle_check  # fills the cache
    monkeypatch.setenv("RELU_QUIZ_HOME", str(home))
    assert _cached(load_banks([bank]).banks[0])  # and it would be used
    tamper(home, bank)
    assert _check(home, bank) == oracle_check
    assert _export(home, tmp_path / "out.md", bank) == oracle_export


def test_a_tampered_entry_is_replaced_by_a_fresh_one(tmp_path, isolated_home):
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK)
    load_banks([bank])
    _edit_payload(lambda d: _set(_choice(d, 0, 1), "correct", True))(isolated_home, bank)
    first = load_banks([bank])
    assert not _cached(first.banks[0])  # validated again from the YAML
    [again] = load_banks([bank]).banks
    assert _cached(again)  # and cached again, correctly
    assert [c.correct for c in again.bank.questions[0].choices] == [True, False]


def test_a_cache_sealed_under_another_key_is_a_miss(tmp_path, isolated_home):
    """Copied from another machine or user: it verifies only under the key that sealed it."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK)
    load_banks([bank])
    (isolated_home / "cache.key").write_bytes(b"k" * 32)
    from quiz_app.bank import sealing

    sealing._key_at.cache_clear()
    try:
        assert not _cached(load_banks([bank]).banks[0])
        assert _cached(load_banks([bank]).banks[0])
    finally:
        sealing._key_at.cache_clear()
    assert CompiledBanks.open().entries


def test_the_key_is_made_once_and_private(isolated_home):
    from quiz_app.bank import sealing

    sealing._key_at.cache_clear()
    first = sealing.seal("a")
    sealing._key_at.cache_clear()
    assert sealing.seal("a") == first  # read back, not made again
    key = isolated_home / sealing.KEY_FILE
    assert key.stat().st_mode & 0o077 == 0
    assert cache_file().parent not in key.parents  # outside the caches it seals


# --- the proof cache ----------------------------------------------------------------------

WRONG_KEY = FIXTURES / "proofs" / "wrong-key.yaml"
TARGET = ("Max(0, x)", "0", "x", ())
FORGED = {"holds": True, "failures": [], "undecided": []}


def _claims_path(home: Path, claims: dict) -> Path:
    key = cache_key("claims", TARGET, claims)  # a digest anyone can compute
    return home / "cache" / "proofs" / key[:2] / f"{key}.json"


WRONG_CLAIMS = {"differentiable": True}  # choice 2, marked correct: its claims fail
RIGHT_CLAIMS = {"continuous": True, "differentiable": False}


def _forge_at_the_key(home: Path) -> None:
    """What anyone can do: compute the key and write a passing outcome there."""
    path = _claims_path(home, WRONG_CLAIMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(FORGED))


def _edit_result(home: Path) -> None:
    path = _claims_path(home, WRONG_CLAIMS)
    entry = json.loads(path.read_text())
    entry["result"] = json.dumps(FORGED)
    path.write_text(json.dumps(entry))


def _another_subjects_entry(home: Path) -> None:
    """The sealed, passing entry of choice 1's claims, put where choice 2's is looked for."""
    shutil.copy(_claims_path(home, RIGHT_CLAIMS), _claims_path(home, WRONG_CLAIMS))


def _subject_renamed(home: Path) -> None:
    right = json.loads(_claims_path(home, RIGHT_CLAIMS).read_text())
    right["subject"] = json.loads(_claims_path(home, WRONG_CLAIMS).read_text())["subject"]
    _claims_path(home, WRONG_CLAIMS).write_text(json.dumps(right))


def _garbage(home: Path) -> None:
    for path in (home / "cache" / "proofs").rglob("*.json"):
        path.write_text('["not", "an", "entry"]')


PROOF_TAMPERINGS = {
    "a passing outcome written at the predictable key": _forge_at_the_key,
    "the outcome edited, its seal kept": _edit_result,
    "another claim set's entry copied in": _another_subjects_entry,
    "another entry's subject renamed to this one": _subject_renamed,
    "every entry of the wrong type": _garbage,
}


@pytest.fixture(scope="module")
def proof_oracle(tmp_path_factory):
    root = tmp_path_factory.mktemp("proofs")
    check = _check(root / "cold", WRONG_KEY)
    assert check[0] == 1 and check[1]["errors"] == 2  # both choices are wrong
    warm = root / "warm"
    assert _check(warm, WRONG_KEY) == check  # fills the cache
    return check, warm


@pytest.mark.parametrize("tamper", PROOF_TAMPERINGS.values(), ids=PROOF_TAMPERINGS)
def test_a_tampered_proof_never_passes_a_wrong_key(tmp_path, proof_oracle, tamper):
    oracle_check, warm = proof_oracle
    home = tmp_path / "home"
    shutil.copytree(warm, home)
    assert _claims_path(home, WRONG_CLAIMS).exists()  # the entry the tampering is about
    tamper(home)
    assert _check(home, WRONG_KEY) == oracle_check


def test_a_cached_proof_names_what_it_proves():
    cache = proof_cache()
    key = cache_key("claims", TARGET, WRONG_CLAIMS)
    cache.put(key, {"holds": False, "failures": ["x"], "undecided": []})
    entry = json.loads(cache._path(key).read_text())
    subject = json.loads(entry["subject"])
    from quiz_app.checker.cache import CHECKER_VERSION

    assert subject[0] == CHECKER_VERSION
    assert subject[3:] == json.loads(json.dumps(["claims", TARGET, WRONG_CLAIMS]))
    assert cache.get(key) == {"holds": False, "failures": ["x"], "undecided": []}
    assert cache.get(str(key)) is None  # type: ignore[arg-type]  # a bare digest names nothing


def test_a_tampered_analysis_is_not_shown_by_the_app():
    from quiz_app.checker.cache import analysis_key
    from quiz_app.checker.service import cached_analysis

    key = analysis_key("Max(0, x)", "0", "x", ())
    path = proof_cache()._path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"steps": [], "expression": "x**2"}))
    assert cached_analysis("Max(0, x)") is None


# --- item 14: the memory limit of every worker -------------------------------------------

LIMIT = 400 * 2**20  # low, so that it is reached before any time limit; the default is 2 GiB
MARGIN = 64 * 2**20
RUNAWAY = "((x+1)**100+1)**100"  # peaked at 2.3–2.7 GB in `analyze` without a limit


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(
                    int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _high_water_mark(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_measured(args: list[str], env: dict[str, str]) -> tuple[int, str, int, float]:
    """Exit status, stdout, the peak resident size of any process in the command's tree,
    and seconds. RUSAGE_CHILDREN cannot be used: the pool's workers are children of the
    forkserver, which nobody waits for, so their peaks never reach it. The tree is sampled
    instead, every 20 ms (the high-water mark only grows, so late samples lose nothing)."""
    start = time.monotonic()
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    peak = 0
    finished = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not finished.is_set():
            peak = max([peak, *(_high_water_mark(p) for p in _tree(process.pid))])
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        out, _ = process.communicate(timeout=300)
    finally:
        finished.set()
        sampler.join()
    return process.returncode, out, peak, time.monotonic() - start


needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")


@needs_proc
def test_analyze_of_a_runaway_expression_stops_at_the_memory_limit(isolated_home):
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home),
               RELU_QUIZ_WORKER_MEMORY=str(LIMIT))
    code, out, peak, seconds = run_measured(
        [sys.executable, "-m", "quiz_app", "analyze", RUNAWAY, "--at", "0", "--timeout", "120"],
        env)
    assert code == 0, out  # documented: 0 analysed, even if undecided
    assert "could not be determined (memory limit (400 MiB))" in out
    assert peak < LIMIT + MARGIN
    assert seconds < 100  # stopped by memory, long before its time limit


@needs_proc
def test_check_of_a_runaway_function_stops_at_the_memory_limit(tmp_path, isolated_home):
    bank = tmp_path / "runaway.yaml"
    bank.write_text(f"""\
title: Runaway
questions:
  - id: runaway-slope
    prompt: Is it differentiable at 0?
    function: {RUNAWAY}
    at: 0
    choices:
      - text: "Yes"
        correct: true
        claims: {{differentiable: true}}
      - text: "No"
        claims: {{differentiable: false}}
    explanation: A polynomial is differentiable everywhere.
""")
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home),
               RELU_QUIZ_WORKER_MEMORY=str(LIMIT))
    code, out, peak, seconds = run_measured(
        [sys.executable, "-m", "quiz_app", "check", str(bank), "--alone", "--json",
         "--timeout", "120"], env)
    report = json.loads(out)
    messages = sorted(d["message"] for d in report["diagnostics"])
    # On a loaded machine the checker's own per-step time limit can come first; either
    # way the choice is undecided and, what this test is for, memory stays bounded.
    assert [m.split(":")[0] for m in messages] == ["could not verify choice 1",
                                                   "could not verify choice 2"], messages
    assert all("memory limit (400 MiB)" in m or "time limit" in m for m in messages)
    assert (code, report["undecided"]) == (0, 1)  # a warning, as for a time limit
    assert peak < LIMIT + MARGIN
    assert seconds < 100


def test_every_worker_shares_the_one_limit():
    """The app's warm worker and the pool's take the same limit from the same place."""
    from quiz_app.checker import limits, warm

    assert warm.WarmWorker().memory_limit == limits.configured_memory_limit() == \
        limits.MEMORY_LIMIT_BYTES
