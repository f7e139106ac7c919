"""The hostile corpus's second half: whole surfaces, not strings (issue 27). CI runs it after
the string corpus (`python -m tests.hostile_surfaces`); it exits 0 only with 0 faults.

- exports: each hostile bank (tests/fixtures/hostile/banks/, plus the generated banks of
  tests/helpers: every hidden character and every injection string in every text field)
  exported in every format with `--force`, then read by its real client: Moodle's XML and
  GIFT importers (php), Canvas's QTI converter, the `anki` package's card renderer and
  markdown-it. A fault: a tag, event handler or javascript: link the author's text made,
  or a control, bidi-override or zero-width character in what the client shows;
- imports: each file of tests/fixtures/hostile/progress/, and files made from it with one
  hostile value each (and 10 MB of empty records), imported into a fresh home with
  `progress import` (any verdict but a crash), then the app must start in a real terminal
  and quit with 0; the import's peak memory stays under IMPORT_MEMORY;
- folders: bank folders with a link to `/`, a link loop, a FIFO, /dev/zero and an
  unreadable folder: `list` ends within FOLDER_SECONDS with the good bank listed, and the
  app started on them quits leaving no process;
- caches: after a `check` fills the caches, every cached file is tampered with (ids given
  an ESC sequence, every false `correct` made true, verdicts flipped): a second `check`
  must print what the first printed.

Every run is a subprocess with a time limit, so one hang is one fault, not a stuck CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.helpers import hidden, injections
from tests.helpers.terminal import Terminal

HERE = Path(__file__).parent
HOSTILE = HERE / "fixtures" / "hostile"
GOOD_BANK = HERE / "fixtures" / "ui" / "quiz.yaml"
IMPORT_MEMORY = 300 * 1024 * 1024  # bytes of peak RSS for one import
FOLDER_SECONDS = 10.0
RUN_SECONDS = 300.0
CARD_TAGS = frozenset({"style", "b", "i"})  # the Anki card template's own markup


def relu_quiz(home: Path, *args: str, env: dict[str, str] | None = None,
              timeout: float = RUN_SECONDS) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz_app", *args], capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, "RELU_QUIZ_HOME": str(home), **(env or {})})


def crashed(run: subprocess.CompletedProcess) -> str | None:
    printed = run.stdout + run.stderr
    if "internal error" in printed or "Traceback" in printed or run.returncode < 0:
        return printed[-600:]
    return None


# --- exports ----------------------------------------------------------------------------

def hostile_banks(scratch: Path) -> list[Path]:
    return sorted((HOSTILE / "banks").glob("*.yaml")) + [
        hidden.write_bank(scratch / "hidden.yaml"),
        injections.bank(scratch / "injections.yaml")]


def _client_html(fmt: str, out: Path, work: Path) -> list[str]:
    """The HTML (or text) each client shows, read by the client itself."""
    if fmt in ("gift", "moodle-xml"):
        from tests.helpers import moodle

        read = moodle.read("gift" if fmt == "gift" else "xml", out)
        return [text for q in read["questions"] if q["qtype"] != "category"
                for text in (q["questiontext_html"], q["generalfeedback_html"],
                             *(a["html"] for a in q["answers"]),
                             *(a["feedback"] for a in q["answers"]))]
    if fmt == "qti":
        from tests.helpers import qti

        converted = qti.convert(out, work)
        return [text for item in converted.items.values()
                for text in (qti.prompt_of(item), *(t for _, t in qti.choices(item)),
                             *qti.feedback_texts(item).values())]
    if fmt == "anki":
        from anki.collection import (
            Collection,
            ImportAnkiPackageOptions,
            ImportAnkiPackageRequest,
        )

        collection = Collection(str(work / "collection.anki2"))
        try:
            collection.import_anki_package(ImportAnkiPackageRequest(
                package_path=str(out), options=ImportAnkiPackageOptions()))
            return [side for card_id in collection.find_cards("")
                    for side in (collection.get_card(card_id).question(),
                                 collection.get_card(card_id).answer())]
        finally:
            collection.close()
    from markdown_it import MarkdownIt  # a reader's Markdown, raw HTML allowed

    return [MarkdownIt("commonmark").render(out.read_text(encoding="utf-8"))]


def export_faults(fmt: str, texts: list[str]) -> list[str]:
    own = CARD_TAGS if fmt == "anki" else frozenset()
    faults = [f"{fmt}: {problem}" for text in texts
              for problem in injections.markup_of(text, own)]
    faults += [f"{fmt}: {char}" for text in texts for char in hidden.hidden_in(text)]
    return sorted(set(faults))


def check_exports(scratch: Path) -> Iterator[tuple[str, list[str]]]:
    for bank in hostile_banks(scratch):
        for fmt in hidden.FORMATS:
            work = Path(tempfile.mkdtemp(dir=scratch))
            out = work / f"out.{fmt}"
            run = relu_quiz(work / "home", "export", str(bank), "--format", fmt, "--force",
                            "-o", str(out))
            name = f"export {bank.name} {fmt}"
            problem = crashed(run)
            if problem or not out.exists():
                yield name, [problem or f"nothing written: {run.stdout[-300:]}"]
                continue
            printed = [f"printed {c}" for c in hidden.hidden_in(run.stdout + run.stderr)]
            yield name, printed + export_faults(fmt, _client_html(fmt, out, work))


# --- imports ----------------------------------------------------------------------------

def _starts_and_quits(home: Path, banks: Path | None = None) -> str | None:
    env: dict[str, str | None] = {"RELU_QUIZ_HOME": str(home), "NO_COLOR": "1",
                                  "RELU_QUIZ_BANKS": str(banks) if banks else None}
    with Terminal(env=env, cwd=home) as app:
        if not app.read_until(b"Study now", 60):
            return f"home never showed: {app.tail(600)!r}"
        app.press(b"q")
        try:
            code = app.wait(30)
        except subprocess.TimeoutExpired:
            return "still running 30 s after q"
        if code != 0 or b"Traceback" in app.seen:
            return f"exit {code}: {app.tail(600)!r}"
    return None


_MEASURED = ("import resource, subprocess, sys; ran = subprocess.run(sys.argv[1:]); "
             "print('peak-rss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.exit(ran.returncode)")


def _peak_rss_of(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """(peak RSS in bytes, output) of one command, measured by the kernel: a fresh parent
    runs it, so that parent's children's peak is the command's own."""
    run = subprocess.run([sys.executable, "-c", _MEASURED, *command], capture_output=True,
                         text=True, timeout=RUN_SECONDS, env={**os.environ, **env})
    last = run.stdout.rstrip().rsplit("\n", 1)[-1]
    peak = int(last.split()[1]) * 1024 if last.startswith("peak-rss ") else 0
    return peak, run.stdout + run.stderr


