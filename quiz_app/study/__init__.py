"""Self-study: sessions, spaced review, progress and the counts built on them."""

DEFAULT_SESSION_LENGTH = 10  # here, not in plan.py, so the UI's start path can read it
