"""Processes that record answers as fast as they can, each printing a seq once it is durable.

Run by test_crash.py, which kills each writer with SIGKILL at a random moment. The writers
are forked by one server process (`main`), which imports quizapp once: a fresh Python per
writer spent about 0.4 s of CPU on imports before its first answer, 120 times a run, and
that start-up is not what the test is about. Each writer is still a process of its own,
opening the library itself and killed with a real SIGKILL in the middle of its writes.

Protocol on the server's stdin/stdout, one line each:
  in:  "DATA_DIR START"  fork a writer that records answers START+1, START+2, ...
  out: "pid PID"         the writer's pid (the test kills it)
  out: "N"               answer N is durable (written by the writer itself, one write each)
  out: "end"             the writer is dead and reaped: nothing more will come from it
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import quizapp.store.tables as tables
from quizapp.model import CardProgress, CardState, Rating, ReviewEntry
from quizapp.store import Library

tables.COMPACT_EVERY = 23  # checkpoint often, so kills land inside snapshots too


def write_answers(data_dir: Path, start: int) -> None:
    """Record answers until killed, writing each seq to stdout once record_answer returned."""
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
        # One write of a short line is atomic on a pipe: a kill never leaves half a number.
        os.write(1, f"{n}\n".encode())


def main() -> None:
    while line := sys.stdin.readline():
        data_dir, start = line.split()
        pid = os.fork()
        if pid == 0:  # the writer: it never returns (SIGKILL, or _exit on an error)
            try:
                write_answers(Path(data_dir), int(start))
            finally:
                os._exit(1)
        os.write(1, f"pid {pid}\n".encode())
        os.waitpid(pid, 0)
        os.write(1, b"end\n")


if __name__ == "__main__":
    main()
