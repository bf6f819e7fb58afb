"""Figures of the deck browser's search on a big deck: `.venv/bin/python -m tests.browse_figures`.

Prints, for a deck of --size cards (default 10,000): building the search index, each query's
match pass (median of 5), and in the real app (run_test) the time until the browser shows its
first rows and all of them, and a search's refill, against a DataTable given every row at once
(what the browser did before). Figures, not assertions: this machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

from quizapp.model import Deck
from quizapp.search import SearchIndex, When, parse
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.deck import DeckScreen

QUERIES = ["elephant 42", "tag:geo::t7", '"number 99"', "-is:new", "kind:flashcard -tag:geo"]


def big_deck(size: int) -> Deck:
    cards = [
        {"id": f"c{i}", "kind": "flashcard", "back": f"answer {i}", "tags": [f"geo::t{i % 50}"],
         "front": f"Question number {i} about the Éléphant {i % 97}"}
        for i in range(size)
    ]
    return Deck.model_validate({"id": "big", "title": "Big", "cards": cards})


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def core(deck: Deck) -> None:
    start = time.perf_counter()
    index = SearchIndex(deck.cards)
    print(f"index of {len(deck.cards)} cards      {ms(time.perf_counter() - start)}")
    when = When(datetime.now(UTC), date.today())
    for query in QUERIES:
        times, found = [], 0
        for _ in range(5):
            start = time.perf_counter()
            found = len(index.find(parse(query), {}, when))
            times.append(time.perf_counter() - start)
        print(f"find {query!r:28} {ms(statistics.median(times))}  ({found} cards)")


class AllAtOnce(App[None]):
    """The peer: a DataTable given every row in one go."""

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Kind", "Prompt")
        table.add_rows((str(i), c.kind, c.prompt) for i, c in enumerate(self.deck.cards))


async def _wait(condition: object, step: float = 0.005) -> None:
    while not condition():  # type: ignore[operator]
        await asyncio.sleep(step)


async def browser(deck: Deck) -> None:
    with tempfile.TemporaryDirectory() as folder:
        library = Library.open(Path(folder))
        library.import_deck(deck, backup=False)
        app = QuizApp(library)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            loaded = library.deck(deck.id)
            start = time.perf_counter()
            app.push_screen(DeckScreen(loaded))

            def rows() -> int:
                shown = app.screen
                if not isinstance(shown, DeckScreen) or not shown.is_mounted:
                    return 0
                return shown.query_one("#cards", DataTable).row_count

            await _wait(lambda: rows() > 0)
            first = time.perf_counter() - start
            await _wait(lambda: rows() == len(deck.cards))
            print(f"browser: first rows {ms(first)}, all {len(deck.cards)} rows "
                  f"{ms(time.perf_counter() - start)}")
            screen = app.screen
            assert isinstance(screen, DeckScreen)
            for query in ("elephant 42", "number 9999", ""):
                screen.query_one("#search", Input).value = query
                await pilot.pause()  # the debounced search of the typed value runs first
                start = time.perf_counter()
                screen.apply_search()  # find, clear, the first screenful of rows
                held = time.perf_counter() - start
                await _wait(lambda: rows() == len(screen.shown))
                print(f"search {query!r:14} {len(screen.shown):5} rows: screen held "
                      f"{ms(held)}, all rows in {ms(time.perf_counter() - start)}")
        library.close()
    peer = AllAtOnce(deck)
    start = time.perf_counter()
    async with peer.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print(f"peer: DataTable given all {len(deck.cards)} rows at once, painted "
              f"{ms(time.perf_counter() - start)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    size = parser.parse_args().size
    deck = big_deck(size)
    core(deck)
    asyncio.run(browser(deck))


if __name__ == "__main__":
    main()
