"""Through the reviewer: answering one card of an Anki note buries its siblings until
tomorrow, as Anki does, and the deck's setting turns that off."""

from __future__ import annotations

from quizapp.model import StudySettings
from quizapp.store import Library
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyScreen
from tests.test_study_siblings import sibling_deck
from tests.ui.study_app import Clock, study_app
from tests.ui.test_home import counts_row
from tests.waiting import until


async def answer_all(library: Library, clock: Clock) -> list[str]:
    """Every card the reviewer shows, each rated Easy (it leaves for days)."""
    app = study_app(library, sibling_deck(), clock=clock)
    order: list[str] = []
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await until(pilot, lambda: screen.phase != "loading")
        # The reviewer shows the next card, the empty state, or the summary after the last.
        while app.screen is screen and screen.phase == "question":
            assert screen.card is not None
            order.append(screen.card.id)
            await pilot.press("space", "4")
            await pilot.pause()
        assert app.screen is not screen or screen.phase == "empty"
    return order


async def test_the_reviewer_buries_a_notes_other_card_until_tomorrow(library: Library) -> None:
    clock = Clock()
    assert await answer_all(library, clock) == ["n1", "n2", "alone"]
    progress = library.progress("d")
    assert "n1-card2" not in progress  # buried by the session, nothing written for it
    # Back the same day: still buried (the rule follows today's reviews).
    assert await answer_all(library, clock) == []
    clock.advance(days=1)
    assert await answer_all(library, clock) == ["n1-card2", "n2-card2"]


async def test_bury_siblings_off_shows_both_cards_the_same_day(library: Library) -> None:
    library.import_deck(sibling_deck(), backup=False)
    library.set_settings("d", StudySettings(bury_siblings=False))
    order = await answer_all(library, Clock())
    assert order == ["n1", "n1-card2", "n2", "n2-card2", "alone"]


async def test_home_counts_leave_out_the_buried_siblings(library: Library) -> None:
    clock = Clock()
    await answer_all(library, clock)  # n1, n2, alone: both reverse cards buried
    app = study_app(library, clock=clock, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, HomeScreen) and "…" not in counts_row(app, "d")
        )
        assert counts_row(app, "d") == ["0", "0", "0"]  # the session shows nothing either
    clock.advance(days=1)
    app = study_app(library, clock=clock, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, HomeScreen) and "…" not in counts_row(app, "d")
        )
        assert counts_row(app, "d") == ["2", "0", "0"]
