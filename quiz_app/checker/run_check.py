"""`relu-quiz check` as a function: load the banks, lint them, prove the answer keys.

It lives in the checker (which may use the bank, never the reverse) so that the CLI stays a
thin shell and tests call exactly what users run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quiz_app.bank.diagnostics import Diagnostic
from quiz_app.bank.loader import id_clashes, load_banks

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CheckOptions:
    prove: bool = True
    use_cache: bool = True
    jobs: int | None = None
    timeout: float = 10.0
    strict: bool = False


@dataclass
class CheckReport:
    files: int = 0
    questions: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    proved: int = 0
    without_claims: int = 0
    undecided: int = 0
    unproved: list[tuple[str, str]] = field(default_factory=list)  # (id, the author's reason)
    strict: bool = False
    compared_files: int | None = None  # discovered bank files whose ids were compared

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)

    def unproved_lines(self) -> list[str]:
        """One line per question whose author said why its key cannot be proved."""
        return [f"unproved: {qid}: {reason}" for qid, reason in self.unproved]

    def summary_line(self) -> str:
        line = (f"{self.files} files, {self.questions} questions: {self.errors} errors, "
                f"{self.warnings} warnings; {self.proved} proved, {self.without_claims} "
                f"without claims, {self.undecided} undecided, {len(self.unproved)} unproved "
                "with a reason")
        if self.compared_files is not None:  # first, so the counts stay the last line
            line = (f"ids compared with {self.compared_files} discovered bank files "
                    "(--alone skips this)\n" + line)
        return line

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "questions": self.questions,
            "errors": self.errors,
            "warnings": self.warnings,
            "proved": self.proved,
            "without_claims": self.without_claims,
            "undecided": self.undecided,
            "unproved_with_reason": len(self.unproved),
            "unproved": [{"id": qid, "reason": reason} for qid, reason in self.unproved],
            "ids_compared_with_discovered_files": self.compared_files,
            "ok": not self.failed,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def _choice_tests(banks):
    """Choice questions' tests need no sympy, so they run even with --no-proofs."""
    from quiz_app.bank.variants import VariantError, expand
    from quiz_app.checker.question_tests import run_choice_tests

    for loaded in banks:
        for index, template in enumerate(loaded.bank.questions):
            if template.free_answer:
                continue
            try:
                variants = expand(template)
            except VariantError:
                continue  # reported by the loader's rules
            for variant in variants:
                yield from run_choice_tests(loaded, index, variant.question, variant.label)


def run_check(paths: Sequence[Path], options: CheckOptions = CheckOptions(),
              progress: Progress | None = None,
              used_with: Sequence[Path] | None = None) -> CheckReport:
    """Check `paths`; `used_with` are the banks they will be loaded with (the discovered
    ones), whose ids they must not reuse: progress is stored by id, so a clash would mix
    two questions' histories. None checks the files alone."""
    loaded = load_banks(paths)
    questions = sum(len(lb.bank.questions) for lb in loaded.all_banks)
    report = CheckReport(files=len(loaded.files), questions=questions,
                         diagnostics=list(loaded.diagnostics), strict=options.strict)
    if used_with is not None:
        clashes, report.compared_files = id_clashes(loaded, used_with)
        report.diagnostics.extend(clashes)
    report.diagnostics.extend(_choice_tests(loaded.banks))
    if options.prove:
        from quiz_app.checker.keys import prove_keys

        outcome = prove_keys(loaded.all_banks, options, progress)
        report.diagnostics.extend(outcome.diagnostics)
        report.proved, report.without_claims, report.undecided = (
            outcome.proved, outcome.without_claims, outcome.undecided)
        report.unproved = outcome.unproved
    else:
        report.without_claims = report.questions
    if options.strict:
        report.diagnostics = [
            Diagnostic(d.path, d.line, d.col, "error", d.message, d.question_id)
            if d.severity == "warning" else d for d in report.diagnostics]
    # one line per problem, even when several variants of a question share it
    report.diagnostics = sorted(set(report.diagnostics), key=lambda d: (d.path, d.line, d.col,
                                                                         d.message))
    return report
