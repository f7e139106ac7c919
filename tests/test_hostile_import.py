"""Issue 27, items 6 to 9: no hostile `progress import` can stop the app or lose an answer.

Every column the import writes has a row in a table below, with the values a broken or
hostile export might hold (non-JSON text, JSON of the wrong type, NaN, inf, negative and
huge numbers, 2**70, Rich markup, control characters, unknown enum values, ids that collide
with the user's own). Each is either refused, naming the record and the field, with the
progress file unchanged, or imported and then read back through the app's own paths: Home's
summary and its Resume line, Stats, resuming, answering (FSRS scheduling) and undo.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from quiz_app.bank.loader import load_banks
from quiz_app.cli import main
from quiz_app.study.progress import TABLES, HomeSummary, Progress
from quiz_app.study.session import QuizSession, items_from
from quiz_app.study.stats import compute_stats
from quiz_app.study.store import ProgressStore
from quiz_app.study.transfer import MAX_PROBLEMS_SHOWN, TABLE_MODELS, plain_name
from quiz_app.ui.mathtext import ZERO_WIDTH, escape
from tests.conftest import FIXTURES, REPO

BASE = FIXTURES / "hostile" / "progress" / "base.json"  # a real export: 2 sessions, 1 open
UI_BANK = FIXTURES / "ui" / "quiz.yaml"
OPEN = 1  # sessions[1] is a "Study now" left after 1 of 2 answers; attempts[2] is its answer

Change = Callable[[dict], object]


def base() -> dict:
    return json.loads(BASE.read_text())


def put(table: str, index: int, field: str, value) -> Change:
    return lambda d: d[table][index].__setitem__(field, value)


def drop(table: str, index: int, field: str) -> Change:
    return lambda d: d[table][index].__delitem__(field)


def card(index: int = 0, column: str = "card", **fields) -> Change:
    """Change fields inside the JSON text of cards[index].card (or a review log's
    card_before), the way FSRS reads it back."""
    table = "cards" if column == "card" else "review_log"

    def change(document):
        source = document["cards"][0]["card"]
        state = json.loads(source)
        state.update(fields)
        document[table][index][column] = json.dumps(state)
    return change


def markup_line(name: str) -> str:
    """Home's Resume entry, as quiz_app/ui/screens/home.py builds it."""
    return f"↻ Resume {escape(name or 'quiz')} (2 of 2)"


def shown(line: str) -> str:
    """What Textual shows of a markup line (the escape's zero-width spaces aside)."""
    return Content.from_markup(line).plain.replace(ZERO_WIDTH, "")


# --- refused: record and field named, nothing written ---------------------------------------

