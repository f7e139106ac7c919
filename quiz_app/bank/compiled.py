"""The compiled bank cache: validated banks kept as plain JSON, so a warm start skips YAML.

ruamel's pure-Python composer and pydantic's validation cost about half a second for the
bundled banks, on every start, for files that rarely change. A file that loaded without an
error is stored here with its data, its source map and its warnings, under its resolved
path, size, mtime and content hash, and the whole cache is keyed on the format version and
a digest of the bank package's source (the models and rules that judged it). A warm load
rebuilds the models with `model_construct` (no validation, no YAML) and gives exactly the
objects a fresh load gives, fields-set included, so content hashes and variants agree.
A changed or new file is parsed normally and re-cached; a file with errors is never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from quiz_app.bank.diagnostics import Diagnostic

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

COMPILED_FORMAT = 1  # bump when the layout of an entry changes
BANK_SOURCE_DIR = Path(__file__).resolve().parent


class CompiledEntry(TypedDict):
    size: int
    mtime_ns: int
    sha256: str
    bank: dict[str, Any]  # Bank.model_dump(exclude_unset=True)
    values: list[list[Any]]  # source map: [data path, [line, col]]
    keys: list[list[Any]]
    warnings: list[dict[str, Any]]


@lru_cache(maxsize=1)
def bank_source_hash() -> str:
    """The models and rules that validated a cached bank: edit them and the cache expires."""
    digest = hashlib.sha256(str(COMPILED_FORMAT).encode())
    for path in sorted(BANK_SOURCE_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


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
            self.entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # no cache, or an unreadable one: everything is a miss

    @classmethod
    def open(cls) -> CompiledBanks:
        return cls(cache_file())

    @staticmethod
    def _fingerprint(path: Path) -> tuple[str, int, int, str] | None:
        try:
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        return str(path.resolve()), stat.st_size, stat.st_mtime_ns, digest

    def get(self, path: Path):
        """(LoadedBank, warnings) exactly as `load_bank_file` gave them, or None on a miss."""
        fingerprint = self._fingerprint(path)
        if fingerprint is None:
            return None
        name, size, mtime_ns, digest = fingerprint
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or (entry.get("size"), entry.get("mtime_ns"),
                                           entry.get("sha256")) != (size, mtime_ns, digest):
            return None
        try:
            return _rebuild(path, entry)
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: Path, loaded, diagnostics: list[Diagnostic]) -> None:
        """Store a file that loaded; a file with any error is never stored."""
        fingerprint = self._fingerprint(path)
        if fingerprint is None or any(d.severity == "error" for d in diagnostics):
            return
        name, size, mtime_ns, digest = fingerprint
        self.entries[name] = {
            "size": size, "mtime_ns": mtime_ns, "sha256": digest,
            "bank": loaded.bank.model_dump(mode="json", exclude_unset=True),
            "values": [[list(k), list(v)] for k, v in loaded.source_map.values.items()],
            "keys": [[list(k), list(v)] for k, v in loaded.source_map.keys.items()],
            "warnings": [asdict(d) for d in diagnostics],
        }
        self.dirty = True

    def save(self) -> None:
        """Atomically (temp file + rename): a killed process never leaves half a cache."""
        if not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.entries, handle)
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass  # a cache that cannot be written only costs time


def _rebuild(path: Path, entry: CompiledEntry):
    from quiz_app.bank.loader import LoadedBank
    from quiz_app.bank.yaml_source import SourceMap

    source_map = SourceMap(
        values={tuple(k): (v[0], v[1]) for k, v in entry["values"]},
        keys={tuple(k): (v[0], v[1]) for k, v in entry["keys"]})
    warnings = [Diagnostic(**d) for d in entry["warnings"]]
    return LoadedBank(path, bank_from_plain(entry["bank"]), source_map), warnings


def _construct(model: type[M], values: dict[str, Any]) -> M:
    """What pydantic's `model_construct` does, minus its per-call signature inspection of
    default factories (a third of a warm start): fields as given, defaults for the rest,
    and fields-set exactly the keys given. tests/test_compiled_banks.py holds it to
    `model_validate`'s result, field by field and fields-set by fields-set."""
    data = {}
    for name, info in model.model_fields.items():
        if name in values:
            data[name] = values[name]
        elif info.default_factory is not None:
            data[name] = info.default_factory()  # type: ignore[call-arg]
        else:
            data[name] = info.default
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", data)
    object.__setattr__(instance, "__pydantic_fields_set__", set(values))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance


def bank_from_plain(data: dict[str, Any]):
    """The Bank a validated dump came from, rebuilt without validation (it already passed)."""
    from quiz_app.bank.models import Bank, Choice, Claims, KnownAnswer, ParamRange, Question

    def choice(raw: dict) -> Choice:
        values = dict(raw)
        if isinstance(values.get("claims"), dict):
            values["claims"] = _construct(Claims, values["claims"])
        return _construct(Choice, values)

    def question(raw: dict) -> Question:
        values = dict(raw)
        for name in ("accept", "reject"):
            if name in values:
                values[name] = [_construct(KnownAnswer, k) for k in values[name]]
        if "choices" in values:
            values["choices"] = [choice(c) for c in values["choices"]]
        if "params" in values:
            values["params"] = {
                name: _construct(ParamRange, spec) if isinstance(spec, dict) else spec
                for name, spec in values["params"].items()}
        return _construct(Question, values)

    values = dict(data)
    values["questions"] = [question(q) for q in values["questions"]]
    return _construct(Bank, values)
