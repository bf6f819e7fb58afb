"""Pilot tests of the editor: a new deck, a card of each kind through the form, a
validation error seen and fixed, preview and answer, delete, undo, reorder."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from quizapp.model import (
    KINDS,
    Cloze,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    StudySettings,
)
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.confirm import ConfirmScreen, KindScreen, UnsavedScreen
from quizapp.ui.screens.deck_form import NewDeckScreen
from quizapp.ui.screens.editor import EditorScreen
from quizapp.ui.widgets.editor_fields import FieldError
from quizapp.ui.widgets.editor_list import CardList
from tests.conftest import make_deck
from tests.ui.editor_app import EditorTestApp, editor_app, kinds_deck


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field, clear it with the keyboard, and type `text` key by key."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        await pilot.press("end", "ctrl+u")
    elif isinstance(widget, TextArea):
        widget.select_all()
        await pilot.press("backspace")
    await pilot.press(*text)


async def enter(pilot: Pilot[None], selector: str, text: str) -> None:
    """Set a field's value at once, as a paste does: one Changed event for the form instead
    of one per key, and no focus move (each rebuilds the footer's keys and restyles the
    form: most of the minute the card-of-each-kind test took).
    `test_a_validation_error_is_shown_by_its_field_and_fixed` still types key by key."""
    widget = pilot.app.screen.query_one(selector)
    if isinstance(widget, Input):
        widget.value = text
    else:
        assert isinstance(widget, TextArea), selector
        widget.text = text
    await pilot.pause()


async def click(pilot: Pilot[None], selector: str) -> None:
    pilot.app.screen.query_one(selector).scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    assert await pilot.click(selector), selector
    await pilot.pause()


def error_text(app: EditorTestApp, key: str) -> str:
    error = app.screen.query_one(f"#err-{key}", FieldError)
    return str(error.render()) if error.has_class("-shown") else ""


async def add_card(pilot: Pilot[None], kind: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, KindScreen)
    options = pilot.app.screen.query_one(OptionList)
    for _ in range(KINDS.index(kind)):
        await pilot.press("down")
    assert options.highlighted == KINDS.index(kind)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CardFormScreen)


async def saved(pilot: Pilot[None]) -> None:
    """Let the editor's save (a thread worker, quizapp/ui/workers.py) start, finish and
    report: the key is handled first, then the worker, then what runs after it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def save_card(pilot: Pilot[None]) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, CardFormScreen)
    assert screen.problems == [], screen.problems
    await pilot.press("ctrl+s")
    await saved(pilot)
    assert isinstance(pilot.app.screen, EditorScreen)


async def fill(pilot: Pilot[None], kind: str) -> None:
    """Fill the form of a blank card of `kind` the way an author would."""
    question = {"flashcard": "#f-front", "true_false": "#f-statement", "cloze": "#f-text"}
    if kind == "cloze":
        await enter(pilot, "#f-text", "{{c1::Bamako}} is the capital of Mali.")
        await enter(pilot, "#f-alternatives", "c1: Bamakó")
        return
    await enter(pilot, question.get(kind, "#f-question"), f"A {kind} question?")
    if kind == "flashcard":
        await enter(pilot, "#f-back", "The back")
    elif kind == "true_false":
        await click(pilot, "#f-answer")  # True -> False
    elif kind in ("multiple_choice", "multi_select"):
        await enter(pilot, "#f-choices-0-0", "Niger")
        await enter(pilot, "#f-choices-1-0", "Nile")
        await click(pilot, "#f-choices-add")
        await enter(pilot, "#f-choices-2-0", "Congo")
        await click(pilot, "#f-choices-2-right")
        if kind == "multi_select":
            await click(pilot, "#f-choices-0-right")
    elif kind == "short_answer":
        await enter(pilot, "#f-answers-0-0", "Sergei Lavrov")
        await click(pilot, "#f-answers-add")
        await enter(pilot, "#f-answers-1-0", "Lavrov")
    elif kind == "numeric":
        await enter(pilot, "#f-answer", "4180")
        await enter(pilot, "#f-tolerance", "10")
        await enter(pilot, "#f-unit", "km")
    elif kind == "ordering":
        await enter(pilot, "#f-items-0-0", "second")
        await enter(pilot, "#f-items-1-0", "first")
        await click(pilot, "#f-items-1-up")  # now first, second
        await click(pilot, "#f-items-add")
        await enter(pilot, "#f-items-2-0", "third")
    elif kind == "matching":
        for row, (left, right) in enumerate([("Mali", "Bamako"), ("Niger", "Niamey")]):
            await enter(pilot, f"#f-pairs-{row}-0", left)
            await enter(pilot, f"#f-pairs-{row}-1", right)


