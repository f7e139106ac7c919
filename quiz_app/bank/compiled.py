"""The compiled bank cache: validated banks kept as plain JSON, so a warm start skips YAML.

ruamel's pure-Python composer and pydantic's validation cost about half a second for the
bundled banks, on every start, for files that rarely change. A file that loaded without an
error is stored here with its data, its source map and its warnings, under its resolved
path, size, mtime and content hash, and the whole cache is keyed on the format version and
a digest of the bank package's source (the models and rules that judged it). The cache is
never the source of truth: each entry keeps its data as JSON text sealed (quiz_app.bank.
sealing) with the file it came from, that file's SHA-256 and the code that validated it,
and an entry whose seal does not verify (edited, damaged, or written by other code) is a
miss, so its file is validated again from its YAML and re-cached. A warm load
rebuilds each model as a plain `Record` (no pydantic, no YAML, no validation) with the same
fields, fields-set and behaviour as a fresh load, so content hashes and variants agree.
A changed or new file is parsed normally and re-cached; a file with errors is never cached.

The source maps (where each value sits in the file) are as big as the banks, and only a
lint or a proof that reports a position reads them: they live in a file of their own, read
on first use (LazySourceMap), so a quiz's start parses half as much JSON.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar

from quiz_app.bank.behaviour import BankBehaviour, ClaimsBehaviour, QuestionBehaviour
from quiz_app.bank.diagnostics import Diagnostic
from quiz_app.bank.files import save_json, stamp
from quiz_app.bank.sealing import is_sealed, seal
from quiz_app.bank.yaml_source import SourceMap

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

COMPILED_FORMAT = 3  # bump when the layout of an entry changes
BANK_SOURCE_DIR = Path(__file__).resolve().parent


class CompiledEntry(TypedDict):
    size: int
    mtime_ns: int
    sha256: str
    payload: str  # JSON text: {"bank": encode(Bank), "warnings": [Diagnostic as a dict]}
    seal: str  # sealed("bank", name, sha256, payload)


class MapsEntry(TypedDict):  # in the maps file, under the same name
    sha256: str
    payload: str  # JSON text: {"values": [[data path, [line, col]]], "keys": [...]}
    seal: str  # sealed("maps", name, sha256, payload)


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


def maps_file_for(path: Path) -> Path:
    return path.with_name(path.name.replace("compiled-", "maps-", 1))


class CompiledBanks:
    """The cache file in memory: `get` a file's load result, `put` a good one, `save`."""

    def __init__(self, path: Path):
        self.path = path
        self.maps_path = maps_file_for(path)
        self.entries: dict[str, CompiledEntry] = {}
        self.new_maps: dict[str, MapsEntry] = {}
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

    def get(self, path: Path):
        """(LoadedBank, warnings) exactly as `load_bank_file` gave them, or None on a miss."""
        stamped = stamp(path)
        if stamped is None:
            return None
        (name, *unchanged), raw = stamped
        digest = stamped[0].sha256
        entry = self.entries.get(name)
        if not isinstance(entry, dict) or [entry.get("size"), entry.get("mtime_ns"),
                                           entry.get("sha256")] != unchanged:
            return None
        try:  # the text as the loader reads it (lints point inside it), decoded once more
            data = unsealed("bank", name, entry, digest)
            return _rebuild(path, data, raw.decode("utf-8").removeprefix("\ufeff"),
                            LazySourceMap(self.maps_path, name, digest, path))
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: Path, loaded, diagnostics: list[Diagnostic]) -> None:
        """Store a file that loaded; a file with any error is never stored."""
        stamped = stamp(path)
        if stamped is None or any(d.severity == "error" for d in diagnostics):
            return
        name, size, mtime_ns, digest = stamped[0]
        payload = json.dumps({"bank": encode(loaded.bank),
                              "warnings": [asdict(d) for d in diagnostics]})
        self.entries[name] = {"size": size, "mtime_ns": mtime_ns, "sha256": digest,
                              "payload": payload,
                              "seal": sealed("bank", name, digest, payload)}
        maps = json.dumps({
            "values": [[list(k), list(v)] for k, v in loaded.source_map.values.items()],
            "keys": [[list(k), list(v)] for k, v in loaded.source_map.keys.items()]})
        self.new_maps[name] = {"sha256": digest, "payload": maps,
                               "seal": sealed("maps", name, digest, maps)}
        self.dirty = True

    def save(self) -> None:
        """The maps first: a bank whose maps were not written reads them from its YAML."""
        if self.new_maps:
            save_json(self.maps_path, {**_read_maps(self.maps_path), **self.new_maps},
                      stale="maps-*.json")
            _read_maps.cache_clear()
            self.new_maps = {}
        if self.dirty:
            save_json(self.path, self.entries, stale="compiled-*.json")
            self.dirty = False


@lru_cache(maxsize=2)
def _read_maps(path: Path) -> dict[str, MapsEntry]:
    try:
        maps = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return maps if isinstance(maps, dict) else {}


