"""`quizapp study [DECK]`: open the reviewer on a deck, or the home screen to pick one."""

from __future__ import annotations

import click

from quizapp.cli import Context, pass_ctx, run_app


@click.command()
@click.argument("deck_id", metavar="[DECK]", required=False)
@pass_ctx
def study(context: Context, deck_id: str | None) -> None:
    """Study a deck (spaced repetition); without DECK, choose one on the home screen."""
    if deck_id is None:
        run_app(context)
        return
    from quizapp.ui.app import QuizApp
    from quizapp.ui.screens.study import StudyScreen

    with context.library() as lib:
        context.deck(lib, deck_id)  # an unknown deck is a plain error, before the app starts
        QuizApp(lib, open_screen=StudyScreen(deck_id)).run()
