"""A review card checked the way FSRS will use it, before it is ever stored.

`Card.from_dict` takes almost anything: a NaN or negative stability, a step of "a", a due
date without a time zone. The damage shows later, at the next answer to that question
("not saved: cannot convert float NaN to integer"), and at every answer after it. So each
field is checked against the range FSRS itself works in, and then the card is reviewed once
with each rating, as the next answer would; what is stored is FSRS's own serialisation of
it, in UTC, like the cards the app writes.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from typing import Any

MAX_STABILITY = 1e7  # days; FSRS caps intervals at 36,500
MIN_DIFFICULTY, MAX_DIFFICULTY = 1.0, 10.0  # fsrs.scheduler's own bounds
MAX_STEP = 1000


def _number(state: dict, key: str, low: float, high: float) -> float | None:
    value = state.get(key)
    if value is None:
        return None
    if type(value) not in (int, float) or not math.isfinite(value) or \
            not low <= value <= high:
        raise ValueError(f"{key} must be a number from {low:g} to {high:g}, not {value!r}")
    return float(value)


def _moment(state: dict, key: str) -> datetime | None:
    text = state.get(key)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValueError(f"{key} must be an ISO 8601 date and time with a time zone, "
                         f"not {text!r}")
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(f"{key} is out of range: {text!r}") from None


def usable_card(state: Any) -> str:
    """The card as FSRS's JSON, or ValueError naming the first field FSRS could not use."""
    from fsrs import Card, Rating, State

    if not isinstance(state, dict):
        raise ValueError("an FSRS card is a JSON object")
    missing = [key for key in ("card_id", "state", "due") if key not in state]
    if missing:
        raise ValueError(f"not an FSRS card: {', '.join(missing)} missing")
    card_id = state["card_id"]
    if type(card_id) is not int or not 0 <= card_id < 2**63:
        raise ValueError(f"card_id must be a whole number from 0 to 2**63 - 1, not "
                         f"{card_id!r}")
    kind = state["state"]
    if type(kind) is not int or kind not in {s.value for s in State}:
        raise ValueError(f"state must be one of {sorted(s.value for s in State)} (learning, "
                         f"review, relearning), not {kind!r}")
    step = state.get("step")
    if step is not None and (type(step) is not int or not 0 <= step <= MAX_STEP):
        raise ValueError(f"step must be a whole number from 0 to {MAX_STEP}, not {step!r}")
    if kind == State.Relearning and step is None:
        raise ValueError("step is needed by a relearning card")
    stability = _number(state, "stability", 0.001, MAX_STABILITY)
    difficulty = _number(state, "difficulty", MIN_DIFFICULTY, MAX_DIFFICULTY)
    if kind != State.Learning and (stability is None or difficulty is None):
        raise ValueError("stability and difficulty are needed by a card past learning")
    due = _moment(state, "due")
    last_review = _moment(state, "last_review")
    assert due is not None
    if last_review is not None and last_review > due:
        raise ValueError("last_review is after due: FSRS never schedules a card backwards")
    card = Card(card_id, State(kind), step, stability, difficulty, due, last_review)
    now = datetime.now(timezone.utc)
    for rating in Rating:  # what the next answer will do, whichever it is
        try:
            after, _ = _scheduler().review_card(card, rating, now)
            json.dumps(after.to_dict(), allow_nan=False)
        except Exception as exc:  # noqa: BLE001 (any failure here is the card's)
            raise ValueError(f"FSRS cannot review this card ({type(exc).__name__}: "
                             f"{exc})") from None
    return json.dumps(card.to_dict())


_SCHEDULER: list = []


def _scheduler():
    """One scheduler for every card of an import (its default settings, no fuzzing)."""
    if not _SCHEDULER:
        from fsrs import Scheduler

        _SCHEDULER.append(Scheduler(enable_fuzzing=False))
    return _SCHEDULER[0]
