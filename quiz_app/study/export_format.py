"""What a progress export is called and holds: one home for the writer (progress.py) and
the reader (transfer.py), which must not import each other (the reader loads pydantic,
which the app's start does not)."""

EXPORT_FORMAT = "relu-quiz-progress"
EXPORT_VERSION = 1
TABLES = ("sessions", "attempts", "cards", "review_log")  # flags stay with the author
