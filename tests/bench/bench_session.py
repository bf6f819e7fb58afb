"""Benchmark: the study session alone (no store, no UI), late in a long session, before and
after its counts became incremental.

Run: .venv/bin/python tests/bench/bench_session.py [--sizes 1000,10000,100000] [--answers 2100]
     [--before 6572407]

Not a test (no timed assertions): it prints figures and ratios.

"Before" is quizapp/study/session.py and queues.py as they were at commit --before (read
with `git show` into a temporary package); "after" is the working tree's. Both answer the
same deck of new flashcards with the same clock (2 s per answer) and the same ratings
(Again on every 4th), one answer = next_card() + counts + answer(). The two alternate in
blocks of 100 answers. Before, every answer re-scanned all of the session's answers twice
(to count today's new and review cards); the figure that shows it is the answers late
in the session.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizapp.model import Deck, Flashcard, Rating, StudySettings  # noqa: E402
from quizapp.study import StudySession  # noqa: E402
from tests.bench.report import ms, ratio, sizes_option, spread, table  # noqa: E402

BLOCK = 100
SETTINGS = StudySettings(new_per_day=9999, reviews_per_day=9999)


def load_before(commit: str, folder: Path) -> Any:
    """StudySession as it was at `commit`, from a package of its two files."""
    package = folder / "study_before"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("queues", "session"):
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:quizapp/study/{name}.py"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        source = source.replace("quizapp.study.queues", "study_before.queues")
        (package / f"{name}.py").write_text(source)
    sys.path.insert(0, str(folder))
    module: ModuleType = importlib.import_module("study_before.session")
    return module.StudySession


class Run:
    def __init__(self, session_class: Any, deck: Deck) -> None:
        self.now = datetime(2026, 3, 2, 9, tzinfo=UTC)
        self.session = session_class(deck, {}, SETTINGS, clock=lambda: self.now, tz=UTC, fuzz=False)
        self.times: list[float] = []

    def answer(self, number: int) -> None:
        start = time.perf_counter()
        card = self.session.next_card()
        self.session.counts  # noqa: B018 (the screen shows them after every answer)
        rating = Rating.again if number % 4 == 0 else Rating.good
        self.session.answer(card.id, rating, 1000)
        self.times.append(time.perf_counter() - start)
        self.now += timedelta(seconds=2)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes_option(parser)
    parser.add_argument("--answers", type=int, default=2100)
    parser.add_argument("--before", default="6572407")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        before_class = load_before(args.before, Path(tmp))
        for n in args.sizes:
            cards = (Flashcard(id=f"c{i}", front=f"q{i}", back=f"a{i}") for i in range(n))
            deck = Deck(id="d", title="D", cards=tuple(cards))
            runs = {"before": Run(before_class, deck), "after": Run(StudySession, deck)}
            for start in range(0, args.answers, BLOCK):
                for run in runs.values():
                    for number in range(start, min(start + BLOCK, args.answers)):
                        run.answer(number)
            late = {name: spread(run.times[-200:]) for name, run in runs.items()}
            early = {name: spread(run.times[:200]) for name, run in runs.items()}
            rows.append(
                [
                    f"{n:,}",
                    ms(early["before"][0]),
                    ms(early["after"][0]),
                    ms(late["before"][0]),
                    ms(late["before"][1]),
                    ms(late["after"][0]),
                    ms(late["after"][1]),
                    ratio(late["after"][0], late["before"][0]),
                ]
            )
            print(f"{n} cards done", flush=True)
    print()
    print(f"next card + counts + answer, ms; late = the last 200 of {args.answers} answers")
    header = ["cards", "first 200 before p50", "after p50", "late before p50", "p99"]
    print(table([*header, "late after p50", "p99", "after/before"], rows))


if __name__ == "__main__":
    main()
