"""Benchmark: the deck editor on a big studied deck, next to Anki's card search.

Run: .venv/bin/python tests/bench/bench_editor.py [--sizes 1000,10000,100000] [--rounds 5]

Not a test (no timed assertions): it prints figures and ratios.

- open: quizapp, from pushing the editor screen (on the already loaded deck) onto a running
  app to its first frame showing the list, through run_test; Anki, what its browser does
  to show a deck: find_cards on the deck, in the sort order, plus the rows of the first
  screenful (browser_row_for_id).
- per key: a search typed one key at a time ("market riv", then backspaced away), each
  key timed; quizapp from the key press to the filtered list set (the search handler has
  run: filter + list + card view), Anki find_cards on the deck with the text typed so far
  (the same rule: every word, anywhere in the card). The first key also builds quizapp's
  search index (part of its max). Keys alternate between the two sides.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizapp.model import Deck  # noqa: E402
from quizapp.store import Library  # noqa: E402
from quizapp.ui.screens.editor import EditorScreen  # noqa: E402
from quizapp.ui.widgets.editor_list import CardList  # noqa: E402
from tests.bench.report import ms, ratio, sizes_option, spread, table  # noqa: E402
from tests.bench.studied import (  # noqa: E402
    DECK_ID,
    DECK_TITLE,
    build_anki,
    build_quizapp,
    now_utc,
)
from tests.ui.editor_app import EditorTestApp  # noqa: E402

TYPED = "market riv"
ROWS_ON_SCREEN = 30


class AnkiSide:
    def __init__(self, path: Path) -> None:
        import anki.collection

        self.col = anki.collection.Collection(str(path))
        self.deck = f'deck:"{DECK_TITLE}"'
        # The browser's own columns (question, answer, due, deck...), as the desktop sets them.
        self.col.set_browser_card_columns(self.col.load_browser_card_columns())

    def open(self) -> float:
        start = time.perf_counter()
        ids = self.col.find_cards(self.deck, order=True)
        for card_id in ids[:ROWS_ON_SCREEN]:
            cells, *_ = self.col.browser_row_for_id(card_id)
            list(cells)
        return time.perf_counter() - start

    def key(self, typed: str) -> tuple[float, int]:
        start = time.perf_counter()
        found = self.col.find_cards(f"{self.deck} {typed}" if typed.strip() else self.deck)
        return time.perf_counter() - start, len(found)

    def close(self) -> None:
        self.col.close()


async def quizapp_open(library: Library, deck: Deck) -> float:
    """From pushing the editor screen on a running app to its first frame with the list."""
    app = EditorTestApp(library)
    painted: list[float] = []
    display = app._display

    def timed(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        shown = isinstance(screen, EditorScreen) and screen.query_one(CardList).rows
        if renderable is not None and shown:
            painted.append(time.perf_counter())

    app._display = timed  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await app.push_screen(EditorScreen(deck))
        await pilot.pause()
        assert len(app.screen.query_one(CardList).rows) == len(deck.cards)
    assert painted, "the editor was never painted"
    return painted[0] - start


async def type_and_measure(
    library: Library, deck: Deck, anki: AnkiSide, rounds: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"quizapp": [], "anki": []}
    app = EditorTestApp(library, open_screen=EditorScreen(deck))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        done: list[float] = []
        refresh = editor.refresh_list

        def timed_refresh(card_index: int | None = None) -> None:
            refresh(card_index)
            done.append(time.perf_counter())

        editor.refresh_list = timed_refresh  # type: ignore[method-assign]
        await pilot.press("slash")
        keys = [*TYPED, *["backspace"] * len(TYPED)]
        for _ in range(rounds):
            typed = ""
            for key in keys:
                typed = typed[:-1] if key == "backspace" else typed + key
                done.clear()
                start = time.perf_counter()
                await pilot.press("space" if key == " " else key)
                await pilot.pause()
                assert done, "the search never ran"
                times["quizapp"].append(done[0] - start)
                took, _ = anki.key(typed)
                times["anki"].append(took)
            # Both found the same cards for the whole text (same rule, same deck).
        shown = len(editor.query_one(CardList).rows)
        assert shown == len(deck.cards), shown
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes_option(parser)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root, now = Path(tmp), now_utc()
            build_quizapp(n, root / "quizapp", now)
            build_anki(n, root / "anki.anki2", now)
            anki = AnkiSide(root / "anki.anki2")
            try:
                with Library.open(root / "quizapp") as library:
                    deck = library.deck(DECK_ID)
                    opens = {"quizapp": [], "anki": []}
                    for _ in range(3):
                        opens["quizapp"].append(asyncio.run(quizapp_open(library, deck)))
                        opens["anki"].append(anki.open())
                    keys = asyncio.run(type_and_measure(library, deck, anki, args.rounds))
                    ours_found = len([c for c in deck.cards if _matches(c, TYPED)])
                _, theirs_found = anki.key(TYPED)
            finally:
                anki.close()
        open_ours, open_theirs = spread(opens["quizapp"]), spread(opens["anki"])
        key_ours, key_theirs = spread(keys["quizapp"]), spread(keys["anki"])
        print(f"{n} cards: '{TYPED}' finds {ours_found} here, {theirs_found} in Anki", flush=True)
        rows.append(
            [
                f"{n:,}",
                ms(open_ours[0]),
                ms(open_theirs[0]),
                ratio(open_ours[0], open_theirs[0]),
                *(ms(v) for v in key_ours),
                *(ms(v) for v in key_theirs),
                ratio(key_ours[0], key_theirs[0]),
                ratio(key_ours[1], key_theirs[1]),
            ]
        )
    print()
    print("editor open (median of 3) and per search key, ms")
    header = ["cards", "open", "Anki open", "ratio", "key p50", "p99", "max"]
    header += ["find_cards p50", "p99", "max", "ratio p50", "ratio p99"]
    print(table(header, rows))
    print("target at 100k: editor key within 2x find_cards")


def _matches(card: Any, text: str) -> bool:
    from quizapp.editing import search_text

    hay = search_text(card)
    return all(word in hay for word in text.casefold().split())


if __name__ == "__main__":
    main()
