"""The automatic re-fit: after a study session, once `refit_every` more reviews have passed."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.widgets import Static

from quizapp.store import Library
from quizapp.ui.screens.summary import SummaryScreen
from tests.test_optimize import studied
from tests.ui.study_app import Clock, study_app


async def _study_one(library: Library) -> str:
    deck = library.deck("d")
    app = study_app(library, deck, clock=Clock(datetime(2026, 6, 1, 9, 0, tzinfo=UTC)))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space", "3")
        await pilot.press("escape")  # end the session: the summary
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return str(app.screen.query_one("#summary-fit", Static).render())


async def test_the_summary_refits_when_due_and_not_before(library: Library) -> None:
    studied(library, 2000)
    assert await _study_one(library) == ""  # refit_every 0: never by itself
    assert library.settings("d").parameters is None

    settings = library.settings("d")
    library.set_settings("d", settings.model_copy(update={"refit_every": 500}))
    shown = await _study_one(library)
    assert "Re-fitted to your 2002 reviews" in shown and "rescheduled" in shown
    fitted = library.settings("d")
    assert fitted.parameters is not None and fitted.fitted_at_reviews == 2002

    assert await _study_one(library) == ""  # 1 review since: not due again
    assert library.settings("d").fitted_at_reviews == 2002
