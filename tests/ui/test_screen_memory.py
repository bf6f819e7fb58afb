"""Screens give back what they hold: the footer keeps no key it has dropped, a closed
browser is freed, and the records of the reviewer and the browser are out of the GC's
passes only while they are open (quizapp/bulk.py). Each was measured as a leak or a pause
before it was fixed."""

from __future__ import annotations

import gc
import weakref

from textual.widgets._footer import FooterKey

from quizapp.bulk import collect_everything_again
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.deck import DeckScreen
from quizapp.ui.screens.editor import EditorScreen
from quizapp.ui.screens.home import HomeScreen
from tests.conftest import make_deck
from tests.ui.editor_app import editor_app
from tests.ui.study_app import kinds_deck, study_app, studying
from tests.ui.test_editor_cards import saved
from tests.waiting import until


def _dropped_keys() -> list[FooterKey]:
    collect_everything_again()  # gc.get_objects() does not list what a screen froze
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, FooterKey) and not o.is_attached]


async def test_the_footer_keeps_no_key_it_rebuilt_away(library: Library) -> None:
    # Every card changes the reviewer's keys, and the footer rebuilds them; Textual's
    # data_bind left each dropped key alive on the footer (Textual issue #6666): 16
    # widgets a card, and full GC passes that grew with them.
    app = study_app(library, make_deck(n=8))
    async with app.run_test() as pilot:
        screen = await studying(pilot)
        for _ in range(6):  # question, then revealed: the keys change twice a card
            card = screen.card
            await pilot.press("space", "3")
            await until(pilot, lambda card=card: screen.card is not card)
        assert len(_dropped_keys()) <= 10  # at most the last rebuild's, not every card's


async def test_the_footer_still_turns_compact_as_the_terminal_narrows(library: Library) -> None:
    library.import_deck(make_deck("alpha", n=2))
    app = QuizApp(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        keys = [k for k in app.screen.query(FooterKey) if not k.has_class("-command-palette")]
        assert keys and not any(k.compact for k in keys)
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: all(
            k.compact for k in app.screen.query(FooterKey)
            if not k.has_class("-command-palette")
        ))


async def test_a_closed_browser_is_freed(library: Library) -> None:
    library.import_deck(make_deck("alpha", n=3))
    app = QuizApp(library)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DeckScreen))
        assert gc.get_freeze_count() > 0  # its deck and progress: out of the GC's passes
        browser = weakref.ref(app.screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert browser() is None  # the theme signal no longer holds it


async def test_the_reviewers_records_are_frozen_only_while_it_is_open(library: Library) -> None:
    assert gc.get_freeze_count() == 0
    app = study_app(library, kinds_deck())
    async with app.run_test() as pilot:
        await studying(pilot)
        assert gc.get_freeze_count() > 0  # out of the collector's passes while studying
        await pilot.press("escape")  # end the session
        await until(pilot, lambda: gc.get_freeze_count() == 0)


async def test_a_card_form_closed_in_the_editor_is_freed_while_the_editor_is_open(
    library: Library,
) -> None:
    # The editor holds its deck out of the GC's passes; a save's library reads and writes
    # (bulk blocks, in a worker) must not freeze the closed forms along with it.
    app = editor_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        forms = []
        for _ in range(3):
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CardFormScreen))
            forms.append(weakref.ref(app.screen))
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, EditorScreen))
            await pilot.press("ctrl+s")
            await saved(pilot)
        assert gc.get_freeze_count() > 0  # the editor still holds its deck out
        gc.collect()
        assert [form() for form in forms] == [None, None, None]
