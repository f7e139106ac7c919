"""The one home of "close enough" for numbers: graders, the checker and exports share it.

A typed numeric answer within the question's `tolerance` is right; sample-point comparison
allows only float noise; exports to formats that need a tolerance (GIFT, Moodle numerical)
use the question's, else a relative one small enough to mean "exact". Written once so the
quiz, `check` and a Moodle import can never disagree on what counts as equal.
"""

from __future__ import annotations

FLOAT_NOISE = 1e-9  # relative: what 20-digit evaluation of two equal values may differ by


def within(value, target, tolerance: float | None = None) -> bool:
    """|value − target| ≤ tolerance; with no tolerance, equal up to float noise.

    Works on floats, complex numbers and sympy Floats alike (only `-`, `abs` and `<=`).
    """
    allowed = tolerance if tolerance is not None else FLOAT_NOISE * (1 + abs(target))
    return bool(abs(value - target) <= allowed)


def export_tolerance(tolerance: float | None, value: float) -> float:
    """The tolerance written into an export: the question's, else "exact" for a float."""
    return tolerance if tolerance is not None else max(abs(value) * 1e-6, FLOAT_NOISE)
