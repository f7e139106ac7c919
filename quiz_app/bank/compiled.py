"""The compiled bank cache: validated banks kept as plain JSON, so a warm start skips YAML.

ruamel's pure-Python composer and pydantic's validation cost about half a second for the
bundled banks, on every start, for files that rarely change. A file that loaded without an
error is stored here with its data and its warnings, under its resolved path, size, mtime
and content hash, and the whole cache is keyed on the format version and a digest of the
bank package's source, the models and rules that judged it (quiz_app.bank.code_version).
The cache is never the source of truth: each entry keeps its data as JSON text sealed
(quiz_app.bank.sealing) with the file it came from, that file's SHA-256 and the code that
validated it, and an entry whose seal does not verify (edited, damaged, or written by other
code) is a miss, so its file is validated again from its YAML and re-cached. An entry holds
the bank as the loader hands it on (quiz_app.bank.data's dataclasses; a field at its
default is left out, see data.plain), so a warm load builds the very same dataclasses (no
pydantic, no YAML, no validation) and content hashes and variants agree. A changed or new
file is parsed normally and re-cached; a file with errors is never cached.

The source map (where each value sits in the file) is not stored: only a lint or a proof
that reports a position reads it, and it is read again from the file's text (the very text
whose SHA-256 the entry was checked against) when first asked for (LazySourceMap). libyaml
reads a bank in about the time JSON would take to read its positions, and a clean warm
`check` or a quiz's start asks for none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypedDict, TypeVar

from quiz_app.bank.code_version import bank_source_hash
from quiz_app.bank.data import (
    AutodiffClaim,
    Bank,
    Choice,
    Claims,
    KnownAnswer,
    LoadedBank,
    ParamRange,
    Question,
    QuestionTest,
    plain,
)
from quiz_app.bank.diagnostics import Diagnostic
from quiz_app.bank.files import Stamp, save_json
from quiz_app.bank.sealing import is_sealed, seal
from quiz_app.bank.yaml_source import DataPath, SourceMap, YamlSourceError, decode_text


class CompiledEntry(TypedDict):
    size: int
    mtime_ns: int
    sha256: str
    payload: str  # JSON text: {"bank": plain(data.Bank), "warnings": [Diagnostic as dict]}
    seal: str  # sealed("bank", name, sha256, payload)


def sealed(kind: str, name: str, sha256: str, payload: str) -> str:
    """The seal binds the JSON text to its file, that file's content and this code."""
    return seal(kind, name, sha256, bank_source_hash(), payload)


def unsealed(kind: str, name: str, entry: object, sha256: str) -> Any:
    """The payload of a cache entry for the content `sha256`; ValueError unless its seal
    verifies (so nothing in it was changed since this code wrote it)."""
    if not isinstance(entry, dict) or entry.get("sha256") != sha256:
        raise ValueError("no entry for this content")
    payload = entry.get("payload")
    if not isinstance(payload, str) or not is_sealed(
            entry.get("seal"), kind, name, sha256, bank_source_hash(), payload):
        raise ValueError("the entry's seal does not verify")
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("not an entry")
    return data


def cache_file() -> Path:
    from quiz_app.bank.discovery import cache_dir

    return cache_dir() / "banks" / f"compiled-{bank_source_hash()}.json"


