"""The study screen and the editor preview show choices in the showing's order.

The test apps keep the written order by default (so other tests can press a known
letter); here they get a seed source: each showing asks it once, the letters stay put
while the card is on screen, and the next showing asks again.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.widgets import Static

from quizapp.model import MultipleChoice
from quizapp.shuffle import display_order, new_seed
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.editor import EditorScreen
from quizapp.ui.screens.study import StudyOptions, StudyScreen
from quizapp.ui.widgets.answer_choice import ChoiceAnswer
from tests.ui.editor_app import EditorTestApp, kinds_deck
from tests.ui.study_app import Clock, StudyTestApp, one_card_deck


class Seeds:
    """Hands out the given seeds in turn and counts how often it was asked."""

    def __init__(self, *seeds: int) -> None:
        self._seeds: Iterator[int] = iter(seeds)
        self.asked = 0

    def __call__(self) -> int:
        self.asked += 1
        return next(self._seeds)


def seeds_giving_two_orders(card: MultipleChoice) -> tuple[int, int]:
    """Two seeds whose orders differ from each other and from the written one."""
    first = next(s for s in range(1000) if display_order(card, s) != card.choices)
    second = next(
        s for s in range(first + 1, 1000)
        if display_order(card, s) not in (card.choices, display_order(card, first))
    )  # fmt: skip
    return first, second


def test_the_real_app_draws_a_new_seed_per_showing() -> None:
    assert QuizApp.__init__.__kwdefaults__["seeds"] is new_seed
    assert len({new_seed() for _ in range(100)}) == 100


async def test_study_shows_the_showings_order_and_keeps_it(library: Library) -> None:
    deck = one_card_deck("mc")
    card = deck.cards[0]
    assert isinstance(card, MultipleChoice)
    first, second = seeds_giving_two_orders(card)
    seeds = Seeds(first, second)
    library.import_deck(deck, backup=False)
    options = StudyOptions(clock=Clock(), fuzz=False)
    app = StudyTestApp(library, options, open_screen=StudyScreen(deck.id, options), seeds=seeds)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        widget = screen.query_one(ChoiceAnswer)
        assert tuple(widget.labels) == display_order(card, first) and seeds.asked == 1
        right = "abc"[widget.labels.index(card.answer)]
        await pilot.press(right, "enter")  # the letter the student reads is the right one
        await pilot.pause()
        assert screen.grade is not None and screen.grade.correct
        assert seeds.asked == 1  # revealing is the same showing: same letters
        await pilot.press("enter")  # accept the rating: the learning card comes back
        await pilot.pause()
        again = screen.query_one(ChoiceAnswer)
        assert tuple(again.labels) == display_order(card, second) and seeds.asked == 2


async def test_the_preview_keeps_its_order_while_editing(library: Library) -> None:
    deck = kinds_deck()
    card = deck.card("mc")
    assert isinstance(card, MultipleChoice)
    first, second = seeds_giving_two_orders(card)
    seeds = Seeds(first, second)
    library.import_deck(deck, backup=False)
    app = EditorTestApp(library, open_screen=EditorScreen(deck, new=False), seeds=seeds)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter", "f2")  # the multiple choice card, previewed
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CardFormScreen)
        shown = form.query_one(ChoiceAnswer)
        assert tuple(shown.labels) == display_order(card, first)
        form.query_one("#f-question").focus()
        await pilot.press("end", "?")  # an edit re-renders the preview
        await pilot.pause()
        assert "?" in str(form.query_one("#preview-prompt", Static).render())
        assert tuple(form.query_one(ChoiceAnswer).labels) == display_order(card, first)
        assert seeds.asked == 1
        form.query_one("#preview-again").scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        right = "abc"[shown.labels.index(card.answer)]
        form.query_one(ChoiceAnswer).focus_answer()
        await pilot.press(right, "enter")
        await pilot.pause()
        assert str(form.query_one("#preview-feedback", Static).render()).startswith("✓")
        assert await pilot.click("#preview-again")
        await pilot.pause()
        assert tuple(form.query_one(ChoiceAnswer).labels) == display_order(card, second)
        assert seeds.asked == 2
