"""Progress: quiz sessions now; SQLite history and FSRS scheduling later. No textual here."""