async def test_create_a_deck_and_add_a_card_of_each_kind(library: Library) -> None:
    app = editor_app(library)
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(NewDeckScreen())
        await pilot.pause()
        await pilot.press(*"Sahel basics")
        await pilot.pause()
        assert "id: sahel-basics" in str(app.screen.query_one("#new-id", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen) and editor.deck.id == "sahel-basics"
        for kind in KINDS:
            await add_card(pilot, kind)
            await fill(pilot, kind)
            await save_card(pilot)
        saved = library.deck("sahel-basics")
        assert [c.kind for c in saved.cards] == list(KINDS)
        assert not editor.editor.dirty
        cards = {c.kind: c for c in saved.cards}
        mc, ms = cards["multiple_choice"], cards["multi_select"]
        assert isinstance(mc, MultipleChoice) and mc.choices == ("Niger", "Nile", "Congo")
        assert mc.answer == "Congo"
        assert isinstance(ms, MultiSelect) and set(ms.answers) == {"Niger", "Congo"}
        assert cards["true_false"].answer is False  # type: ignore[union-attr]
        assert cards["short_answer"].answers == ("Sergei Lavrov", "Lavrov")  # type: ignore[union-attr]
        num = cards["numeric"]
        assert isinstance(num, Numeric)
        assert (num.answer, num.tolerance, num.unit) == (4180, 10, "km")
        cloze = cards["cloze"]
        assert isinstance(cloze, Cloze) and cloze.alternatives == {"c1": ("Bamakó",)}
        order = cards["ordering"]
        assert isinstance(order, Ordering) and order.items == ("first", "second", "third")
        match = cards["matching"]
        assert isinstance(match, Matching) and match.pairs == (("Mali", "Bamako"),
                                                              ("Niger", "Niamey"))
        assert len(editor.query_one(CardList).rows) == len(KINDS)


async def test_a_validation_error_is_shown_by_its_field_and_fixed(library: Library) -> None:
    app = editor_app(library, make_deck(n=2))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await add_card(pilot, "flashcard")
        form = app.screen
        assert isinstance(form, CardFormScreen)
        await type_into(pilot, "#f-front", "Capital of Niger?")
        assert "is empty" in error_text(app, "back")
        assert error_text(app, "front") == ""

        await pilot.press("ctrl+s")  # refused, with the reason
        await pilot.pause()
        assert app.screen is form
        assert any(n.startswith("Not saved") and "back" in n for n in app.notes)

        await type_into(pilot, "#f-id", "c1")  # taken by another card
        assert "already used by card #2" in error_text(app, "id")
        await type_into(pilot, "#f-id", "Bad Id")
        assert "lower-case" in error_text(app, "id")
        await type_into(pilot, "#f-id", "niger-capital")
        await type_into(pilot, "#f-back", "Niamey")
        assert error_text(app, "back") == "" and error_text(app, "id") == ""
        assert "ready" in str(form.query_one("#form-status", Static).render())

        await type_into(pilot, "#f-paragraph", "0")
        assert error_text(app, "paragraph") == ""  # no source chosen: no reference
        await save_card(pilot)
        assert library.deck("demo").cards[-1].id == "niger-capital"


async def test_editing_a_card_and_cancelling_asks_before_discarding(library: Library) -> None:
    app = editor_app(library, kinds_deck())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        await pilot.press("escape")  # nothing changed: leaves at once
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)

        await pilot.press("e")
        await pilot.pause()
        await enter(pilot, "#f-back", "Bamako, on the Niger")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        await save_card(pilot)
        assert library.deck("kinds").cards[0].back == "Bamako, on the Niger"  # type: ignore[union-attr]


