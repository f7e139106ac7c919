"""The progress schema, as forward-only steps. Never edit a released step: add one.

Version 1 was the first release (sessions and attempts). Version 2 added spaced review:
cards, their review log, and the attempt columns that merging and stats need. Version 3
added covering indexes for the stats queries; version 4 the typed answer of free-answer
questions; version 5 the study features: one row per answer however it was reached
(credit, retried, skipped), the option order shown, named sessions with their option orders,
the card before each review (so an answer can be undone) and flags for authors.
"""

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            question_ids TEXT NOT NULL,
            seed INTEGER,
            started_at TEXT NOT NULL,
            finished_at TEXT)""",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            session_id TEXT,
            question_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            bank_file TEXT NOT NULL,
            picked TEXT NOT NULL,
            correct INTEGER NOT NULL,
            seconds REAL NOT NULL,
            hints_used INTEGER NOT NULL DEFAULT 0,
            answered_at TEXT NOT NULL)""",
        "CREATE INDEX attempts_by_question ON attempts (question_id)",
        "CREATE INDEX attempts_by_session ON attempts (session_id)",
    ],
    2: [
        "ALTER TABLE attempts ADD COLUMN uid TEXT",
        "UPDATE attempts SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL",
        "CREATE UNIQUE INDEX attempts_by_uid ON attempts (uid)",
        "ALTER TABLE attempts ADD COLUMN topic TEXT NOT NULL DEFAULT 'general'",
        "ALTER TABLE attempts ADD COLUMN misconceptions TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE attempts ADD COLUMN variant TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX attempts_by_time ON attempts (answered_at)",
        """CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,
            due TEXT NOT NULL)""",
        "CREATE INDEX cards_by_due ON cards (due)",
        """CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            attempt_uid TEXT,
            log TEXT NOT NULL,
            reviewed_at TEXT NOT NULL)""",
    ],
    3: [  # covering indexes: stats stay under 100 ms at 100,000 answers
        "CREATE INDEX attempts_question_correct ON attempts (question_id, correct)",
        "CREATE INDEX attempts_topic_correct ON attempts (topic, correct)",
        "CREATE INDEX attempts_time_correct ON attempts (answered_at, correct)",
    ],
    4: [  # typed answers (numeric and expression questions)
        "ALTER TABLE attempts ADD COLUMN response TEXT NOT NULL DEFAULT ''",
    ],
    5: [  # study sessions: retries, skips, undo, shuffled options, flags
        "ALTER TABLE attempts ADD COLUMN credit REAL",  # NULL on older rows: 1 if correct
        "ALTER TABLE attempts ADD COLUMN retried INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE attempts ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE attempts ADD COLUMN option_order TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE sessions ADD COLUMN name TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE sessions ADD COLUMN option_orders TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE review_log ADD COLUMN card_before TEXT",  # JSON; 'null' for a new card
        """CREATE TABLE flags (
            id INTEGER PRIMARY KEY,
            question_id TEXT NOT NULL,
            bank_file TEXT NOT NULL,
            note TEXT NOT NULL,
            session_id TEXT,
            flagged_at TEXT NOT NULL)""",
    ],
    6: [  # the question on screen when a session was left: a resume keeps its hints and time
        "ALTER TABLE sessions ADD COLUMN open_hints INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sessions ADD COLUMN open_seconds REAL NOT NULL DEFAULT 0",
    ],
}

SCHEMA_VERSION = max(MIGRATIONS)
