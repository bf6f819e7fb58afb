"""Matching: choosing in a dropdown keeps the focus on that row; tab moves on."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Button, Select

from quizapp.answering import AnswerForm
from quizapp.ui.widgets.answer_match import MatchingAnswer
from tests.waiting import until

FORM = AnswerForm(mode="match", options=("Bamako", "Niamey", "Ouagadougou"),
                  left=("Mali", "Niger", "Burkina Faso"))


class MatchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MatchingAnswer(FORM)

    def on_mount(self) -> None:
        self.query_one(MatchingAnswer).focus_answer()


async def test_a_choice_does_not_move_the_focus_and_tab_goes_row_by_row() -> None:
    app = MatchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.query_one("#match-0", Select)
        await until(pilot, lambda: first.has_focus)
        for n, wanted in enumerate((0, 1, 2)):
            row = app.query_one(f"#match-{n}", Select)
            assert row.has_focus
            await pilot.press("enter", *(["down"] * (wanted + 1)), "enter")
            await until(pilot, lambda row=row, n=n: row.value == FORM.options[n])
            assert row.has_focus  # still here: a Tab habit would otherwise skip a row
            await pilot.press("tab")
        assert app.query_one("#answer-submit", Button).has_focus
        answer = app.query_one(MatchingAnswer).response()
        assert answer == dict(zip(FORM.left, FORM.options, strict=True))