class CompiledBanks:
    """The cache file in memory: `get` a file's load result, `put` a good one, `save`."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, CompiledEntry] = {}
        self.dirty = False
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = None  # no cache, or an unreadable one: everything is a miss
        if isinstance(entries, dict):
            self.entries = entries

    @classmethod
    def open(cls) -> CompiledBanks:
        return cls(cache_file())

    def get(self, path: Path, stamped: tuple[Stamp, bytes]
            ) -> tuple[LoadedBank, list[Diagnostic]] | None:
        """(LoadedBank, warnings) exactly as `load_bank_file` gave them for the file `path`
        as `stamp` read it (its stamp and bytes), or None on a miss."""
        (name, *unchanged), raw = stamped
        digest = stamped[0].sha256
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or [entry.get("size"), entry.get("mtime_ns"),
                                           entry.get("sha256")] != unchanged:
            return None
        try:  # the text as the loader reads it (lints point inside it)
            data = unsealed("bank", name, entry, digest)
            text = decode_text(raw)
            return _rebuild(path, data, text, LazySourceMap(text))
        except (KeyError, TypeError, ValueError, YamlSourceError):
            return None

    def put(self, stamped: Stamp, loaded: LoadedBank, diagnostics: list[Diagnostic]) -> None:
        """Store a file that loaded from the bytes `stamped` describes; a file with any
        error is never stored."""
        if any(d.severity == "error" for d in diagnostics):
            return
        name, size, mtime_ns, digest = stamped
        payload = json.dumps({"bank": plain(loaded.bank),
                              "warnings": [asdict(d) for d in diagnostics]})
        self.entries[name] = {"size": size, "mtime_ns": mtime_ns, "sha256": digest,
                              "payload": payload,
                              "seal": sealed("bank", name, digest, payload)}
        self.dirty = True

    def save(self) -> None:
        if self.dirty:
            save_json(self.path, self.entries, stale="compiled-*.json")
            for old in self.path.parent.glob("maps-*.json"):  # format 4's source maps
                with suppress(OSError):
                    old.unlink()
            self.dirty = False


class LazySourceMap(SourceMap):
    """A cached bank's source map, read from its text (as the loader read the file, and
    checked against the entry's SHA-256) by the YAML parser when first asked for."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._loaded: SourceMap | None = None

    def _load(self) -> SourceMap:
        if self._loaded is None:
            from quiz_app.bank.yaml_source import parse_yaml

            self._loaded = parse_yaml(self._text).source_map
        return self._loaded

    # read-write like SourceMap's fields, so a LazySourceMap is a SourceMap in every use
    @property
    def values(self) -> dict[DataPath, tuple[int, int]]:
        return self._load().values

    @values.setter
    def values(self, positions: dict[DataPath, tuple[int, int]]) -> None:
        self._load().values = positions

    @property
    def keys(self) -> dict[DataPath, tuple[int, int]]:
        return self._load().keys

    @keys.setter
    def keys(self, positions: dict[DataPath, tuple[int, int]]) -> None:
        self._load().keys = positions

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceMap):
            return (self.values, self.keys) == (other.values, other.keys)
        return NotImplemented  # and, defining __eq__, it is unhashable like SourceMap

    def __repr__(self) -> str:
        return f"LazySourceMap(read={self._loaded is not None})"


def _rebuild(path: Path, data: dict[str, Any], text: str, source_map: SourceMap
             ) -> tuple[LoadedBank, list[Diagnostic]]:
    warnings = [Diagnostic(**d) for d in data["warnings"]]
    return LoadedBank(path, _build(Bank, data["bank"]), source_map, text), warnings


T = TypeVar("T")


def _build(kind: type[T], value: dict[str, Any]) -> T:
    """The dataclass `kind` from its `plain` JSON (sealed by this code, so complete: a
    field left out is at its default)."""
    nested = _NESTED.get(kind)
    if nested is None:
        return kind(**value)
    return kind(**{name: nested[name](item) if name in nested else item
                   for name, item in value.items()})


def _list_of(kind: type) -> Callable[[list[Any]], list[Any]]:
    return lambda items: [_build(kind, item) for item in items]


def _params(params: dict[str, Any]) -> dict[str, list[str] | ParamRange]:
    return {name: _build(ParamRange, spec) if isinstance(spec, dict) else list(spec)
            for name, spec in params.items()}


_NESTED: dict[type, dict[str, Callable[[Any], Any]]] = {
    Bank: {"questions": _list_of(Question)},
    Question: {"choices": _list_of(Choice), "accept": _list_of(KnownAnswer),
               "reject": _list_of(KnownAnswer), "tests": _list_of(QuestionTest),
               "params": _params},
    Choice: {"claims": lambda claims: None if claims is None else _build(Claims, claims)},
    Claims: {"written": tuple, "autodiff": lambda claims: None if claims is None
             else _list_of(AutodiffClaim)(claims)},
}