NAN, INF = float("nan"), float("inf")
REFUSED: dict[str, tuple[Change, str]] = {
    # sessions
    "session id an int": (put("sessions", 0, "id", 7), "record 1: sessions.id"),
    "session id empty": (put("sessions", 0, "id", ""), "record 1: sessions.id"),
    "session id escape": (put("sessions", 0, "id", "a\x1b[2Jb"), "record 1: sessions.id"),
    "unknown kind": (put("sessions", 0, "kind", "party"), "record 1: sessions.kind"),
    "kind an int": (put("sessions", 0, "kind", 1), "record 1: sessions.kind"),
    "question ids not JSON": (put("sessions", 0, "question_ids", "[x"),
                              "record 1: sessions.question_ids"),
    "question ids an int": (put("sessions", 0, "question_ids", 7),
                            "record 1: sessions.question_ids"),
    "question ids ints": (put("sessions", 0, "question_ids", "[1, 2]"),
                          "record 1: sessions.question_ids"),
    "question id empty": (put("sessions", 0, "question_ids", '[""]'),
                          "record 1: sessions.question_ids"),
    "seed 2**70": (put("sessions", 0, "seed", 2**70), "record 1: sessions.seed"),
    "seed -2**70": (put("sessions", 0, "seed", -2**70), "record 1: sessions.seed"),
    "seed a float": (put("sessions", 0, "seed", 1.5), "record 1: sessions.seed"),
    "seed a bool": (put("sessions", 0, "seed", True), "record 1: sessions.seed"),
    "started_at overflows": (put("sessions", 0, "started_at", "0001-01-01T00:00:00+14:00"),
                             "record 1: sessions.started_at"),
    "finished_at not a date": (put("sessions", 1, "finished_at", "soon"),
                               "record 2: sessions.finished_at"),
    "name retitles the terminal": (put("sessions", 0, "name", "a\x1b]0;pwned\x07"),
                                   "record 1: sessions.name"),
    "name has a newline": (put("sessions", 0, "name", "two\nlines"),
                           "record 1: sessions.name"),
    "name reorders text": (put("sessions", 0, "name", "abc\u202edef"),
                           "record 1: sessions.name"),
    "name an int": (put("sessions", 0, "name", 5), "record 1: sessions.name"),
    "name too long": (put("sessions", 0, "name", "x" * 201), "record 1: sessions.name"),
    "option orders not JSON": (put("sessions", 0, "option_orders", "[[0,"),
                               "record 1: sessions.option_orders"),
    "option orders an int": (put("sessions", 0, "option_orders", 7),
                             "record 1: sessions.option_orders"),
    "option orders an object": (put("sessions", 0, "option_orders", "{}"),
                                "record 1: sessions.option_orders"),
    "option orders flat": (put("sessions", 0, "option_orders", "[0, 1]"),
                           "record 1: sessions.option_orders"),
    "option order repeats": (put("sessions", 0, "option_orders", "[[0, 0], [0, 1, 2]]"),
                             "record 1: sessions.option_orders"),
    "option order out of range": (put("sessions", 0, "option_orders", "[[1, 2], [0, 1, 2]]"),
                                  "record 1: sessions.option_orders"),
    "option order negative": (put("sessions", 0, "option_orders", "[[-1, 0]]"),
                              "record 1: sessions.option_orders"),
    "option order floats": (put("sessions", 0, "option_orders", "[[0.0, 1]]"),
                            "record 1: sessions.option_orders"),
    "more orders than questions": (put("sessions", 0, "option_orders", "[[0], [0], [0]]"),
                                   "record 1: sessions.option_orders"),
    # attempts
    "attempt of no session": (put("attempts", 0, "session_id", "not-in-this-file"),
                              "record 1: attempts.session_id"),
    "attempt session an int": (put("attempts", 0, "session_id", 5),
                               "record 1: attempts.session_id"),
    "question id with escape": (put("attempts", 0, "question_id", "q\x1b[31m"),
                                "record 1: attempts.question_id"),
    "topic an int": (put("attempts", 0, "topic", 5), "record 1: attempts.topic"),
    "topic with escape": (put("attempts", 0, "topic", "t\x1b[2J"), "record 1: attempts.topic"),
    "correct 2": (put("attempts", 0, "correct", 2), "record 1: attempts.correct"),
    "seconds NaN": (put("attempts", 0, "seconds", NAN), "record 1: attempts.seconds"),
    "seconds inf": (put("attempts", 0, "seconds", INF), "record 1: attempts.seconds"),
    "seconds text": (put("attempts", 0, "seconds", "5"), "record 1: attempts.seconds"),
    "seconds huge": (put("attempts", 0, "seconds", 1e308), "record 1: attempts.seconds"),
    "hints 2**70": (put("attempts", 0, "hints_used", 2**70), "record 1: attempts.hints_used"),
    "credit huge": (put("attempts", 0, "credit", 1e308), "record 1: attempts.credit"),
    "credit NaN": (put("attempts", 0, "credit", NAN), "record 1: attempts.credit"),
    "credit negative": (put("attempts", 0, "credit", -0.5), "record 1: attempts.credit"),
    "credit text": (put("attempts", 0, "credit", "1"), "record 1: attempts.credit"),
    "credit 2**70": (put("attempts", 0, "credit", 2**70), "record 1: attempts.credit"),
    "retried 2": (put("attempts", 0, "retried", 2), "record 1: attempts.retried"),
    "skipped text": (put("attempts", 0, "skipped", "no"), "record 1: attempts.skipped"),
    "option order not JSON": (put("attempts", 0, "option_order", "x"),
                              "record 1: attempts.option_order"),
    "option order an int": (put("attempts", 0, "option_order", 3),
                            "record 1: attempts.option_order"),
    "attempt order repeats": (put("attempts", 0, "option_order", "[1, 1]"),
                              "record 1: attempts.option_order"),
    "misconceptions ints": (put("attempts", 0, "misconceptions", "[1]"),
                            "record 1: attempts.misconceptions"),
    "picked huge": (put("attempts", 0, "picked", f"[{2**70}]"), "record 1: attempts.picked"),
    "answered_at overflows": (put("attempts", 0, "answered_at", "9999-12-31T23:59:59-14:00"),
                              "record 1: attempts.answered_at"),
    # cards, as FSRS reads them
    "stability NaN": (card(stability=NAN), "record 1: cards.card: Value error, stability"),
    "stability inf": (card(stability=INF), "record 1: cards.card: Value error, stability"),
    "stability negative": (card(stability=-3.0), "record 1: cards.card: Value error, stability"),
    "stability huge": (card(stability=1e308), "record 1: cards.card: Value error, stability"),
    "stability text": (card(stability="2"), "record 1: cards.card: Value error, stability"),
    "difficulty NaN": (card(difficulty=NAN), "record 1: cards.card: Value error, difficulty"),
    "difficulty 0": (card(difficulty=0), "record 1: cards.card: Value error, difficulty"),
    "difficulty 11": (card(difficulty=11.0), "record 1: cards.card: Value error, difficulty"),
    "review card without stability": (card(stability=None), "record 1: cards.card"),
    "state 0": (card(state=0), "record 1: cards.card: Value error, state"),
    "state 9": (card(state=9), "record 1: cards.card: Value error, state"),
    "state text": (card(state="2"), "record 1: cards.card: Value error, state"),
    "step negative": (card(state=3, step=-1), "record 1: cards.card: Value error, step"),
    "step text": (card(state=1, step="a"), "record 1: cards.card: Value error, step"),
    "relearning without step": (card(state=3, step=None), "record 1: cards.card"),
    "card id inf": (card(card_id=INF), "record 1: cards.card: Value error, card_id"),
    "card id 2**70": (card(card_id=2**70), "record 1: cards.card: Value error, card_id"),
    "last review naive": (card(last_review="2026-12-07T15:29:04"),
                          "record 1: cards.card: Value error, last_review"),
    "due naive": (card(due="2026-12-08T15:29:04"), "record 1: cards.card: Value error, due"),
    "reviewed after due": (card(last_review="2027-12-07T15:29:04+00:00"),
                           "record 1: cards.card: Value error, last_review"),
    "card a list": (put("cards", 0, "card", "[]"), "record 1: cards.card"),
    "card an int": (put("cards", 0, "card", 7), "record 1: cards.card"),
    "due column disagrees": (put("cards", 0, "due", "2030-01-01T00:00:00+00:00"),
                             "record 1: cards.due"),
    # review log
    "log not JSON": (put("review_log", 0, "log", "{"), "record 1: review_log.log"),
    "log of no attempt": (put("review_log", 0, "attempt_uid", "nobody"),
                          "record 1: review_log.attempt_uid"),
    "card before not JSON": (put("review_log", 0, "card_before", "{"),
                             "record 1: review_log.card_before"),
    "card before a list": (put("review_log", 0, "card_before", "[]"),
                           "record 1: review_log.card_before"),
    "card before NaN": (card(0, "card_before", stability=NAN),
                        "record 1: review_log.card_before: Value error, stability"),
    "card before an int": (put("review_log", 0, "card_before", 3),
                           "record 1: review_log.card_before"),
}


