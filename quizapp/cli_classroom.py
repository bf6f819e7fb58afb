"""`quizapp host` and `quizapp join`: the live classroom from the command line.

`host` opens the Textual host screen (to project) in the app, on the library held by
the command's Context; `host --headless` runs a whole quiz unattended without a screen.
`join` opens the small Textual join app (no library needed on a student's machine);
`join --plain` (and `join` with stdin or stdout not a terminal) plays line by line.

The main group adds `host_command` and `join_command`. `host` finds decks through
ctx.obj["load_deck"](deck_id) -> Deck and saves results through
ctx.obj["save_result"](ClassroomResult); without them it reads DECK as a file and
only prints the results (headless), and the screen needs ctx.obj.open_library().
"""

from __future__ import annotations

import asyncio
import errno
import random
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, get_args

import click
from pydantic import ValidationError
from websockets.exceptions import InvalidHandshake, InvalidURI

from quizapp.classroom.client import JoinRefused, ws_url
from quizapp.classroom.game import draw_cards
from quizapp.classroom.headless import run_headless
from quizapp.classroom.protocol import Finished
from quizapp.classroom.results import ClassroomResult, ClassroomSettings
from quizapp.classroom.roster import RosterError, read_roster
from quizapp.classroom.scoring import Scoring
from quizapp.classroom.terminal import play, stdin_lines
from quizapp.cli import UserError
from quizapp.model import Deck, DeckError


def _obj(ctx: click.Context, name: str) -> Callable[..., Any] | None:
    obj = ctx.find_root().obj
    value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    return value if callable(value) else None


def _typo_tolerance(ctx: click.Context, deck_id: str) -> float | None:
    """The deck's typo tolerance from the library (None: the grading default, for a file)."""
    open_library = _obj(ctx, "open_library")
    if open_library is None:
        return None
    library = open_library()
    return library.settings(deck_id).typo_tolerance if library.has_deck(deck_id) else None


def _load(ctx: click.Context, deck_id: str) -> Deck:
    load = _obj(ctx, "load_deck")
    try:
        if load is not None:
            loaded = load(deck_id)
            if not isinstance(loaded, Deck):  # ctx.obj's loader is untyped (Callable[..., Any])
                raise TypeError(f"load_deck gave a {type(loaded).__name__}, not a Deck")
            return loaded
        from quizapp.formats import read_deck

        return read_deck(deck_id)
    except DeckError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise UserError(f"deck {deck_id!r} cannot be hosted; fix it first") from None
    except (KeyError, LookupError, FileNotFoundError):
        raise UserError(
            f"no deck {deck_id!r}; see `quizapp decks` for the decks in your library"
        ) from None


@click.command("host")
@click.argument("deck")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--bind", default="0.0.0.0", show_default=True,
              help="Address to listen on; 127.0.0.1 keeps it to this machine.")
@click.option("--questions", type=click.IntRange(1), default=None,
              help="Ask N cards (default: every card), drawn as --order says.")
@click.option("--order", type=click.Choice(["random", "deck"]), default="random",
              show_default=True, help="Draw the questions at random, or in the deck's order.")
@click.option("--tag", "tags", multiple=True,
              help="Only cards with this tag (repeat for several).")
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Students who get more time: lines such as 'Ann, x1.5' (see README).")
@click.option("--time-per-question", type=click.FloatRange(1, 3600), default=20.0,
              show_default=True, help="Seconds per question.")
@click.option("--scoring", type=click.Choice(get_args(Scoring)), default="speed",
              show_default=True)
@click.option("--streaks/--no-streaks", default=True, show_default=True,
              help="+100 per right answer in a row, up to +500.")
@click.option("--max-players", type=click.IntRange(1, 10_000), default=500, show_default=True)
@click.option("--auto-advance", is_flag=True,
              help="Next question when time is up or everyone answered (implied by --headless).")
@click.option("--reveal-seconds", type=click.FloatRange(0, 600), default=5.0, show_default=True,
              help="With --auto-advance: how long each result stays up.")
@click.option("--headless", is_flag=True,
              help="No screen: print the PIN and address as JSON, run unattended, print results.")
@click.option("--min-players", type=click.IntRange(1), default=1, show_default=True,
              help="With --headless: start once this many have joined.")
@click.option("--lobby-timeout", type=click.FloatRange(1), default=300.0, show_default=True,
              help="With --headless: give up waiting for players after this many seconds.")
