"""The deck browser's search (as you type, Anki's grammar), bury/unbury and undo, deck id."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Input, Static

from quizapp.model import CardProgress, CardState, Deck
from quizapp.store import Library
from quizapp.ui.screens.deck import DeckScreen
from tests.ui.study_app import START, Clock, StudyTestApp
from tests.ui.study_app import StudyOptions as Options
from tests.waiting import screen, until

DECK = Deck.model_validate(
    {
        "id": "geo",
        "title": "Geography",
        "cards": [
            {"id": "mali", "kind": "flashcard", "front": "Capital of Mali", "back": "Bamako",
             "tags": ["geo::africa"]},
            {"id": "peru", "kind": "flashcard", "front": "Capital of Peru", "back": "Lima",
             "tags": ["geo::americas"]},
            {"id": "sahel", "kind": "cloze", "text": "The {{c1::Sahel}} is south of the Sahara."},
            {"id": "cafe", "kind": "short_answer", "question": "Café in English?",
             "answers": ["coffee"]},
        ],
    }
)


def shown_ids(browser: DeckScreen) -> list[str]:
    return [browser.deck.cards[i].id for i in browser.shown]


def status(browser: DeckScreen) -> str:
    return str(browser.query_one("#search-status", Static).render())


async def open_browser(library: Library) -> tuple[StudyTestApp, Clock]:
    library.import_deck(DECK, backup=False)
    clock = Clock()
    return StudyTestApp(library, Options(clock=clock, fuzz=False)), clock


async def test_search_filters_as_you_type_and_says_a_bad_query(library: Library) -> None:
    library.put_progress(
        CardProgress(deck_id="geo", card_id="peru", state=CardState.review,
                     due=START - timedelta(days=1))
    )
    app, _ = await open_browser(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("b")
        browser = await screen(pilot, DeckScreen)
        assert status(browser) == "4 cards · deck id geo"
        await pilot.press("slash", *"tag:geo")
        await until(pilot, lambda: shown_ids(browser) == ["mali", "peru"])
        assert status(browser) == "2 of 4 cards match · deck id geo"
        await pilot.press(*" -lima")  # negation
        await until(pilot, lambda: shown_ids(browser) == ["mali"])
        table = browser.query_one("#cards", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "1"
        search = browser.query_one("#search", Input)
        for query, expected in (
            ("is:due", ["peru"]),
            ("kind:cloze", ["sahel"]),
            ("cafe", ["cafe"]),  # accents aside
            ('"south of the"', ["sahel"]),
            ("is:new -kind:cloze", ["mali", "cafe"]),
        ):
            search.value = query
            await until(pilot, lambda e=expected: shown_ids(browser) == e)  # type: ignore[misc]
        search.value = 'kind:"[/]" [@click=app.quit]'  # markup is text, here as anywhere
        await until(pilot, lambda: "no card kind '[/]'" in status(browser))
        search.value = "is:late"
        await until(pilot, lambda: "no card state is:late" in status(browser))
        assert shown_ids(browser) == ["mali", "cafe"]  # a bad query keeps the last table
        search.value = ""
        await until(pilot, lambda: len(browser.shown) == 4)
        # enter leaves the box for the table, escape then leaves the browser
        await pilot.press("enter")
        await until(pilot, lambda: table.has_focus)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, DeckScreen))


async def test_bury_unbury_suspend_and_undo_from_the_browser(library: Library) -> None:
    app, _ = await open_browser(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("b")
        browser = await screen(pilot, DeckScreen)
        table = browser.query_one("#cards", DataTable)
        await pilot.press("down", "b")  # bury the second card
        await until(pilot, lambda: str(table.get_row_at(1)[1]) == "new · buried")
        assert library.progress("geo")["peru"].buried_until == START.date() + timedelta(days=1)
        browser.query_one("#search", Input).value = "is:buried"
        await until(pilot, lambda: shown_ids(browser) == ["peru"])
        browser.query_one("#search", Input).value = ""
        await until(pilot, lambda: len(browser.shown) == 4)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("b")  # and back
        await until(pilot, lambda: str(table.get_row_at(1)[1]) == "new")
        assert library.progress("geo")["peru"].buried_until is None
        await pilot.press("s")
        await until(pilot, lambda: str(table.get_row_at(1)[1]) == "new · suspended")
        assert library.progress("geo")["peru"].suspended
        await pilot.press("u")  # undo the suspend
        await until(pilot, lambda: str(table.get_row_at(1)[1]) == "new")
        assert not library.progress("geo")["peru"].suspended
        await pilot.press("u")  # undo the unbury: buried again
        await until(pilot, lambda: str(table.get_row_at(1)[1]) == "new · buried")
        assert library.progress("geo")["peru"].buried_until is not None
        assert "Undid the change to card 2." in app.notes
        keys = {b.binding.key for b in browser.active_bindings.values()}
        assert {"s", "b", "u", "slash"} <= keys


async def test_the_browser_shows_a_suspend_made_in_a_custom_study_it_started(
    library: Library,
) -> None:
    from quizapp.ui.screens.custom_study import CustomStudyScreen
    from quizapp.ui.screens.study import StudyScreen

    app, _ = await open_browser(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("b")
        browser = await screen(pilot, DeckScreen)
        await pilot.press("c")
        dialog = await screen(pilot, CustomStudyScreen)
        dialog.query_one("#custom-how").highlighted = 3  # type: ignore[attr-defined]
        await pilot.press("enter")  # all cards, in a random order
        study = await screen(pilot, StudyScreen)
        await until(pilot, lambda: study.phase == "question")
        assert study.card is not None
        suspended = study.card.id
        await pilot.press("@")  # the reviewer's suspend key on every kind
        await until(pilot, lambda: library.progress("geo").get(suspended) is not None)
        await pilot.press("escape")
        browser = await screen(pilot, DeckScreen)
        row = [c.id for c in DECK.cards].index(suspended)
        table = browser.query_one("#cards", DataTable)
        await until(pilot, lambda: str(table.get_row_at(row)[1]) == "new · suspended")
