"""The store at 1k, 10k and 100k cards, side by side with Anki's backend, in one run.

Both sides get the same *studied* library: n cards of mixed kinds, every card with
progress and one review in the log (and, with --reviews-per-card 10, a million reviews at
100k). For each size it prints p50 / p99 / max of the same work on both sides and the
ratio quizapp / Anki:

- answer: one durable answer (card state + review log entry) over 2,100 answers, so that
  a fold (every 2,000) falls inside the run, interleaved one quizapp answer, one Anki
  answer. Anki: get_queued_cards + answer_card (which also picks the next card).
- open: a fresh process opens the library and counts what is due in every deck, vs
  a fresh process doing Collection() + deck_due_tree(). Interleaved, --opens runs each.
- stats: a deck's figures (library_stats: states, forecast, reviews per day, true
  retention) vs Anki's graphs backend over the same deck; first run (which summarises
  each segment once and keeps it) and warm runs, interleaved.

Run: .venv/bin/python tests/bench/bench_library.py [--sizes 1000,10000,100000]
     [--reviews-per-card 1] [--opens 5]
It prints figures and ratios; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(Path(__file__).resolve().parent))
import studied  # noqa: E402

from quizapp.model import CardProgress, CardState, Rating, ReviewEntry  # noqa: E402
from quizapp.store import Library  # noqa: E402

NOW = studied.now_utc()
DECK, DECK_TITLE = studied.DECK_ID, studied.DECK_TITLE


def build_quizapp(folder: Path, n: int, per_card: int) -> Path:
    """The shared studied library (studied.py), with `per_card - 1` older reviews per card
    added to the log for the long-history case."""
    data_dir = folder / "quizapp"
    studied.build_quizapp(n, data_dir, NOW)
    if per_card > 1:
        with Library.open(data_dir) as lib:
            lib.import_history(DECK, [], (
                ReviewEntry(
                    deck_id=DECK, card_id=card_id, rating=Rating(2 + (i + k) % 3),
                    at=NOW - timedelta(days=900) + timedelta(seconds=(k * n + i) * 60),
                    duration_ms=4000, state_before=CardState.review,
                    state_after=CardState.review,
                )
                for k in range(per_card - 1)
                for i, card_id in enumerate(lib.card_ids(DECK))
            ))
    return data_dir


def build_anki(folder: Path, n: int, per_card: int) -> Path:
    path = folder / "anki.anki2"
    studied.build_anki(n, path, NOW)
    if per_card > 1:
        from anki.collection import Collection

        col = Collection(str(path))
        start_ms = int((NOW - timedelta(days=900)).timestamp() * 1000)
        ids = col.db.list("select id from cards order by id")
        col.db.executemany(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " values (?, ?, -1, ?, 12, 10, 2500, 4000, 1)",
            [
                (start_ms + (k * n + i) * 60_000, cid, 2 + (i + k) % 3)
                for k in range(per_card - 1)
                for i, cid in enumerate(ids)
            ],
        )
        col.close()
    return path


def figures(samples: list[float]) -> tuple[float, float, float]:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return statistics.median(ms), p99, ms[-1]


def row(what: str, n: int, ours: list[float], peer: list[float]) -> None:
    a, b = figures(ours), figures(peer)
    ratio = " ".join(f"{x / y:5.2f}x" if y else "  n/a" for x, y in zip(a, b, strict=True))
    print(
        f"{what:<12} {n:>7}  quizapp {a[0]:8.2f} {a[1]:8.2f} {a[2]:8.2f}"
        f"   anki {b[0]:8.2f} {b[1]:8.2f} {b[2]:8.2f}   ratio {ratio}"
    )


def bench_answers(data_dir: Path, anki_path: Path, n: int, answers: int) -> None:
    from anki.collection import Collection

    lib = Library.open(data_dir)
    ids = lib.card_ids(DECK)
    col = Collection(str(anki_path))
    col.decks.select(col.decks.id(DECK_TITLE))
    ours: list[float] = []
    peer: list[float] = []

    def quizapp_answer(i: int) -> None:
        card = ids[(i * 7919) % n]
        lib.record_answer(
            CardProgress(deck_id=DECK, card_id=card, state=CardState.review, reps=2,
                         due=NOW + timedelta(days=20)),
            ReviewEntry(deck_id=DECK, card_id=card, rating=Rating.good, at=NOW,
                        duration_ms=1000, state_before=CardState.review,
                        state_after=CardState.review),
        )

    def anki_answer(i: int) -> None:
        queued = col.sched.get_queued_cards(fetch_limit=1)
        card = col.get_card(queued.cards[0].card.id)  # refilled below, untimed
        card.start_timer()
        col.sched.answer_card(
            col.sched.build_answer(card=card, states=queued.cards[0].states, rating=3)
        )

    def timed(step: Callable[[int], None], i: int, into: list[float]) -> None:
        start = time.perf_counter()
        step(i)
        into.append(time.perf_counter() - start)

    try:
        for i in range(answers):
            timed(quizapp_answer, i, ours)
            if not col.sched.get_queued_cards(fetch_limit=1).cards:
                # a small deck runs out of due cards before 2,100 answers: all due again
                col.sched.set_due_date(col.find_cards(f'"deck:{DECK_TITLE}"'), "0")
            timed(anki_answer, i, peer)
        row("answer", n, ours, peer)
    finally:
        lib.close()
        col.close()


QUIZAPP_OPEN = """
import sys, time
start = time.perf_counter()
from datetime import UTC, datetime
from pathlib import Path
from quizapp.store import Library
from quizapp.study.queues import column_counts
lib = Library.open(Path(sys.argv[1]))
now = datetime.now(UTC)
for s in lib.summaries():  # what the home screen's counting thread does
    column_counts(s.id, lib.card_ids(s.id), lib.progress_columns(s.id), lib.settings(s.id),
                  now, lib.reviews(s.id, now.replace(hour=0)), siblings=lib.siblings(s.id))
