"""A whole study session of each card kind, driven by keys: right and wrong answers,
the preselected rating, and what the library holds afterwards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Select, Static

from quizapp.model import CardState, Matching, Ordering, Rating
from quizapp.store import Library
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answer_match import MatchingAnswer
from quizapp.ui.widgets.answer_order import OrderingAnswer
from tests.ui.study_app import kinds_deck, one_card_deck, study_app

Keys = Callable[[Pilot, StudyScreen], Awaitable[None]]


def typed(*keys: str) -> Keys:
    async def press(pilot: Pilot, screen: StudyScreen) -> None:
        await pilot.press(*keys)

    return press


def text(*answers: str) -> Keys:
    """Type each answer into its box and press enter after each."""
    keys: list[str] = []
    for answer in answers:
        keys += ["space" if ch == " " else ch for ch in answer]
        keys.append("enter")
    return typed(*keys)


async def order_right(pilot: Pilot, screen: StudyScreen) -> None:
    """Move items with ctrl+up until the list is in the card's order, then check."""
    widget = screen.query_one(OrderingAnswer)
    assert isinstance(screen.card, Ordering)
    right = list(screen.card.items)
    cursor = 0
    for i, item in enumerate(right):
        j = widget.order.index(item)
        await pilot.press(*(["down"] * (j - cursor)), *(["ctrl+up"] * (j - i)))
        cursor = i
    assert widget.order == right
    await pilot.press("enter")


async def order_wrong(pilot: Pilot, screen: StudyScreen) -> None:
    """Put the list in the card's order, then swap the first two and check."""
    widget = screen.query_one(OrderingAnswer)
    assert isinstance(screen.card, Ordering)
    right = list(screen.card.items)
    for i, item in enumerate(right):
        j = widget.order.index(item)
        await pilot.press("home", *(["down"] * j), *(["ctrl+up"] * (j - i)))
    await pilot.press("home", "ctrl+down")
    assert widget.order == [right[1], right[0], *right[2:]]
    await pilot.press("enter")


def match(right: bool) -> Keys:
    async def press(pilot: Pilot, screen: StudyScreen) -> None:
        form = screen.query_one(MatchingAnswer).form
        assert isinstance(screen.card, Matching)
        pairs = dict(screen.card.pairs)
        for n, left in enumerate(form.left):
            wanted = form.options.index(pairs[left])
            if not right:
                wanted = (wanted + 1) % len(form.options)
            assert screen.query_one(f"#match-{n}", Select).has_focus
            # The overlay opens on the blank prompt; each down moves one option on.
            await pilot.press("enter", *(["down"] * (wanted + 1)), "enter")
            await pilot.pause()
            assert screen.query_one(f"#match-{n}", Select).has_focus  # no surprise move
            await pilot.press("tab")  # the user moves on
        assert screen.query_one("#answer-submit", Button).has_focus
        await pilot.press("enter")

    return press


CASES: dict[str, tuple[Keys, Keys]] = {
    "mc": (typed("a", "enter"), typed("c", "enter")),
    "ms": (typed("a", "b", "enter"), typed("a", "c", "enter")),
    "tf": (typed("t", "enter"), typed("f", "enter")),
    "short": (text("lavrow"), text("putin")),  # a typo is forgiven
    "num": (text("4185 km"), text("4000")),
    "cloze": (text("bamako", "mali"), text("dakar", "mali")),
    "order": (order_right, order_wrong),
    "match": (match(True), match(False)),
}


