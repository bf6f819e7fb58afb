"""The command palette: ctrl+p, type a command and a deck's name, enter runs it."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz_setup import QuizSetupScreen
from tests.conftest import make_deck
from tests.waiting import screen, until


def _hits(app: QuizApp) -> list[str]:
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return []
    found = palette.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def test_quiz_a_deck_by_name_from_the_palette(library: Library) -> None:
    library.import_deck(make_deck("alpha"), backup=False)
    library.import_deck(make_deck("bravo", title="Birds of [b]Europe[/b]"), backup=False)
    app = QuizApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"quiz birds")
        # A title holding markup is shown as written, not parsed.
        await until(pilot, lambda: any("Birds of [b]Europe[/b]" in h for h in _hits(app)))
        assert _hits(app)[0].startswith("Quiz Birds of [b]Europe[/b]")
        await pilot.press("enter")
        setup = await screen(pilot, QuizSetupScreen)
        assert setup.deck.id == "bravo"


async def test_the_palette_lists_the_highlighted_decks_commands(library: Library) -> None:
    library.import_deck(make_deck("alpha"), backup=False)
    app = QuizApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: any("Study Deck alpha" in h for h in _hits(app)))
        shown = "\n".join(_hits(app))
        for verb in ("Quiz", "Browse", "Edit", "Progress", "Settings", "Export", "Host"):
            assert verb in shown
        assert "Import a deck file" in shown
