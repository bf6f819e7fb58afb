"""`quizapp study [DECK]`: open the reviewer on a deck, or the home screen to pick one.

DECK is a deck of the library (id, unique id prefix or title: `Context.deck_id`) or a deck
file: a file is imported on the fly (or the library's deck of the same id updated from it,
progress of unchanged card ids kept), said in one line, and studied there, so its progress
is kept as any deck's (hascard's habit of studying a file, with Anki's memory of it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp.cli import Context, UserError, pass_ctx, run_app
from quizapp.wording import counted

if TYPE_CHECKING:
    from quizapp.store import Library


@click.command()
@click.argument("deck_id", metavar="[DECK|FILE]", required=False)
@pass_ctx
def study(context: Context, deck_id: str | None) -> None:
    """Study a deck (spaced repetition); FILE: a deck file, imported or updated first;
    without DECK, choose one on the home screen."""
    if deck_id is None:
        run_app(context)
        return
    from quizapp.ui.app import QuizApp
    from quizapp.ui.screens.study import StudyScreen

    with context.library() as lib:
        path = Path(deck_id)
        if not lib.has_deck(deck_id) and path.is_file():
            deck_id = _from_file(lib, path)
        else:  # an unknown deck is a plain error, before the app starts
            try:
                deck_id = context.deck_id(lib, deck_id)
            except UserError as error:
                if path.suffix or "/" in deck_id or "\\" in deck_id:  # meant as a file
                    raise UserError(f"{deck_id}: no such file, and {error.message}") from None
                raise
        QuizApp(lib, open_screen=StudyScreen(deck_id)).run()


def _from_file(lib: Library, path: Path) -> str:
    """Bring the file's one deck into the library; its id. Says what was done, in one line."""
    from quizapp.cli import user_errors
    from quizapp.formats import read_file
    from quizapp.store.media import keep_media

    with user_errors():
        loaded = read_file(path)
        if len(loaded.decks) != 1:
            raise UserError(
                f"{path}: holds {len(loaded.decks)} decks; add them with `quizapp import {path}`"
                " and study one by its id"
            )
        deck = loaded.decks[0]
        if lib.has_deck(deck.id) and lib.deck(deck.id) == deck:
            click.echo(f"{path}: studying deck {deck.id!r}, already in your library as it is")
            return deck.id
        if lib.read_only:
            raise UserError(
                f"{path}: the library is read-only, so deck {deck.id!r} cannot be "
                "imported or updated; close the other quizapp first"
            )
        if lib.has_deck(deck.id):
            lib.backup(f"before-study-{deck.id}"[:60])
        keep_media(lib.data_dir, loaded.media)
        report = lib.import_deck(deck, replace=True, skipped=loaded.skips_for(deck.id),
                                 backup=False)
        history = loaded.history.get(deck.id)
        if history and report.created:  # an Anki package's reviews, once, as `import` does
            from quizapp.study.days import utcnow
            from quizapp.study.imported import import_into

            import_into(lib, deck.id, history, utcnow())
    if report.created:
        added = counted(len(report.added), "card")
        done = f"imported into your library as deck {deck.id!r} ({added})"
    else:
        done = (
            f"updated deck {deck.id!r} in your library ({len(report.added)} new, "
            f"{len(report.updated)} changed, {len(report.removed)} removed)"
        )
    click.echo(f"{path}: {done}; progress is kept there")
    return deck.id
