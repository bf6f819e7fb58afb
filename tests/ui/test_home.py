"""The home screen: new / learning / due counts per deck, filled in by a worker,
refreshed after a study session; `s` studies the highlighted deck."""

from __future__ import annotations

import time

from textual.widgets import DataTable, Static

from quizapp.store import Library
from quizapp.ui.screens.home import HomeScreen
from tests.conftest import make_deck
from tests.ui.study_app import study_app, studying
from tests.waiting import until


def counts_row(app: object, deck_id: str) -> list[str]:
    table = app.screen.query_one("#decks", DataTable)  # type: ignore[attr-defined]
    return [str(table.get_cell(deck_id, column)) for column in ("new", "learn", "due")]


async def test_counts_show_and_refresh_after_studying(library: Library) -> None:
    library.import_deck(make_deck("big", n=25), backup=False)
    library.import_deck(make_deck("small", n=2), backup=False)
    app = study_app(library, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, HomeScreen) and "…" not in counts_row(app, "small"),
        )
        assert isinstance(app.screen, HomeScreen)
        assert counts_row(app, "big") == ["20", "0", "0"]  # new cards: today's limit
        assert counts_row(app, "small") == ["2", "0", "0"]
        hint = str(app.screen.query_one("#home-hint", Static).visual)
        assert "s study" in hint and "f1 all keys" in hint
        await pilot.press("s")  # "Deck big" sorts first and is highlighted
        assert (await studying(pilot)).deck_id == "big"
        await pilot.press("space", "3", "space", "4")
        await pilot.press("escape")  # end the session: summary
        await pilot.pause()
        await pilot.press("escape")
        await until(
            pilot,
            lambda: isinstance(app.screen, HomeScreen)
            and counts_row(app, "big") == ["18", "1", "0"],
        )
        assert isinstance(app.screen, HomeScreen)


async def test_study_key_is_in_the_footer_and_help(library: Library) -> None:
    library.import_deck(make_deck(), backup=False)
    app = study_app(library, home=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        described = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Study" in described
        await pilot.press("f1")
        await pilot.pause()
        assert ("s", "Study") in app.screen.keys  # type: ignore[attr-defined]


async def test_reviewer_keys_are_in_the_help(library: Library) -> None:
    app = study_app(library, make_deck())
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space")  # revealed: the rating keys are active
        await pilot.press("f1")
        await pilot.pause()
        helped = dict((what, key) for key, what in app.screen.keys)  # type: ignore[attr-defined]
        for what in ("Again", "Hard", "Good", "Easy", "Undo", "Suspend", "Bury", "End session"):
            assert what in helped
        assert helped["Good"] == "3"


async def test_table_shows_before_the_counts_of_a_big_deck(library: Library) -> None:
    """A 10k-card deck: the table is there at once; the counts follow from the worker."""
    library.import_deck(make_deck("huge", n=10_000), backup=False)
    library._decks.clear()  # as after a restart: the deck file must be read again
    app = study_app(library, home=True)
    started = time.perf_counter()
    async with app.run_test() as pilot:
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 1
        shown = time.perf_counter() - started
        await until(pilot, lambda: counts_row(app, "huge") == ["20", "0", "0"])
    # Not a timing assertion on the counts, only that they were not on the start-up path.
    print(f"table shown after {shown * 1000:.0f} ms")
