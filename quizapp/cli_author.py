"""`quizapp new TITLE` and `quizapp edit DECK`: open the deck editor from the command line.

Registered by quizapp.cli (cli.register(new); cli.register(edit)). Textual is imported
only when the editor opens, so the rest of the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from quizapp.cli import Context, UserError, pass_ctx, run_app, user_errors

if TYPE_CHECKING:
    from quizapp.model import Deck
    from quizapp.ui.screens.editor import EditorScreen


def _editor(deck: Deck, *, new: bool = False) -> EditorScreen:
    from quizapp.ui.screens.editor import EditorScreen

    return EditorScreen(deck, new=new)


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


# --- import and export ----------------------------------------------------------------------


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--replace",
    is_flag=True,
    help="Update decks already in the library (progress of unchanged card ids is kept).",
)
@click.option(
    "--format", "format_name", default=None, help="Read as this format (default: detect)."
)
@click.option(
    "--term-sep",
    default=None,
    help="Quizlet: what stands between term and definition (e.g. '\\t', ' - ').",
)
@click.option(
    "--card-sep", default=None, help="Quizlet: what stands between cards (default: a newline)."
)
@click.option(
    "--no-history", is_flag=True, help="Leave out study history (Anki reviews, suspensions)."
)
@pass_ctx
def import_command(
    context: Context,
    files: tuple[str, ...],
    replace: bool,
    format_name: str | None,
    term_sep: str | None,
    card_sep: str | None,
    no_history: bool,
) -> None:
    """Add deck files to the library (Anki packages bring their study history; a live
    quiz's downloaded answers file brings its answers, as reviews)."""
    from quizapp.cli_record import import_answers, is_answers_path
    from quizapp.store import DeckExists

    answers = [name for name in files if is_answers_path(Path(name))]
    files = tuple(name for name in files if name not in answers)

    if (term_sep or card_sep) and format_name not in (None, "quizlet"):
        raise UserError("--term-sep and --card-sep are for --format quizlet")
    if term_sep or card_sep:
        format_name = "quizlet"
    with context.library() as lib, user_errors():
        for name in answers:
            click.echo(import_answers(lib, Path(name)))
        if not files:
            return
        # Read and validate everything, and refuse clashes, before changing anything:
        # a bad file, or a deck already there without --replace, changes nothing.
        loaded = [_read(Path(name), format_name, term_sep, card_sep) for name in files]
        decks = [(deck, result) for result in loaded for deck in result.decks]
        seen: set[str] = set()
        for deck, _ in decks:
            if deck.id in seen:
                raise UserError(f"two of these files hold deck {deck.id!r}; import one of them")
            seen.add(deck.id)
            if lib.has_deck(deck.id) and not replace:
                raise DeckExists(deck.id, lib.summary(deck.id).card_count)
        if lib.summaries():
            lib.backup("before-import-" + "-".join(sorted(seen))[:60])
        from quizapp.formats import split_skips
        from quizapp.store.media import keep_media

        for result in loaded:
            if not lib.read_only:  # a read-only library refuses the import itself, below
                keep_media(lib.data_dir, result.media)  # before the cards that name them
        for deck, result in decks:
            # each skip once, under its deck (or, if it belongs to none, the file's first)
            left_out, notes = split_skips(result.skips_for(deck.id))
            report = lib.import_deck(deck, replace=replace, skipped=left_out, backup=False)
            click.echo(report.describe())
            for reason in report.skipped:
                click.echo(f"  skipped: {reason}")
            for note in notes:
                click.echo(f"  note: {note}")
            if not no_history and result.history.get(deck.id):
                from quizapp.study.days import utcnow
                from quizapp.study.imported import import_into

                said = import_into(lib, deck.id, result.history[deck.id], utcnow())
                click.echo(f"  {said}")


def _read(path: Path, format_name: str | None, term_sep: str | None, card_sep: str | None) -> Any:
    """Read a deck file, with a progress bar of the cards validated on a terminal."""
    import sys

    from quizapp.formats import read_file
    from quizapp.formats.quizlet import read_quizlet
    from quizapp.model import reporting

    with click.progressbar(
        length=1, label=f"reading {path.name}", file=sys.stderr, show_pos=True
    ) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        with reporting(advance):
            if format_name == "quizlet":
                from quizapp.formats import check_size

                check_size(path)
                return read_quizlet(path, term_sep, card_sep)
            return read_file(path, format_name)


@click.command("export")
@click.argument("deck_id")
@click.option(
    "--format",
    "format_name",
    default="toml",
    show_default=True,
    help="toml or json (and the formats listed by `quizapp formats`).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="File to write ('-' for stdout).",
)
@pass_ctx
def export_command(context: Context, deck_id: str, format_name: str, output: str) -> None:
    """Write a deck from the library to a file, and say what the format could not keep."""
    from quizapp.export import export_deck
    from quizapp.store.media import media_dir

    with context.library(reading=True) as lib, user_errors():
        deck = context.deck(lib, deck_id)
        losses = export_deck(deck, Path(output), format_name, media_dir(lib.data_dir))
    # with '-o -' the deck is on stdout: everything else goes to stderr
    click.echo(f"wrote {'stdout' if output == '-' else output}", err=output == "-")
    for loss in losses:
        click.echo(f"  not kept in {format_name}: {loss}", err=True)
