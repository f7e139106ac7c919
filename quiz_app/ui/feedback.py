"""What the quiz says after an answer, as data: the screen renders it for its state.

Lines that name the right answer are kept apart from the rest, so while a retry is open the
screen can show the mark and the feedback on the wrong pick without giving the key away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from quiz_app.bank.letters import option_letter
from quiz_app.study.session import Answer
from quiz_app.ui.mathtext import escape, render_markup


@dataclass(frozen=True)
class Outcome:
    mark: str  # "✓ Correct." / "✗ Not quite." / "✗ Skipped."
    yours: str  # "You answered b) …" / "You typed …"
    key: str  # "Correct: d) …" / "A right answer: …" (names the answer)
    feedback: list[str] = field(default_factory=list)  # may be shown during a retry
    held_back: list[str] = field(default_factory=list)  # feedback that names the answer
    next_review: str = ""
    # A wrong multiple answer, pick by pick: what was right, what was wrongly picked and how
    # many right options were missed; `picks_named` names the missed ones (the key) too.
    picks: str = ""
    picks_named: str = ""

    def before_reveal(self) -> list[str]:
        lines = [self.mark, self.yours, *self._picks(self.picks), *self.feedback]
        return lines + ([self.next_review] if self.next_review else [])

    def revealed(self) -> list[str]:
        yours = self.yours if self.mark.startswith("✓") else f"{self.yours} · {self.key}"
        lines = [self.mark, yours, *self._picks(self.picks_named), *self.feedback,
                 *self.held_back]
        return lines + ([self.next_review] if self.next_review else [])

    def first_try(self) -> str:
        """The retry's reminder of the first answer. A multiple answer is marked pick by pick,
        so a right pick in a wrong set is never shown ✗."""
        first = self.yours.removeprefix("You answered ").removeprefix("You typed ")
        return f"First try: {first}\n{self.picks}" if self.picks else f"First try: {first} ✗"

    @staticmethod
    def _picks(line: str) -> list[str]:
        return [line] if line else []


def shown_letters(order: tuple[int, ...], bank_indices) -> str:
    """The letters the student saw for these options (bank indices), in shown order."""
    positions = sorted(order.index(i) for i in bank_indices)
    return ", ".join(f"{option_letter(p)})" for p in positions)


def _options(question, order: tuple[int, ...], bank_indices) -> str:
    positions = sorted(order.index(i) for i in bank_indices)
    return ", ".join(f"{option_letter(p)}) {render_markup(question.choices[order[p]].text)}"
                     for p in positions)


def _names_answer(text: str, answer_texts: list[str]) -> bool:
    lowered = text.lower()
    return any(answer.lower() in lowered for answer in answer_texts if len(answer) > 2)


def _mark(answer: Answer) -> str:
    if answer.skipped:
        return "✗ Skipped (I don't know)."
    if answer.correct:
        return "✓ Correct, on the retry (½)." if answer.retried else "✓ Correct."
    return "✗ Not quite."


def choice_outcome(answer: Answer, order: tuple[int, ...]) -> Outcome:
    question = answer.item.question
    correct = [i for i, c in enumerate(question.choices) if c.correct]
    answer_texts = [question.choices[i].text for i in correct]
    yours = "You did not answer." if answer.skipped else \
        f"You answered {_options(question, order, answer.picked)}"
    feedback: list[str] = []
    held_back: list[str] = []
    for index in sorted(answer.picked, key=order.index):
        text = question.choices[index].feedback
        if text:
            line = render_markup(text)
            (held_back if _names_answer(text, answer_texts) and index not in correct
             else feedback).append(line)
    picks, picks_named = _pick_lines(question, order, answer, set(correct))
    return Outcome(_mark(answer), yours, f"Correct: {_options(question, order, correct)}",
                   feedback, held_back, picks=picks, picks_named=picks_named)


def _pick_lines(question, order: tuple[int, ...], answer: Answer, correct: set[int]) \
        -> tuple[str, str]:
    """"✓ right: a) · ✗ wrongly picked: c) · 1 right option missed" for a wrong multiple
    answer: a partly right set is not all wrong, and what is missing is said, not left to
    guess. Before the reveal the missed options are counted; after it, named."""
    if question.type != "multiple" or answer.correct or answer.skipped:
        return "", ""
    right, wrong = answer.picked & correct, answer.picked - correct
    missed = correct - answer.picked
    parts = [f"✓ right: {shown_letters(order, right)}"] if right else []
    parts += [f"✗ wrongly picked: {shown_letters(order, wrong)}"] if wrong else []
    counted = [f"{len(missed)} right option{'s' * (len(missed) != 1)} missed"] if missed else []
    named = [f"missed: {shown_letters(order, missed)}"] if missed else []
    return " · ".join(parts + counted), " · ".join(parts + named)


def typed_outcome(answer: Answer, key: str, interpreted: str = "", message: str = "",
                  feedback: str | None = None) -> Outcome:
    """The student's text is shown literally; the key in a teacher's notation (∞, and the
    author's decimals where the author wrote decimals)."""
    from quiz_app.checker.words import key_words, wrote_decimals

    question = answer.item.question
    if answer.skipped:
        yours = "You did not answer."
    else:
        read = f" (read as {escape(interpreted)}: {escape(message)})" if interpreted else ""
        yours = f"You typed {escape(answer.response)}{read}"
    lines: list[str] = []
    held: list[str] = []
    if feedback:  # a known wrong answer's feedback is written for it: shown with the mark,
        # unless it spells the key out (as a choice's feedback that names the answer)
        (held if _names_answer(feedback, [key]) else lines).append(render_markup(feedback))
    shown_key = key_words(key, wrote_decimals(question.answer, question.function))
    return Outcome(_mark(answer), yours, f"A right answer: {escape(shown_key)}", lines, held)


def next_review_text(due: datetime | None, now: datetime | None = None) -> str:
    """"Next review in 3 days": when the scheduler brings this card back."""
    if due is None:
        return ""
    now = now or datetime.now(timezone.utc)
    seconds = (due - now).total_seconds()
    if seconds < 3600:
        minutes = max(1, round(seconds / 60))
        return f"Next review in {minutes} minute{'s' * (minutes != 1)}."
    if seconds < 86400:
        hours = round(seconds / 3600)
        return f"Next review in {hours} hour{'s' * (hours != 1)}."
    days = round(seconds / 86400)
    return f"Next review in {days} day{'s' * (days != 1)}."
