"""The reviewer builds only the cards it shows (StoredDeck): an edit in review, which
checks the card in its whole deck, builds the deck in a thread first and goes on as ever."""

from __future__ import annotations

import json
from pathlib import Path

from quizapp.model import Flashcard
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.study import StudyScreen
from tests.conftest import make_deck
from tests.ui.study_app import study_app
from tests.ui.test_study_habits import edit_back
from tests.waiting import screen as shown_screen
from tests.waiting import until


async def test_an_edit_in_review_builds_the_deck_then_saves_and_undoes(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
    library = Library.open(data_dir)  # reopened: nothing of the deck built
    try:
        app = study_app(library, make_deck(n=3))
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await shown_screen(pilot, StudyScreen)
            assert screen.service is not None and not screen.service.session.deck_built
            await pilot.press("space")
            await pilot.press("e")  # the deck built in a thread, then the form
            form = await shown_screen(pilot, CardFormScreen)
            await pilot.press("escape")  # cancelled: the card as it was, revealed
            await until(pilot, lambda: app.screen is screen and screen.phase == "revealed")
            assert form is not app.screen and screen.service.session.deck_built
            await edit_back(pilot, screen, "a better back")
            card = library.deck("demo").card("c0")
            assert isinstance(card, Flashcard) and card.back == "a better back"
            assert screen.card == card
            await pilot.press("u")
            await until(pilot, lambda: any(n.startswith("Undid the edit") for n in app.notes))
            card = library.deck("demo").card("c0")
            assert isinstance(card, Flashcard) and card.back == "back 0"
    finally:
        library.close()


async def test_a_card_damaged_past_the_shape_check_is_said_when_shown_and_the_app_stays_up(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
        lib.import_deck(make_deck("other"))  # a backup to offer
    path = data_dir / "decks" / "demo.json"
    data = json.loads(path.read_text())
    data["cards"]["1"]["tags"] = 7  # c0, the first card shown: an id and a kind, no card
    path.write_text(json.dumps(data))
    library = Library.open(data_dir)
    try:
        app = study_app(library, make_deck(n=3))
        async with app.run_test() as pilot:
            await until(pilot, lambda: any("damaged" in n and "quizapp restore" in n
                                           for n in app.notes))
            await until(pilot, lambda: not isinstance(app.screen, StudyScreen))
            assert app.is_running
    finally:
        library.close()