def dump_all(path: Path) -> dict[str, list]:
    db = sqlite3.connect(path)
    try:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # noqa: S608
                for table in TABLES}
    finally:
        db.close()


def user_with_open_quiz(home: Path) -> tuple[Progress, QuizSession]:
    """This machine's own progress: a quiz answered 1 of 2, open (the app may be running)."""
    home.mkdir(parents=True, exist_ok=True)
    progress = Progress.open(home / "progress.sqlite3")
    session = QuizSession(items_from(load_banks([UI_BANK]).banks), name="Mine")
    progress.begin(session)
    assert progress.record(session, session.answer(frozenset({1})), 2.0) is not None
    return progress, session


def run_import(path: Path):
    return CliRunner().invoke(main, ["progress", "import", str(path)])


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_value_is_refused_naming_record_and_field(tmp_path, isolated_home, name):
    change, where = REFUSED[name]
    document = base()
    change(document)
    bad = tmp_path / "hostile.json"
    bad.write_text(json.dumps(document))  # NaN and Infinity as JSON writes them
    user_with_open_quiz(isolated_home)
    before = dump_all(isolated_home / "progress.sqlite3")
    result = run_import(bad)
    assert result.exit_code == 1, result.output
    assert f"{bad}: {where}" in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr and "Traceback" not in result.output
    assert dump_all(isolated_home / "progress.sqlite3") == before


