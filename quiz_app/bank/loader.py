"""Load bank files, turning every failure into a positioned Diagnostic.

A file is validated by the pydantic models of the format (quiz_app.bank.models) and handed
on as plain dataclasses (quiz_app.bank.data), or comes from the compiled cache as those
same dataclasses without pydantic. A bad file never stops the others: each file is loaded on
its own and contributes either a Bank or diagnostics, and the cross-file rule (unique ids)
runs over whatever loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quiz_app.bank.compiled import CompiledBanks
from quiz_app.bank.data import CLAIM_NAMES, LoadedBank, Question
from quiz_app.bank.diagnostics import Diagnostic, error, warning
from quiz_app.bank.files import Cancelled, Stopped, expand_paths, find_banks, stamp
from quiz_app.bank.yaml_source import SourceMap

if TYPE_CHECKING:  # pydantic loads only when a file must be validated (a cache miss)
    from pydantic import BaseModel, ValidationError

    from quiz_app.bank import models

__all__ = ["LoadReport", "LoadedBank", "id_clashes", "load_bank_file", "load_banks",
           "load_cached_banks"]


@dataclass
class LoadReport:
    """`banks` are the banks fit for use (the app, `take`, `export`, stats): a bank with an
    error-level diagnostic is moved to `rejected`, which only `check` looks into, so one bad
    question can never crash a quiz or an export."""

    banks: list[LoadedBank] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    rejected: list[LoadedBank] = field(default_factory=list)

    @property
    def questions(self) -> list[tuple[LoadedBank, int, Question]]:
        return [(lb, i, q) for lb in self.banks for i, q in enumerate(lb.bank.questions)]

    @property
    def all_banks(self) -> list[LoadedBank]:
        """Usable and rejected banks alike, for `check` to report on every question."""
        return self.banks + self.rejected

    @property
    def failed_files(self) -> list[str]:
        loaded = {str(lb.path) for lb in self.banks}
        return sorted({d.path for d in self.diagnostics
                       if d.severity == "error" and d.path not in loaded})


def load_banks(paths: Sequence[Path], use_cache: bool = True,
               cancelled: Cancelled | None = None) -> LoadReport:
    """Every file's bank or diagnostics; files unchanged since they last loaded cleanly come
    from the compiled cache (quiz_app.bank.compiled), without YAML or validation.

    `cancelled` is asked between folders and files, and True raises Stopped: the app's
    loading thread must end with the app, not finish a long load for no one."""
    report = _load(paths, use_cache, parse_misses=True, cancelled=cancelled)
    assert report is not None
    return report


def load_cached_banks(paths: Sequence[Path]) -> LoadReport | None:
    """What load_banks gives, when every file is in the compiled cache (a few milliseconds,
    so a quiz can be built before the first frame); None as soon as a file would have to be
    parsed, which the caller then does off the event loop."""
    return _load(paths, True, parse_misses=False)


def _load(paths: Sequence[Path], use_cache: bool, parse_misses: bool,
          cancelled: Cancelled | None = None) -> LoadReport | None:
    found = find_banks(paths, cancelled=cancelled)
    report = LoadReport(files=found.files,
                        diagnostics=[warning(where, 1, 1, why) for where, why in found.warnings])
    compiled = CompiledBanks.open() if use_cache else None
    for path in report.files:
        if cancelled is not None and cancelled():
            raise Stopped("stopped while loading the banks")
        # read once: stamped, then on a miss parsed and cached under that very stamp
        stamped = stamp(path) if compiled is not None else None
        hit = compiled.get(path, stamped) if compiled is not None and stamped else None
        loaded: LoadedBank | None
        if hit is not None:
            loaded, diagnostics = hit
        elif not parse_misses:
            return None
        else:
            loaded, diagnostics = load_bank_file(path, stamped[1] if stamped else None)
            if compiled is not None and stamped and loaded is not None:
                compiled.put(stamped[0], loaded, diagnostics)
        report.diagnostics.extend(diagnostics)
        if loaded is not None:
            report.banks.append(loaded)
    if compiled is not None:
        compiled.save()
    report.diagnostics.extend(_duplicate_ids(report.banks))
    failing = {d.path for d in report.diagnostics if d.severity == "error"}
    report.rejected = [lb for lb in report.banks if str(lb.path) in failing]
    report.banks = [lb for lb in report.banks if str(lb.path) not in failing]
    return report


def load_bank_file(path: Path, raw: bytes | None = None
                   ) -> tuple[LoadedBank | None, list[Diagnostic]]:
    """The bank in `path` (or in `raw`, its bytes, when the caller has read them already)."""
    from pydantic import ValidationError

    from quiz_app.bank import lint
    from quiz_app.bank.models import Bank, bank_data
    from quiz_app.bank.yaml_source import YamlSourceError, decode_text, parse_yaml, read_text

    try:
        text = read_text(path) if raw is None else decode_text(raw)
        document = parse_yaml(text)
    except YamlSourceError as exc:
        return None, [error(path, exc.line, exc.col, exc.message, excerpt=exc.excerpt)]
    except OSError as exc:
        return None, [error(path, 1, 1, f"cannot read file: {exc.strerror or exc}")]
    if document.duplicate_keys:
        return None, [error(path, e.line, e.col, e.message) for e in document.duplicate_keys]
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__.replace("list", "a list").replace("str", "a string")
        message = f"top level must be a mapping with `title` and `questions`, not {kind}"
        return None, [error(path, 1, 1, message)]
    hidden = list(lint.control_characters(path, text, document.data, document.source_map))
    try:
        bank = Bank.model_validate(document.data)
    except ValidationError as exc:
        return None, hidden + _schema_diagnostics(path, exc, document.data,
                                                  document.source_map)
    loaded = LoadedBank(path, bank_data(bank), document.source_map, text)
    return loaded, (hidden + list(_choice_rules(loaded, bank))
                    + list(lint.todo_warnings(path, document.data, document.source_map)))


def _question_id_at(data: dict, loc: tuple) -> str | None:
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = data.get("questions")
        if isinstance(questions, list) and loc[1] < len(questions):
            entry = questions[loc[1]]
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                return entry["id"]
    return None


def _model_at(loc: tuple) -> type[BaseModel]:
    from quiz_app.bank import models

    names = [p for p in loc if isinstance(p, str)]
    if "claims" in names:
        return models.Claims
    if "choices" in names:
        return models.Choice
    return models.Question if "questions" in names else models.Bank


def _schema_diagnostics(path, exc: ValidationError, data: dict, source: SourceMap):
    diagnostics = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        qid = _question_id_at(data, loc)
        where = ".".join(str(p) for p in loc) or "top level"
        kind = err["type"]
        if kind == "extra_forbidden":
            import difflib

            key = str(loc[-1])
            known = list(_model_at(loc[:-1]).model_fields)
            close = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            line, col = source.key_at(loc)
            message = f"unknown key '{key}'{hint}"
            if "claims" in loc[:-1] and "autodiff" not in loc[:-1]:
                message = (f"unknown claim '{key}'{hint}; the claims are: "
                           + ", ".join(CLAIM_NAMES))
        elif kind == "missing":
            line, col = source.value_at(loc[:-1])
            message = f"missing required key '{loc[-1]}'" + (
                f" in {'.'.join(str(p) for p in loc[:-1])}" if len(loc) > 1 else "")
        else:
            line, col = source.value_at(loc)
            message = f"{where}: {err['msg']}"
        diagnostics.append(error(path, line, col, message, qid))
    return diagnostics


def _choice_rules(loaded: LoadedBank, validated: models.Bank):
    """`validated` is the model `loaded` was made from: it knows which keys were written."""
    from quiz_app.bank import lint
    from quiz_app.bank.variants import VariantError, expand

    for index, question in enumerate(loaded.bank.questions):
        try:
            assignments = [variant.values for variant in expand(question)]
        except VariantError as exc:
            line, col = loaded.source_map.value_at(("questions", index, "params"))
            yield error(loaded.path, line, col, f"params: {exc}", question.id)
            assignments = []
        yield from lint.test_rules(loaded, index, question)
        yield from lint.duplicate_choice_texts(loaded, index, question, assignments)
        yield from lint.cut_by_comments(loaded, index, question)
        yield from lint.placeholders(loaded, index, question, assignments)
        if question.variable in question.params:
            line, col = loaded.source_map.value_at(("questions", index, "params"))
            yield error(loaded.path, line, col, f"'{question.variable}' is the variable, not a "
                        "parameter", question.id)
        if question.free_answer:
            yield from _free_answer_rules(loaded, index, question)
            continue
        correct = sum(choice.correct for choice in question.choices)
        line, col = loaded.source_map.key_at(("questions", index, "choices"))
        if len(question.choices) < 2:
            line, col = loaded.source_map.value_at(("questions", index))
            yield error(loaded.path, line, col, f"a {question.type}-answer question needs at "
                        f"least two choices, found {len(question.choices)}", question.id)
            continue
        stray = [k for k in ("answer", "answer_fact", "tolerance", "forbid", "accept", "reject")
                 if k in validated.questions[index].model_fields_set]
        if stray:
            line, col = loaded.source_map.key_at(("questions", index, stray[0]))
            yield error(loaded.path, line, col, f"'{stray[0]}' belongs to numeric and "
                        f"expression questions, not to a {question.type} one", question.id)
        if question.type == "single" and correct != 1:
            message = f"a single-answer question needs exactly one correct choice, found {correct}"
            yield error(loaded.path, line, col, message, question.id)
        elif question.type == "multiple" and correct < 1:
            yield error(loaded.path, line, col,
                        "a multiple-answer question needs at least one correct choice",
                        question.id)


def _free_answer_rules(loaded: LoadedBank, index: int, question: Question):
    where = ("questions", index)
    line, col = loaded.source_map.value_at(where)
    if question.choices:
        line, col = loaded.source_map.key_at((*where, "choices"))
        yield error(loaded.path, line, col, f"a {question.type} question takes a typed answer, "
                    "not choices", question.id)
    if question.answer is None and question.answer_fact is None:
        yield error(loaded.path, line, col, f"a {question.type} question needs `answer` or "
                    "`answer_fact` (with both, check proves the answer is the fact)",
                    question.id)
    if question.answer_fact is not None and question.function is None:
        line, col = loaded.source_map.key_at((*where, "answer_fact"))
        yield error(loaded.path, line, col, "`answer_fact` needs the question's `function`",
                    question.id)
    if question.tolerance is not None and question.type != "numeric":
        line, col = loaded.source_map.key_at((*where, "tolerance"))
        yield error(loaded.path, line, col, "`tolerance` applies to numeric questions only",
                    question.id)


def _duplicate_ids(banks: list[LoadedBank]):
    """Positions are looked up for a duplicate only: a cached bank's source map is read
    from its own file when first asked for (quiz_app.bank.compiled.LazySourceMap)."""
    first_seen: dict[str, tuple[LoadedBank, int]] = {}
    for loaded in banks:
        for index, question in enumerate(loaded.bank.questions):
            if question.id not in first_seen:
                first_seen[question.id] = (loaded, index)
                continue
            first, first_index = first_seen[question.id]
            first_line, _ = first.source_map.value_at(("questions", first_index, "id"))
            line, col = loaded.source_map.value_at(("questions", index, "id"))
            yield error(loaded.path, line, col,
                        f"duplicate question id '{question.id}' (first defined at "
                        f"{first.path}:{first_line})", question.id)


def id_clashes(checked: LoadReport, used_with: Sequence[Path]) -> tuple[list[Diagnostic], int]:
    """Ids in the checked banks that the banks they will be used with already have.

    Files that are both checked and discovered are compared once, as the checked copy.
    Returns the diagnostics and how many other bank files were compared.
    """
    mine = {f.resolve() for f in checked.files}
    others = [f for f in expand_paths(used_with) if f.resolve() not in mine]
    where: dict[str, tuple[LoadedBank, int]] = {}
    # through the compiled cache; their own faults are for their own check
    discovered = load_banks(others)
    in_order = {path: number for number, path in enumerate(discovered.files)}
    for other in sorted(discovered.all_banks, key=lambda lb: in_order[lb.path]):
        for index, question in enumerate(other.bank.questions):
            where.setdefault(question.id, (other, index))
    diagnostics = []
    for loaded, index, question in checked.questions:
        if question.id in where:
            other, other_index = where[question.id]
            other_line, _ = other.source_map.value_at(("questions", other_index, "id"))
            line, col = loaded.source_map.value_at(("questions", index, "id"))
            diagnostics.append(error(loaded.path, line, col, f"question id '{question.id}' "
                                     f"is also used by {other.path}:{other_line} (a "
                                     "discovered bank); ids must be unique across the banks "
                                     "used together", question.id))
    return diagnostics, len(others)
