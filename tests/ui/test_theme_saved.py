"""The chosen theme is written to the config dir and the next start opens in it."""

from __future__ import annotations

import tomllib

from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.theme_store import theme_path
from tests.waiting import screen, until


async def test_a_chosen_theme_is_kept_for_the_next_start(library: Library) -> None:
    app = QuizApp(library)
    async with app.run_test() as pilot:
        await screen(pilot, HomeScreen)
        assert not theme_path().exists()  # starting writes nothing
        app.theme = "nord"
        await until(pilot, theme_path().exists)
    assert tomllib.loads(theme_path().read_text()) == {"theme": "nord"}
    again = QuizApp(library)
    async with again.run_test() as pilot:
        await screen(pilot, HomeScreen)
        assert again.theme == "nord"
        assert again.current_theme.name == "nord"


async def test_a_theme_that_no_longer_exists_is_said_and_the_default_used(
    library: Library,
) -> None:
    theme_path().parent.mkdir(parents=True, exist_ok=True)
    theme_path().write_text('theme = "gone-theme"\n')
    app = QuizApp(library)
    notes: list[str] = []
    app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        await until(pilot, lambda: bool(notes))
        assert "theme.toml" in notes[0] and "no theme 'gone-theme'" in notes[0]
        assert app.theme == "textual-dark"
