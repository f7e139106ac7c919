"""Small banks written by tests."""

from __future__ import annotations


def minimal_bank(title: str, qid: str = "q1") -> str:
    """A valid one-question bank with this title (the same length for titles of the same
    length, for tests that keep a file's size and mtime)."""
    return (f"title: {title}\nquestions:\n  - id: {qid}\n    prompt: Is ReLU continuous?\n"
            "    choices:\n      - text: 'Yes'\n        correct: true\n      - text: 'No'\n"
            "    explanation: It is.\n")
