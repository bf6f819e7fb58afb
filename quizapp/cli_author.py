"""`quizapp new TITLE` and `quizapp edit DECK`: open the deck editor from the command line.

Registered by quizapp.cli (cli.register(new); cli.register(edit)). Textual is imported
only when the editor opens, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import click

from quizapp.cli import Context, UserError, pass_ctx, run_app, user_errors


def _editor(deck: object, *, new: bool = False) -> object:
    from quizapp.ui.screens.editor import EditorScreen

    return EditorScreen(deck, new=new)  # type: ignore[arg-type]


@click.command()
@click.argument("title")
@click.option("--id", "deck_id", default=None, help="The deck's id (default: made from TITLE).")
@pass_ctx
def new(context: Context, title: str, deck_id: str | None) -> None:
    """Create an empty deck called TITLE and open the editor on it."""
    from quizapp.editing import slugify
    from quizapp.model import parse_deck

    deck_id = deck_id or slugify(title)
    if not deck_id:
        raise UserError(
            f"the title {title!r} has no letters or digits to make an id from; "
            "give one with --id, e.g. --id my-deck"
        )
    with context.library(sync=False) as lib, user_errors():
        if lib.has_deck(deck_id):
            raise UserError(
                f"a deck with id {deck_id!r} is already in the library; "
                f"open it with `quizapp edit {deck_id}` or choose another --id"
            )
        deck = parse_deck({"id": deck_id, "title": title}, "TITLE")
        lib.save_deck(deck)
    click.echo(f"created {deck.id}: {deck.title}")
    run_app(context, open_screen=_editor(deck))


@click.command()
@click.argument("deck_id", metavar="DECK")
@pass_ctx
def edit(context: Context, deck_id: str) -> None:
    """Open the editor on DECK (its id, as `quizapp decks` lists)."""
    with context.library(sync=False) as lib:
        deck = context.deck(lib, deck_id)
    run_app(context, open_screen=_editor(deck))
