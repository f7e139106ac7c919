"""A quiz in progress: which questions, in what order, what was answered, the score.

Pure logic with no UI so the Textual screens, the tests and (later) the progress store all
share one definition of "right", of the score and of the per-topic summary.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from quiz_app.bank.answers import is_right, option_order
from quiz_app.bank.loader import LoadedBank
from quiz_app.study import SessionKind

if TYPE_CHECKING:
    from quiz_app.bank.data import Question

RETRY_CREDIT = 0.5  # a wrong pick may be retried once; a right retry earns half


@dataclass(frozen=True)
class QuizItem:
    question: Question
    topic: str
    bank_title: str
    bank_path: str
    variant: str = ""  # "alpha=0.1" when the question is parametric
    again: int = 0  # how many times this session asked it before (a missed one comes back)


@dataclass(frozen=True)
class Answer:
    item: QuizItem
    picked: frozenset[int]
    correct: bool
    hints_used: int = 0
    response: str = ""  # what was typed, for numeric and expression questions
    retried: bool = False
    skipped: bool = False  # "I don't know": wrong for scheduling, without a guess

    @property
    def credit(self) -> float:
        """1 for right first time; RETRY_CREDIT for right on the one retry (as STACK does)."""
        return (RETRY_CREDIT if self.retried else 1.0) if self.correct else 0.0


def items_from(banks: Sequence[LoadedBank], topic: str | None = None,
               bank_path: str | None = None, seed: int | None = None) -> list[QuizItem]:
    """The questions to ask; a parametric one appears as one variant, picked by the seed."""
    from quiz_app.bank.variants import VariantError, expand

    items = []
    for loaded in banks:
        if bank_path is not None and str(loaded.path) != bank_path:
            continue
        for question in loaded.bank.questions:
            item_topic = loaded.bank.topic_of(question)
            if topic is not None and item_topic != topic:
                continue
            try:
                variants = expand(question)
            except VariantError:  # the loader drops such banks; a stray one is skipped
                continue
            # the seeded pick of one of several (a lone variant needs no generator, ~5 µs)
            variant = variants[0] if len(variants) == 1 else \
                random.Random(f"{seed}:{question.id}").choice(variants)
            items.append(QuizItem(variant.question, item_topic, loaded.bank.title,
                                  str(loaded.path), variant.label))
    return items


@dataclass
class QuizSession:
    items: list[QuizItem]
    answers: list[Answer] = field(default_factory=list)
    kind: SessionKind = "quiz"
    seed: int | None = None
    session_id: str | None = None  # set once the progress store knows the session
    name: str = ""  # what "Resume" calls it: "Study now", "Topic: continuity", …
    # The option order shown for each item (indices into the bank's choices), stored with
    # the session so a resume shows the same letters. Empty: the bank's order.
    orders: list[tuple[int, ...]] = field(default_factory=list)
    # Graded answers taken back with undo, by item position: they still count, so the
    # retake is graded as the one retry (half credit), never as a fresh first answer.
    taken_back: dict[int, Answer] = field(default_factory=dict)
    # What the question on screen had when the session was left (a resume): hints shown
    # and seconds spent, carried into its answer, since both set its grade and schedule.
    carried_hints: int = 0
    carried_seconds: float = 0.0

    @classmethod
    def build(cls, items: Sequence[QuizItem], count: int | None = None, shuffle: bool = True,
              seed: int | None = None, kind: SessionKind = "quiz", name: str = "",
              order_items: bool = True,
              last_orders: dict[str, tuple[int, ...]] | None = None) -> QuizSession:
        """`shuffle` shuffles the options (and, with `order_items`, the questions too);
        `last_orders` are the orders shown last time, which the new ones differ from."""
        chosen = list(items)
        if shuffle and order_items:
            random.Random(seed).shuffle(chosen)
        if count is not None:
            chosen = chosen[:count]
        session = cls(chosen, seed=seed, kind=kind, name=name)
        if shuffle:
            last = last_orders or {}
            session.orders = [option_order(item.question,
                                           random.Random(f"{seed}:{item.question.id}:options"),
                                           last.get(item.question.id, ()))
                              for item in chosen]
        return session

    def order_of(self, item_index: int) -> tuple[int, ...]:
        """Shown position → index into the bank's choices, for the item at `item_index`."""
        choices = len(self.items[item_index].question.choices)
        if item_index < len(self.orders) and len(self.orders[item_index]) == choices:
            return tuple(self.orders[item_index])
        return tuple(range(choices))

    @property
    def index(self) -> int:
        return len(self.answers)

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    @property
    def current(self) -> QuizItem | None:
        return None if self.finished else self.items[self.index]

    @property
    def score(self) -> float:
        return sum(a.credit for a in self.answers)

    def can_retry(self) -> bool:
        return bool(self.answers) and not self.answers[-1].correct \
            and not self.answers[-1].retried

    def retry(self, picked: frozenset[int], hints_used: int = 0, *,
              graded_right: bool | None = None, response: str = "") -> Answer:
        """The one second try at the last question; it replaces the first answer's score."""
        if not self.can_retry():
            raise ValueError("no retry available")
        item = self.answers[-1].item
        right = is_right(item.question, picked) if graded_right is None else graded_right
        result = Answer(item, frozenset(picked), right, hints_used, response, retried=True)
        self.answers[-1] = result
        return result

    def answer(self, picked: frozenset[int], hints_used: int = 0, *,
               graded_right: bool | None = None, response: str = "") -> Answer:
        """Choices are marked here; a typed answer arrives already graded by the checker."""
        item = self.current
        if item is None:
            raise IndexError("the quiz is over")
        right = is_right(item.question, picked) if graded_right is None else graded_right
        retake = len(self.answers) in self.taken_back
        result = Answer(item, frozenset(picked), right, hints_used, response, retried=retake)
        self.answers.append(result)
        return result

    def skip(self, hints_used: int = 0) -> Answer:
        """"I don't know": an answer with no pick, wrong for the score and the schedule."""
        item = self.current
        if item is None:
            raise IndexError("the quiz is over")
        retake = len(self.answers) in self.taken_back  # declines the retake: a wrong retry
        result = Answer(item, frozenset(), False, hints_used, retried=retake, skipped=True)
        self.answers.append(result)
        return result

    def requeue(self, index: int, gap: int) -> int:
        """The item at `index` asked again `gap` questions later (or last), as a learning
        step: a new occurrence (`again` + 1), with its options in a fresh order. Returns
        where it went."""
        item = self.items[index]
        position = min(index + 1 + gap, len(self.items))
        self.items.insert(position, replace(item, again=item.again + 1))
        if self.orders:
            previous = self.order_of(index)
            rng = random.Random(f"{self.seed}:{item.question.id}:again:{item.again + 1}")
            self.orders.insert(position, option_order(item.question, rng, previous))
        return position

    def undo(self) -> Answer | None:
        """Take back the last answer; its question becomes the current one again.

        A skip is taken back whole. A graded answer still counts (undo would otherwise
        farm credit: wrong, undo, right gave full marks): its retake is the retry, for half
        credit at most, and the schedule keeps the first answer (a lapse if it was wrong).
        """
        if not self.answers:
            return None
        answer = self.answers.pop()
        if not answer.skipped:
            self.taken_back.setdefault(len(self.answers), answer)
        return answer

    def by_topic(self) -> dict[str, tuple[float, int]]:
        """topic → (credit, answered), in the order topics were first met (a right retry
        counts ½)."""
        table: dict[str, tuple[float, int]] = {}
        for a in self.answers:
            right, total = table.get(a.item.topic, (0, 0))
            table[a.item.topic] = (right + a.credit, total + 1)
        return table

    def missed(self) -> list[Answer]:
        return [a for a in self.answers if not a.correct]
