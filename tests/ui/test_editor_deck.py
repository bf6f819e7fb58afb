"""Pilot tests of the editor on a whole deck: search and filter on 10k cards, the deck's
details and sources, and the CLI commands that open the editor."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.widgets import Input, Select

from quizapp.cli import Context
from quizapp.cli_author import edit, new
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.deck_form import DeckFormScreen
from quizapp.ui.screens.editor import EditorScreen
from quizapp.ui.widgets.editor_list import CardList
from quizapp.ui.widgets.editor_preview import CardPreview
from tests.conftest import make_deck
from tests.ui.editor_app import big_deck, editor_app
from tests.ui.test_editor_cards import click, enter, error_text
from tests.waiting import screen as mounted
from tests.waiting import until


async def test_search_and_filter_a_10k_card_deck(library: Library) -> None:
    deck = big_deck(10_000)
    library.import_deck(deck, backup=False)
    figures: dict[str, float] = {}
    start = time.perf_counter()
    app = editor_app(library, deck)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        figures["open"] = time.perf_counter() - start
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        cards = editor.query_one(CardList)
        assert len(cards.rows) == 10_000

        start = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        figures["to the end"] = time.perf_counter() - start
        assert cards.card_index == 9_999

        start = time.perf_counter()
        await pilot.press("slash", *"front 999")
        await pilot.pause()
        figures["type a 9-key search"] = time.perf_counter() - start
        # every word, anywhere: only flashcards say "Front"; 999 in the number
        expected = [
            i for i, c in enumerate(deck.cards) if c.kind == "flashcard" and "999" in str(i)
        ]
        assert len(expected) == 7 and cards.rows == expected
        start = time.perf_counter()
        editor.refresh_list()  # the work one key of the search does, without Pilot's waits
        figures["one search refresh"] = time.perf_counter() - start
        await pilot.press("enter")  # back to the list
        assert cards.has_focus

        editor.query_one("#editor-search", Input).value = ""
        start = time.perf_counter()
        editor.query_one("#editor-kind", Select).value = "true_false"
        await pilot.pause()
        figures["filter by kind"] = time.perf_counter() - start
        assert len(cards.rows) == 3_333
        assert {deck.cards[i].kind for i in cards.rows} == {"true_false"}

        editor.query_one("#editor-kind", Select).clear()
        editor.query_one("#editor-tag", Select).value = "rare"
        await pilot.pause()
        rare = [c.id for c in deck.cards if "rare" in c.tags]
        assert len(rare) == 10 and [deck.cards[i].id for i in cards.rows] == rare

        editor.query_one("#editor-tag", Select).clear()
        await pilot.pause()
        await pilot.press("home")
        start = time.perf_counter()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        figures["move a card down"] = time.perf_counter() - start
        assert editor.deck.cards[1].id == "f0"
        start = time.perf_counter()
        await pilot.press("ctrl+z")
        await pilot.pause()
        figures["undo"] = time.perf_counter() - start
        assert editor.deck.cards[0].id == "f0"
    print("\n10k-card editor, seconds: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))


async def test_deck_details_and_sources(library: Library) -> None:
    app = editor_app(library, make_deck(n=2))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, DeckFormScreen)
        await enter(pilot, "#d-title", "")
        assert "title" in str(form.query_one("#deck-status").render()) or error_text(app, "title")
        await pilot.press("ctrl+s")  # refused: no title
        await pilot.pause()
        assert app.screen is form
        await enter(pilot, "#d-title", "Sahel, the deck")
        await enter(pilot, "#d-tags", "geo, africa")
        await enter(pilot, "#d-description", "What the talks were about.")

        await click(pilot, "#d-sources-0-del")  # the cards cite this source
        assert "cites unknown source 'src'" in error_text(app, "sources")
        await click(pilot, "#d-sources-add")
        for column, value in enumerate(["src", "Renamed source", "Le Monde", "2025-09-25"]):
            await enter(pilot, f"#d-sources-0-{column}", value)
        await click(pilot, "#d-sources-add")
        await enter(pilot, "#d-sources-1-0", "Second")
        assert "#2 id: must be lower-case" in error_text(app, "sources")
        await enter(pilot, "#d-sources-1-0", "second")
        await enter(pilot, "#d-sources-1-1", "Another article")
        assert error_text(app, "sources") == "" and form.problems == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor
        deck = editor.deck
        assert (deck.title, deck.tags, deck.description) == (
            "Sahel, the deck", ("geo", "africa"), "What the talks were about.")
        assert [(s.id, s.title, s.outlet) for s in deck.sources] == [
            ("src", "Renamed source", "Le Monde"), ("second", "Another article", "")]
        assert editor.editor.dirty
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert editor.deck.title == "Deck demo"


# --- the CLI commands -------------------------------------------------------------------


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What `run_app` was asked to open (the app itself is not started)."""
    calls: list[Any] = []

    def fake_run_app(context: Context, **screen: Any) -> None:
        calls.append(screen["open_screen"])

    monkeypatch.setattr("quizapp.cli_author.run_app", fake_run_app)
    return calls


