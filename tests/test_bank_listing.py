"""The home screen's cached listing: exactly what a full load lists, and never stale.

The listing lets home show the banks in its first frame, before the loader runs. It is
worth that only if it can never show what a full load would not: so every change to a bank
file (even one that keeps the size and mtime), a new or removed file, a damaged listing
file and a change to the bank code must each make it a miss.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from quiz_app.bank.listing import (
    BankListing,
    cached_listing,
    current_stamps,
    listing_file,
    save_listing,
)
from quiz_app.bank.loader import load_banks
from tests.conftest import FIXTURES, REPO
from tests.helpers.banks import minimal_bank as _bank


def _load_and_save(paths: list[Path]) -> BankListing:
    """What the app's loading worker does: stamps first, then the load, then the save."""
    stamps = current_stamps(paths)
    listing = BankListing.from_report(load_banks(paths))
    save_listing(stamps, listing)
    return listing


def test_the_bundled_listing_is_what_a_full_load_lists():
    paths = [REPO / "questions"]
    assert cached_listing(paths) is None  # nothing saved yet
    listing = _load_and_save(paths)
    assert cached_listing(paths) == listing
    report = load_banks(paths)
    assert [b.title for b in listing.banks] == [lb.bank.title for lb in report.banks]
    assert listing.question_ids == [q.id for _, _, q in report.questions]
    assert sum(map(len, listing.topics().values())) == len(report.questions)
    assert listing.failed_files == 0 and listing.problems == ()


def test_a_file_changed_with_the_same_size_and_mtime_is_a_miss(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Alpha"))
    _load_and_save([bank])
    info = bank.stat()
    bank.write_text(_bank("Omega"))  # the same length
    os.utime(bank, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert bank.stat().st_size == info.st_size
    assert cached_listing([bank]) is None
    assert [b.title for b in _load_and_save([bank]).banks] == ["Omega"]
    assert [b.title for b in cached_listing([bank]).banks] == ["Omega"]


@pytest.mark.parametrize("change", ["add", "remove", "rename"])
def test_a_new_removed_or_renamed_file_is_a_miss(tmp_path, change):
    (tmp_path / "a.yaml").write_text(_bank("A", "qa"))
    (tmp_path / "b.yaml").write_text(_bank("B", "qb"))
    _load_and_save([tmp_path])
    assert cached_listing([tmp_path]) is not None
    if change == "add":
        (tmp_path / "c.yaml").write_text(_bank("C", "qc"))
    elif change == "remove":
        (tmp_path / "b.yaml").unlink()
    else:
        (tmp_path / "b.yaml").rename(tmp_path / "z.yaml")
    assert cached_listing([tmp_path]) is None


def test_a_file_edited_during_the_load_is_not_trusted_afterwards(tmp_path):
    """The stamps are taken before the load: a listing of the old text under the new
    file's stamp would be shown at the next start."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Alpha"))
    stamps = current_stamps([bank])
    listing = BankListing.from_report(load_banks([bank]))
    bank.write_text(_bank("Beta, edited"))
    save_listing(stamps, listing)
    assert cached_listing([bank]) is None


def test_the_problems_of_a_broken_file_are_listed_and_kept(tmp_path):
    shutil.copy(FIXTURES / "bad" / "unknown-key.yaml", tmp_path / "bad.yaml")
    (tmp_path / "good.yaml").write_text(_bank("Good"))
    listing = _load_and_save([tmp_path])
    assert listing.failed_files == 1
    assert listing.problems and all("bad.yaml:" in p for p in listing.problems)
    assert [b.title for b in listing.banks] == ["Good"]
    assert cached_listing([tmp_path]) == listing


@pytest.mark.parametrize("damage", ["{ not json", "[]", '{"stamps": 3}', ""])
def test_a_damaged_listing_file_is_a_miss(tmp_path, damage):
    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Alpha"))
    _load_and_save([bank])
    listing_file().write_text(damage)
    assert cached_listing([bank]) is None


def test_an_unreadable_bank_file_is_a_miss(tmp_path):
    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Alpha"))
    _load_and_save([tmp_path])
    os.mkfifo(tmp_path / "pipe.yaml")  # the loader reports it; the listing never reads it
    assert cached_listing([tmp_path]) is None


def test_editing_the_bank_code_expires_the_listing(tmp_path, monkeypatch):
    from quiz_app.bank import code_version

    bank = tmp_path / "bank.yaml"
    bank.write_text(_bank("Alpha"))
    _load_and_save([bank])
    source = tmp_path / "src"
    source.mkdir()
    for path in code_version.BANK_SOURCE_DIR.glob("*.py"):
        shutil.copy(path, source / path.name)
    (source / "listing.py").write_text((source / "listing.py").read_text() + "\n# edited\n")
    monkeypatch.setattr(code_version, "BANK_SOURCE_DIR", Path(source))
    code_version.bank_source_hash.cache_clear()
    try:
        assert cached_listing([bank]) is None
    finally:
        code_version.bank_source_hash.cache_clear()


def test_a_folder_too_big_to_check_quickly_is_never_listed_from_the_cache(tmp_path,
                                                                          monkeypatch):
    from quiz_app.bank import listing

    (tmp_path / "bank.yaml").write_text(_bank("Alpha"))
    for n in range(5):
        (tmp_path / f"note-{n}.txt").write_text("not a bank")
    _load_and_save([tmp_path])
    assert cached_listing([tmp_path]) is not None
    monkeypatch.setattr(listing, "MAX_ENTRIES", 5)  # six entries: one too many
    assert cached_listing([tmp_path]) is None
    assert current_stamps([tmp_path]) is None
