"""A card's images (kept from Anki in the library's media/) are offered on reveal."""

from __future__ import annotations

import hashlib

from textual.widgets import Static

from quizapp.model import Deck
from quizapp.store import Library
from quizapp.store.media import keep_media
from quizapp.ui.screens.study import StudyScreen
from tests.ui.study_app import study_app

PICTURE = b"\x89PNG\r\n\x1a\n a small cat"
NAME = hashlib.sha256(PICTURE).hexdigest() + ".png"


async def test_reveal_says_the_images_and_o_opens_them(library: Library) -> None:
    keep_media(library.data_dir, {NAME: PICTURE})
    deck = Deck.model_validate({"id": "pics", "title": "Pictures", "cards": [
        {"id": "cat", "kind": "flashcard", "front": "Which animal?", "back": "a cat",
         "media": [NAME]},
    ]})
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press("o")  # not yet: the images belong to the answer
        assert not any("Opening" in note for note in app.notes)
        await pilot.press("space")
        await pilot.pause()
        shown = str(screen.query_one("#study-explanation", Static).visual)
        assert "1 image with this card: o opens them" in shown
        await pilot.press("o")
        await pilot.pause()
        assert "Opening 1 image" in app.notes
