"""What a screen asks the App to do, as Messages the App handles.

Screens never call App methods by name: they post one of these, and `ReluQuizApp` has the
one handler for each. Home, Summary and Quiz all send some of them, so they live here.
"""

from __future__ import annotations

from textual.message import Message


class StudyRequested(Message):
    """"Study now": due reviews first, then new questions, one session's length."""


class ReviewRequested(Message):
    """Spaced review of what is due (new questions once nothing is)."""


class ResumeRequested(Message):
    """Resume the newest interrupted session."""


class QuizRequested(Message):
    """A quiz on a topic, a bank, everything, or given items (retry the missed ones)."""

    def __init__(self, topic: str | None = None, bank_path: str | None = None,
                 items: list | None = None) -> None:
        super().__init__()
        self.topic = topic
        self.bank_path = bank_path
        self.items = items


class StatsRequested(Message):
    """Open the Stats screen."""


class ExploreRequested(Message):
    """Open the lab on ReLU."""


class LengthChanged(Message):
    """The student chose another session length (None: every question)."""

    def __init__(self, length: int | None) -> None:
        super().__init__()
        self.length = length


class HomeRequested(Message):
    """Back to the home screen."""


class RecountRequested(Message):
    """The home screen is showing again: due counts and "Resume" may have changed."""


class SessionFinished(Message):
    """A quiz ended (all answered, or the student chose to end it): show its summary."""

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