def test_the_untouched_base_imports(tmp_path, isolated_home):
    """The control for the table above: the same file, unchanged, is accepted."""
    user_with_open_quiz(isolated_home)
    result = run_import(BASE)
    assert result.exit_code == 0, result.output
    assert "imported 3 new answers" in result.stdout


# --- accepted: then read back through the app's own paths ------------------------------------

def read_back(home: Path) -> None:
    """What the app does with the file after an import: start (Home's summary and Resume
    line), Stats, resume the open quiz and answer it, answer every question (FSRS schedules
    each card), undo. Every answer must be saved."""
    banks = load_banks([UI_BANK]).banks
    progress = Progress.open(home / "progress.sqlite3")
    summary = HomeSummary(progress, banks)
    if summary.resume is not None:
        name = summary.resume.name
        assert shown(markup_line(name)) == f"↻ Resume {name or 'quiz'} (2 of 2)"  # as written
    known = [item.question.id for item in items_from(banks)]
    stats = compute_stats(progress.store, known)
    json.dumps(stats.to_json(), allow_nan=False)
    assert "inf" not in " ".join(stats.text_lines()).lower()
    assert stats.accuracy is None or 0 <= stats.accuracy <= 1
    progress.store.last_option_orders()
    progress.due_items(banks)
    resumed = progress.resumable(banks)
    if resumed is not None:
        assert progress.record(resumed, resumed.answer(frozenset({0})), 3.0) is not None
    fresh = QuizSession(items_from(banks))
    progress.begin(fresh)
    while not fresh.finished:
        assert progress.record(fresh, fresh.answer(frozenset({0})), 3.0) is not None, \
            progress.unsaved_note()
    assert progress.undo(fresh) is not None and progress.saving
    assert progress.record(fresh, fresh.answer(frozenset({0})), 3.0) is not None
    assert CliRunner().invoke(main, ["stats"]).exit_code == 0


ACCEPTED: dict[str, Change] = {
    "nothing changed": lambda d: None,
    "seed at the 64-bit edge": put("sessions", OPEN, "seed", 2**63 - 1),
    "seed negative": put("sessions", OPEN, "seed", -5),
    "no seed": put("sessions", OPEN, "seed", None),
    "name with lone bracket": put("sessions", OPEN, "name", "Topic: a [b"),
    # a bank's title or topic may be markup-like; every screen escapes the name
    "name closes a tag": put("sessions", OPEN, "name", "[/]"),
    "name is markup": put("sessions", OPEN, "name", "Topic: [bold red]x[/]"),
    "name has a link": put("sessions", OPEN, "name", "[@click=app.quit]go[/]"),
    "name with a closing bracket": put("sessions", OPEN, "name", "x] y"),
    "name with backslash": put("sessions", OPEN, "name", "a\\"),
    "name in other scripts": put("sessions", OPEN, "name", "ReLU ∂f/∂x · Ünïcode · 整流"),
    "no name": drop("sessions", OPEN, "name"),
    "no option orders": put("sessions", OPEN, "option_orders", "[]"),
    "no credit column": drop("attempts", 0, "credit"),
    "credit null": put("attempts", 0, "credit", None),
    "credit as int": put("attempts", 2, "credit", 1),
    "offset time": put("sessions", OPEN, "started_at", "2026-12-07T20:29:04+05:00"),
    "basic ISO time": put("attempts", 1, "answered_at", "20261207T152904+0000"),
    "minute-less offset": put("attempts", 0, "answered_at", "2026-12-07T15:29:04.5-03:30"),
    "card due in the far future": lambda d: (card(due="9000-01-01T00:00:00+00:00")(d),
                                             put("cards", 0, "due",
                                                 "9000-01-01T00:00:00+00:00")(d)),
    "card with extra keys": card(extra="ignored"),
    "card reviewed by another clock": lambda d: (
        card(last_review="2026-12-08T15:29:04+05:00")(d)),
    "new card state": card(state=1, step=0, stability=None, difficulty=None,
                           last_review=None),
    "card before null": put("review_log", 0, "card_before", None),
    "card before a card": card(1, "card_before"),
    "unknown top-level key": lambda d: d.update(flags=[{}], future={"x": [1]}),
    "unknown column": put("attempts", 0, "shoe_size", 44),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_an_odd_but_valid_value_imports_and_reads_back(tmp_path, isolated_home, name):
    document = base()
    ACCEPTED[name](document)
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(document))
    user_with_open_quiz(isolated_home)[0].store.close()
    result = run_import(odd)
    assert result.exit_code == 0, result.output
    read_back(isolated_home)


