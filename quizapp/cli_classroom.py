"""`quizapp host` and `quizapp join`: the live classroom from the command line.

`host --headless` runs a whole quiz unattended; without --headless it will open the
Textual host screen (not there yet: it says so and exits 1). `join` plays line by line
in the terminal until the Textual join screen lands.

The main group adds `host_command` and `join_command`. `host` finds decks through
ctx.obj["load_deck"](deck_id) -> Deck and saves results through
ctx.obj["save_result"](ClassroomResult); without them it reads DECK as a file and
only prints the results.
"""

from __future__ import annotations

import asyncio
import errno
import sys
from collections.abc import Callable, Mapping
from typing import Any

import click
from pydantic import ValidationError
from websockets.exceptions import InvalidHandshake, InvalidURI

from quizapp.classroom.client import ClassroomClient, JoinRefused, ws_url
from quizapp.classroom.headless import run_headless
from quizapp.classroom.protocol import Finished
from quizapp.classroom.results import ClassroomResult, ClassroomSettings
from quizapp.classroom.terminal import play, stdin_lines
from quizapp.model import Deck, DeckError


def _obj(ctx: click.Context, name: str) -> Callable[..., Any] | None:
    obj = ctx.find_root().obj
    value = obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)
    return value if callable(value) else None


def _load(ctx: click.Context, deck_id: str) -> Deck:
    load = _obj(ctx, "load_deck")
    try:
        if load is not None:
            return load(deck_id)
        from quizapp.formats import read_deck

        return read_deck(deck_id)
    except DeckError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"deck {deck_id!r} cannot be hosted; fix it first") from None
    except (KeyError, LookupError, FileNotFoundError):
        raise click.ClickException(
            f"no deck {deck_id!r}; see `quizapp list` for the decks in your library"
        ) from None


@click.command("host")
@click.argument("deck")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--bind", default="0.0.0.0", show_default=True,
              help="Address to listen on; 127.0.0.1 keeps it to this machine.")
@click.option("--questions", type=click.IntRange(1), default=None,
              help="Ask only the first N cards.")
@click.option("--time-per-question", type=click.FloatRange(1, 3600), default=20.0,
              show_default=True, help="Seconds per question.")
@click.option("--scoring", type=click.Choice(["speed", "accuracy"]), default="speed",
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
    time_per_question: float,
    scoring: str,
    streaks: bool,
    max_players: int,
    auto_advance: bool,
    reveal_seconds: float,
    headless: bool,
    min_players: int,
    lobby_timeout: float,
) -> None:
    """Host a live quiz on DECK: students join from a browser or `quizapp join`."""
    if not headless:
        click.echo(
            "quizapp: the host screen is not available yet; use --headless "
            "(it runs unattended, as with --auto-advance)",
            err=True,
        )
        ctx.exit(1)
    try:
        settings = ClassroomSettings(
            questions=questions,
            time_per_question=time_per_question,
            scoring=scoring,  # type: ignore[arg-type]
            streaks=streaks,
            max_players=max_players,
            auto_advance=auto_advance or headless,
            reveal_seconds=reveal_seconds,
        )
    except ValidationError as error:
        raise click.ClickException(str(error.errors()[0]["msg"])) from None
    chosen = _load(ctx, deck)
    if not chosen.cards:
        raise click.ClickException(f"deck {deck!r} has no cards; add some before hosting it")
    save = _obj(ctx, "save_result")

    def finished(result: ClassroomResult) -> None:
        if save is not None:
            save(result)

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
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} is in use; choose another with --port (or --port 0)"
            ) from None
        raise click.ClickException(f"cannot listen on {bind}:{port}: {error.strerror}") from None
    except KeyboardInterrupt:
        click.echo("quizapp: stopped", err=True)
        ctx.exit(130)


@click.command("join")
@click.argument("address")
@click.option("--pin", default=None, help="The game PIN (asked for if not given).")
@click.option("--name", default=None, help="Your name, up to 20 characters (asked if not given).")
def join_command(address: str, pin: str | None, name: str | None) -> None:
    """Join a live quiz at ADDRESS (as shown on the teacher's screen), line by line."""
    try:
        ws_url(address)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if pin is None:
        pin = click.prompt("Game PIN")
    if name is None:
        name = click.prompt("Your name")
    try:
        finished = asyncio.run(_join(address, pin, name))
    except JoinRefused as error:
        raise click.ClickException(error.message) from None
    except (OSError, TimeoutError, InvalidURI, InvalidHandshake) as error:
        raise click.ClickException(
            f"cannot reach a quiz at {address}: {error}; check the address on the teacher's screen"
        ) from None
    except KeyboardInterrupt:
        sys.exit(130)
    if finished is None:
        sys.exit(1)


async def _join(address: str, pin: str, name: str) -> Finished | None:
    client = ClassroomClient(address)
    welcome = await client.join(pin, name)
    click.echo(f"Joined {welcome.deck_title!s} as {welcome.name}. Wait for the teacher to start.")
    return await play(client, stdin_lines(), click.echo)
