"""Time for each stage of an analysis, so one slow stage cannot take the others with it."""

from __future__ import annotations

from quiz_app.checker.facts import Fact
from quiz_app.checker.probe import OutOfTime, time_budget

STAGE_RESERVE = 0.5  # at most this many seconds are kept back for each later stage


class Stages:
    """Time for each stage of an analysis: a stage may use what is left, minus a reserve
    for every stage after it, so a slow f′ cannot take f(a) or the limits of f with it."""

    def __init__(self, seconds: float | None, count: int):
        import time

        self.clock = time.monotonic
        self.deadline = None if seconds is None else self.clock() + seconds
        self.left = count
        # what each later stage is guaranteed; earlier stages (f(a), then the limits of f)
        # may use everything else
        self.reserve = 0.0 if seconds is None else min(STAGE_RESERVE, seconds / (4 * count))

    def run(self, compute, on_timeout):
        self.left = max(self.left - 1, 0)
        if self.deadline is None:
            return compute()
        remaining = self.deadline - self.clock()
        share = max(remaining / (self.left + 1), remaining - self.reserve * self.left, 0.05)
        try:
            with time_budget(share):
                return compute()
        except OutOfTime:
            return on_timeout(Fact("undecided", reason=f"time limit ({share:.1f} s for this "
                                                       "step)"))
