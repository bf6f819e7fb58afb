"""Blocking work in thread workers, and the app's one handler for a worker that fails.

A worker that raises must reach the user as a notification in plain words (the error
can hold deck text with markup in it) and reach the log with its traceback; the app
stays up and no traceback is printed.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC

import pytest
from textual.widgets import Static

from quizapp.model import Deck
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.editor import EditorScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyOptions, StudyScreen
from quizapp.ui.typed_app import quiz_app
from quizapp.ui.workers import GROUP
from tests.conftest import make_deck
from tests.ui.editor_app import EditorTestApp
from tests.ui.study_app import Clock, StudyTestApp, study_app
from tests.waiting import screen, until


async def test_a_failing_worker_is_shown_and_logged_and_the_app_stays_up(
    library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    app = EditorTestApp(library)
    reached: list[object] = []

    def work() -> None:
        # Runs off the UI thread, as a deck load or a save does.
        assert threading.current_thread() is not threading.main_thread()
        raise RuntimeError("the disk went away [/] [@click=app.quit]")

    caplog.set_level(logging.ERROR, logger="quizapp.ui.workers")
    async with app.run_test(notifications=True) as pilot:
        quiz_app(app).blocking.run(work, reached.append, failed="Loading the deck Sahel")
        await until(pilot, lambda: any("Loading the deck Sahel" in n for n in app.notes))
        (note,) = app.notes
        assert note == (
            "Loading the deck Sahel: RuntimeError: the disk went away [/] [@click=app.quit]"
        )
        assert "Traceback" not in note
        await pilot.pause()  # the toast is drawn: its text is not markup, nothing raised
        assert app.is_running and reached == []
    (record,) = [r for r in caplog.records if r.name == "quizapp.ui.workers"]
    assert record.getMessage() == "Loading the deck Sahel"
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


async def test_a_worker_that_succeeds_hands_its_result_back_on_the_ui_thread(
    library: Library,
) -> None:
    app = EditorTestApp(library)
    got: list[tuple[int, bool]] = []
    async with app.run_test() as pilot:
        quiz_app(app).blocking.run(
            lambda: 41 + 1,
            lambda n: got.append((n, threading.current_thread() is threading.main_thread())),
            failed="Adding",
        )
        await until(pilot, lambda: bool(got))
        assert got == [(42, True)] and app.notes == []


async def test_home_opens_the_editor_after_loading_the_deck_in_a_worker(
    library: Library,
) -> None:
    deck: Deck = make_deck(n=3)
    library.import_deck(deck)
    app = study_app(library, home=True)
    async with app.run_test() as pilot:
        await screen(pilot, HomeScreen)
        await pilot.press("e")
        editor = await screen(pilot, EditorScreen)
        assert editor.deck.id == deck.id
        assert not [w for w in app.workers if w.group == GROUP and not w.is_finished]


async def test_an_editor_save_runs_in_a_worker_and_marks_what_it_wrote(
    library: Library,
) -> None:
    from tests.ui.editor_app import editor_app

    app = editor_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        editor = await screen(pilot, EditorScreen)
        await pilot.press("x")  # delete the highlighted card, once asked: unsaved
        await until(pilot, lambda: app.screen is not editor)
        await pilot.press("y")
        await until(pilot, lambda: editor.editor.dirty)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not editor.editor.dirty)
        assert [c.id for c in library.deck("demo").cards] == [c.id for c in editor.deck.cards]
        assert any(n.startswith("Saved") for n in app.notes)


async def test_the_reviewer_loads_its_deck_off_the_ui_thread(library: Library) -> None:
    # The deck file is a named pipe: reading it blocks, for real, until the test writes the
    # deck into it. Meanwhile the screen says it is loading and the app keeps answering.
    library.import_deck(make_deck(n=2), backup=False)
    path = library.data_dir / "decks" / "demo.json"
    written = path.read_bytes()
    library.close()
    reopened = Library.open(library.data_dir)  # checks its files; reads no deck yet
    path.unlink()
    os.mkfifo(path)
    # Writing blocks until the worker opens the pipe to read: a thread, started once, when
    # the test lets the load finish. Were the deck read on the UI thread, the test could
    # never get there: a guard feeds the pipe after 30 s, so that it fails (the screen was
    # never seen loading) instead of hanging.
    fed = threading.Lock()

    def feed() -> None:
        if fed.acquire(blocking=False):
            threading.Thread(target=path.write_bytes, args=(written,), daemon=True).start()

    guard = threading.Timer(30, feed)
    guard.daemon = True
    guard.start()
    try:
        # QuizApp itself: StudyTestApp's run_test waits for the load, which waits for us.
        options = StudyOptions(clock=Clock(), tz=UTC, fuzz=False)
        app = QuizApp(reopened, open_screen=StudyScreen("demo", options))
        async with app.run_test() as pilot:
            study = await screen(pilot, StudyScreen)
            assert study.phase == "loading"
            assert str(study.query_one("#study-empty", Static).visual) == "Loading demo…"
            await pilot.press("f1")  # the UI thread is free while the deck is read
            await until(pilot, lambda: app.screen is not study)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is study)
            assert study.phase == "loading"
            feed()
            await until(pilot, lambda: study.phase == "question")
            assert study.card is not None and study.card.id == "c0"
    finally:
        guard.cancel()
        feed()  # a reader still waiting gets the deck; a daemon writer never holds the exit
        reopened.close()


@pytest.mark.parametrize("damage", ["missing", "damaged"])
async def test_a_deck_the_reviewer_cannot_open_is_said_once_and_it_closes(
    library: Library, damage: str
) -> None:
    library.import_deck(make_deck(n=2), backup=False)
    if damage == "damaged":
        library.close()
        (library.data_dir / "decks" / "demo.json").write_text('{"deck": ')
        library = Library.open(library.data_dir)
    deck_id = "nope" if damage == "missing" else "demo"
    options = StudyOptions(clock=Clock(), tz=UTC, fuzz=False)
    app = StudyTestApp(library, options, open_screen=StudyScreen(deck_id, options))
    try:
        async with app.run_test() as pilot:
            await screen(pilot, HomeScreen)  # the reviewer closed itself
            await until(pilot, lambda: bool(app.notes))
            (note,) = app.notes
            assert note.startswith(f"The deck {deck_id!r} cannot be studied: ")
            if damage == "missing":
                assert note.endswith("there is no deck 'nope' in the library")
            assert "Traceback" not in note and "Error:" not in note
    finally:
        library.close()
