"""Custom study from the home screen and the deck browser: the cards picked, answered, and
not one byte of the library changed (no review logged, no due date moved)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from quizapp.model import CardProgress, CardState, Deck, Rating, ReviewEntry
from quizapp.store import Library
from quizapp.study.custom import NOT_SAVED
from quizapp.ui.screens.custom_study import CustomStudyScreen
from quizapp.ui.screens.deck import DeckScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from tests.ui.study_app import START, Clock, StudyTestApp
from tests.ui.study_app import StudyOptions as Options
from tests.waiting import screen, until

DECK = Deck.model_validate(
    {
        "id": "geo",
        "title": "Geography",
        "cards": [
            {"id": "mali", "kind": "flashcard", "front": "Capital of Mali", "back": "Bamako",
             "tags": ["geo::africa"]},
            {"id": "peru", "kind": "flashcard", "front": "Capital of Peru", "back": "Lima",
             "tags": ["geo::americas"]},
            {"id": "chad", "kind": "flashcard", "front": "Capital of Chad", "back": "N'Djamena",
             "tags": ["geo::africa"]},
        ],
    }
)


def library_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "lock"}


def missed_today(library: Library) -> None:
    """Peru answered Again an hour ago (today), due again in ten minutes; Mali due in 3 days."""
    at = START - timedelta(hours=1)
    peru = CardProgress(deck_id="geo", card_id="peru", state=CardState.relearning, reps=3,
                        lapses=1, due=START + timedelta(minutes=10))
    library.record_answer(
        peru,
        ReviewEntry(deck_id="geo", card_id="peru", rating=Rating.again, at=at, duration_ms=4000,
                    state_before=CardState.review, state_after=CardState.relearning,
                    due_after=peru.due),
    )
    library.put_progress(CardProgress(deck_id="geo", card_id="mali", state=CardState.review,
                                      reps=2, due=START + timedelta(days=3)))


async def choose(pilot: object, dialog: CustomStudyScreen, how: str) -> None:
    choices = dialog.query_one("#custom-how", OptionList)
    choices.highlighted = next(
        i for i in range(choices.option_count) if choices.get_option_at_index(i).id == how
    )
    await pilot.press("enter")  # type: ignore[attr-defined]


async def test_todays_misses_from_home_change_not_one_byte(library: Library) -> None:
    library.import_deck(DECK, backup=False)
    missed_today(library)
    before = library_bytes(library.data_dir)
    progress, reviews = library.progress("geo"), library.reviews("geo")
    app = StudyTestApp(library, Options(clock=Clock(), fuzz=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("c")
        dialog = await screen(pilot, CustomStudyScreen)
        assert NOT_SAVED in str(dialog.query_one("#custom-not-saved", Static).render())
        await choose(pilot, dialog, "misses")
        study = await screen(pilot, StudyScreen)
        await until(pilot, lambda: study.phase == "question")
        assert study.card is not None and study.card.id == "peru"  # the one missed today
        assert study.sub_title == "Custom study"
        said = str(study.query_one("#study-progress", Static).render())
        assert said.startswith(NOT_SAVED) and "Left 1" in said
        await pilot.press("space", "1")  # Again: once more at the end
        await until(pilot, lambda: study.session is not None and study.session.done == 1)
        assert study.card is not None and study.card.id == "peru"
        await pilot.press("space", "4")
        await screen(pilot, SummaryScreen)
        assert library_bytes(library.data_dir) == before
        assert library.progress("geo") == progress and library.reviews("geo") == reviews


async def test_review_ahead_and_cram_a_tag_from_the_deck_browser(library: Library) -> None:
    library.import_deck(DECK, backup=False)
    missed_today(library)
    before = library_bytes(library.data_dir)
    app = StudyTestApp(library, Options(clock=Clock(), fuzz=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("b")
        await screen(pilot, DeckScreen)
        await pilot.press("c")
        dialog = await screen(pilot, CustomStudyScreen)
        await choose(pilot, dialog, "ahead")
        days = dialog.query_one("#custom-days", Input)
        await until(pilot, lambda: days.has_focus)
        days.value = "5"
        await pilot.press("enter")
        study = await screen(pilot, StudyScreen)
        await until(pilot, lambda: study.phase == "question")
        assert study.card is not None and study.card.id == "peru"  # due soonest, then mali
        await pilot.press("space", "3")
        await until(pilot, lambda: study.card is not None and study.card.id == "mali")
        await pilot.press("escape")  # end: the summary of the one answer
        await screen(pilot, SummaryScreen)
        await pilot.press("escape")
        await screen(pilot, DeckScreen)
        await pilot.press("c")
        dialog = await screen(pilot, CustomStudyScreen)
        await choose(pilot, dialog, "tag")
        assert "Tags: geo::africa, geo::americas" in str(
            dialog.query_one("#custom-tags", Static).render()
        )
        dialog.query_one("#custom-tag", Input).value = "geo::africa"
        await pilot.press("enter")
        study = await screen(pilot, StudyScreen)
        await until(pilot, lambda: study.phase == "question")
        assert study.session is not None and study.session.counts.total == 2
        assert study.card is not None and study.card.id in ("mali", "chad")
        await pilot.press("space", "3", "space", "3")
        await screen(pilot, SummaryScreen)
        assert library_bytes(library.data_dir) == before


async def test_a_custom_study_with_nothing_to_study_says_why(library: Library) -> None:
    library.import_deck(DECK, backup=False)
    app = StudyTestApp(library, Options(clock=Clock(), fuzz=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("c")
        dialog = await screen(pilot, CustomStudyScreen)
        await choose(pilot, dialog, "misses")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert any("no card was answered Again today" in note for note in app.notes)


async def test_suspend_in_custom_study_is_saved_on_the_saved_schedule(library: Library) -> None:
    library.import_deck(DECK, backup=False)
    missed_today(library)
    peru = library.progress("geo")["peru"]
    app = StudyTestApp(library, Options(clock=Clock(), fuzz=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("c")
        dialog = await screen(pilot, CustomStudyScreen)
        await choose(pilot, dialog, "misses")
        study = await screen(pilot, StudyScreen)
        await until(pilot, lambda: study.phase == "question")
        await pilot.press("space", "1")  # Again, in memory: peru comes back once more
        await until(pilot, lambda: study.session is not None and study.session.done == 1)
        await pilot.press("@")  # suspend: the same key on every kind
        await until(pilot, lambda: library.progress("geo")["peru"].suspended)
        assert library.progress("geo")["peru"] == peru.model_copy(update={"suspended": True})
        assert len(library.reviews("geo")) == 1  # still only the miss made before