def test_imported_times_are_stored_as_the_store_writes_them(tmp_path, isolated_home):
    """Stats group by substr(answered_at, 1, 10) and compare text: an offset or basic ISO
    time is stored in UTC, like every time the app writes."""
    document = base()
    put("attempts", 1, "answered_at", "20261208T012904+1000")(document)
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps(document))
    assert run_import(odd).exit_code == 0
    stored = ProgressStore(isolated_home / "progress.sqlite3").connection.execute(
        "SELECT answered_at FROM attempts WHERE uid = ?",
        (document["attempts"][1]["uid"],)).fetchone()[0]
    assert stored == "2026-12-07T15:29:04.000000+00:00"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_every_name_the_import_takes_is_shown_as_written(name):
    """Whatever name the import takes, Home shows it as written (brackets included)."""
    try:
        plain_name(name)
    except ValueError:
        return
    assert shown(markup_line(name)) == f"↻ Resume {name or 'quiz'} (2 of 2)"


# --- item 9: a session id that is already here -------------------------------------------------

def test_an_imported_session_never_joins_the_users_open_quiz(tmp_path, isolated_home):
    progress, mine = user_with_open_quiz(isolated_home)
    my_answers = progress.store.session_attempts(mine.session_id)
    document = base()
    document["sessions"][OPEN]["id"] = mine.session_id  # same id, someone else's quiz
    document["attempts"][2]["session_id"] = mine.session_id
    hostile = tmp_path / "collide.json"
    hostile.write_text(json.dumps(document))
    assert run_import(hostile).exit_code == 0
    assert progress.store.session_attempts(mine.session_id) == my_answers
    # the app, still running, skips a question of its open quiz, then takes the skip back
    # (a graded answer would stay: it still counts): the undo hits only its own
    assert progress.record(mine, mine.skip(), 2.0) is not None
    undone = progress.undo(mine)
    assert undone is not None and progress.store.session_attempts(mine.session_id) == \
        my_answers
    db = progress.store.connection
    [(moved,)] = db.execute("SELECT session_id FROM attempts WHERE uid = ?",
                            (document["attempts"][2]["uid"],)).fetchall()
    assert moved != mine.session_id
    assert db.execute("SELECT kind, name FROM sessions WHERE id = ?", (moved,)).fetchone() \
        == ("study", "Study now")
    assert db.execute("SELECT name FROM sessions WHERE id = ?",
                      (mine.session_id,)).fetchone() == ("Mine",)
    resumed = Progress.open(isolated_home / "progress.sqlite3").resumable(
        load_banks([UI_BANK]).banks)
    assert resumed is not None and resumed.session_id in (mine.session_id, moved)
    read_back(isolated_home)


def test_importing_the_same_export_twice_adds_nothing(tmp_path, isolated_home):
    user_with_open_quiz(isolated_home)[0].store.close()
    assert "imported 3 new" in run_import(BASE).stdout
    before = dump_all(isolated_home / "progress.sqlite3")
    assert "imported 0 new" in run_import(BASE).stdout
    assert dump_all(isolated_home / "progress.sqlite3") == before


def test_an_attempt_uid_that_is_already_here_changes_nothing(tmp_path, isolated_home):
    progress, mine = user_with_open_quiz(isolated_home)
    [(uid,)] = progress.store.connection.execute("SELECT uid FROM attempts").fetchall()
    document = base()
    document["attempts"][0].update(uid=uid, correct=1, credit=1.0)
    document["review_log"][0]["attempt_uid"] = uid
    hostile = tmp_path / "collide.json"
    hostile.write_text(json.dumps(document))
    before = progress.store.connection.execute("SELECT * FROM attempts").fetchall()
    logs = progress.store.connection.execute("SELECT * FROM review_log").fetchall()
    assert "imported 2 new" in run_import(hostile).stdout
    after = progress.store.connection.execute("SELECT * FROM attempts WHERE uid = ?",
                                              (uid,)).fetchall()
    assert after == before
    assert progress.store.connection.execute(  # the imported log stays with its answer
        "SELECT * FROM review_log WHERE attempt_uid = ?", (uid,)).fetchall() == logs


