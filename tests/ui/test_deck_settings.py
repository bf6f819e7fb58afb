"""The deck settings screen: a validated form of StudySettings, opened from home with ","."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.model import StudySettings
from quizapp.store import Library
from quizapp.ui.screens.confirm import UnsavedScreen
from quizapp.ui.screens.deck_settings import DeckSettingsScreen, read_form, step_text
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.widgets.editor_fields import FieldError
from tests.conftest import make_deck
from tests.ui.study_app import study_app
from tests.ui.test_home import counts_row
from tests.waiting import until


async def set_field(pilot: Pilot[None], name: str, text: str, typed: bool = False) -> None:
    """The field's value set at once (one Changed event, as a paste) unless `typed`: a key
    each re-checks the form. The snapshot types, as a user does (and its SVG shows it)."""
    field = pilot.app.screen.query_one(f"#s-{name}", Input)
    field.focus()
    field.value = ""
    if typed:
        await pilot.press(*text)
    else:
        field.value = text
    await pilot.pause()


def error_of(screen: Any, name: str) -> str:
    error = screen.query_one(f"#err-{name.replace('_', '-')}", FieldError)
    return str(error.render()) if error.has_class("-shown") else ""


def test_steps_read_back_as_written() -> None:
    assert [step_text(m) for m in (1.0, 10.0, 90.0, 1440.0, 0.5)] == [
        "1m",
        "10m",
        "1h30m",
        "24h",
        "30s",
    ]
    settings, problems = read_form(
        {"learning_steps_minutes": "1m 1h30m", "relearning_steps_minutes": "", "new_per_day": "5"}
    )
    assert problems == {}
    assert settings is not None and settings.learning_steps_minutes == (1.0, 90.0)
    assert settings.relearning_steps_minutes == () and settings.new_per_day == 5


async def test_new_per_day_changes_the_home_counts(library: Library) -> None:
    library.import_deck(make_deck("big", n=25), backup=False)
    app = study_app(library, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(
            pilot,
            lambda: isinstance(app.screen, HomeScreen)
            and counts_row(app, "big") == ["20", "0", "0"],
        )
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeckSettingsScreen) and screen.deck_id == "big"
        assert screen.query_one("#s-new_per_day", Input).value == "20"
        await set_field(pilot, "new_per_day", "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert library.settings("big").new_per_day == 5
        await pilot.press("escape")  # saved: straight back
        # The counts are refilled after home's first frame back: wait for them.
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await until(pilot, lambda: counts_row(app, "big") == ["5", "0", "0"])


async def test_errors_by_their_fields_and_nothing_invalid_saved(library: Library) -> None:
    library.import_deck(make_deck("big", n=3), backup=False)
    library.set_settings("big", StudySettings(typo_tolerance=0.1))
    app = study_app(library, home=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeckSettingsScreen)
        assert screen.query_one("#s-typo_tolerance", Input).value == "0.1"
        await set_field(pilot, "desired_retention", "1.5")
        await set_field(pilot, "learning_steps_minutes", "1m soon")
        await set_field(pilot, "new_per_day", "many")
        retention = error_of(screen, "desired_retention")
        assert "desired retention must be between 0.7 and 0.99; write e.g. 0.9" in retention
        assert "duration" in error_of(screen, "learning_steps_minutes")
        assert "new cards per day should be a whole number" in error_of(screen, "new_per_day")
        assert error_of(screen, "typo_tolerance") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert library.settings("big") == StudySettings(typo_tolerance=0.1)  # unchanged
        await set_field(pilot, "desired_retention", "0.85")
        await set_field(pilot, "learning_steps_minutes", "2m")
        await set_field(pilot, "new_per_day", "7")
        assert not screen.problems
        await pilot.press("escape")  # unsaved changes: asked
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    saved = library.settings("big")
    assert (saved.desired_retention, saved.learning_steps_minutes, saved.new_per_day) == (
        0.85,
        (2.0,),
        7,
    )
    assert saved.typo_tolerance == 0.1


def status_of(screen: Any) -> str:
    return str(screen.query_one("#settings-status").render())


async def test_saved_is_said_only_after_a_save(library: Library) -> None:
    library.import_deck(make_deck("big", n=3), backup=False)
    app = study_app(library, home=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeckSettingsScreen)
        assert "Saved" not in status_of(screen)  # opened: nothing saved yet
        assert "ctrl+s saves" in status_of(screen)
        # The status follows each Input.Changed message: wait for it (one pause was not
        # enough on a busy machine, with the workload chart's thread running beside it).
        await set_field(pilot, "new_per_day", "7")
        await until(pilot, lambda: "changed" in status_of(screen))
        assert "Saved" not in status_of(screen)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved settings." in status_of(screen))
        assert library.settings("big").new_per_day == 7
        await set_field(pilot, "new_per_day", "8")
        await until(pilot, lambda: "changed" in status_of(screen))
        assert "Saved" not in status_of(screen)  # a change since the save is not saved


@pytest.mark.parametrize("size", [(80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_form_snapshot(snap_compare: Any, library: Library, size: tuple[int, int]) -> None:
    library.import_deck(make_deck("big", n=3), backup=False)
    app = study_app(library, home=True)

    async def open_with_an_error(pilot: Pilot[None]) -> None:
        await pilot.press("comma")
        await pilot.app.workers.wait_for_complete()  # the workload chart is drawn
        await pilot.pause()
        await set_field(pilot, "reviews_per_day", "-1", typed=True)
        await pilot.pause()

    assert snap_compare(app, run_before=open_with_an_error, terminal_size=size)


async def test_optimize_fits_shows_the_scores_charts_the_workload_and_undoes(
    library: Library,
) -> None:
    from textual.widgets import Button, Checkbox, Static

    from tests.test_optimize import studied

    studied(library, 2000)
    app = study_app(library, home=True)
    async with app.run_test(size=(120, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("comma")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DeckSettingsScreen) and screen.deck_id == "d"
        assert "best retention" in str(screen.query_one("#workload-best", Static).render())
        assert "defaults" in str(screen.query_one("#fit-parameters", Static).render())
        assert screen.query_one("#undo-fit", Button).disabled
        await set_field(pilot, "new_per_day", "7")  # an unsaved edit survives the fit
        await pilot.press("ctrl+o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        result = str(screen.query_one("#fit-result", Static).render())
        assert "log loss" in result and "Kept" in result
        fitted = library.settings("d")
        assert fitted.parameters is not None and fitted.new_per_day == 20
        assert screen.query_one("#s-new_per_day", Input).value == "7"
        assert "fitted to your reviews" in str(screen.query_one("#fit-parameters", Static).render())
        assert not screen.query_one("#undo-fit", Button).disabled
        await pilot.click("#undo-fit")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert library.settings("d").parameters is None
        # The switch for quiz answers, off by default, saved with the form.
        box = screen.query_one("#s-self_tests_update", Checkbox)
        assert box.value is False
        box.value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = library.settings("d")
    assert saved.self_tests_update and saved.new_per_day == 7
    assert saved.previous_parameters is not None  # the undone fit can be redone
