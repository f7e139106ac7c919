"""The options of a question, answerable with the keyboard alone.

Arrows move and Enter submits; an option's letter (or 1–9) picks it directly, every option's:
a key that shows as "f)" beside an option and does something else surprises. The screen
turns off its own letter commands that an option's letter shadows (quiz_state), and flags
with `!`, which no option uses. A multiple-answer question toggles with Space (or the
letter) and submits with Enter. After the answer every
option is marked in text, ✓ or ✗, so the result never depends on colour. During a retry the
first wrong pick is struck out, marked ✗ and cannot be picked again.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz_app.bank.letters import option_letter
from quiz_app.ui.mathtext import render_rich_text


class ChoiceList(OptionList):
    BINDINGS = [Binding("space", "toggle_choice", "Toggle", show=False)]

    class Submitted(Message):
        """The student committed to an answer."""

        def __init__(self, choice_list: ChoiceList, picked: frozenset[int]) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.picked = picked

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, texts: list[str], multiple: bool = False,
                 struck: frozenset[int] = frozenset(), first_try: frozenset[int] = frozenset(),
                 **kwargs) -> None:
        """`texts` are the bank's own option texts: rendered here (maths, emphasis), and
        any markup the author typed is shown literally."""
        self.texts = texts
        self.multiple = multiple
        self.struck = struck  # a wrong first pick, during the retry
        self.first_try = first_try  # a multiple answer's wrong first set: not accepted again
        self.toggled: set[int] = set()
        self.answered = False
        super().__init__(*[Option(self._label(i), disabled=i in struck)
                           for i in range(len(texts))], **kwargs)

    def _label(self, index: int, mark: str = "") -> Text:
        box = ("[x] " if index in self.toggled else "[ ] ") if self.multiple else ""
        # Letters, not digits, label the options: many answers are themselves numbers.
        if index in self.struck and not mark:
            mark = "✗"
        label = Text(f"{mark or ' '} {option_letter(index)}) {box}")
        text = render_rich_text(self.texts[index])
        if index in self.struck:
            text.stylize("strike")
        label.append_text(text)
        return label

    def _refresh_labels(self, marks: dict[int, str] | None = None) -> None:
        for index in range(len(self.texts)):
            self.replace_option_prompt_at_index(index, self._label(index, (marks or {})
                                                                   .get(index, "")))

    def action_toggle_choice(self) -> None:
        """Not `action_toggle`: that name is Textual's own toggle(attribute) action."""
        if self.multiple and not self.answered and self.highlighted is not None \
                and self.highlighted not in self.struck:
            self.toggled ^= {self.highlighted}
            self._refresh_labels()

    def _submit(self, picked: set[int]) -> None:
        if self.answered or not picked or picked & self.struck:
            return
        if self.first_try and frozenset(picked) == self.first_try:
            self.notify("That is your first answer again; change it, or press k to see the "
                        "answer.")
            return
        self.answered = True
        self.post_message(self.Submitted(self, frozenset(picked)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.multiple:
            self._submit(self.toggled or {event.option_index})
        else:
            self._submit({event.option_index})

    def on_key(self, event) -> None:
        if self.answered or event.character is None:
            return
        index = self.index_of_key(event.character)
        if index is None:
            return
        event.stop()  # a struck option's letter too: it is still that option's, not a command
        event.prevent_default()
        if index in self.struck:
            return
        self.highlighted = index
        if self.multiple:
            self.action_toggle_choice()
        else:
            self._submit({index})

    def index_of_key(self, key: str) -> int | None:
        """The option a key picks: its letter as labelled (a, b, …), or 1–9."""
        if key.isdigit() and key != "0":
            index = int(key) - 1
        else:
            letters = [option_letter(i) for i in range(len(self.texts))]
            index = letters.index(key) if key in letters else -1
        return index if 0 <= index < len(self.texts) else None

    def show_result(self, correct: set[int], picked: frozenset[int]) -> None:
        """Mark each option: ✓ the right ones, ✗ a wrong pick."""
        self.toggled = set(picked)
        marks = {i: "✓" for i in correct}
        marks.update({i: "✗" for i in picked if i not in correct})
        self._refresh_labels(marks)
