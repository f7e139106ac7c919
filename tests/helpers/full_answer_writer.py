"""A stand-in student for the kill -9 test of the whole answer transaction: each answer goes
through Progress.record (attempt, FSRS card and review log in one transaction), and its uid
is printed only after record returned, i.e. after the commit."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from quiz_app.bank.loader import load_banks  # noqa: E402
from quiz_app.study.progress import Progress  # noqa: E402
from quiz_app.study.session import QuizSession, items_from  # noqa: E402


def main() -> None:
    path, bank, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    progress = Progress.open(path)
    items = items_from(load_banks([bank]).banks)
    for i in range(count):
        session = QuizSession(list(items), seed=i)
        progress.begin(session)
        while not session.finished:
            answer = session.answer(frozenset({i % 3}))
            uid = progress.record(session, answer, 1.0 + i % 5)
            assert uid is not None, progress.unsaved_reason
            print(uid, flush=True)


if __name__ == "__main__":
    main()
