"""Self-study: sessions, spaced review, progress and the counts built on them."""

from typing import Literal

DEFAULT_SESSION_LENGTH = 10  # here, not in plan.py, so the UI's start path can read it

# Every kind of session, stored with it and carried by a progress export: a quiz on a topic
# or bank, "Study now", a spaced review, and a retry of the missed questions.
SessionKind = Literal["quiz", "study", "review", "retry"]
