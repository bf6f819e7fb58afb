"""The import screen: a file read in a thread, the report, replace asked, errors said."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.export import export_deck
from quizapp.store import Library
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.import_screen import ImportScreen
from tests.conftest import make_deck
from tests.ui.editor_app import EditorTestApp, editor_app
from tests.waiting import screen as screen_of


async def give_path(pilot: Pilot[None], path: Path | str, typed: bool = False) -> None:
    """The file's path in the path field, then enter. Set at once (one Changed event) unless
    `typed`: a key each re-reads the preview, and a tmp path is ~80 keys.
    The first test below types it, as a user does."""
    if typed:
        await pilot.press(*str(path), "enter")
        return
    pilot.app.screen.query_one("#import-path", Input).value = str(path)
    await pilot.pause()
    await pilot.press("enter")


async def run_import(pilot: Pilot[None], path: Path | str, typed: bool = False) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    await give_path(pilot, path, typed)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return str(screen.query_one("#import-result", Static).render())


async def open_import(app: EditorTestApp, pilot: Pilot[None]) -> ImportScreen:
    screen = ImportScreen()
    app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_import_a_deck_file_and_see_the_report(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    export_deck(make_deck(n=3), path, "toml")
    app = editor_app(library)
    async with app.run_test() as pilot:
        screen = await open_import(app, pilot)
        text = await run_import(pilot, path, typed=True)
        assert "Deck demo (demo): added; cards: 3 new" in text
        assert "added: c0, c1, c2" in text
        assert not screen.has_class("-busy")
    assert [c.id for c in library.deck("demo").cards] == ["c0", "c1", "c2"]


async def test_replacing_a_deck_is_asked_first(library: Library, tmp_path: Path) -> None:
    library.import_deck(make_deck(n=2), backup=False)
    path = tmp_path / "demo.json"
    export_deck(make_deck(n=4), path, "json")
    app = editor_app(library)
    async with app.run_test() as pilot:
        screen = await open_import(app, pilot)
        await give_path(pilot, path)
        await screen_of(pilot, ConfirmScreen)
        await pilot.press("n")  # keep mine
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "kept as it was" in str(screen.query_one("#import-result", Static).render())
        assert len(library.deck("demo").cards) == 2

        await pilot.press("enter")  # again, and replace this time
        await screen_of(pilot, ConfirmScreen)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str(screen.query_one("#import-result", Static).render())
        assert "updated; cards: 2 new, 0 changed, 0 removed, 2 unchanged" in text
        assert "added: c2, c3" in text
    assert len(library.deck("demo").cards) == 4


async def test_skipped_rows_are_listed_with_their_reason(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "words.csv"
    path.write_text("Bamako,capital of Mali\n,no front here\nNiamey,capital of Niger\n")
    app = editor_app(library)
    async with app.run_test() as pilot:
        await open_import(app, pilot)
        text = await run_import(pilot, path)
        assert "cards: 2 new, 1 skipped" in text
        assert "skipped:" in text and "the front is empty" in text


async def test_a_bad_file_is_explained_and_nothing_imported(
    library: Library, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.toml"
    junk.write_bytes(b"title = [unclosed\n\x00\x01")
    app = editor_app(library)
    async with app.run_test() as pilot:
        screen = await open_import(app, pilot)
        text = await run_import(pilot, junk)
        assert text.startswith("Nothing was imported") and str(junk) in text
        assert screen.query_one("#import-result", Static).has_class("-error")
        await pilot.press("end", "ctrl+u")
        text = await run_import(pilot, tmp_path / "missing.csv")
        assert "Nothing was imported" in text and "missing.csv" in text
    assert library.summaries() == []


async def test_quizlet_separators_are_previewed_then_imported(
    library: Library, tmp_path: Path
) -> None:
    from textual.widgets import Input, Select

    path = tmp_path / "quizlet.txt"
    path.write_text("Bonjour;hello|Au revoir;goodbye|merci;thanks|", "utf-8")
    app = editor_app(library)
    async with app.run_test() as pilot:
        screen = await open_import(app, pilot)
        screen.query_one("#import-path", Input).value = str(path)
        screen.query_one("#import-format", Select).value = "quizlet"
        await pilot.pause()
        assert screen.has_class("-quizlet")
        preview = screen.query_one("#import-preview", Static)
        # default separators: one card a line, so the preview shows the rows run together
        assert "hello|Au revoir" in str(preview.render())
        screen.query_one("#import-term-sep", Input).value = ";"
        screen.query_one("#import-card-sep", Input).value = "|"
        await pilot.pause()
        assert "Bonjour  →  hello" in str(preview.render())
        screen.query_one("#import-path", Input).focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "cards: 3 new" in str(screen.query_one("#import-result", Static).render())
    assert [c.back for c in library.deck("quizlet").cards] == ["hello", "goodbye", "thanks"]


async def test_an_anki_package_brings_its_history(library: Library, tmp_path: Path) -> None:
    from tests.formats.anki_full import build_student_collection, export_package

    collection, _ = build_student_collection(tmp_path)
    package = export_package(collection, tmp_path / "student.apkg")
    app = editor_app(library)
    async with app.run_test() as pilot:
        screen = await open_import(app, pilot)
        text = await run_import(pilot, package)
        assert "history: 2 reviews of 1 card imported" in text
        assert not screen.has_class("-busy")
    assert len(library.reviews("lang-french")) == 2
