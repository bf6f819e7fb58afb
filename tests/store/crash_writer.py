"""A process that records answers as fast as it can, printing each seq once it is durable.

Run by test_crash.py, which kills it with SIGKILL at random moments.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import quizapp.store.tables as tables
from quizapp.model import CardProgress, CardState, Rating, ReviewEntry
from quizapp.store import Library

tables.COMPACT_EVERY = 23  # checkpoint often, so kills land inside snapshots too


def main() -> None:
    data_dir, start = Path(sys.argv[1]), int(sys.argv[2])
    lib = Library.open(data_dir)
    n = start
    while True:
        n += 1
        progress = CardProgress(
            deck_id="demo", card_id=f"c{n % 50}", state=CardState.review, reps=n
        )
        review = ReviewEntry(
            deck_id="demo",
            card_id=f"c{n % 50}",
            rating=Rating.good,
            at=datetime.now(UTC),
            duration_ms=n,
            state_before=CardState.learning,
            state_after=CardState.review,
        )
        lib.record_answer(progress, review)
        if n % 40 == 0:
            lib.set_settings(
                "demo", lib.settings("demo").model_copy(update={"new_per_day": n % 900})
            )
        print(n, flush=True)


if __name__ == "__main__":
    main()
