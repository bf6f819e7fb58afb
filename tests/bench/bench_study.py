"""Benchmark: one full answer, quizapp's StudySession + Library next to Anki's backend.

Run: .venv/bin/python tests/bench/bench_study.py [--sizes 1000,10000,100000] [--answers 2100]

Not a test (no timed assertions): it prints figures and ratios.

The same studied library on both sides (tests/bench/studied.py: mixed kinds, one review
each, a share due today). One answer is the whole of what the study screen does per card,
without drawing it:
- quizapp: next_card() + counts + the four buttons' intervals + grading the answer (kinds
  that are answered; flashcards are self-rated) + answer() (FSRS) + record_answer()
  (durable: an fsync'd journal line; every 2,000th answer also folds the journal);
- Anki: get_queued_cards() (the next card, the counts and the four buttons' states) +
  build_answer() + answer_card() (scheduled by FSRS, committed to SQLite).
The ratings are the same sequence on both sides (Again on every 4th answer, else Good),
so relearning cards come back within the learn-ahead limit on both. 2,100 answers, so
that a journal fold falls inside: p99 and max matter as much as the median. The two
sides are interleaved in blocks of 50 answers in one process, so both see the same
machine. Each side's queue is built when it opens (as the reviewer builds its queues while
it opens), not by its first answer. A deck too small for 2,100 answers answers what it
has (the count is printed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizapp.grading import GradingSettings, grade  # noqa: E402
from quizapp.model import Rating, progress_key  # noqa: E402
from quizapp.store import Library  # noqa: E402
from quizapp.study import StudySession, day_start, study_day  # noqa: E402
from tests.bench.report import ms, ratio, sizes_option, spread, table  # noqa: E402
from tests.bench.studied import (  # noqa: E402
    DECK_ID,
    DECK_TITLE,
    build_anki,
    build_quizapp,
    now_utc,
    right_response,
)

BLOCK = 50
PAUSE = 0.050  # an answer slower than this is a visible pause


def rating_for(number: int) -> Rating:
    return Rating.again if number % 4 == 0 else Rating.good


class QuizappSide:
    def __init__(self, data_dir: Path) -> None:
        self.library = Library.open(data_dir)
        deck = self.library.deck(DECK_ID)
        now = now_utc()
        progress = {
            progress_key(DECK_ID, cid): p for cid, p in self.library.progress(DECK_ID).items()
        }
        since = day_start(study_day(now))
        self.session = StudySession(
            deck,
            progress,
            self.library.settings(DECK_ID),
            self.library.reviews(DECK_ID, since=since),
        )
        self.grading = GradingSettings(typo_tolerance=self.session.settings.typo_tolerance)
        # The queues are built when the reviewer opens (ui/screens/study_open.py, in its
        # thread), not by the first answer: the same here, as Anki's side builds its queue.
        self.session.counts  # noqa: B018

    def answer(self, number: int) -> bool:
        session = self.session
        card = session.next_card()
        if card is None:
            return False
        session.counts  # noqa: B018 (the screen shows the counts: part of the work)
        session.intervals(card.id)
        response = right_response(card)
        correct = None if response is None else grade(card, response, self.grading).correct
        answered = session.answer(card.id, rating_for(number), 5000, correct)
        self.library.record_answer(answered.progress, answered.review)
        return True

    def close(self) -> None:
        self.library.close()


class AnkiSide:
    def __init__(self, path: Path) -> None:
        import anki.collection  # before anki.cards: importing that first is a circular import
        from anki.cards import Card
        from anki.scheduler_pb2 import CardAnswer

        self._card, self._ratings = Card, CardAnswer
        self.col = anki.collection.Collection(str(path))
        deck_id = self.col.decks.id(DECK_TITLE)
        assert deck_id is not None
        self.col.decks.select(deck_id)
        self.col.sched.get_queued_cards()  # its queue built at open, as quizapp's side's

    def answer(self, number: int) -> bool:
        queued = self.col.sched.get_queued_cards()
        if not queued.cards:
            return False
        top = queued.cards[0]
        card = self._card(self.col, backend_card=top.card)
        card.start_timer()
        rating = self._ratings.AGAIN if rating_for(number) is Rating.again else self._ratings.GOOD
        answer = self.col.sched.build_answer(card=card, states=top.states, rating=rating)
        self.col.sched.answer_card(answer)
        return True

    def close(self) -> None:
        self.col.close()


def run(sides: dict[str, Any], answers: int) -> dict[str, list[float]]:
    """Answer up to `answers` cards on every side, interleaved in blocks of BLOCK."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    live = dict(sides)
    number = 0
    while number < answers and live:
        block = range(number, min(number + BLOCK, answers))
        for name, side in list(live.items()):
            step: Callable[[int], bool] = side.answer
            for k in block:
                start = time.perf_counter()
                if not step(k):
                    del live[name]  # nothing left to study on this side
                    break
                times[name].append(time.perf_counter() - start)
        number = block.stop
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes_option(parser)
    parser.add_argument("--answers", type=int, default=2100)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root, now = Path(tmp), now_utc()
            started = time.perf_counter()
            build_quizapp(n, root / "quizapp", now)
            build_anki(n, root / "anki.anki2", now)
            built = time.perf_counter() - started
            sides = {
                "quizapp": QuizappSide(root / "quizapp"),
                "anki": AnkiSide(root / "anki.anki2"),
            }
            try:
                times = run(sides, args.answers)
            finally:
                for side in sides.values():
                    side.close()
        ours, theirs = spread(times["quizapp"]), spread(times["anki"])
        pauses = sum(t > PAUSE for t in times["quizapp"])
        print(f"{n} cards: built both in {built:.1f} s; answers {len(times['quizapp'])} / "
              f"{len(times['anki'])}; quizapp answers over {PAUSE * 1000:.0f} ms: {pauses}",
              flush=True)  # fmt: skip
        rows.append(
            [
                f"{n:,}",
                str(len(times["quizapp"])),
                *(ms(v) for v in ours),
                *(ms(v) for v in theirs),
                ratio(ours[0], theirs[0]),
                ratio(ours[1], theirs[1]),
                ratio(ours[2], theirs[2]),
            ]
        )
    print()
    print("full answer, ms (quizapp: next + counts + intervals + grade + FSRS + durable write;")
    print("Anki: get_queued_cards + build_answer + answer_card)")
    header = ["cards", "answers", "quizapp p50", "p99", "max", "Anki p50", "p99", "max"]
    print(table([*header, "ratio p50", "ratio p99", "ratio max"], rows))
    print("targets at 100k: answer p99 under 16 ms, no pause over 50 ms")


if __name__ == "__main__":
    main()
