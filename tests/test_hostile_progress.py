"""Issue 13, items 9 to 15: the progress store never loses data and never locks the user out.

Real SQLite files throughout: corruption is written into the file, a lock is held by another
connection, a full disk is SQLite's own max_page_count limit or /dev/full, a read-only folder
is a folder the (unprivileged) process cannot write.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import quiz_app.study.opening as opening
from quiz_app.bank.loader import load_banks
from quiz_app.cli import main
from quiz_app.study.migrations import SCHEMA_VERSION
from quiz_app.study.progress import Progress
from quiz_app.study.session import QuizSession, items_from
from quiz_app.study.store import AttemptRecord, ProgressStore
from tests.conftest import FIXTURES, REPO
from tests.helpers.as_unprivileged import unprivileged

UI_BANK = FIXTURES / "ui" / "quiz.yaml"
FULL_WRITER = Path(__file__).parent / "helpers" / "full_answer_writer.py"


def attempt(question_id="q1", correct=True):
    return AttemptRecord(question_id, "hash", "bank.yaml", "t", (0,), correct, 3.0, 0)


def store_with_answers(path: Path, count: int = 300) -> None:
    store = ProgressStore(path)
    for i in range(count):
        store.record_answer(None, attempt(f"question-{i % 17}-{'x' * 40}", i % 2 == 0))
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def answered(store: ProgressStore) -> int:
    return store.connection.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]


@pytest.fixture
def short_waits(monkeypatch):
    """The busy timeout is 10 s in use; these tests need not sit through it."""
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(opening, "READ_ONLY_WAIT_MS", 100)


# --- item 9: corrupt inside, foreign --------------------------------------------------------

def test_a_file_that_opens_but_is_corrupt_inside_is_moved_aside_and_says_where(tmp_path):
    path = tmp_path / "progress.sqlite3"
    store_with_answers(path)
    page_size = 4096
    with open(path, "r+b") as handle:  # damage an index page, keep the header
        data = bytearray(handle.read())
        assert len(data) > 6 * page_size
        for page in (3, 4, 5):
            data[page * page_size + 8: page * page_size + 200] = bytes(range(192))
        handle.seek(0)
        handle.write(data)
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA quick_check").fetchone()[0] != "ok"  # the fixture is corrupt
    check.close()
    store = ProgressStore(path)
    [moved] = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert moved.name in store.notice and str(tmp_path) in store.notice
    assert "\n" not in store.notice
    assert store.unsaved is None and answered(store) == 0
    store.record_answer(None, attempt())  # the fresh file takes answers
    assert answered(ProgressStore(path)) == 1


def test_a_foreign_database_at_our_schema_version_is_set_aside(tmp_path):
    path = tmp_path / "progress.sqlite3"
    foreign = sqlite3.connect(path)
    foreign.execute("CREATE TABLE notes (body TEXT)")
    foreign.execute("INSERT INTO notes VALUES ('not yours')")
    foreign.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    foreign.commit()
    foreign.close()
    progress = Progress.open(path)
    assert "not a relu-quiz database" in progress.store.notice
    [moved] = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert sqlite3.connect(moved).execute("SELECT body FROM notes").fetchone() == ("not yours",)
    session = QuizSession(items_from(load_banks([UI_BANK]).banks))
    progress.begin(session)
    assert progress.record(session, session.answer(frozenset({0})), 2.0) is not None


def test_app_starts_on_a_foreign_database(tmp_path, isolated_home):
    isolated_home.mkdir(parents=True)
    foreign = sqlite3.connect(isolated_home / "progress.sqlite3")
    foreign.execute("CREATE TABLE attempts (x)")
    foreign.execute("PRAGMA user_version = 4")
    foreign.commit()
    foreign.close()
    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total_answered"] == 0


# --- item 10: locked is not corrupt ---------------------------------------------------------

def test_a_locked_database_is_not_corrupt(tmp_path, short_waits):
    path = tmp_path / "progress.sqlite3"
    store_with_answers(path, 20)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")  # another program, holding the file for a long time
    before = path.read_bytes()
    store = ProgressStore(path)
    assert "progress is in use by another relu-quiz" in store.notice
    assert store.unsaved == "progress is in use by another relu-quiz"
    assert not list(tmp_path.glob("*.corrupt-*"))
    store.record_answer(None, attempt())  # graded, kept in memory, never written
    holder.execute("ROLLBACK")
    holder.close()
    assert path.read_bytes() == before
    again = ProgressStore(path)
    assert again.notice is None and answered(again) == 20


def test_a_write_locked_database_is_read_with_its_history(tmp_path, short_waits):
    path = tmp_path / "progress.sqlite3"
    store_with_answers(path, 20)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # WAL: another relu-quiz in a long import
    progress = Progress.open(path, wait_ms=100)
    assert progress.store.notice is None and answered(progress.store) == 20
    holder.execute("ROLLBACK")
    holder.close()


# --- item 11: read-only home -----------------------------------------------------------------

READ_ONLY_SCRIPT = """
import json, sys
from pathlib import Path
from quiz_app.study.progress import Progress
from quiz_app.study.session import QuizSession, items_from
from quiz_app.bank.loader import load_banks
progress = Progress.open()
session = QuizSession(items_from(load_banks([Path(sys.argv[1])]).banks))
progress.begin(session)
uid = progress.record(session, session.answer(frozenset({0})), 2.0)
print(json.dumps({"notice": progress.store.notice, "uid": uid, "saving": progress.saving,
                  "reason": progress.unsaved_reason,
                  "history": progress.store.connection.execute(
                      "SELECT COUNT(*) FROM attempts").fetchone()[0]}))
