"""The progress store on real SQLite files: migrations, corruption, crashes, two writers."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import get_args

import pytest
from fsrs import Rating

from quiz_app.bank.loader import load_banks
from quiz_app.study import SessionKind
from quiz_app.study.migrations import MIGRATIONS, SCHEMA_VERSION
from quiz_app.study.progress import Progress, content_hash
from quiz_app.study.review import ReviewSettings, rating_for
from quiz_app.study.session import QuizSession, items_from
from quiz_app.study.stats import compute_stats
from quiz_app.study.store import AttemptRecord, ProgressStore
from tests.conftest import FIXTURES

UI_BANK = FIXTURES / "ui" / "quiz.yaml"
WRITER = Path(__file__).parent / "helpers" / "answer_writer.py"


def attempt(question_id="q1", correct=True, topic="t", misconceptions=()):
    return AttemptRecord(question_id, "hash", "bank.yaml", topic, (0,), correct, 3.0, 0,
                         tuple(misconceptions))


def test_fresh_store_is_wal_at_the_current_schema(tmp_path):
    store = ProgressStore(tmp_path / "progress.sqlite3")
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_a_version_1_database_is_migrated_with_its_history(tmp_path):
    path = tmp_path / "progress.sqlite3"
    old = sqlite3.connect(path)
    for statement in MIGRATIONS[1]:
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO attempts (session_id, question_id, content_hash, bank_file, "
                "picked, correct, seconds, hints_used, answered_at) VALUES "
                "('s', 'old-q', 'h', 'b.yaml', '[1]', 0, 2.5, 0, '2026-01-01T00:00:00+00:00')")
    old.commit()
    old.close()
    store = ProgressStore(path)
    assert store.notice is None
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    row = store.connection.execute(
        "SELECT question_id, topic, uid IS NOT NULL FROM attempts").fetchone()
    assert row == ("old-q", "general", 1)


def test_corrupt_file_is_moved_aside_and_a_fresh_store_starts(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    store = ProgressStore(path)
    [moved] = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert moved.read_bytes().startswith(b"this is not a database")
    assert store.notice.startswith("Your progress file could not be read")
    assert moved.name in store.notice and "\n" not in store.notice
    store.record_answer(None, attempt())
    assert store.connection.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 1


def test_newer_schema_is_left_untouched(tmp_path):
    path = tmp_path / "progress.sqlite3"
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    newer.close()
    before = path.read_bytes()
    store = ProgressStore(path)
    assert "newer relu-quiz" in store.notice
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_ratings_come_from_the_answer():
    settings = ReviewSettings(fast_factor=1.0, slow_factor=3.0)
    assert rating_for(False, 0, 1.0, 10.0, settings) == Rating.Again
    assert rating_for(True, 1, 1.0, 10.0, settings) == Rating.Hard
    assert rating_for(True, 0, 31.0, 10.0, settings) == Rating.Hard
    assert rating_for(True, 0, 20.0, 10.0, settings) == Rating.Good
    assert rating_for(True, 0, 9.0, 10.0, settings) == Rating.Easy


def test_wrong_answers_come_back_first_and_sooner(tmp_path):
    progress = Progress.open(tmp_path / "progress.sqlite3")
    items = items_from(load_banks([UI_BANK]).banks)
    session = QuizSession(items)
    progress.begin(session)
    start = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    progress.record(session, session.answer(frozenset({0})), 2.0, when=start)  # right, fast
    progress.record(session, session.answer(frozenset({2})), 2.0, when=start)  # wrong
    right_card = progress.store.card(items[0].question.id)
    wrong_card = progress.store.card(items[1].question.id)
    assert wrong_card["due"] < right_card["due"]
    due = progress.due_items(load_banks([UI_BANK]).banks, start + timedelta(hours=1))
    assert [item.question.id for item in due] == [items[1].question.id]
    logs = progress.store.connection.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    assert logs == 2


@pytest.mark.parametrize("later", [False, True])
def test_interrupted_quiz_can_be_resumed(tmp_path, later):
    """`later` (the app's way): the session's row waits, and the first answer takes it
    into the file ahead of itself."""
    path = tmp_path / "progress.sqlite3"
    banks = load_banks([UI_BANK]).banks
    progress = Progress.open(path)
    session = QuizSession(items_from(banks), seed=4)
    progress.begin(session, later=later)
    sessions = "SELECT COUNT(*) FROM sessions"
    assert progress.store.connection.execute(sessions).fetchone()[0] == (0 if later else 1)
    progress.record(session, session.answer(frozenset({0})), 3.0)
    assert progress.store.connection.execute(sessions).fetchone()[0] == 1
    progress.store.close()  # the app "crashes" here
    resumed = Progress.open(path).resumable(banks)
    assert resumed is not None and resumed.session_id == session.session_id
    assert (resumed.index, len(resumed.items), resumed.score) == (1, 2, 1)


def test_edited_question_changes_its_hash():
    [item, _] = items_from(load_banks([UI_BANK]).banks)
    edited = replace(item.question, prompt="A reworded prompt")
    assert content_hash(edited) != content_hash(item.question)


def test_stats_by_topic_misconception_streak_and_retired(tmp_path):
    store = ProgressStore(tmp_path / "progress.sqlite3")
    now = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
    for days_ago, correct in ((0, True), (1, False), (2, True), (4, True)):
        store.record_answer(None, attempt("q1" if correct else "gone", correct, "limits",
                                          () if correct else ("kink-is-smooth",)),
                            when=now - timedelta(days=days_ago))
    stats = compute_stats(store, known_ids=["q1"], now=now)
    assert (stats.total_answered, stats.correct, stats.accuracy) == (4, 3, 0.75)
    assert stats.by_topic == {"limits": {"correct": 3, "answered": 4, "accuracy": 0.75}}
    assert stats.by_misconception == {"kink-is-smooth": 1}
    assert stats.streak_days == 3
    assert len(stats.daily) == 30 and stats.daily[-1] == {
        "date": "2026-11-22", "answered": 1, "correct": 1, "accuracy": 1.0}
    assert stats.most_missed == [{"question_id": "gone", "missed": 1, "answered": 1,
                                  "retired": True}]


def test_export_then_import_merges_without_duplicates(tmp_path):
    first = Progress.open(tmp_path / "a.sqlite3")
    first.store.record_answer(None, attempt("q1"))
    first.store.record_answer(None, attempt("q2", correct=False))
    exported = tmp_path / "export.json"
    assert first.export_to(exported) == 2
    second = Progress.open(tmp_path / "b.sqlite3")
    second.store.record_answer(None, attempt("q3"))
    assert second.import_from(exported) == 2
    assert second.import_from(exported) == 0
    ids = sorted(r[0] for r in second.store.connection.execute(
        "SELECT question_id FROM attempts"))
    assert ids == ["q1", "q2", "q3"]
    assert json.loads(exported.read_text())["format"] == "relu-quiz-progress"


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    writers = [subprocess.Popen([sys.executable, str(WRITER), str(path), "150", tag],
                                stdout=subprocess.PIPE, text=True) for tag in ("a", "b")]
    acknowledged = [line for w in writers for line in w.communicate(timeout=120)[0].split()]
    assert all(w.returncode == 0 for w in writers)
    store = ProgressStore(path)
    stored = {r[0] for r in store.connection.execute("SELECT uid FROM attempts")}
    assert len(acknowledged) == 300 and set(acknowledged) <= stored
    assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_kill_9_never_loses_an_acknowledged_answer(tmp_path):
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    rng = random.Random(9)
    acknowledged: list[str] = []
    for _ in range(20):
        writer = subprocess.Popen([sys.executable, str(WRITER), str(path), "100000", "k"],
                                  stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 10
        seen = 0
        target = rng.randint(1, 40)
        while seen < target and time.monotonic() < deadline:  # kill mid-stream
            line = writer.stdout.readline()
            if not line:
                break
            acknowledged.append(line.strip())
            seen += 1
        time.sleep(rng.random() * 0.02)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        # whatever was printed before the kill was committed before it was printed
        acknowledged.extend(line.strip() for line in writer.stdout if line.strip())
    store = ProgressStore(path)
    assert store.notice is None
    assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in store.connection.execute("SELECT uid FROM attempts")}
    assert len(acknowledged) >= 20 and set(acknowledged) <= stored


@pytest.mark.parametrize("kind", get_args(SessionKind))
def test_a_progress_export_of_every_kind_of_session_imports(tmp_path, kind):
    """A session of each kind, with an answer, exported from one real file and imported into
    another: the session and its answer arrive, once. ("Study now" sessions could not be
    imported: the import format listed the kinds again, without "study".)"""
    first = Progress.open(tmp_path / "a.sqlite3")
    session_id = first.store.start_session(kind, ["q1"], 7, f"a {kind} session", [[0, 1]])
    first.store.record_answer(session_id, attempt("q1"))
    exported = tmp_path / "export.json"
    assert first.export_to(exported) == 1
    second = Progress.open(tmp_path / "b.sqlite3")
    assert second.import_from(exported) == 1
    assert second.import_from(exported) == 0
    rows = second.store.connection.execute("SELECT id, kind, name FROM sessions").fetchall()
    assert rows == [(session_id, kind, f"a {kind} session")]
    answers = second.store.connection.execute("SELECT question_id FROM attempts").fetchall()
    assert answers == [("q1",)]
