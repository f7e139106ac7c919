"""Spaced review with FSRS, rated from the answer itself rather than by self-grading.

wrong → Again; right with hints or slowly → Hard; right → Good; right, fast and without
hints → Easy. "Fast" and "slow" are relative to a reading-time estimate of the question, so
a long question is not penalised for being long. The factors and the desired retention are
settings (see docs/study.md).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fsrs import Card, Rating, Scheduler

if TYPE_CHECKING:
    from quiz_app.bank.data import Question


WORDS_PER_SECOND = 3.5  # an unhurried reading pace for short technical text
BASE_SECONDS = 4.0  # to look at the options and press a key


@dataclass(frozen=True)
class ReviewSettings:
    desired_retention: float = 0.9
    fast_factor: float = 1.0  # at most this × the estimate, no hints: Easy
    slow_factor: float = 3.0  # more than this × the estimate: Hard

    @classmethod
    def from_environment(cls) -> ReviewSettings:
        """RELU_QUIZ_RETENTION, RELU_QUIZ_FAST_FACTOR and RELU_QUIZ_SLOW_FACTOR override."""
        def number(name: str, default: float) -> float:
            try:
                return float(os.environ.get(name, default))
            except ValueError:
                return default

        retention = min(0.99, max(0.7, number("RELU_QUIZ_RETENTION", cls.desired_retention)))
        return cls(retention, number("RELU_QUIZ_FAST_FACTOR", cls.fast_factor),
                   number("RELU_QUIZ_SLOW_FACTOR", cls.slow_factor))


def reading_seconds(question: Question) -> float:
    words = len(question.prompt.split()) + sum(len(c.text.split()) for c in question.choices)
    return BASE_SECONDS + words / WORDS_PER_SECOND


def rating_for(correct: bool, hints_used: int, seconds: float, expected_seconds: float,
               settings: ReviewSettings = ReviewSettings()) -> Rating:
    if not correct:
        return Rating.Again
    if hints_used or seconds > settings.slow_factor * expected_seconds:
        return Rating.Hard
    if seconds <= settings.fast_factor * expected_seconds:
        return Rating.Easy
    return Rating.Good


class Reviewer:
    """Turns an answer into the card's next FSRS state and its review log (plain dicts)."""

    def __init__(self, settings: ReviewSettings | None = None):
        self.settings = settings or ReviewSettings.from_environment()
        self.scheduler = Scheduler(desired_retention=self.settings.desired_retention,
                                   enable_fuzzing=False)

    def schedule_for(self, question: Question, correct: bool, hints_used: int,
                     seconds: float):
        rating = rating_for(correct, hints_used, seconds, reading_seconds(question),
                            self.settings)

        def schedule(card_state: dict | None, when: datetime) -> tuple[dict, dict]:
            card = Card.from_dict(card_state) if card_state else Card(due=when)  # type: ignore[arg-type]
            card, log = self.scheduler.review_card(card, rating, when,
                                                   review_duration=int(seconds * 1000))
            return dict(card.to_dict()), dict(log.to_dict())

        return schedule