class LazySourceMap(SourceMap):
    """A cached bank's source map, read from the maps file when first asked for. When the
    maps file has no sealed entry for this very content (lost, damaged, or written by other
code), the
    positions come from parsing the file's YAML again, as a fresh load would."""

    def __init__(self, maps_path: Path, name: str, sha256: str, bank_path: Path) -> None:
        self._where = (maps_path, name, sha256, bank_path)
        self._loaded: SourceMap | None = None

    def _load(self) -> SourceMap:
        if self._loaded is None:
            maps_path, name, sha256, bank_path = self._where
            try:
                entry = unsealed("maps", name, _read_maps(maps_path).get(name), sha256)
                self._loaded = SourceMap(
                    values={tuple(k): (v[0], v[1]) for k, v in entry["values"]},
                    keys={tuple(k): (v[0], v[1]) for k, v in entry["keys"]})
            except (KeyError, TypeError, ValueError, IndexError):
                from quiz_app.bank.yaml_source import parse_yaml, read_text

                self._loaded = parse_yaml(read_text(bank_path)).source_map
        return self._loaded

    @property
    def values(self) -> dict:  # type: ignore[override]
        return self._load().values

    @property
    def keys(self) -> dict:  # type: ignore[override]
        return self._load().keys

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceMap):
            return (self.values, self.keys) == (other.values, other.keys)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LazySourceMap({self._where[1]!r})"


def _rebuild(path: Path, data: dict[str, Any], text: str, source_map: SourceMap):
    from quiz_app.bank.loader import LoadedBank

    warnings = [Diagnostic(**d) for d in data["warnings"]]
    bank = decode(data["bank"])
    if not isinstance(bank, BankRecord):
        raise ValueError("not a bank")
    return LoadedBank(path, bank, source_map, text), warnings  # type: ignore[arg-type]


MODEL_TAG = "__model__"
SET_TAG = "__set__"


def encode(value: Any) -> Any:
    """A validated model as JSON: every field in order, tagged with its class and the
    fields the author set (so defaults and `stated()` come back exactly)."""
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        encoded = {MODEL_TAG: type(value).__name__, SET_TAG: sorted(value.model_fields_set)}
        encoded.update({name: encode(getattr(value, name)) for name in fields})
        return encoded
    if isinstance(value, Record):
        return encode(value.to_model())
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    return value


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        if MODEL_TAG in value:
            kind = record_class(value[MODEL_TAG])
            values = {k: decode(v) for k, v in value.items() if k not in (MODEL_TAG, SET_TAG)}
            return kind(values, frozenset(value[SET_TAG]))
        return {key: decode(item) for key, item in value.items()}
    return value


class Record:
    """A validated model's data, read back without pydantic: the same attributes, the same
    behaviour (quiz_app.bank.behaviour), and `model_copy` for variants. Anything else a
    pydantic model offers (`model_dump_json`, …) is answered by the real model, built on
    demand from these values without validating them again."""

    __slots__ = ("_values", "_fields_set", "_model")
    MODEL = ""

    def __init__(self, values: dict[str, Any], fields_set: frozenset[str]):
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_fields_set", fields_set)
        object.__setattr__(self, "_model", None)

    def __getattr__(self, name: str) -> Any:
        values = object.__getattribute__(self, "_values")
        if name in values:
            return values[name]
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.to_model(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} is frozen, like the model it stands for")

    @property
    def model_fields_set(self) -> set[str]:
        return set(self._fields_set)

    def model_copy(self, update: dict[str, Any] | None = None, deep: bool = False):
        """As pydantic's: the updated fields count as set."""
        update = update or {}
        return type(self)({**self._values, **update}, self._fields_set | set(update))

    def to_model(self):
        """The pydantic model these values came from (imports pydantic)."""
        if self._model is None:
            from quiz_app.bank import models

            values = {name: _to_model(value) for name, value in self._values.items()}
            model = _construct(getattr(models, self.MODEL), values, self._fields_set)
            object.__setattr__(self, "_model", model)
        return self._model

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return type(self) is type(other) and self._values == other._values \
                and self._fields_set == other._fields_set
        if hasattr(type(other), "model_fields"):
            return self.to_model() == other
        return NotImplemented

    # as unhashable as the model, whose fields hold lists
    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        """copy and pickle rebuild through __init__ (attribute assignment is refused)."""
        return type(self), (self._values, self._fields_set)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"{self.MODEL}({shown})"


def _to_model(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_model()
    if isinstance(value, list):
        return [_to_model(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_model(item) for key, item in value.items()}
    return value


class BankRecord(Record, BankBehaviour):
    __slots__ = ()
    MODEL = "Bank"


class QuestionRecord(Record, QuestionBehaviour):
    __slots__ = ()
    MODEL = "Question"


class ClaimsRecord(Record, ClaimsBehaviour):
    __slots__ = ()
    MODEL = "Claims"


class ChoiceRecord(Record):
    __slots__ = ()
    MODEL = "Choice"


class KnownAnswerRecord(Record):
    __slots__ = ()
    MODEL = "KnownAnswer"


class ParamRangeRecord(Record):
    __slots__ = ()
    MODEL = "ParamRange"


RECORDS: dict[str, type[Record]] = {kind.MODEL: kind for kind in (
    BankRecord, QuestionRecord, ClaimsRecord, ChoiceRecord, KnownAnswerRecord, ParamRangeRecord)}


def record_class(model_name: str) -> type[Record]:
    """The record for a model. One without behaviour of its own here (QuestionTest, or a
    model added to the format later) gets a plain record: its methods, if any, are answered
    by the real model through `Record.__getattr__`. The cache file is keyed on this
    package's source, so it only ever names models this code defines."""
    if model_name not in RECORDS:
        RECORDS[model_name] = type(f"{model_name}Record", (Record,),
                                   {"__slots__": (), "MODEL": model_name})
    return RECORDS[model_name]


def _construct(model: type[M], values: dict[str, Any], fields_set: frozenset[str]) -> M:
    """pydantic's `model_construct` without its per-call inspection of default factories:
    the values given (already validated once), and exactly the fields-set given."""
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", values)
    object.__setattr__(instance, "__pydantic_fields_set__", set(fields_set))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance
