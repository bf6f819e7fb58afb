"""A damaged deck file or part, met while the app runs: every screen that opens it says so
(what is damaged, the backup to restore) and the app stays up."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.store import Library
from quizapp.ui.screens.home import HomeScreen
from tests.conftest import make_deck
from tests.store.test_library import answer
from tests.ui.study_app import study_app
from tests.waiting import until


@pytest.mark.parametrize("key", ["enter", "b", "q", "e", "s", "p"])
async def test_opening_a_damaged_deck_says_so_and_the_app_stays_up(
    data_dir: Path, key: str
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
        answer(lib, "c0", 1)
        lib.import_deck(make_deck("other"))  # a backup first
    (data_dir / "decks" / "demo.json").write_text('{"deck": {"1": ')
    for shard in (data_dir / "parts" / "progress" / "demo").glob("*.json"):
        shard.write_text("[]")  # the progress part too, for the screens that read it
    library = Library.open(data_dir)
    app = study_app(library, home=True)
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        table = app.screen.query_one("#decks")
        table.move_cursor(row=0)  # "Deck demo" sorts first
        await pilot.press(key)

        def said() -> bool:
            shown = " ".join(app.notes) + " ".join(
                str(w.render()) for w in app.screen.query("Static")
            )
            return "damaged" in shown and "quizapp restore" in shown

        await until(pilot, said)
        assert app.is_running
    library.close()
