"""Stale cards (past review_by) on every screen that shows cards, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import DataTable, Input, Static

from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.deck import DeckScreen
from quizapp.ui.screens.study import StudyScreen
from tests.test_freshness import dated_deck
from tests.ui.editor_app import editor_app
from tests.ui.study_app import Clock, study_app
from tests.waiting import until

BEFORE = Clock(datetime(2026, 1, 31, 12, 0, tzinfo=UTC))
AFTER = Clock(datetime(2026, 2, 1, 12, 0, tzinfo=UTC))


async def _home_stale(library: Library, clock: Clock) -> str:
    app = study_app(library, clock=clock, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.screen.query_one("#decks", DataTable)
        # Counting starts after the first frame: wait for its figure, not for the workers
        # (there may be none yet).
        await until(pilot, lambda: str(table.get_cell("dated", "stale")) != "…")
        return str(table.get_cell("dated", "stale"))


async def test_home_counts_the_stale_cards_of_each_deck(library: Library) -> None:
    library.import_deck(dated_deck(), backup=False)
    assert await _home_stale(library, BEFORE) == "0"
    assert await _home_stale(library, AFTER) == "1"


async def test_the_deck_browser_flags_the_stale_card_and_shows_why(library: Library) -> None:
    library.import_deck(dated_deck(), backup=False)
    app = study_app(library, clock=AFTER, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeckScreen)
        table = screen.query_one("#cards", DataTable)
        assert str(table.get_row_at(0)[1]) == "new · stale"
        assert str(table.get_row_at(1)[1]) == "new"
        note = screen.query_one("#card-stale", Static)
        assert note.display and "as of 2025-03: check whether" in str(note.render())
        await pilot.press("down")
        await pilot.pause()
        assert not note.display  # the capital does not go stale


async def test_the_study_card_says_as_of_when_stale(library: Library) -> None:
    deck = dated_deck()
    for clock, shown in ((BEFORE, False), (AFTER, True)):
        app = study_app(library, deck, clock=clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StudyScreen) and screen.card is not None
            assert screen.card.id == "minister"
            note = screen.query_one("#study-stale", Static)
            assert note.display is shown
            if shown:
                assert "as of 2025-03: check whether this still holds" in str(note.render())


async def test_the_editor_edits_both_dates(library: Library) -> None:
    from tests.ui.test_editor_cards import enter, error_text, save_card

    app = editor_app(library, dated_deck())
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        assert app.screen.query_one("#f-as_of", Input).value == "2025-03"
        assert app.screen.query_one("#f-review_by", Input).value == "2026-01-31"
        await enter(pilot, "#f-review_by", "soon")
        assert "date" in error_text(app, "review-by")
        await enter(pilot, "#f-review_by", "2027-06-30")
        await enter(pilot, "#f-as_of", "2026-02")
        await save_card(pilot)
    card = library.deck("dated").cards[0]
    assert card.as_of == "2026-02" and card.review_by is not None
    assert card.review_by.isoformat() == "2027-06-30"
