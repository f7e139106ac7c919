"""The compiled bank cache gives back exactly what a fresh load gives, and never stale data.

A warm load must be indistinguishable from parsing the YAML again: the same dataclasses
(quiz_app.bank.data, which record the claims the author wrote), the same variants, the same
content hashes (progress history depends on them), the same positions and warnings. A
changed or new file is parsed again; a file with errors is never cached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quiz_app.bank.compiled import CompiledBanks, LazySourceMap, cache_file
from quiz_app.bank.loader import load_bank_file, load_banks
from quiz_app.bank.variants import expand
from quiz_app.study.progress import content_hash
from tests.conftest import FIXTURES, REPO
from tests.helpers.banks import minimal_bank

ALL_GOOD = [REPO / "questions", FIXTURES / "good", FIXTURES / "ui", FIXTURES / "proofs"]


def from_cache(loaded) -> bool:
    """Whether a bank came from the compiled cache (whose source map is read on demand)."""
    return isinstance(loaded.source_map, LazySourceMap)


@pytest.mark.parametrize("path", [p for d in ALL_GOOD for p in sorted(d.glob("*.yaml"))],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_warm_load_is_exactly_a_fresh_load(path):
    fresh, fresh_diagnostics = load_bank_file(path)
    if fresh is None:
        pytest.skip("a file with errors is not cached (tested below)")
    load_banks([path])  # fills the cache
    warm_report = load_banks([path])
    [warm] = warm_report.banks
    assert from_cache(warm) and not from_cache(fresh)
    assert warm.bank == fresh.bank
    assert warm.source_map == fresh.source_map
    assert warm.text == fresh.text
    assert [d for d in warm_report.diagnostics if "duplicate" not in d.message] == \
        fresh_diagnostics
    for cached, parsed in zip(warm.bank.questions, fresh.bank.questions):
        assert content_hash(cached) == content_hash(parsed)
        assert cached.free_answer == parsed.free_answer
        assert warm.bank.topic_of(cached) == fresh.bank.topic_of(parsed)
        for mine, theirs in zip(cached.choices, parsed.choices):
            if theirs.claims is not None:
                assert mine.claims.stated() == theirs.claims.stated()
        assert [v.values for v in expand(cached)] == [v.values for v in expand(parsed)]
        for mine_variant, their_variant in zip(expand(cached), expand(parsed)):
            mine, theirs = mine_variant.question, their_variant.question
            assert mine == theirs
            assert content_hash(mine) == content_hash(theirs)


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_mtime(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(minimal_bank("Alpha"))
    assert load_banks([bank]).banks[0].bank.title == "Alpha"
    stat = bank.stat()
    bank.write_text(minimal_bank("Omega"))  # same length
    os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert bank.stat().st_size == stat.st_size
    assert load_banks([bank]).banks[0].bank.title == "Omega"
    assert from_cache(load_banks([bank]).banks[0])


def test_a_new_file_is_loaded_and_cached(tmp_path):
    (tmp_path / "a.yaml").write_text(minimal_bank("A", "qa"))
    assert [b.bank.title for b in load_banks([tmp_path]).banks] == ["A"]
    (tmp_path / "b.yaml").write_text(minimal_bank("B", "qb"))
    assert [b.bank.title for b in load_banks([tmp_path]).banks] == ["A", "B"]
    assert all(from_cache(b) for b in load_banks([tmp_path]).banks)


def test_a_bad_file_is_never_cached_and_reports_every_time(tmp_path):
    bad = tmp_path / "bad.yaml"
    shutil.copy(FIXTURES / "bad" / "unknown-key.yaml", bad)
    first = load_banks([bad])
    second = load_banks([bad])
    assert first.banks == second.banks == []
    assert first.diagnostics == second.diagnostics != []
    assert str(bad.resolve()) not in CompiledBanks.open().entries


def test_duplicate_ids_across_cached_files_are_still_found(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(minimal_bank(name.upper(), "same-id"))
    load_banks([tmp_path])
    report = load_banks([tmp_path])
    assert [d.message.split(" (")[0] for d in report.diagnostics] == \
        ["duplicate question id 'same-id'"]


def test_an_unreadable_cache_is_a_miss(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(minimal_bank("Alpha"))
    load_banks([bank])
    cache_file().write_text("{ not json")
    assert load_banks([bank]).banks[0].bank.title == "Alpha"


def test_a_warm_load_imports_neither_pydantic_nor_ruamel(isolated_home):
    env = dict(os.environ, RELU_QUIZ_HOME=str(isolated_home))
    script = ("import sys; from pathlib import Path; from quiz_app.bank.loader import "
              "load_banks; from quiz_app.study.progress import Progress, HomeSummary; "
              f"r = load_banks([Path({str(REPO / 'questions')!r})]); "
              "HomeSummary(Progress.open(), r.banks); "
              "print(sorted({m.split('.')[0] for m in sys.modules} & "
              "{'pydantic', 'ruamel', 'sympy'}))")
    cold = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True)
    assert cold.stdout.split() == ["['pydantic']"]  # the first load parses (with libyaml)
    warm = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, check=True)
    assert warm.stdout.strip() == "[]"


def test_editing_the_bank_code_expires_the_cache(tmp_path, monkeypatch):
    from quiz_app.bank import code_version

    bank = tmp_path / "bank.yaml"
    bank.write_text(minimal_bank("Alpha"))
    load_banks([bank])
    before = cache_file()
    source = tmp_path / "src"
    source.mkdir()
    for path in code_version.BANK_SOURCE_DIR.glob("*.py"):
        shutil.copy(path, source / path.name)
    (source / "models.py").write_text((source / "models.py").read_text() + "\n# edited\n")
    monkeypatch.setattr(code_version, "BANK_SOURCE_DIR", Path(source))
    code_version.bank_source_hash.cache_clear()
    try:
        assert cache_file() != before
        assert not from_cache(load_banks([bank]).banks[0])  # parsed again
    finally:
        code_version.bank_source_hash.cache_clear()


@pytest.mark.usefixtures("bundled_proofs")  # about the compiled cache, not proving
@pytest.mark.parametrize("fmt, name", [("gift", "out.gift"), ("markdown", "out.md"),
                                       ("moodle-xml", "out.xml")])
def test_exports_from_cached_banks_are_the_exports_from_yaml(tmp_path, fmt, name):
    """Exports read many fields of every question: cached banks must give the same files."""
    from click.testing import CliRunner

    from quiz_app.cli import main

    runner = CliRunner()
    bank = str(REPO / "questions")
    outputs = []
    for run in ("cold", "warm"):
        out = tmp_path / run / name
        out.parent.mkdir()
        result = runner.invoke(main, ["export", bank, "--format", fmt, "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        outputs.append((result.output.replace(str(out), "OUT"), out.read_bytes()))
    assert CompiledBanks.open().entries  # the second run read the cache
    assert outputs[0] == outputs[1]


# --- the source maps, read from the file's text on first use ------------------------------

def _warm(path):
    load_banks([path])  # fills the cache
    [warm] = load_banks([path]).banks
    assert from_cache(warm)
    return warm


def test_a_warm_load_reads_the_source_map_only_when_a_position_is_asked(ui_bank, monkeypatch):
    from quiz_app.bank import yaml_source

    parsed = []
    real_parse = yaml_source.parse_yaml
    monkeypatch.setattr(yaml_source, "parse_yaml", lambda text: parsed.append(1) or
                        real_parse(text))
    warm = _warm(ui_bank)
    parsed.clear()
    load_banks([ui_bank])  # a quiz's start: no positions
    assert parsed == []
    fresh, _ = load_bank_file(ui_bank)
    parsed.clear()
    assert warm.question_position(1) == fresh.question_position(1) != (1, 1)
    assert warm.choice_position(1, 0) == fresh.choice_position(1, 0)
    assert parsed == [1]  # once, for both


def test_a_cached_source_map_is_the_text_it_was_loaded_with(ui_bank):
    """The positions belong to the text whose SHA-256 the entry matched: editing the file
    after the load cannot move a diagnostic of that load."""
    warm = _warm(ui_bank)
    fresh, _ = load_bank_file(ui_bank)
    ui_bank.write_text("# two lines\n# pushed in\n" + ui_bank.read_text())
    assert warm.source_map == fresh.source_map
    assert warm.question_position(1) == fresh.question_position(1)
