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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from quizapp.model import CardProgress, CardState, Deck, Rating, ReviewEntry  # noqa: E402
from quizapp.store import Library  # noqa: E402

NOW = datetime.now(UTC)


def mixed_cards(n: int) -> list[dict[str, Any]]:
    cards: list[dict[str, Any]] = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            cards.append({"kind": "flashcard", "id": f"c{i}", "front": f"Front {i}",
                          "back": f"Back {i}", "tags": ["t"]})
        elif kind == 1:
            cards.append({"kind": "multiple_choice", "id": f"c{i}", "question": f"Q {i}?",
                          "choices": [f"a{i}", f"b{i}", f"c{i}"], "answer": f"a{i}"})
        elif kind == 2:
            cards.append({"kind": "true_false", "id": f"c{i}", "statement": f"S {i}.",
                          "answer": i % 3 == 0})
        else:
            cards.append({"kind": "short_answer", "id": f"c{i}", "question": f"Q {i}?",
                          "answers": [f"answer {i}"]})
    return cards


def due_of(i: int) -> datetime:
    return NOW + timedelta(days=(i * 37) % 60 - 20)  # a third overdue, the rest ahead


def build_quizapp(folder: Path, n: int, per_card: int) -> Path:
    data_dir = folder / "quizapp"
    deck = Deck.model_validate({"id": "bench", "title": "Bench", "cards": mixed_cards(n)})
    with Library.open(data_dir) as lib:
        lib.import_deck(deck, backup=False)
        progress = [
            CardProgress(
                deck_id="bench", card_id=f"c{i}", state=CardState.review, due=due_of(i),
                reps=per_card,
                fsrs={"card_id": i, "state": 2, "step": None, "stability": 12.0,
                      "difficulty": 5.0, "due": due_of(i).isoformat(),
                      "last_review": (due_of(i) - timedelta(days=12)).isoformat()},
            )
            for i in range(n)
        ]
        reviews = (
            ReviewEntry(
                deck_id="bench", card_id=f"c{i}", rating=Rating(2 + (i + k) % 3),
                at=NOW - timedelta(days=365) + timedelta(seconds=(k * n + i) * 30),
                duration_ms=4000, state_before=CardState.review, state_after=CardState.review,
                due_after=due_of(i),
            )
            for k in range(per_card)
            for i in range(n)
        )
        lib.import_history("bench", progress, reviews)
    return data_dir


def build_anki(folder: Path, n: int, per_card: int) -> Path:
    from anki.collection import AddNoteRequest, Collection

    path = folder / "anki.anki2"
    col = Collection(str(path))
    model = col.models.by_name("Basic")
    deck_id = col.decks.id("Bench")
    assert model is not None and deck_id is not None
    requests = []
    for i in range(n):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"Front {i}", f"Back {i}"
        requests.append(AddNoteRequest(note=note, deck_id=deck_id))
    col.add_notes(requests)
    conf = col.decks.config_dict_for_deck_id(deck_id)
    conf["rev"]["perDay"] = 9999  # Anki's own maximum: a larger value is not kept
    col.decks.update_config(conf)
    today = col.sched.today
    ids = col.db.list("select id from cards order by id")
    col.db.executemany(
        "update cards set type=2, queue=2, ivl=12, factor=2500, reps=?, due=? where id=?",
        [(per_card, today + (i * 37) % 60 - 20, cid) for i, cid in enumerate(ids)],
    )
    start_ms = int((NOW - timedelta(days=365)).timestamp() * 1000)
    col.db.executemany(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
        " values (?, ?, -1, ?, 12, 10, 2500, 4000, 1)",
        [
            (start_ms + (k * n + i) * 30_000, cid, 2 + (i + k) % 3)
            for k in range(per_card)
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
    col = Collection(str(anki_path))
    col.decks.select(col.decks.id("Bench"))
    ours: list[float] = []
    peer: list[float] = []

    def quizapp_answer(i: int) -> None:
        card = f"c{(i * 7919) % n}"
        lib.record_answer(
            CardProgress(deck_id="bench", card_id=card, state=CardState.review, reps=2,
                         due=NOW + timedelta(days=20)),
            ReviewEntry(deck_id="bench", card_id=card, rating=Rating.good, at=NOW,
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
                col.sched.set_due_date(col.find_cards("deck:Bench"), "0")
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
from quizapp.study import card_counts
from quizapp.model import progress_key
lib = Library.open(Path(sys.argv[1]))
now = datetime.now(UTC)
for s in lib.summaries():
    progress = {progress_key(s.id, k): p for k, p in lib.progress(s.id).items()}
    card_counts(s.id, lib.card_ids(s.id), progress, lib.settings(s.id), now,
                lib.reviews(s.id, now.replace(hour=0)))
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
            library_stats(lib, "bench", NOW)
            (first if run == 0 else ours).append(time.perf_counter() - start)
            start = time.perf_counter()
            col._backend.graphs(search="deck:Bench", days=365)
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
