"""The home screen lists the library's decks; a deck opens to its cards; deck text is inert."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from quizapp.formats import read_deck
from quizapp.model import Deck
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.deck import DeckScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.widgets.card_view import CardView
from tests.conftest import make_deck

HOSTILE = Deck.model_validate(
    {
        "id": "hostile",
        "title": "Hostile [/] [@click=app.quit]quit[/]",
        "description": "[bold]not bold[/bold] \x1b]52;c;aGk=\x07 after",
        "sources": [{"id": "s", "title": "Source [/]"}],
        "cards": [
            {
                "id": "x",
                "kind": "flashcard",
                "front": "Click [@click=app.quit]here[/] or [/]",
                "back": "evil\x1b]52;c;aGk=\x07 \x9b31m",
                "source": {"id": "s", "paragraph": 1, "quote": "[b]quote[/b]"},
            }
        ],
    }
)


def rendered(widget: Static) -> str:
    return str(widget.render())


async def test_home_lists_decks_with_counts_and_kinds(library: Library) -> None:
    library.import_deck(make_deck("alpha", n=3))
    library.import_deck(make_deck("beta", n=5))
    app = QuizApp(library)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 2
        rows = {
            str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)] for i in range(2)
        }
        alpha = dict(
            zip(
                ["title", "new", "learn", "due", "stale", "cards", "source", "kinds"],
                rows["Deck alpha"],
                strict=True,
            )
        )
        assert (alpha["cards"], alpha["source"], alpha["kinds"]) == ("3", "A source", "flash 3")
        assert rows["Deck beta"][5] == "5"
        # The highlighted deck is spelled out below the table.
        about = str(app.screen.query_one("#deck-description", Static).render())
        assert "Source: A source" in about and "Cards: 3 (flashcard 3)" in about


async def test_enter_opens_the_deck_and_escape_comes_back(library: Library) -> None:
    library.import_deck(make_deck("alpha", n=3))
    app = QuizApp(library)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen)
        assert app.screen.query_one("#cards", DataTable).row_count == 3
        await pilot.press("down")
        await pilot.pause()
        assert app.screen.query_one(CardView).card.id == "c1"  # type: ignore[union-attr]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_deck_text_is_never_markup_and_has_no_control_characters(library: Library) -> None:
    library.import_deck(HOSTILE)
    app = QuizApp(library)
    async with app.run_test(size=(120, 30)) as pilot:  # wide enough for the whole title
        await pilot.pause()
        table = app.screen.query_one("#decks", DataTable)
        assert str(table.get_row_at(0)[0]) == "Hostile [/] [@click=app.quit]quit[/]"
        assert "[bold]not bold[/bold]" in rendered(
            app.screen.query_one("#deck-description", Static)
        )
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(CardView)
        assert (
            rendered(view.query_one("#card-prompt", Static))
            == "Click [@click=app.quit]here[/] or [/]"
        )
        answer = rendered(view.query_one("#card-answer", Static))
        assert "\x1b" not in answer and "\x07" not in answer and "\x9b" not in answer
        assert "[b]quote[/b]" in rendered(view.query_one("#card-evidence", Static))
        # Clicking the text that would have been an action link does nothing.
        await pilot.click("#card-prompt")
        await pilot.pause()
        assert app.is_running
        assert "\x1b" not in app.export_screenshot()


async def test_help_lists_the_keys_of_the_screen(library: Library) -> None:
    app = QuizApp(library)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = rendered(app.screen.query_one(Static))
        assert "ctrl+q" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_cli_opens_the_app_on_the_shipped_decks(tmp_path: Path) -> None:
    from quizapp.paths import shipped_deck_files

    with Library.open(tmp_path / "lib") as lib:
        lib.sync_shipped(shipped_deck_files(), read_deck)
        app = QuizApp(lib)
        async with app.run_test() as pilot:
            await pilot.pause()
            table = app.screen.query_one("#decks", DataTable)
            assert table.row_count == len(shipped_deck_files()) >= 2


async def test_every_deck_action_is_one_key_from_home(library: Library) -> None:
    from quizapp.ui.screens.deck_form import NewDeckScreen
    from quizapp.ui.screens.editor import EditorScreen
    from quizapp.ui.screens.import_screen import ImportScreen
    from quizapp.ui.screens.progress import ProgressScreen
    from quizapp.ui.screens.quiz_setup import QuizSetupScreen
    from quizapp.ui.screens.study import StudyScreen

    library.import_deck(make_deck("alpha", n=3))
    app = QuizApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for key, screen in [
            ("s", StudyScreen),
            ("q", QuizSetupScreen),
            ("b", DeckScreen),
            ("p", ProgressScreen),
            ("e", EditorScreen),
            ("n", NewDeckScreen),
            ("i", ImportScreen),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen), key
            app.pop_screen()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_home_shows_a_deck_made_elsewhere_when_it_comes_back(library: Library) -> None:
    library.import_deck(make_deck("alpha", n=3))
    app = QuizApp(library)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        library.import_deck(make_deck("beta", n=2))  # as the editor or import screen would
        app.pop_screen()
        await pilot.pause()
        assert app.screen.query_one("#decks", DataTable).row_count == 2


async def test_the_browser_shows_study_state_and_unsuspends_a_leech(library: Library) -> None:
    from quizapp.model import CardProgress, CardState

    library.import_deck(make_deck("alpha", n=3))
    library.put_progress(
        CardProgress(
            deck_id="alpha",
            card_id="c1",
            state=CardState.review,
            lapses=8,
            leech=True,
            suspended=True,
        )
    )
    app = QuizApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("b", "down")
        await pilot.pause()
        table = app.screen.query_one("#cards", DataTable)
        assert str(table.get_row_at(0)[1]) == "new"
        assert str(table.get_row_at(1)[1]) == "review · leech · suspended"
        await pilot.press("s")
        await pilot.pause()
        assert str(table.get_row_at(1)[1]) == "review · leech"
    progress = library.progress("alpha")["c1"]
    assert not progress.suspended and progress.leech  # back in study, still marked leech
