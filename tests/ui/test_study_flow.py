"""The reviewer beyond one answer: undo, suspend and bury, leeches, the empty state,
the summary, a session killed mid-way, and deck text that looks like markup."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quizapp.model import CardState, Deck, Rating, StudySettings
from quizapp.store import Library
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen
from tests.conftest import make_deck
from tests.store.test_library import crash
from tests.ui.study_app import Clock, kinds_deck, one_card_deck, study_app, studying


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).visual)  # type: ignore[attr-defined]


async def test_undo_takes_back_the_last_answer(library: Library) -> None:
    app = study_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press("space", "3")  # c0: Good
        await pilot.press("space", "1")  # c1: Again
        assert [r.card_id for r in library.reviews("demo")] == ["c0", "c1"]
        await pilot.press("u")
        await pilot.pause()
        assert [r.card_id for r in library.reviews("demo")] == ["c0"]
        assert library.progress("demo")["c1"].state is CardState.new
        assert library.progress("demo")["c0"].state is CardState.learning
        assert screen.card is not None and screen.card.id == "c1" and screen.phase == "question"
        assert screen.session is not None and screen.session.done == 1
        await pilot.press("u")
        await pilot.pause()
        assert library.reviews("demo") == []
        assert screen.card.id == "c0"
        assert any("Undid" in note for note in app.notes)


async def test_suspend_and_bury_save_and_move_on(library: Library) -> None:
    clock = Clock()
    app = study_app(library, make_deck(n=3), clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await pilot.press("at")  # Anki's @
        await pilot.pause()
        assert library.progress("demo")["c0"].suspended
        assert screen.card is not None and screen.card.id == "c1"
        await pilot.press("space", "minus")  # bury works after the reveal too
        await pilot.pause()
        buried = library.progress("demo")["c1"].buried_until
        assert buried is not None and buried.isoformat() == "2026-03-03"
        assert screen.card.id == "c2"
        assert library.reviews("demo") == []  # neither counts as an answer
        assert any("suspended" in n for n in app.notes) and any("buried" in n for n in app.notes)


async def test_leech_is_suspended_and_the_student_told(library: Library) -> None:
    clock = Clock()
    deck = make_deck(n=1)
    library.import_deck(deck, backup=False)
    library.set_settings("demo", StudySettings(leech_lapses=1))
    app = study_app(library, deck, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space", "4")  # straight to review
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        clock.advance(days=30)
        await pilot.press("s")  # from the home screen
        await studying(pilot)
        await pilot.press("space", "1")  # the lapse that makes it a leech
        await pilot.pause()
        progress = library.progress("demo")["c0"]
        assert progress.leech and progress.suspended and progress.lapses == 1
        assert any("tagged leech and suspended" in note for note in app.notes)
        assert isinstance(app.screen, SummaryScreen)
        assert "Leech           c0 (tagged and suspended)" in text_of(
            app.screen, "#summary-figures"
        )


async def test_empty_state_says_when_the_next_card_is_due(library: Library) -> None:
    clock = Clock()
    app = study_app(library, make_deck(n=1), clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        await pilot.press("escape")  # summary -> home
        await pilot.pause()
        await pilot.press("s")
        screen = await studying(pilot)
        assert screen.phase == "empty"
        assert text_of(screen, "#study-empty") == "Nothing due. Next card due in 8d."
        assert not screen.query_one("#study-card").display
        await pilot.press("escape")  # nothing studied: straight back, no summary
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_empty_state_when_todays_new_cards_are_done(library: Library) -> None:
    deck = make_deck(n=2)
    library.import_deck(deck, backup=False)
    library.set_settings("demo", StudySettings(new_per_day=0))
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        await pilot.pause()
        # 09:00 UTC; the study day turns at 04:00.
        assert text_of(app.screen, "#study-empty") == (
            "Nothing due. Today's cards are done; new ones come when the day turns (in 19h)."
        )


async def test_summary_after_the_last_card(library: Library) -> None:
    clock = Clock()
    app = study_app(library, make_deck(n=2), clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space")
        clock.advance(seconds=12)
        await pilot.press("4", "space")
        clock.advance(seconds=30)
        await pilot.press("1")  # wrong: comes back in a minute (learn-ahead)
        await pilot.press("space", "4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        figures = text_of(screen, "#summary-figures")
        assert "Cards studied   3" in figures
        assert "Right / wrong   2 / 1" in figures
        assert "Again 1 · Hard 0 · Good 0 · Easy 2" in figures
        assert "Time spent      42 s" in figures
        # c1 went Again then Easy: one day, earlier than c0's eight.
        assert "Next due        in 1d (Tue 03 Mar 09:00)" in figures
        assert text_of(screen, "#summary-title") == "Session complete. Well done."
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_header_shows_done_and_left(library: Library) -> None:
    app = study_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        progress = "#study-progress"
        assert text_of(app.screen, progress) == "Done 0 · Left 3 (new 3 · learning 0 · due 0)"
        await pilot.press("space", "3")
        await pilot.pause()
        assert text_of(app.screen, progress) == "Done 1 · Left 3 (new 2 · learning 1 · due 0)"


async def test_a_killed_session_keeps_every_answer(data_dir: Path) -> None:
    lib = Library.open(data_dir)
    deck = make_deck(n=5)
    app = study_app(lib, deck)
    async with app.run_test() as pilot:
        await pilot.pause()
        for rating in ("3", "1", "4", "2"):
            await pilot.press("space", rating)
        await pilot.pause()
        crash(lib)  # the process dies here: no compaction, no close
    with Library.open(data_dir) as reopened:
        reviews = reopened.reviews("demo")
        assert [(r.card_id, int(r.rating)) for r in reviews] == [
            ("c0", 3), ("c1", 1), ("c2", 4), ("c3", 2)
        ]
        progress = reopened.progress("demo")
        assert progress["c2"].state is CardState.review
        assert {progress[c].state for c in ("c0", "c1", "c3")} == {CardState.learning}
        assert "c4" not in progress


MARKUP = "[/] [@click=app.quit] [b]not bold[/b] [link=https://x]x[/link]"


async def test_deck_text_that_looks_like_markup_is_shown_literally(library: Library) -> None:
    deck = Deck.model_validate(
        {
            "id": "markup",
            "title": f"Title {MARKUP}",
            "sources": [{"id": "src", "title": f"Source {MARKUP}"}],
            "cards": [
                {"kind": "flashcard", "id": "f", "front": f"Front {MARKUP}",
                 "back": f"Back {MARKUP}", "explanation": f"Why {MARKUP}",
                 "source": {"id": "src", "paragraph": 1, "quote": f"Quote {MARKUP}"}},
                {"kind": "multiple_choice", "id": "m", "question": f"Q {MARKUP}",
                 "choices": [f"A {MARKUP}", "[/]"], "answer": "[/]"},
                {"kind": "short_answer", "id": "s", "question": "Type it", "answers": [MARKUP]},
            ],
        }
    )
    app = study_app(library, deck)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert text_of(screen, "#study-prompt") == f"Front {MARKUP}"
        await pilot.press("space")
        assert text_of(screen, "#study-answer") == f"Back {MARKUP}"
        assert text_of(screen, "#study-explanation") == f"Why {MARKUP}"
        evidence = text_of(screen, "#study-evidence")
        assert f"Quote {MARKUP}" in evidence and f"Source {MARKUP}" in evidence
        await pilot.click("#study-answer")  # a click on "[@click=app.quit]" runs nothing
        await pilot.press("4")
        await pilot.pause()
        assert text_of(screen, "#study-prompt") == f"Q {MARKUP}"
        await pilot.press("b", "enter")  # the choice "[/]" is right
        await pilot.pause()
        assert screen.grade is not None and screen.grade.correct
        await pilot.press("4", *"[/]", "enter")
        await pilot.pause()
        assert screen.grade is not None and screen.grade.verdict != "correct"
        await pilot.press("1")
        await pilot.pause()
        assert app.is_running
        assert [r.rating for r in library.reviews("markup")] == [
            Rating.easy, Rating.easy, Rating.again
        ]


async def test_a_read_only_library_refuses_the_answer_and_keeps_the_card(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=2), backup=False)
    with Library.open(data_dir, read_only=True) as lib:
        app = study_app(lib, lib.deck("demo"))
        async with app.run_test() as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StudyScreen)
            await pilot.press("space", "3")
            await pilot.pause()
            assert any("was not saved" in note for note in app.notes)
            # The session took the answer back: same card, still revealed, nothing counted.
            assert screen.card is not None and screen.card.id == "c0"
            assert screen.phase == "revealed" and screen.session is not None
            assert screen.session.done == 0
            assert lib.reviews("demo") == []


async def test_escape_leaves_a_text_box_so_letter_keys_work(library: Library) -> None:
    deck = one_card_deck("short")
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("at")  # typed into the box, not a suspend
        assert not library.progress(deck.id)
        await pilot.press("escape", "at")
        await pilot.pause()
        assert library.progress(deck.id)["short"].suspended


def footer_keys(screen: object) -> dict[str, str]:
    """What the footer offers now: key shown -> description."""
    from textual.widgets._footer import FooterKey

    keys = screen.query(FooterKey)  # type: ignore[attr-defined]
    return {k.key_display: k.description for k in keys if not k.disabled}


async def test_footer_shows_the_same_suspend_and_bury_keys_on_every_card(
    library: Library,
) -> None:
    deck = kinds_deck().model_copy(
        update={"id": "two", "cards": (kinds_deck().card("mc"), kinds_deck().card("flash"))}
    )
    app = study_app(library, deck)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.card is not None
        assert screen.card.id == "mc"  # letters choose here
        keys = footer_keys(screen)
        assert keys.get("@") == "Suspend" and keys.get("-") == "Bury"
        assert "s" not in keys and "b" not in keys
        await pilot.press("minus")  # bury, as the footer says
        await pilot.pause()
        assert library.progress("two")["mc"].buried_until is not None
        assert screen.card.id == "flash"
        keys = footer_keys(screen)
        assert keys.get("@") == "Suspend" and keys.get("-") == "Bury"
        await pilot.press("at")
        await pilot.pause()
        assert library.progress("two")["flash"].suspended


async def test_summary_of_a_session_ended_early_says_what_is_left(library: Library) -> None:
    app = study_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("space", "4")  # one card of three
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert text_of(screen, "#summary-title") == "Session ended with 2 cards left for today."
        assert "Well done" not in text_of(screen, "#summary-title")
        # New cards wait now: "Next due" does not say "in 8d" beside "2 cards left".
        assert "Next due        now" in text_of(screen, "#summary-figures")
