"""The editor's search as you type: narrowing the last result on each key gives the same rows
as a search from scratch, and the kind and tag facets are computed only when cards change."""

from __future__ import annotations

from textual.widgets import Input, Select

from quizapp.editing import filter_cards
from quizapp.model import Flashcard
from quizapp.store import Library
from quizapp.ui.screens.editor import EditorScreen
from quizapp.ui.widgets.editor_list import CardList
from tests.ui.editor_app import big_deck, editor_app


async def test_each_key_shows_what_a_fresh_search_finds(library: Library) -> None:
    deck = big_deck(600)
    app = editor_app(library, deck)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        cards = editor.query_one(CardList)
        search = editor.query_one("#editor-search", Input)
        facets = editor._facets
        assert facets is not None

        def expected() -> list[int]:
            kind = editor.query_one("#editor-kind", Select).value
            return filter_cards(deck, search.value, kind if isinstance(kind, str) else None)

        await pilot.press("slash")
        # Typing on narrows, backspace widens again, a new word narrows by both words.
        for key in [*"front 1", "backspace", "backspace", "backspace", *"t 5", "backspace"]:
            await pilot.press(key)
            await pilot.pause()
            assert cards.rows == expected(), search.value
            assert editor._facets is facets  # a search key never recomputes the facets
        assert search.value == "front "
        assert cards.rows == expected() and len(cards.rows) == 200

        editor.query_one("#editor-kind", Select).value = "short_answer"
        await pilot.pause()
        assert cards.rows == [] == expected()  # "front" is only on flashcards
        search.value = "question 12"
        await pilot.pause()
        assert cards.rows == expected() and len(cards.rows) == 5
        assert editor._facets is facets


async def test_facets_follow_the_cards_when_they_change(library: Library) -> None:
    app = editor_app(library, big_deck(60))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        assert "brand-new" not in editor._filter_options[1]
        editor.editor.add(Flashcard(id="new", front="F", back="B", tags=("brand-new",)))
        editor.refresh_list()
        await pilot.pause()
        assert "brand-new" in editor._filter_options[1]
        editor.editor.undo()
        editor.refresh_list()
        await pilot.pause()
        assert "brand-new" not in editor._filter_options[1]