@click.pass_context
def host_command(
    ctx: click.Context,
    deck: str,
    port: int,
    bind: str,
    questions: int | None,
    order: str,
    tags: tuple[str, ...],
    roster: Path | None,
    time_per_question: float,
    scoring: Scoring,  # click.Choice of Scoring's values
    streaks: bool,
    max_players: int,
    auto_advance: bool,
    reveal_seconds: float,
    headless: bool,
    min_players: int,
    lobby_timeout: float,
) -> None:
    """Host a live quiz on DECK: students join from a browser or `quizapp join`."""
    if not headless and _obj(ctx, "open_library") is None:
        # Checked first: without a library there is nowhere to save the results.
        raise UserError("the host screen needs the quizapp library; use --headless")
    try:
        settings = ClassroomSettings(
            questions=questions,
            shuffle_questions=order == "random",
            tags=tags,
            time_per_question=time_per_question,
            scoring=scoring,
            streaks=streaks,
            max_players=max_players,
            auto_advance=auto_advance or headless,
            reveal_seconds=reveal_seconds,
        )
    except ValidationError as error:
        raise UserError(str(error.errors()[0]["msg"])) from None
    chosen = _load(ctx, deck)
    if not chosen.cards:
        raise UserError(f"deck {deck!r} has no cards; add some before hosting it")
    try:
        draw_cards(chosen, settings, random.Random())  # only to check the tags match a card
    except ValueError as error:
        raise UserError(str(error)) from None
    try:
        extra_time = read_roster(roster) if roster is not None else {}
    except RosterError as error:
        raise UserError(str(error)) from None
    save = _obj(ctx, "save_result")

    def finished(result: ClassroomResult) -> None:
        if save is not None:
            save(result)

    if not headless:
        _host_screen(ctx, chosen, settings, bind, port, finished, extra_time)
        return
    try:
        run_headless(
            chosen,
            settings,
            sys.stdout,
            host=bind,
            port=port,
            min_players=min_players,
            lobby_timeout=lobby_timeout,
            on_finished=finished,
            typo_tolerance=_typo_tolerance(ctx, chosen.id),
            extra_time=extra_time,
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UserError(
                f"port {port} is in use; choose another with --port (or --port 0)"
            ) from None
        raise UserError(f"cannot listen on {bind}:{port}: {error.strerror}") from None
    except KeyboardInterrupt:
        click.echo("quizapp: stopped", err=True)
        ctx.exit(130)


def _host_screen(
    ctx: click.Context,
    deck: Deck,
    settings: ClassroomSettings,
    bind: str,
    port: int,
    finished: Callable[[ClassroomResult], None],
    extra_time: Mapping[str, float],
) -> None:
    """The projected host screen in the app; results saved as the game ends."""
    open_library = _obj(ctx, "open_library")
    assert open_library is not None, "checked by host_command"
    from quizapp.classroom.game import Game
    from quizapp.ui.app import QuizApp
    from quizapp.ui.screens.host_screen import HostScreen

    game = Game(deck, settings)
    for name, factor in extra_time.items():
        game.set_extra_time(name, factor)
    screen = HostScreen(game, bind=bind, port=port, on_finished=finished)
    app = QuizApp(open_library(), open_screen=screen)
    app.run()
    if app.return_code:
        ctx.exit(app.return_code)


@click.command("join")
@click.argument("address")
@click.option("--pin", default=None, help="The game PIN (asked for if not given).")
@click.option("--name", default=None, help="Your name, up to 20 characters (asked if not given).")
@click.option("--plain", is_flag=True,
              help="Line by line, for terminals without a full-screen interface.")
@click.option("--record/--no-record", default=True, show_default=True,
              help="Record each answer as a review of its card in your own library.")
def join_command(
    address: str, pin: str | None, name: str | None, plain: bool, record: bool
) -> None:
    """Join a live quiz at ADDRESS (as shown on the teacher's screen)."""
    from quizapp.cli_record import recording

    try:
        ws_url(address)
    except ValueError as error:
        raise UserError(str(error)) from None
    with recording(record, click.echo) as recorder:
        _join_with(address, pin, name, plain, recorder)


def _join_with(address: str, pin: str | None, name: str | None, plain: bool, recorder: Any) -> None:
    from quizapp.cli_record import client_factory

    # Piped or redirected (scripts, an IDE's console): the line-by-line client.
    if not plain and sys.stdin.isatty() and sys.stdout.isatty():
        from quizapp.ui.join_app import JoinApp

        app = JoinApp(address, pin=pin, name=name, client_factory=client_factory(recorder))
        if recorder is not None:
            recorder.notify = lambda text: app.notify(text, markup=False)
        app.run()
        sys.exit(app.return_code or 0)
    if pin is None:
        pin = click.prompt("Game PIN")
    if name is None:
        name = click.prompt("Your name")
    try:
        finished = asyncio.run(_join(address, pin, name, recorder))
    except JoinRefused as error:
        raise UserError(error.message) from None
    except (OSError, TimeoutError, InvalidURI, InvalidHandshake) as error:
        raise UserError(
            f"cannot reach a quiz at {address}: {error}; check the address on the teacher's screen"
        ) from None
    except KeyboardInterrupt:
        sys.exit(130)
    if finished is None:
        sys.exit(1)


async def _join(address: str, pin: str, name: str, recorder: Any = None) -> Finished | None:
    from quizapp.cli_record import client_factory, describe

    client = client_factory(recorder)(address)
    welcome = await client.join(pin, name)
    click.echo(f"Joined {welcome.deck_title!s} as {welcome.name}. Wait for the teacher to start.")
    click.echo(describe(recorder, welcome.deck_title))
    return await play(client, stdin_lines(), click.echo)
