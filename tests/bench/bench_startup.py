"""Start-up: launching quizapp on a 10k-card library until the home screen is interactive,
next to a bare Textual app showing one label, measured the same way in the same run.

Each launch is a fresh process (imports included), run headless. Times run from just
before this script starts the process:
- interactive: the first screen has processed its mount and layout (Pilot's
  _wait_for_screen) and, for quizapp, the home screen lists the decks and takes keys;
- settled (quizapp only): the whole process is idle (Pilot.pause), i.e. the home screen's
  due counts, computed in a thread after the first paint, are filled in too.
The child prints wall-clock times and leaves at once.

Run: .venv/bin/python tests/bench/bench_startup.py [--cards 10000] [--runs 10]
It prints figures and the ratio; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import os, time
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

async def ready(pilot):
    await pilot._wait_for_screen()
    print(time.time(), flush=True)
    os._exit(0)

Bare().run(headless=True, auto_pilot=ready)
"""

QUIZAPP = """
import os, sys, time
from pathlib import Path
import quizapp.cli  # what `quizapp` imports before it opens the app
from quizapp.paths import shipped_deck_files
from quizapp.store import Library
from quizapp.ui.app import QuizApp

lib = Library.open(Path(sys.argv[1]))
lib.sync_shipped(shipped_deck_files())

async def ready(pilot):
    await pilot._wait_for_screen()
    table = pilot.app.screen.query_one("#decks")
    assert table.row_count >= 3, table.row_count
    interactive = time.time()
    await pilot.pause()
    counts = pilot.app.screen.counts
    assert "big" in counts, counts
    print(interactive, time.time(), flush=True)
    os._exit(0)

QuizApp(lib).run(headless=True, auto_pilot=ready)
"""


def make_library(folder: Path, cards: int) -> None:
    from quizapp.model import Deck
    from quizapp.paths import shipped_deck_files
    from quizapp.store import Library

    deck = Deck.model_validate(
        {
            "id": "big",
            "title": "Big deck",
            "cards": [
                {"id": f"c{i}", "kind": "flashcard", "front": f"front {i}", "back": f"back {i}"}
                for i in range(cards)
            ],
        }
    )
    with Library.open(folder) as lib:
        lib.sync_shipped(shipped_deck_files())
        lib.import_deck(deck)


def launch(code: str, *args: str) -> list[float]:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return [float(t) - start for t in done.stdout.split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "library"
        make_library(folder, args.cards)
        launch(BARE)  # warm the file cache for both
        launch(QUIZAPP, str(folder))
        bare, ours, settled = [], [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine
            bare.append(launch(BARE)[0])
            interactive, done = launch(QUIZAPP, str(folder))
            ours.append(interactive)
            settled.append(done)
    b, q, s = (statistics.median(x) * 1000 for x in (bare, ours, settled))
    print(f"start-up, median of {args.runs} launches (fresh processes, imports included)")
    print(f"  bare Textual app, interactive:            {b:7.0f} ms")
    print(f"  quizapp, {args.cards:>6}-card library, interactive: {q:7.0f} ms")
    print(f"  quizapp, due counts filled in:            {s:7.0f} ms")
    print(f"  ratio quizapp / bare (interactive):       {q / b:7.2f}  (target <= 1.5)")


if __name__ == "__main__":
    main()
