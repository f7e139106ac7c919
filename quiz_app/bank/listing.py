"""What the home screen lists, kept small so the banks are listed in the first frame.

The home screen needs only each bank's title and its questions' ids and topics, and the
problems of the files that failed. A full load pays the loader's imports and reads the whole
compiled cache first, on the start's critical path and competing with the first paint for
the interpreter. This listing is trusted only while every bank file has the stamp it was
made from and the bank code is the same, and it costs about a millisecond. The full load
still runs, just after the first frame; its listing replaces this one, and is saved when it
differs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quiz_app.bank.code_version import bank_source_hash
from quiz_app.bank.files import (
    Cancelled,
    Stamp,
    Stopped,
    TooManyEntries,
    expand_paths,
    save_json,
    stamp,
)

if TYPE_CHECKING:
    from quiz_app.bank.loader import LoadReport

MAX_PROBLEMS = 10  # a folder of broken files names the first ten; the count says the rest
# Past this many directory entries the listing is not worth its wait: the loader lists them.
MAX_ENTRIES = 1000


@dataclass(frozen=True)
class ListedBank:
    path: str
    title: str
    questions: tuple[tuple[str, str], ...]  # (id, topic), in the file's order


@dataclass(frozen=True)
class BankListing:
    banks: tuple[ListedBank, ...]
    failed_files: int = 0
    problems: tuple[str, ...] = ()  # the failed files' errors, formatted

    @classmethod
    def from_report(cls, report: LoadReport) -> BankListing:
        failed = report.failed_files
        return cls(
            banks=tuple(ListedBank(str(lb.path), lb.bank.title,
                                   tuple((q.id, lb.bank.topic_of(q)) for q in lb.bank.questions))
                        for lb in report.banks),
            failed_files=len(failed),
            problems=tuple(d.format() for d in report.diagnostics
                           if d.path in failed)[:MAX_PROBLEMS])

    @property
    def question_ids(self) -> list[str]:
        return [qid for bank in self.banks for qid, _ in bank.questions]

    def topics(self) -> dict[str, list[str]]:
        """Topic → question ids, topics in the order they first appear."""
        topics: dict[str, list[str]] = {}
        for bank in self.banks:
            for qid, topic in bank.questions:
                topics.setdefault(topic, []).append(qid)
        return topics


def current_stamps(paths: list[Path], cancelled: Cancelled | None = None) -> list[Stamp] | None:
    """Every bank file's stamp, or None when one cannot be read (the loader reports it) or
    the folders hold too much to check quickly. `cancelled` as in load_banks (Stopped)."""
    try:
        files = expand_paths(paths, limit=MAX_ENTRIES, cancelled=cancelled)
    except TooManyEntries:
        return None
    stamps = []
    for file in files:
        if cancelled is not None and cancelled():
            raise Stopped("stopped while stamping the banks")
        stamped = stamp(file)
        if stamped is None:
            return None
        stamps.append(stamped[0])
    return stamps


def stamped_load(paths: list[Path], stamped: bool, cancelled: Cancelled,
                 ) -> tuple[list[Stamp] | None, LoadReport | None]:
    """The app's load: the stamps first (when `stamped`; see save_listing for why before),
    then the banks; no report when `cancelled` stopped it (the app quit, a newer load)."""
    from quiz_app.bank.loader import load_banks

    try:
        stamps = current_stamps(paths, cancelled) if stamped else None
        return stamps, load_banks(paths, cancelled=cancelled)
    except Stopped:
        return None, None


def listing_file() -> Path:
    from quiz_app.bank.discovery import cache_dir

    return cache_dir() / "banks" / f"listing-{bank_source_hash()}.json"


def cached_listing(paths: list[Path]) -> BankListing | None:
    """The listing saved for exactly these files as they are now, else None."""
    try:
        saved = json.loads(listing_file().read_text(encoding="utf-8"))
        stamps = current_stamps(paths)
        if stamps is None or saved["stamps"] != [list(s) for s in stamps]:
            return None
        banks = tuple(ListedBank(b["path"], b["title"], tuple(map(tuple, b["questions"])))
                      for b in saved["listing"]["banks"])
        return BankListing(banks, int(saved["listing"]["failed_files"]),
                           tuple(saved["listing"]["problems"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no listing yet, or one from a damaged file: the full load lists


def save_listing(stamps: list[Stamp] | None, listing: BankListing) -> None:
    """Under the stamps taken *before* the load: a file edited during the load then no
    longer matches, so a listing of its old content is never trusted."""
    if stamps is not None:
        save_json(listing_file(), {"stamps": [list(s) for s in stamps],
                                   "listing": asdict(listing)}, stale="listing-*.json")
