"""Cost of recording one answer (new card state + one review-log entry), durable on return.

Compares, on libraries of 1k, 10k and 100k cards, in one run:
- quizapp's Library.record_answer (journal append + fsync);
- plain TinyDB with its JSONStorage (update the card + insert the review: rewrites the file);
- Anki's own backend (PyPI `anki`): answer a card and commit, on a collection of the same size;
- a bare append + fsync of one line (the floor for any durable write on this disk).

Run: .venv/bin/python tests/bench/bench_store.py [--sizes 1000,10000,100000] [--answers 200]
It prints figures and ratios; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from quizapp.model import CardProgress, CardState, Deck, Rating, ReviewEntry
from quizapp.store import Library


def big_deck(n: int) -> Deck:
    return Deck.model_validate(
        {
            "id": "bench",
            "title": "Bench",
            "cards": [
                {"id": f"c{i}", "kind": "flashcard", "front": f"front {i}", "back": f"back {i}"}
                for i in range(n)
            ],
        }
    )


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(step: Callable[[int], None], answers: int) -> list[float]:
    out = []
    for i in range(answers):
        start = time.perf_counter()
        step(i)
        out.append(time.perf_counter() - start)
    return out


def bench_quizapp(folder: Path, n: int, answers: int) -> float:
    lib = Library.open(folder / "quizapp")
    lib.import_deck(big_deck(n))
    # A library in use: every card already has progress and a review.
    now = datetime.now(UTC)
    for i in range(n):
        lib.tables.keyed.setdefault("progress", {}).setdefault("bench", {})[f"c{i}"] = (
            CardProgress(deck_id="bench", card_id=f"c{i}", state=CardState.review, reps=1)
            .model_dump(mode="json", exclude={"deck_id", "card_id"})
        )
    lib.checkpoint()

    def step(i: int) -> None:
        card = f"c{(i * 7919) % n}"
        lib.record_answer(
            CardProgress(deck_id="bench", card_id=card, state=CardState.review, reps=2),
            ReviewEntry(
                deck_id="bench", card_id=card, rating=Rating.good, at=now, duration_ms=1000,
                state_before=CardState.review, state_after=CardState.review,
            ),
        )

    try:
        return median_ms(timed(step, answers))
    finally:
        lib.close()


def bench_tinydb(folder: Path, n: int, answers: int) -> float:
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    db = TinyDB(folder / "plain.json", storage=JSONStorage)
    db.table("cards").insert_multiple(
        {"id": f"c{i}", "state": "review", "reps": 1, "stability": 3.0} for i in range(n)
    )
    reviews = db.table("reviews")
    cards = db.table("cards")

    def step(i: int) -> None:
        doc_id = (i * 7919) % n + 1
        cards.update({"reps": 2, "stability": 4.0}, doc_ids=[doc_id])
        reviews.insert({"card": doc_id, "rating": 3, "at": "2026-01-01T00:00:00+00:00"})

    try:
        return median_ms(timed(step, min(answers, 30 if n >= 100_000 else answers)))
    finally:
        db.close()


def bench_anki(folder: Path, n: int, answers: int) -> float | None:
    try:
        from anki.collection import Collection
    except ImportError:
        return None
    col = Collection(str(folder / "anki.anki2"))
    model = col.models.by_name("Basic")
    deck_id = col.decks.id("Bench")
    assert model is not None and deck_id is not None
    for i in range(n):
        note = col.new_note(model)
        note["Front"], note["Back"] = f"front {i}", f"back {i}"
        col.add_note(note, deck_id)
    col.decks.select(deck_id)
    conf = col.decks.config_dict_for_deck_id(deck_id)
    conf["rev"]["perDay"] = 100_000
    col.decks.save(conf)
    # A collection in use, like the others: every card is a review card due today.
    col.db.execute("update cards set type=2, queue=2, ivl=1, due=?, factor=2500", col.sched.today)

    def step(i: int) -> None:
        queued = col.sched.get_queued_cards(fetch_limit=1)
        card = col.get_card(queued.cards[0].card.id)
        card.start_timer()
        states = queued.cards[0].states
        answer = col.sched.build_answer(card=card, states=states, rating=3)
        col.sched.answer_card(answer)

    try:
        return median_ms(timed(step, answers))
    finally:
        col.close()


def bench_append_fsync(folder: Path, answers: int) -> float:
    sync = getattr(os, "fdatasync", os.fsync)
    with (folder / "floor.log").open("ab", buffering=0) as handle:

        def step(i: int) -> None:
            handle.write(b'{"seq": 1, "ops": [["put", "progress", "bench", "c1", {}]]}\n')
            sync(handle.fileno())

        return median_ms(timed(step, answers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--answers", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"median ms per durable answer ({args.answers} answers; plain TinyDB fewer at 100k)")
    print(f"{'cards':>8} {'quizapp':>9} {'tinydb':>9} {'anki':>9} {'fsync':>9}"
          f" {'tinydb/quizapp':>15} {'quizapp/anki':>13}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            ours = bench_quizapp(folder, n, args.answers)
            plain = bench_tinydb(folder, n, args.answers)
            anki = bench_anki(folder, n, args.answers)
            floor = bench_append_fsync(folder, args.answers)
        anki_text = f"{anki:9.3f}" if anki is not None else f"{'n/a':>9}"
        ratio = f"{ours / anki:13.2f}" if anki else f"{'n/a':>13}"
        figures = f"{ours:9.3f} {plain:9.3f} {anki_text} {floor:9.3f}"
        print(f"{n:>8} {figures} {plain / ours:15.1f} {ratio}")


if __name__ == "__main__":
    main()