# --- every column is validated -----------------------------------------------------------------

def test_every_column_the_import_writes_has_a_validated_field(tmp_path):
    """A new column added by a migration must be added to the import's model too; until
    then it is not imported (the import writes model fields, never file keys)."""
    db = ProgressStore(tmp_path / "p.sqlite3").connection
    assert tuple(TABLE_MODELS) == TABLES  # the tables an export holds, each with a model
    for table, model in TABLE_MODELS.items():
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        assert set(model.written()) == columns - {"id"} | (
            {"id"} if table == "sessions" else set()), table


# --- item 8: memory -----------------------------------------------------------------------------

# The peak is this process's own VmHWM: ru_maxrss would also count the pytest worker it
# was forked from (Linux keeps the parent's high-water mark across exec), which made the
# bound depend on whatever tests that worker had run before.
PEAK = """
import sys
from quiz_app.cli import main
try:
    main(["progress", "import", sys.argv[1]])
except SystemExit:
    pass
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print("peak_kb", peak, file=sys.stderr)
"""

HEAD = '{"format": "relu-quiz-progress", "version": 1, '
MIB = 2**20


def hostile_file(path: Path, kind: str, size: int = 10 * MIB) -> Path:
    if kind == "empty records":
        body = '"attempts": [' + ",".join(["{}"] * (size // 3)) + "]}"
    elif kind == "one deep record":  # one record holding millions of lists
        body = '"attempts": [{"junk": [' + ",".join(["[]"] * (size // 3)) + "]}]}"
    elif kind == "unknown key":
        body = '"junk": [' + ",".join(["{}"] * (size // 3)) + '], "attempts": []}'
    elif kind == "valid logs of no attempt":
        log = ('{"question_id": "q", "log": "{}", "attempt_uid": "u", '
               '"reviewed_at": "2026-01-01T00:00:00+00:00"}')
        body = '"review_log": [' + ",".join([log] * (size // len(log))) + "]}"
    else:  # valid sessions, every one imported
        rows = (f'{{"id": "s{i}", "kind": "quiz", "question_ids": "[]", '
                f'"started_at": "2026-01-01T00:00:00+00:00"}}' for i in range(size // 90))
        body = '"sessions": [' + ",".join(rows) + "]}"
    path.write_text(HEAD + body)
    assert path.stat().st_size >= 0.9 * size
    return path


@pytest.mark.parametrize("kind, imports", [
    ("empty records", False), ("one deep record", False), ("valid logs of no attempt", False),
    ("unknown key", True), ("valid sessions", True)])
def test_a_10_mb_hostile_import_stays_under_300_mb(tmp_path, kind, imports):
    path = hostile_file(tmp_path / "big.json", kind)
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True,
                          text=True, timeout=300, cwd=REPO,
                          env={**os.environ, "RELU_QUIZ_HOME": str(home),
                               "PYTHONPATH": str(REPO)})
    *lines, last = done.stderr.strip().splitlines()
    peak_mb = int(last.split()[1]) / 1024
    print(f"{kind}: peak {peak_mb:.0f} MB")
    assert peak_mb < 300, (peak_mb, lines[:5])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    if imports:
        assert "imported 0 new answers" in done.stdout, done.stderr[-2000:]
        count = sqlite3.connect(home / "progress.sqlite3").execute(
            "SELECT COUNT(*) FROM sessions").fetchone()[0]
        assert count == (10 * MIB // 90 if kind == "valid sessions" else 0)
    else:
        assert len(lines) <= MAX_PROBLEMS_SHOWN + 2 and "nothing was imported" in lines[-1]
        assert f"{path}: record 1: " in lines[0], lines[0]


def test_problems_stop_at_the_limit_and_say_so(tmp_path, isolated_home):
    path = hostile_file(tmp_path / "big.json", "empty records", size=MIB)
    result = run_import(path)
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == MAX_PROBLEMS_SHOWN + 2
    assert lines[0].startswith(f"{path}: record 1: attempts.")
    assert "stopped after" in lines[-2] and "nothing was imported" in lines[-1]