async def start(pilot: Pilot) -> StudyScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen)
    return screen


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
@pytest.mark.parametrize("card_id", list(CASES))
async def test_answer_each_kind(library: Library, card_id: str, right: bool) -> None:
    deck = one_card_deck(card_id)
    app = study_app(library, deck)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(pilot)
        assert screen.phase == "question" and screen.card is not None
        assert screen.card.id == card_id
        await CASES[card_id][0 if right else 1](pilot, screen)
        await pilot.pause()
        assert screen.phase == "revealed"
        assert screen.grade is not None and screen.grade.correct is right
        expected = Rating.good if right else Rating.again
        assert screen.preselect is expected
        assert app.focused is screen.query_one(f"#rate-{int(expected)}", Button)
        # The reveal shows the answer, the explanation and the evidence.
        card = deck.cards[0]
        shown = {
            name: str(screen.query_one(f"#study-{name}", Static).visual)
            for name in ("answer", "explanation", "evidence")
        }
        assert shown["answer"] == card.answer_text
        assert "Why: the source says so" in shown["explanation"]
        assert "Bamako is the capital of Mali." in shown["evidence"]
        assert "Sahel notes" in shown["evidence"] and "¶2" in shown["evidence"]
        await pilot.press("enter")  # accept the preselected rating
        await pilot.pause()
        (review,) = library.reviews(deck.id)
        assert (review.card_id, review.rating, review.correct) == (card_id, expected, right)
        assert review.state_before is CardState.new
        progress = library.progress(deck.id)[card_id]
        assert progress.state is CardState.learning and progress.reps == 1
        # A learning card due within the learn-ahead limit comes straight back.
        assert screen.card is not None and screen.card.id == card_id
        assert screen.phase == "question" and screen.session is not None
        assert screen.session.done == 1


async def test_rating_can_be_changed_before_going_on(library: Library) -> None:
    deck = one_card_deck("mc")
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await pilot.press("b", "enter")  # wrong: Again preselected
        assert screen.preselect is Rating.again
        await pilot.press("4")  # the student says it was easy after all
        await pilot.pause()
        (review,) = library.reviews(deck.id)
        assert (review.rating, review.correct) == (Rating.easy, False)
        assert library.progress(deck.id)["mc"].state is CardState.review


async def test_flashcard_reveal_then_rate_by_click(library: Library) -> None:
    deck = one_card_deck("flash")
    app = study_app(library, deck)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        assert not screen.query_one("#study-reveal").display
        await pilot.press("space")
        assert screen.phase == "revealed" and screen.preselect is Rating.good
        labels = [str(b.label) for b in screen.query("#study-rating Button")]
        assert labels == ["1 Again · 1m", "2 Hard · 6m", "3 Good · 10m", "4 Easy · 8d"]
        await pilot.click("#rate-4")
        await pilot.pause()
        (review,) = library.reviews(deck.id)
        assert review.rating is Rating.easy and review.correct is None
        # Easy graduates the card: nothing left today, so the summary shows.
        assert type(app.screen).__name__ == "SummaryScreen"


async def test_multiple_choice_by_click(library: Library) -> None:
    deck = one_card_deck("mc")
    app = study_app(library, deck)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start(pilot)
        choices = screen.query_one("Choices")
        first_row = choices.content_region.y - choices.region.y  # below any border
        await pilot.click("Choices", offset=(4, first_row))  # "a) Niger"
        await pilot.pause()
        assert screen.grade is not None and screen.grade.correct


async def test_whole_kinds_deck_in_one_session(library: Library) -> None:
    """All nine kinds one after the other, each answered (Easy, so none comes back)."""
    deck = kinds_deck()
    app = study_app(library, deck)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(pilot)
        seen = []
        while screen.card is not None and screen.phase == "question":
            card_id = screen.card.id
            seen.append(card_id)
            if card_id == "flash":
                await pilot.press("space")
            else:
                await CASES[card_id][0](pilot, screen)
            await pilot.pause()
            await pilot.press("4")
            await pilot.pause()
        assert seen == [card.id for card in deck.cards]
        assert [r.card_id for r in library.reviews(deck.id)] == seen
        assert all(r.correct in (True, None) for r in library.reviews(deck.id))
        assert type(app.screen).__name__ == "SummaryScreen"


async def test_a_letter_only_chooses_enter_checks(library: Library) -> None:
    deck = one_card_deck("mc")
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        screen = await start(pilot)
        await pilot.press("c", "a")  # changed my mind before checking
        assert screen.phase == "question"
        await pilot.press("enter")
        assert screen.grade is not None and screen.grade.correct
