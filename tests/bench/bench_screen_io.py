"""The store calls screens make, timed on the studied library: which must stay off the UI thread.

`.venv/bin/python tests/bench/bench_screen_io.py --sizes 1000,10000,100000`

For each size, on a freshly opened library (nothing read yet, as when a screen opens; median
of --runs): opening the reviewer's session (`open_study`: the deck, its progress, today's
reviews, the queues), the deck browser's progress read, the deck settings' review count, and
an editor save. Each ran on the UI thread before issue 12's last change (the save excepted),
and each runs in a thread now. A frame at 60 Hz is 16.7 ms: a call over that on the UI
thread is a visible stall. Figures, not assertions: this machine is shared.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from quizapp.store import Library  # noqa: E402
from quizapp.ui.screens.study_open import StudyOptions, open_study  # noqa: E402
from tests.bench.report import ms, sizes_option, table  # noqa: E402
from tests.bench.studied import DECK_ID, build_quizapp, now_utc  # noqa: E402


def cold(data_dir: Path, call: Callable[[Library], object], runs: int) -> float:
    """Median seconds of `call` on a library just opened (its open not counted)."""
    times = []
    for _ in range(runs):
        with Library.open(data_dir) as library:
            started = time.perf_counter()
            call(library)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def calls(now: datetime) -> dict[str, Callable[[Library], object]]:
    """What each screen asks of the library, by who asks and on which thread."""
    options = StudyOptions(clock=lambda: now, tz=UTC, fuzz=False)
    return {
        "open_study (reviewer, thread)": lambda lib: open_study(lib, DECK_ID, options),
        "progress (deck browser, thread)": lambda lib: lib.progress(DECK_ID),
        "reviews count (settings, thread)": lambda lib: lib.review_count(DECK_ID),
        "save_deck (editor, thread)": lambda lib: lib.save_deck(lib.deck(DECK_ID)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes_option(parser)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir, now = Path(tmp) / "quizapp", now_utc()
            build_quizapp(n, data_dir, now)
            rows.append([f"{n:,}", *(ms(cold(data_dir, call, args.runs) * 1000)
                                     for call in calls(now).values())])
    print(table(["cards", *calls(now_utc())], rows))
    print("ms, median of", args.runs, "runs, each on a library just opened (cold)")


if __name__ == "__main__":
    main()
