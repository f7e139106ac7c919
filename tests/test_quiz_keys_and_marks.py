"""The quiz screen's keys and marks, tested over their classes rather than one example each
(issue 28, items 6, 7, 8 and 10, and the footer):

- every first key typed into an empty, focused answer box is the box's (item 8);
- on questions with 2 to 8 options every option letter picks its option, no command shown
  in the footer has an option's letter, and the flag key flags (item 10);
- a table of multiple-answer picks: what was wrongly picked and what was missed, worked out
  from the question's `correct` flags, and a right pick is never shown ✗ (item 6);
- every known wrong answer (`reject:`) of the typed banks shows its feedback with the mark,
  before `n` (item 7);
- the footer fits 80 columns without a command twice (the quiz in each state, its summary
  and home), and the "how to answer" line goes once the question is answered or skipped.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Footer, Input

from quiz_app.bank.letters import option_letter
from quiz_app.bank.loader import load_banks
from quiz_app.study.session import QuizSession, items_from
from quiz_app.ui.app import create_app
from quiz_app.ui.config import AppConfig
from quiz_app.ui.mathtext import render_markup
from quiz_app.ui.screens.flag import FlagScreen
from quiz_app.ui.screens.home import HomeScreen
from quiz_app.ui.screens.quiz import Phase, QuizScreen
from quiz_app.ui.screens.summary import SummaryScreen
from quiz_app.ui.widgets.choices import ChoiceList
from tests.conftest import FIXTURES, REPO
from tests.helpers.pilot import text_of, wait_for, wait_for_box, wait_for_question

TYPED = FIXTURES / "ui" / "typed.yaml"
MULTIPLE = FIXTURES / "ui" / "multiple.yaml"
QUIZ = FIXTURES / "ui" / "quiz.yaml"
TYPED_BANKS = [TYPED, REPO / "questions" / "10-typed-answers.yaml"]
WIDTH = 80


def labels(app) -> list[str]:
    choices = app.screen.query_one(ChoiceList)
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


# --- item 8: the answer box keeps every key typed into it --------------------------------

FIRST_KEYS = [*string.ascii_lowercase, *string.digits, "!", "?", "*", "("]


async def _every_first_key_stays_in_the_box(app, pilot) -> None:
    screen = app.screen
    box, answered = app.focused, len(screen.session.answers)
    for key in FIRST_KEYS:
        assert box.value == "", key
        await pilot.press(key)
        assert box.value == key, f"{key!r} typed first gave {box.value!r}"
        assert app.screen is screen and app.focused is box, f"{key!r} left the box"
        assert screen.phase is Phase.ASKING and len(screen.session.answers) == answered, key
        assert screen.hints_shown == 0, f"{key!r} showed a hint"
        await pilot.press("backspace")


async def test_every_first_key_typed_into_an_empty_box_is_the_box_s():
    app = create_app(AppConfig(paths=[TYPED], start="take", shuffle=False))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        kinds = []
        for _ in range(2):  # the fixture's numeric question, then its expression question
            await wait_for_box(pilot)
            kinds.append(app.screen.item.question.type)
            await _every_first_key_stays_in_the_box(app, pilot)
            await pilot.press("escape", "k", "n")  # leave the box, skip, next
        assert kinds == ["numeric", "expression"]


# --- item 10: option letters and command keys never collide -------------------------------

def _bank_with_options(folder: Path, count: int) -> Path:
    """A single- and a multiple-answer question with `count` options; option 0 is right."""
    def question(qid: str, kind: str) -> str:
        options = "".join(f"      - text: Option {i}\n" + ("        correct: true\n" if i == 0
                                                            else "")
                          for i in range(count))
        return (f"  - id: {qid}\n    type: {kind}\n    prompt: Pick from {count}.\n"
                f"    hints: [\"Option 0.\"]\n    choices:\n{options}"
                "    explanation: Option 0 by construction.\n")

    path = folder / f"options-{count}.yaml"
    path.write_text("title: Options\ntopic: letters\nquestions:\n"
                    + question(f"many-{count}", "multiple") + question(f"one-{count}", "single"))
    return path


def _footer_keys(screen) -> dict[str, str]:
    """key → action of the bindings the footer shows on `screen`, enabled ones."""
    return {key: active.binding.action for key, active in screen.active_bindings.items()
            if active.binding.show and active.enabled}


@pytest.mark.parametrize("count", range(2, 9))
async def test_every_option_letter_picks_its_option_and_the_flag_key_flags(tmp_path, count):
    app = create_app(AppConfig(paths=[_bank_with_options(tmp_path, count)], start="take",
                               shuffle=False))
    letters = [option_letter(i) for i in range(count)]
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for_question(pilot)
        screen = app.screen
        assert screen.item.question.type == "multiple"
        shown = {app.get_key_display(b.binding) for b in screen.active_bindings.values()
                 if b.binding.show and b.enabled}
        assert not shown & set(letters), f"the footer offers {shown & set(letters)} as commands"
        choices = app.focused
        for position, letter in enumerate(letters):  # each letter ticks its own option
            await pilot.press(letter)
            assert choices.toggled == set(range(position + 1)), letter
            assert labels(app)[position].startswith(f"  {letter}) [x]"), letter
            assert app.screen is screen and screen.hints_shown == 0, letter
        flag = next(k for k, action in _footer_keys(screen).items() if action == "flag")
        await pilot.press(flag)
        await wait_for(pilot, lambda: isinstance(app.screen, FlagScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        assert screen.session.answers == []  # flagging answered nothing
        await pilot.press("enter")  # all ticked: wrong, option 0 alone is right
        await pilot.press("n", "n")
        await wait_for_question(pilot)
        assert screen.item.question.type == "single"
        last = letters[-1]  # the letter most likely to be taken by a command
        await pilot.press(last)
        assert screen.session.answers[-1].picked == frozenset({screen.order[count - 1]})


async def test_an_option_lettered_h_leaves_the_hint_to_f1(tmp_path):
    app = create_app(AppConfig(paths=[_bank_with_options(tmp_path, 8)], start="take",
                               shuffle=False))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for_question(pilot)
        assert text_of(app, "#quiz-hints").endswith("(1 hint(s): F1)")
        await pilot.press("f1")
        assert "Hint 1: Option 0." in text_of(app, "#quiz-hints")
        assert app.focused.toggled == set()


# --- item 6: a multiple answer, pick by pick -----------------------------------------------

# Bank indices of MULTIPLE's options picked; right ones are read from the bank, not here.
PICKS = {
    "one of the right": {0},
    "two of the right": {0, 2},
    "right and wrong": {0, 1},
    "two right, one wrong": {0, 2, 3},
    "only a wrong one": {1},
    "only wrong ones": {1, 3},
    "every right and a wrong one": {0, 1, 2, 4},
    "every option": {0, 1, 2, 3, 4},
}
LETTER = re.compile(r"(?<![a-z])([a-z])\)")


def _letters(order, bank_indices) -> set[str]:
    return {option_letter(order.index(i)) for i in bank_indices}


def _crossed_letters(text: str) -> set[str]:
    """Option letters named in a " · "-separated part of a line that carries ✗."""
    return {letter for line in text.splitlines() for part in line.split(" · ") if "✗" in part
            for letter in LETTER.findall(part)}


def _named_after(text: str, label: str) -> set[str]:
    found = re.search(rf"{label}: ((?:[a-z]\)(?:, )?)+)", text)
    return set(LETTER.findall(found.group(1))) if found else set()


@pytest.mark.parametrize("case", PICKS)
async def test_multiple_answer_picks_say_what_was_wrong_and_what_was_missed(case):
    question = load_banks([MULTIPLE]).banks[0].bank.questions[0]
    right = {i for i, choice in enumerate(question.choices) if choice.correct}
    picked = PICKS[case]
    app = create_app(AppConfig(paths=[MULTIPLE], start="take", seed=5))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for_question(pilot)
        order = app.screen.order
        wrong, missed = _letters(order, picked - right), _letters(order, right - picked)
        right_picks = _letters(order, picked & right)
        await pilot.press(*sorted(_letters(order, picked)), "enter")
        assert app.screen.phase is Phase.RETRY_OFFERED
        offered = text_of(app, "#quiz-result")
        assert offered.startswith("✗ Not quite.")
        assert _named_after(offered, "wrongly picked") == wrong
        assert _named_after(offered, "right") == right_picks
        count = len(missed)
        if count:
            assert f"{count} right option{'s' * (count != 1)} missed" in offered
        else:
            assert "missed" not in offered
        assert "missed: " not in offered  # the missed ones are the key: not yet named
        assert _crossed_letters(offered) == wrong
        await pilot.press("r")
        await wait_for_question(pilot)
        retrying = text_of(app, "#quiz-result")
        assert "First try:" in retrying and _crossed_letters(retrying) == wrong
        await pilot.press("k")  # no second answer: the first one's picks, with the key
        assert app.screen.phase is Phase.REVEALED
        revealed = text_of(app, "#quiz-result")
        assert _named_after(revealed, "missed") == missed
        assert _named_after(revealed, "wrongly picked") == wrong
        assert _crossed_letters(revealed) == wrong
        for position, label in enumerate(labels(app)):
            expected = "✓" if order[position] in right else \
                "✗" if order[position] in picked else " "
            assert label.startswith(f"{expected} {option_letter(position)})"), label


# --- item 7: a known wrong answer's feedback comes with its mark ---------------------------

def _rejects() -> list[tuple[Path, str, str, str]]:
    cases = []
    for bank in TYPED_BANKS:
        for question in load_banks([bank]).banks[0].bank.questions:
            cases += [(bank, question.id, known.answer, known.feedback)
                      for known in question.reject if known.feedback]
    return cases


REJECTS = _rejects()


def test_the_typed_banks_have_known_wrong_answers_of_both_kinds():
    kinds = {q.type for bank in TYPED_BANKS for q in load_banks([bank]).banks[0].bank.questions
             if q.reject}
    assert kinds == {"numeric", "expression"} and len(REJECTS) >= 5


@pytest.mark.parametrize(("bank", "question_id", "typed", "feedback"), REJECTS,
                         ids=[f"{case[1]}:{case[2]}" for case in REJECTS])
async def test_a_known_wrong_answer_shows_its_feedback_with_the_mark(bank, question_id, typed,
                                                                     feedback):
    items = [item for item in items_from(load_banks([bank]).banks)
             if item.question.id == question_id]
    app = create_app(AppConfig(paths=[bank], start="home"))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for(pilot, lambda: app.report is not None)
        app.push_screen(QuizScreen(QuizSession.build(items, shuffle=False)))
        await wait_for_box(pilot)
        await pilot.press(*typed, "enter")
        await wait_for(pilot, lambda: app.screen.phase is not Phase.ASKING, tries=600)
        assert app.screen.phase is Phase.RETRY_OFFERED  # before n: the retry is still open
        result = text_of(app, "#quiz-result")
        assert result.startswith("✗ Not quite.")
        assert Content.from_markup(render_markup(feedback)).plain in result, result


# --- the footer and the line on how to answer ----------------------------------------------

async def _footer_fits(pilot, where: str) -> None:
    """The footer is laid out after the bindings change: measured once it has its keys."""
    app = pilot.app
    screen = app.screen
    await pilot.pause()
    await wait_for(pilot, lambda: len(screen.query_one(Footer).children) > 0)
    shown = [(key, active.binding) for key, active in screen.active_bindings.items()
             if active.binding.show and active.enabled]
    descriptions = [binding.description for _, binding in shown]
    assert len(descriptions) == len(set(descriptions)), f"{where}: {descriptions}"
    enders = [key for key, binding in shown
              if binding.action in {"end_quiz", "quit", "app.quit"}]
    assert len(enders) <= 1, f"{where}: {enders} all end the quiz"  # (none in the box:
    # there every printable key is the box's, and its own line names F1, Ctrl+N and Esc)
    keys = sorted((child.region for child in screen.query_one(Footer).children),
                  key=lambda region: region.x)
    for left, right in zip(keys, keys[1:]):
        assert left.right <= right.x, f"{where}: footer keys overlap at column {right.x}"
    assert keys[-1].right <= WIDTH, where


async def test_the_footer_fits_80_columns_with_each_command_once():
    app = create_app(AppConfig(paths=[QUIZ], start="take", topic="differentiability",
                               shuffle=False))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for_question(pilot)
        await _footer_fits(pilot, "asking")
        await pilot.press("b")  # wrong
        await pilot.pause()
        await _footer_fits(pilot, "retry offered")
        await pilot.press("r")
        await wait_for_question(pilot)
        await _footer_fits(pilot, "retrying")
        await pilot.press("a")
        await pilot.pause()
        await _footer_fits(pilot, "revealed")
        await pilot.press("q", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await _footer_fits(pilot, "summary")
        await pilot.press("h")  # home, where "q Quit ^q Quit ? He" was cut at 80 columns
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and app.screen.query_one(Footer).children)
        await pilot.pause()
        await _footer_fits(pilot, "home")
    typed = create_app(AppConfig(paths=[TYPED], start="take", shuffle=False))
    async with typed.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for_box(pilot)
        await _footer_fits(pilot, "typed, in the box")


@pytest.mark.parametrize(("bank", "leave_box"), [(QUIZ, ()), (MULTIPLE, ()),
                                                 (TYPED, ("escape",))])
async def test_how_to_answer_goes_once_skipped_or_answered(bank, leave_box):
    app = create_app(AppConfig(paths=[bank], start="take", shuffle=False))
    async with app.run_test(size=(WIDTH, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, QuizScreen)
                       and isinstance(app.focused, (ChoiceList, Input)))
        assert text_of(app, "#quiz-hints")  # how to answer it
        await pilot.press(*leave_box, "k")  # I don't know
        assert app.screen.phase is Phase.REVEALED
        assert text_of(app, "#quiz-hints") == ""
