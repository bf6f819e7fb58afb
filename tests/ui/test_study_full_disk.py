"""The reviewer on a really full disk (a tmpfs, as root): it says the answer was not saved,
stays up, keeps the card, and every answer it counted is in the library afterwards."""

from __future__ import annotations

from pathlib import Path

from quizapp.store import Library
from quizapp.ui.screens.study import StudyScreen
from tests.conftest import make_deck
from tests.store.test_full_disk import fill, small_disk
from tests.ui.study_app import study_app
from tests.waiting import until

__all__ = ["small_disk"]  # the fixture, used by name below


async def test_a_full_disk_in_the_reviewer_loses_nothing_and_crashes_nothing(
    small_disk: Path,
) -> None:
    library = Library.open(small_disk / "library")
    app = study_app(library, make_deck(n=200))
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, StudyScreen))
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.session is not None
        await pilot.press("space", "3")
        await until(pilot, lambda: screen.session is not None and screen.session.done == 1)
        filler = fill(small_disk)

        def refused() -> bool:
            return any("disk is full" in note for note in app.notes)

        for _ in range(150):  # the journal's last page may still take a few answers
            before = screen.session.done
            await pilot.press("space", "3")
            await until(pilot, lambda b=before: refused() or screen.session.done == b + 1)
            if refused():
                break
        assert refused(), "the disk never filled up"
        counted, shown = screen.session.done, screen.card
        assert screen.phase == "revealed"  # the card stays, with its answer, to retry
        await pilot.press("3")  # still full: refused again, still up
        await pilot.pause()
        assert screen.session.done == counted and screen.card == shown
        filler.unlink()
        await pilot.press("3")  # room again: the same key saves it
        await until(pilot, lambda: screen.session.done == counted + 1)
        done = screen.session.done
    assert len(library.reviews("demo")) == done
    library.close()
    with Library.open(small_disk / "library") as again:
        assert len(again.reviews("demo")) == done