"""


def _shared_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="relu-ro-"))
    folder.chmod(0o755)
    return folder


@pytest.mark.parametrize("existing", [True, False])
def test_a_read_only_home_starts_read_only_and_says_so(existing):
    folder = _shared_dir()
    home = folder / "home"
    home.mkdir()
    if existing:
        store_with_answers(home / "progress.sqlite3", 5)
        (home / "progress.sqlite3").chmod(0o644)
    home.chmod(0o555)
    command = unprivileged([sys.executable, "-c", READ_ONLY_SCRIPT, str(UI_BANK)])
    if command is None:
        pytest.skip("no way to drop root here")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "RELU_QUIZ_HOME": str(home),
                                   "PYTHONPATH": str(REPO), "HOME": str(folder)},
                              cwd=folder, check=False)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert "read-only" in result["notice"] and "not saved" in result["notice"]
        assert result["uid"] is None and result["saving"] is False
        assert result["reason"] == f"the progress folder {home} is read-only"
        assert result["history"] == (5 + 1 if existing else 1)  # history shown, answer graded
        if existing:
            assert answered(ProgressStore(home / "progress.sqlite3")) == 5  # file untouched
    finally:
        home.chmod(0o755)


def test_a_home_that_cannot_be_created_starts_read_only(tmp_path, monkeypatch):
    monkeypatch.setenv("RELU_QUIZ_HOME", "/proc/self/no-such-home")  # a read-only filesystem
    progress = Progress.open()
    assert "cannot be created" in progress.store.notice
    result = CliRunner().invoke(main, ["stats", "--json"])
    assert result.exit_code == 0 and "read-only" in result.stderr


# --- item 12: full disk ----------------------------------------------------------------------

def _fill(connection: sqlite3.Connection) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"


def test_answers_on_a_full_disk_are_kept_and_retried(tmp_path):
    path = tmp_path / "progress.sqlite3"
    progress = Progress.open(path)
    items = items_from(load_banks([UI_BANK]).banks)
    session = QuizSession(items * 30)
    progress.begin(session)
    progress.store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _fill(progress.store.connection)
    uids = []
    for _ in range(25):
        uids.append(progress.record(session, session.answer(frozenset({0})), 2.0))
        if len(progress.pending) > 3:
            break
    assert progress.pending and not progress.saving
    assert progress.unsaved_reason == "the disk is full"
    assert None in uids
    kept = len(progress.pending)
    progress.store.connection.execute("PRAGMA max_page_count = 1073741823")  # space again
    progress.record(session, session.answer(frozenset({0})), 2.0)  # retried first, in order
    assert progress.saving and not progress.pending
    answers = len(session.answers)
    assert answered(ProgressStore(path)) == answers and kept > 0
    logs = progress.store.connection.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
    assert logs == answers


def test_kept_answers_are_written_at_exit(tmp_path):
    path = tmp_path / "progress.sqlite3"
    progress = Progress.open(path)
    session = QuizSession(items_from(load_banks([UI_BANK]).banks) * 50)
    progress.begin(session)
    progress.store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _fill(progress.store.connection)
    while not progress.pending:
        progress.record(session, session.answer(frozenset({0})), 2.0)
    progress.store.connection.execute("PRAGMA max_page_count = 1073741823")
    assert progress.flush() == 0 and progress.saving
    assert answered(ProgressStore(path)) == len(session.answers)


def test_a_disk_full_before_start_opens_read_only(tmp_path):
    (tmp_path / "progress.sqlite3").symlink_to("/dev/full")  # every write: ENOSPC
    progress = Progress.open(tmp_path / "progress.sqlite3")
    assert progress.store.unsaved == "the disk is full"
    assert "not saved" in progress.store.notice
    session = QuizSession(items_from(load_banks([UI_BANK]).banks))
    progress.begin(session)
    assert progress.record(session, session.answer(frozenset({0})), 2.0) is None


# --- item 13: newer schema -------------------------------------------------------------------

def _newer(path: Path) -> bytes:
    store_with_answers(path, 3)
    newer = sqlite3.connect(path)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.commit()
    newer.close()
    return path.read_bytes()


def test_import_and_export_refuse_a_newer_database(tmp_path, isolated_home):
    source = tmp_path / "source.sqlite3"
    store_with_answers(source, 5)
    export = tmp_path / "export.json"
    assert Progress.open(source).export_to(export) == 5
    isolated_home.mkdir(parents=True)
    before = _newer(isolated_home / "progress.sqlite3")
    imported = CliRunner().invoke(main, ["progress", "import", str(export)])
    assert imported.exit_code == 1 and "newer relu-quiz" in imported.stderr
    assert "imported" not in imported.stdout
    out = tmp_path / "out.json"
    exported = CliRunner().invoke(main, ["progress", "export", str(out)])
    assert exported.exit_code == 1 and "newer relu-quiz" in exported.stderr
    assert not out.exists()
    assert (isolated_home / "progress.sqlite3").read_bytes() == before


# --- item 15: import validates everything first ----------------------------------------------

def _export(tmp_path) -> dict:
    source = tmp_path / "source.sqlite3"
    progress = Progress.open(source)
    session = QuizSession(items_from(load_banks([UI_BANK]).banks))
    progress.begin(session)
    while not session.finished:
        progress.record(session, session.answer(frozenset({0})), 2.0)
    path = tmp_path / "good.json"
    progress.export_to(path)
    return json.loads(path.read_text())


def _broken(document: dict, change) -> object:
    copy = json.loads(json.dumps(document))
    return change(copy) or copy


BROKEN = {
    "top-level list": (lambda d: [d], "a JSON object, not list"),
    "top-level string": (lambda d: "hello", "a JSON object, not str"),
    "wrong format": (lambda d: d.update(format="other"), "not a relu-quiz progress export"),
    "newer version": (lambda d: d.update(version=99), "export version 99"),
    "version as text": (lambda d: d.update(version="1"), "export version '1'"),
    "attempts not a list": (lambda d: d.update(attempts={}), "attempts: a list of records"),
    "record not an object": (lambda d: d["attempts"].append(7), "record 3: attempts: a JSON"),
    "repeated uid": (lambda d: d["attempts"].append(dict(d["attempts"][0])),
                     "record 3: attempts.uid: "),
    "repeated session": (lambda d: d["sessions"].append(dict(d["sessions"][0])),
                         "record 2: sessions.id: "),
    "bad date": (lambda d: d["attempts"][1].update(answered_at="yesterday"),
                 "record 2: attempts.answered_at: Value error, not an ISO 8601"),
    "date without zone": (lambda d: d["attempts"][0].update(answered_at="2026-01-01T10:00"),
                          "record 1: attempts.answered_at: Value error, a date and time needs"),
    "bad picked JSON": (lambda d: d["attempts"][0].update(picked="[0,"),
                        "record 1: attempts.picked: Value error, not JSON"),
    "picked not numbers": (lambda d: d["attempts"][0].update(picked='["a"]'),
                           "record 1: attempts.picked"),
    "bad session ids": (lambda d: d["sessions"][0].update(question_ids="{}"),
                        "record 1: sessions.question_ids"),
    "bad session kind": (lambda d: d["sessions"][0].update(kind="party"),
                         "record 1: sessions.kind"),
    "bad card": (lambda d: d["cards"][0].update(card='{"due": "never"}'),
                 "record 1: cards.card: Value error, not an FSRS card"),
    "card not JSON": (lambda d: d["cards"][0].update(card="{"), "record 1: cards.card"),
    "bad log": (lambda d: d["review_log"][0].update(log="[]"), "record 1: review_log.log"),
    "missing uid": (lambda d: d["attempts"][0].__delitem__("uid"), "record 1: attempts.uid: Field "
                                                           "required"),
    "correct as text": (lambda d: d["attempts"][0].update(correct="yes"),
                        "record 1: attempts.correct"),
    "negative seconds": (lambda d: d["attempts"][0].update(seconds=-1),
                         "record 1: attempts.seconds"),
    "seed as text": (lambda d: d["sessions"][0].update(seed="x"), "record 1: sessions.seed"),
    "null question": (lambda d: d["attempts"][0].update(question_id=None),
                      "record 1: attempts.question_id"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_malformed_import_is_reported_and_writes_nothing(tmp_path, isolated_home, name):
    change, message = BROKEN[name]
    document = _export(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_broken(document, change)))
    target = isolated_home / "progress.sqlite3"
    store_with_answers(target, 4)
    result = CliRunner().invoke(main, ["progress", "import", str(bad)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)
    assert f"{bad}: " in result.stderr and message in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    store = ProgressStore(target)
    assert answered(store) == 4
    assert store.connection.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0


@pytest.mark.parametrize("raw, message", [
    (b"{not json", "not JSON"), (b"\xff\xfe\x00", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "not JSON"), (b"", "not JSON"),
])
def test_an_import_that_is_not_json_is_one_line(tmp_path, isolated_home, raw, message):
    bad = tmp_path / "bad.json"
    bad.write_bytes(raw)
    result = CliRunner().invoke(main, ["progress", "import", str(bad)])
    assert result.exit_code == 1 and f"{bad}: {message}" in result.stderr


def test_a_good_import_still_merges_and_the_app_reads_it(tmp_path, isolated_home):
    document = _export(tmp_path)
    good = tmp_path / "good.json"
    result = CliRunner().invoke(main, ["progress", "import", str(good)])
    assert result.exit_code == 0 and "imported 2 new answers" in result.stdout
    assert CliRunner().invoke(main, ["stats", "--json"]).exit_code == 0
    progress = Progress.open()
    session = QuizSession(items_from(load_banks([UI_BANK]).banks))
    progress.begin(session)
    assert progress.record(session, session.answer(frozenset({0})), 2.0) is not None
    assert len(document["attempts"]) == 2


# --- the whole answer transaction under kill -9 ------------------------------------------------

def test_kill_9_never_loses_any_part_of_an_acknowledged_answer(tmp_path):
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    rng = random.Random(13)
    acknowledged: list[str] = []
    for _ in range(12):
        writer = subprocess.Popen([sys.executable, str(FULL_WRITER), str(path), str(UI_BANK),
                                   "100000"], stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        target = rng.randint(1, 30)
        while len(acknowledged) < 10_000 and time.monotonic() < deadline and target:
            line = writer.stdout.readline()
            if not line:
                break
            acknowledged.append(line.strip())
            target -= 1
        time.sleep(rng.random() * 0.02)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        acknowledged.extend(line.strip() for line in writer.stdout if line.strip())
    store = ProgressStore(path)
    assert store.notice is None
    db = store.connection
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    attempts = dict(db.execute("SELECT uid, question_id FROM attempts"))
    logs = {row[0] for row in db.execute("SELECT attempt_uid FROM review_log")}
    cards = {row[0]: json.loads(row[1]) for row in db.execute("SELECT question_id, card "
                                                               "FROM cards")}
    assert len(acknowledged) >= 12
    for uid in acknowledged:
        assert uid in attempts and uid in logs
        assert attempts[uid] in cards
    # no half answers either: every stored attempt has its review log, and vice versa
    assert set(attempts) == logs
    assert all(card["last_review"] for card in cards.values())
