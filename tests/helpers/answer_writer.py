"""A stand-in student for the crash and concurrency tests: records answers in a loop and
prints each attempt's uid only after record_answer returned, i.e. after the commit."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from quiz_app.study.store import AttemptRecord, ProgressStore  # noqa: E402


def main() -> None:
    path, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    store = ProgressStore(path)
    for i in range(count):
        record = AttemptRecord(f"{tag}-{i % 7}", "hash", "bank.yaml", "topic", (i % 3,),
                               i % 2 == 0, 1.5, 0)
        print(store.record_answer(None, record), flush=True)


if __name__ == "__main__":
    main()
