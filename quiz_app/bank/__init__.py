"""The question format: models, loading and validation. Imports neither textual nor sympy."""

from quiz_app.bank.diagnostics import Diagnostic
from quiz_app.bank.loader import LoadedBank, LoadReport, load_bank_file, load_banks
from quiz_app.bank.models import Bank, Choice, Claims, Question

__all__ = ["Bank", "Choice", "Claims", "Diagnostic", "LoadReport", "LoadedBank", "Question",
           "load_bank_file", "load_banks"]
