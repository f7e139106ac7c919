"""What keeps a department's bank (issue 29: 10,000 questions) quick to load and check warm.

Each test holds a property the budgets in docs/performance.md rest on, never a time: a
file is read once on a cold load, a clean warm `check` reads no source map, a proof entry
is read once per `check`, and the banks ids are compared with come from the compiled cache.
"""

from __future__ import annotations

from pathlib import Path

from quiz_app.bank import loader, yaml_source
from quiz_app.bank.compiled import CompiledBanks, LazySourceMap
from quiz_app.bank.data import Choice, Question, plain
from quiz_app.bank.loader import id_clashes, load_banks
from quiz_app.checker.cache import cache_key, proof_cache
from quiz_app.checker.run_check import CheckOptions, run_check
from tests.helpers.banks import minimal_bank

CLAIMED = """\
title: Claimed
questions:
  - id: relu-at-one
    prompt: What is ReLU at 1?
    function: Max(0, x)
    at: 1
    choices:
      - text: "1"
        correct: true
        claims: {value: 1}
      - text: "0"
        claims: {value: 0}
    explanation: ReLU keeps a positive input.
"""


def test_a_field_at_its_default_is_left_out_of_the_cache():
    question = Question(id="q", prompt="p", explanation="e",
                        choices=[Choice(text="a", correct=True), Choice(text="b")])
    assert plain(question) == {"id": "q", "prompt": "p", "explanation": "e",
                               "choices": [{"text": "a", "correct": True}, {"text": "b"}]}


def test_a_cold_load_reads_each_file_once(tmp_path, monkeypatch):
    """Stamped, parsed and cached from the same bytes: the entry is the content it names."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(minimal_bank("Alpha"))
    reads: list[Path] = []
    real_read = yaml_source.read_regular_file
    monkeypatch.setattr(yaml_source, "read_regular_file",
                        lambda path: reads.append(path) or real_read(path))
    assert load_banks([bank]).banks[0].bank.title == "Alpha"
    assert reads == [bank]
    [entry] = CompiledBanks.open().entries.values()
    assert entry["size"] == bank.stat().st_size


def test_a_clean_warm_check_reads_no_source_map(tmp_path, monkeypatch):
    """Positions are looked up for a diagnostic only; a clean bank has none."""
    bank = tmp_path / "claimed.yaml"
    bank.write_text(CLAIMED)
    first = run_check([bank], CheckOptions(jobs=1))
    assert (first.errors, first.warnings, first.proved) == (0, 0, 1)
    parsed: list[str] = []
    real_parse = yaml_source.parse_yaml
    monkeypatch.setattr(yaml_source, "parse_yaml",
                        lambda text: parsed.append(text) or real_parse(text))
    warm = run_check([bank], CheckOptions(jobs=1))
    assert (warm.errors, warm.warnings, warm.proved) == (0, 0, 1)
    assert parsed == []


def test_a_wrong_key_is_still_placed_on_its_choice_when_warm(tmp_path):
    bank = tmp_path / "claimed.yaml"
    bank.write_text(CLAIMED.replace('        correct: true\n', '').replace(
        '      - text: "0"\n', '      - text: "0"\n        correct: true\n'))
    cold = run_check([bank], CheckOptions(jobs=1))
    warm_report = run_check([bank], CheckOptions(jobs=1))
    [warm] = load_banks([bank]).all_banks
    assert isinstance(warm.source_map, LazySourceMap)
    assert cold.diagnostics == warm_report.diagnostics
    assert [(d.line, d.col) for d in warm_report.diagnostics] == \
        [warm.choice_position(0, 0), warm.choice_position(0, 1)]


def test_a_proof_entry_is_read_once_per_cache_and_given_out_afresh(monkeypatch):
    cache = proof_cache()
    key = cache_key("claims", ("Max(0, x)", "1", "x", ()), {"value": "1"})
    cache.put(key, {"holds": True, "failures": [], "undecided": []})
    again = proof_cache()
    opened: list[str] = []
    real_read = Path.read_text
    monkeypatch.setattr(Path, "read_text",
                        lambda self, *a, **k: opened.append(self.name) or real_read(self, *a,
                                                                                    **k))
    first = again.get(key)
    assert first == {"holds": True, "failures": [], "undecided": []}
    first["holds"] = False  # a caller's change is its own
    assert again.get(key) == {"holds": True, "failures": [], "undecided": []}
    assert len(opened) == 1


def test_the_discovered_banks_ids_are_compared_through_the_compiled_cache(tmp_path,
                                                                          monkeypatch):
    mine, theirs = tmp_path / "mine.yaml", tmp_path / "theirs.yaml"
    mine.write_text(minimal_bank("Mine", "shared-id"))
    theirs.write_text("# a comment first\n" + minimal_bank("Theirs", "shared-id"))
    checked = load_banks([mine])
    first, compared = id_clashes(checked, [theirs])
    assert compared == 1 and f"{theirs}:4" in first[0].message

    def parse_again(path, raw=None):
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(loader, "load_bank_file", parse_again)
    assert id_clashes(checked, [theirs]) == (first, 1)


def test_the_source_maps_of_the_previous_format_are_removed(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(minimal_bank("Alpha"))
    load_banks([bank])
    banks = CompiledBanks.open().path.parent
    leftover = banks / "maps-0123456789abcdef.json"
    leftover.write_text("{}")
    bank.write_text(minimal_bank("Omega"))
    load_banks([bank])  # a new entry: the cache is written again
    assert not leftover.exists()