def test_new_creates_an_empty_deck_and_opens_the_editor(
    data_dir: Path, opened: list[Any]
) -> None:
    runner = CliRunner()
    result = runner.invoke(new, ["Russia and the Sahel"], obj=Context(str(data_dir), False))
    assert result.exit_code == 0, result.output
    assert "russia-and-the-sahel" in result.output
    (screen,) = opened
    assert isinstance(screen, EditorScreen) and screen.deck.id == "russia-and-the-sahel"
    with Library.open(data_dir) as lib:
        assert lib.deck("russia-and-the-sahel").cards == ()

    again = runner.invoke(new, ["Russia and the  Sahel!"], obj=Context(str(data_dir), False))
    assert again.exit_code == 1
    assert "already" in again.output and "quizapp edit russia-and-the-sahel" in again.output
    assert len(opened) == 1


def test_new_refuses_a_title_without_an_id(data_dir: Path, opened: list[Any]) -> None:
    result = CliRunner().invoke(new, ["   "], obj=Context(str(data_dir), False))
    assert result.exit_code == 1 and opened == []
    assert "title" in result.output


def test_edit_opens_the_editor_on_a_deck(data_dir: Path, opened: list[Any]) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(), backup=False)
    result = CliRunner().invoke(edit, ["demo"], obj=Context(str(data_dir), False))
    assert result.exit_code == 0, result.output
    (screen,) = opened
    assert isinstance(screen, EditorScreen) and screen.deck == make_deck()
    missing = CliRunner().invoke(edit, ["nope"], obj=Context(str(data_dir), False))
    assert missing.exit_code == 1 and "no deck 'nope'" in missing.output


async def test_deck_text_is_never_markup(library: Library) -> None:
    """Markup-looking text in every place the editor shows it: shown as typed."""
    hostile = "[/] [@click=app.quit]x[/] [b]"
    deck = make_deck(
        "hostile", n=0, title=f"T {hostile}", tags=["[/]"],
        sources=[{"id": "src", "title": f"S {hostile}"}],
        cards=[{"id": "c", "kind": "multiple_choice", "question": f"Q {hostile}",
                "choices": [f"A {hostile}", "[/b]"], "answer": "[/b]", "tags": ["[/]"],
                "explanation": hostile,
                "source": {"id": "src", "paragraph": 1, "quote": hostile}}],
    )
    app = editor_app(library, deck)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        form = await mounted(pilot, CardFormScreen)
        await pilot.press("f2")
        # "a" answers in the preview only once f2 has moved the focus there: pressed at once
        # on a busy machine it was typed into the question ("aQ [/] ...").
        pane = form.query_one(CardPreview)
        await until(pilot, lambda: app.focused is not None and pane in app.focused.ancestors)
        await pilot.press("a")
        await pilot.pause()
        preview = app.screen.query_one("#preview-prompt")
        assert str(preview.render()) == f"Q {hostile}"
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert hostile in str(app.screen.query_one("#confirm-message").render())
        await pilot.press("n", "m")
        await pilot.pause()
        assert app.screen.query_one("#d-sources-0-1", Input).value == f"S {hostile}"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and app.is_running