def _changed(base: dict, table: str, row: int, column: str, value) -> dict:
    copy = json.loads(json.dumps(base))
    copy[table][row][column] = value
    return copy


def hostile_imports(scratch: Path) -> list[Path]:
    """The fixture files, and files made from base.json with one hostile value each, plus
    10 MB of empty records (which once took 4 GB)."""
    base = json.loads((HOSTILE / "progress" / "base.json").read_text(encoding="utf-8"))
    card = json.loads(base["cards"][0]["card"])
    made = {
        "option-orders-not-json": _changed(base, "sessions", 0, "option_orders", "{oops"),
        "option-orders-an-int": _changed(base, "sessions", 0, "option_orders", 7),
        "name-markup-and-escapes": _changed(base, "sessions", 1, "name",
                                            "[/][bold]x\x1b]0;pwned\x07\u202e"),
        "credit-huge": _changed(base, "attempts", 0, "credit", 1e308),
        "seed-2-to-the-70": _changed(base, "sessions", 0, "seed", 2**70),
        "card-nan": _changed(base, "cards", 0, "card",
                             json.dumps({**card, "stability": float("nan")})),
        "card-negative": _changed(base, "cards", 0, "card",
                                  json.dumps({**card, "difficulty": -3, "state": 9})),
    }
    paths = []
    for name, document in made.items():
        path = scratch / f"import-{name}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    empty = scratch / "import-10-mb-of-empty-records.json"
    records = ",".join(["{}"] * (5 * 1024 * 1024 // 3))
    empty.write_text(f'{{"format": "relu-quiz-progress", "version": 1, '
                     f'"attempts": [{records}], "sessions": [{records}]}}', encoding="utf-8")
    return sorted((HOSTILE / "progress").glob("*")) + paths + [empty]


def check_imports(scratch: Path) -> Iterator[tuple[str, list[str]]]:
    for source in hostile_imports(scratch):
        home = Path(tempfile.mkdtemp(dir=scratch))
        faults = []
        peak, printed = _peak_rss_of(
            [sys.executable, "-m", "quiz_app", "progress", "import", str(source)],
            {"RELU_QUIZ_HOME": str(home)})
        if "internal error" in printed or "Traceback" in printed:
            faults.append(printed[-600:])
        if peak > IMPORT_MEMORY:
            faults.append(f"peak RSS {peak / 2**20:.0f} MB")
        if problem := _starts_and_quits(home):
            faults.append(problem)
        yield f"import {source.name}", faults


# --- folders ----------------------------------------------------------------------------

def _folders(scratch: Path) -> Iterator[tuple[str, Path]]:
    def folder(name: str, make: Callable[[Path], object]) -> tuple[str, Path]:
        path = scratch / f"folder-{name}"
        path.mkdir()
        shutil.copy(GOOD_BANK, path / "good.yaml")
        make(path)
        return name, path

    yield folder("link to /", lambda p: (p / "root").symlink_to("/"))
    yield folder("link loop", lambda p: (p / "loop").symlink_to(p))
    yield folder("fifo", lambda p: os.mkfifo(p / "fifo.yaml"))
    yield folder("dev zero", lambda p: (p / "zero.yaml").symlink_to("/dev/zero"))
    yield folder("unreadable", lambda p: ((p / "closed").mkdir(), (p / "closed").chmod(0)))


def check_folders(scratch: Path) -> Iterator[tuple[str, list[str]]]:
    for name, path in _folders(scratch):
        faults = []
        home = Path(tempfile.mkdtemp(dir=scratch))
        began = time.monotonic()
        try:
            run = relu_quiz(home, "list", str(path), timeout=FOLDER_SECONDS)
            if problem := crashed(run):
                faults.append(problem)
            elif "good.yaml" not in run.stdout:
                faults.append(f"the good bank is not listed: {run.stdout[-300:]}")
        except subprocess.TimeoutExpired:
            faults.append(f"list still running after {FOLDER_SECONDS:g} s")
        took = time.monotonic() - began
        if problem := _starts_and_quits(home, path):
            faults.append(problem)
        yield f"folder {name} (list {took:.1f} s)", faults


# --- caches -----------------------------------------------------------------------------

def _tamper(value, ids: set[str]):
    """Every id gets an ESC sequence, every false `correct` or verdict becomes true."""
    if isinstance(value, dict):
        return {k: (True if k in ("correct", "holds", "proved") and v is False
                    else _tamper(v, ids)) for k, v in value.items()}
    if isinstance(value, list):
        return [_tamper(v, ids) for v in value]
    if isinstance(value, str) and value in ids:
        return value + "\x1b]0;tampered\x07"
    return value


def check_caches(scratch: Path) -> Iterator[tuple[str, list[str]]]:
    home = scratch / "cache-home"
    bank = scratch / "cached.yaml"
    shutil.copy(HERE / "fixtures" / "export" / "qti-bank.yaml", bank)
    first = relu_quiz(home, "check", "--alone", str(bank))
    ids = {line.split()[0] for line in relu_quiz(home, "list", str(bank)).stdout.splitlines()
           if line.strip()}
    tampered = 0
    for path in sorted((home / "cache").rglob("*")):
        if not path.is_file():
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            path.write_bytes(path.read_bytes()[::-1])  # not JSON: garble it instead
        else:
            path.write_text(json.dumps(_tamper(data, ids)), encoding="utf-8")
        tampered += 1
    second = relu_quiz(home, "check", "--alone", str(bank))
    faults = [] if tampered else ["no cache file was written"]
    if (second.returncode, second.stdout) != (first.returncode, first.stdout):
        faults.append(f"check after tampering printed:\n{second.stdout[-800:]}\n"
                      f"instead of:\n{first.stdout[-800:]}")
    yield f"caches ({tampered} files tampered)", faults


# --- the run ----------------------------------------------------------------------------

SURFACES = {"exports": check_exports, "imports": check_imports, "folders": check_folders,
            "caches": check_caches}


def main() -> int:
    totals = {}
    failed = 0
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        for surface, check in SURFACES.items():
            count = 0
            for name, faults in check(scratch):
                count += 1
                for fault in faults:
                    failed += 1
                    print(f"FAULT {name}: {fault}", flush=True)
            totals[surface] = count
        for closed in scratch.rglob("*"):  # the unreadable folders, so they can be removed
            if closed.is_dir() and not os.access(closed, os.R_OK):
                closed.chmod(0o700)
    cases = ", ".join(f"{n} {surface}" for surface, n in totals.items())
    print(f"hostile surfaces: {cases}: {failed} faults")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