print(time.perf_counter() - start)
lib.close()
"""
ANKI_OPEN = """
import sys, time
start = time.perf_counter()
from anki.collection import Collection
col = Collection(sys.argv[1])
col.sched.deck_due_tree()
print(time.perf_counter() - start)
col.close()
"""


def run_timed(code: str, target: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, check=True,
        cwd=REPO,
    )
    return float(done.stdout.strip().splitlines()[-1])


def bench_open(data_dir: Path, anki_path: Path, n: int, runs: int) -> None:
    ours, peer = [], []
    for _ in range(runs):
        ours.append(run_timed(QUIZAPP_OPEN, data_dir))
        peer.append(run_timed(ANKI_OPEN, anki_path))
    row("open+counts", n, ours, peer)


def bench_stats(data_dir: Path, anki_path: Path, n: int, runs: int) -> None:
    from anki.collection import Collection

    from quizapp.stats import library_stats

    lib = Library.open(data_dir, read_only=False)
    col = Collection(str(anki_path))
    first: list[float] = []
    ours, peer = [], []
    try:
        for run in range(runs + 1):
            lib._decks.clear()
            start = time.perf_counter()
            library_stats(lib, DECK, NOW)
            (first if run == 0 else ours).append(time.perf_counter() - start)
            start = time.perf_counter()
            col._backend.graphs(search=f'"deck:{DECK_TITLE}"', days=365)
            peer.append(time.perf_counter() - start)
        row("stats first", n, first, peer[:1])
        row("stats warm", n, ours, peer[1:])
    finally:
        lib.close()
        col.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--reviews-per-card", type=int, default=1)
    parser.add_argument("--answers", type=int, default=2100)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()
    print("milliseconds: p50 p99 max; ratio quizapp/anki of each")
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            started = time.perf_counter()
            data_dir = build_quizapp(folder, n, args.reviews_per_card)
            anki_path = build_anki(folder, n, args.reviews_per_card)
            print(json.dumps({"cards": n, "reviews": n * args.reviews_per_card,
                              "built_s": round(time.perf_counter() - started, 1)}))
            bench_open(data_dir, anki_path, n, args.opens)
            bench_stats(data_dir, anki_path, n, 3)
            bench_answers(data_dir, anki_path, n, args.answers)


if __name__ == "__main__":
    main()