async def test_preview_and_try_answering(library: Library) -> None:
    app = editor_app(library, kinds_deck())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", "f2")  # the multiple choice card
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen) and form.has_class("-preview")
        prompt = form.query_one("#preview-prompt", Static)
        assert "Which river" in str(prompt.render())
        await pilot.press("b", "enter")  # Nile: wrong (a letter chooses, enter checks)
        await pilot.pause()
        feedback = str(form.query_one("#preview-feedback", Static).render())
        assert feedback.startswith("✗")
        assert str(form.query_one("#preview-answer", Static).render()) == "Niger"
        await click(pilot, "#preview-again")
        await pilot.press("a", "enter")  # Niger: right
        await pilot.pause()
        assert str(form.query_one("#preview-feedback", Static).render()).startswith("✓")

        # An edit while previewing shows the new card; a broken form says why not.
        await enter(pilot, "#f-question", "")
        assert "Fix the problems" in str(prompt.render())
        await enter(pilot, "#f-question", "Which river?")
        assert str(prompt.render()) == "Which river?"
        await pilot.press("escape")  # closes the preview first
        await pilot.pause()
        assert not form.has_class("-preview") and app.screen is form


async def test_preview_of_typed_and_flash_cards(library: Library) -> None:
    app = editor_app(library, kinds_deck())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("down")
        await pilot.press("enter", "f2")  # short answer
        await pilot.pause()
        await pilot.press(*"lavrov", "enter")
        await pilot.pause()
        form = app.screen
        assert str(form.query_one("#preview-feedback", Static).render()).startswith("✓")
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("home", "enter", "f2")  # the flashcard: reveal only
        await pilot.pause()
        await click(pilot, "#preview-reveal")
        assert str(app.screen.query_one("#preview-answer", Static).render()) == "Bamako"


@pytest.mark.parametrize(("tolerance", "mark"), [(0.0, "✗"), (0.3, "✓")])
async def test_preview_grades_with_the_decks_typo_tolerance(
    library: Library, tolerance: float, mark: str
) -> None:
    library.import_deck(kinds_deck(), backup=False)
    library.set_settings("kinds", StudySettings(typo_tolerance=tolerance))
    app = editor_app(library, kinds_deck())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("down")
        await pilot.press("enter", "f2")  # short answer: Lavrov
        await pilot.pause()
        await pilot.press(*"lavrof", "enter")  # one letter wrong
        await pilot.pause()
        feedback = str(app.screen.query_one("#preview-feedback", Static).render())
        assert feedback.startswith(mark)


async def test_delete_with_confirmation_then_undo_and_redo(library: Library) -> None:
    app = editor_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c0", "c1", "c2"]

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c0", "c2"]
        assert editor.query_one(CardList).card.id == "c2"  # type: ignore[union-attr]
        assert [c.id for c in library.deck("demo").cards] == ["c0", "c1", "c2"]  # not yet saved

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c0", "c1", "c2"]
        assert not editor.editor.dirty
        await pilot.press("ctrl+y", "ctrl+s")
        await saved(pilot)
        assert [c.id for c in library.deck("demo").cards] == ["c0", "c2"]


async def test_reorder_and_duplicate(library: Library) -> None:
    app = editor_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c1", "c2", "c0"]
        assert editor.query_one(CardList).cursor == 2  # the cursor follows the card
        await pilot.press("ctrl+up")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c1", "c0", "c2"]
        await pilot.press("d")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c1", "c0", "c0-2", "c2"]
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert [c.id for c in editor.deck.cards] == ["c1", "c2", "c0"]


async def test_leaving_with_unsaved_changes_asks(library: Library) -> None:
    app = editor_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await saved(pilot)
        assert not isinstance(app.screen, EditorScreen | UnsavedScreen)
        assert [c.id for c in library.deck("demo").cards] == ["c1", "c0", "c2"]


async def test_leaving_and_discarding_keeps_the_library_as_it_was(library: Library) -> None:
    app = editor_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, EditorScreen | UnsavedScreen)
        assert [c.id for c in library.deck("demo").cards] == ["c0", "c1", "c2"]
