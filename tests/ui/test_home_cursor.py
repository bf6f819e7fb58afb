"""The home screen keeps its cursor on the deck the user was on, says read-only at once, and
shows each deck's id (what the command line takes)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from quizapp.store import Library
from quizapp.ui.screens.deck import DeckScreen
from quizapp.ui.screens.home import READ_ONLY, HomeScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from tests.conftest import make_deck
from tests.ui.study_app import Clock, StudyTestApp
from tests.ui.study_app import StudyOptions as Options
from tests.waiting import screen, until


def highlighted(home: HomeScreen) -> str | None:
    summary = home.selected()
    return None if summary is None else summary.id


async def test_the_cursor_stays_on_the_deck_after_a_session_and_a_browse(library: Library) -> None:
    for deck_id in ("alpha", "beta", "gamma"):
        library.import_deck(make_deck(deck_id, n=2), backup=False)
    app = StudyTestApp(library, Options(clock=Clock(), fuzz=False))
    async with app.run_test(size=(120, 40)) as pilot:
        home = await screen(pilot, HomeScreen)
        await pilot.press("down", "down")
        assert highlighted(home) == "gamma"
        await pilot.press("s")  # a session on gamma: one card, then the summary
        study = await screen(pilot, StudyScreen)
        await until(pilot, lambda: study.phase == "question")
        await pilot.press("space", "3", "escape")
        await screen(pilot, SummaryScreen)
        await pilot.press("escape")
        home = await screen(pilot, HomeScreen)
        await until(pilot, lambda: home.query_one("#decks", DataTable).row_count == 3)
        assert highlighted(home) == "gamma"
        assert library.progress("gamma")["c0"].reps == 1  # the session was on gamma
        await pilot.press("up", "b")  # browse beta and come back
        await screen(pilot, DeckScreen)
        await pilot.press("escape")
        home = await screen(pilot, HomeScreen)
        assert highlighted(home) == "beta"
        about = str(home.query_one("#deck-description", Static).render())
        assert "Id: beta (for the command line: quizapp study beta)" in about


async def test_read_only_is_said_on_the_first_screen(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("alpha"), backup=False)
    with Library.open(data_dir, read_only=True) as lib:
        app = StudyTestApp(lib, Options(clock=Clock(), fuzz=False))
        async with app.run_test(size=(120, 40)) as pilot:
            home = await screen(pilot, HomeScreen)
            intro = str(home.query_one("#home-intro", Static).render())
            assert intro.startswith("Read-only: another quizapp has this library open")
            assert READ_ONLY in app.notes  # said before any answer


async def test_a_writable_library_says_nothing_of_read_only(library: Library) -> None:
    library.import_deck(make_deck("alpha"), backup=False)
    app = StudyTestApp(library, Options(clock=Clock(), fuzz=False))
    async with app.run_test(size=(120, 40)) as pilot:
        home = await screen(pilot, HomeScreen)
        assert "Read-only" not in str(home.query_one("#home-intro", Static).render())
        assert READ_ONLY not in app.notes


async def test_read_only_is_said_when_the_app_opens_straight_on_the_reviewer(
    data_dir: Path,
) -> None:
    from tests.ui.study_app import study_app

    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("alpha"), backup=False)
    with Library.open(data_dir, read_only=True) as lib:
        app = study_app(lib, lib.deck("alpha"))
        async with app.run_test(size=(120, 40)) as pilot:
            study = await screen(pilot, StudyScreen)
            await until(pilot, lambda: study.phase == "question")
            assert READ_ONLY in app.notes  # before the first answer is refused
