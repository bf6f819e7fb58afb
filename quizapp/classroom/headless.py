"""The host without a screen: for scripts, tests and the benchmark.

Prints one JSON line when ready ({"event": "ready", "pin", "port", "addresses"}),
waits for players, plays every question unattended, then prints one JSON line
with the full results ({"event": "finished", "result": {...}}). If someone guesses PINs
the teacher is told by a line {"event": "alert", "message", "pin"} (the new PIN).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, ParamSpec, TextIO, TypeVar

from quizapp.classroom.game import Game
from quizapp.classroom.results import ClassroomResult, ClassroomSettings
from quizapp.classroom.server import ClassroomServer
from quizapp.model import Deck

P = ParamSpec("P")
R = TypeVar("R")


def _line(out: TextIO, payload: dict[str, object]) -> None:
    out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    out.flush()


async def run_headless_async(
    deck: Deck,
    settings: ClassroomSettings,
    out: TextIO = sys.stdout,
    *,
    host: str = "0.0.0.0",
    port: int = 0,
    min_players: int = 1,
    lobby_timeout: float | None = 300.0,
    on_finished: Callable[[ClassroomResult], None] | None = None,
    trace: TextIO | None = None,
    typo_tolerance: float | None = None,
    extra_time: Mapping[str, float] | None = None,
) -> ClassroomResult:
    """Host `deck` unattended until the last question closes; returns the record.

    `trace` gets a JSON line with the host's monotonic clock as each question closes
    (the benchmark measures delivery against it: one machine, one monotonic clock).
    """

    def on_change(what: str) -> None:
        if what == "alert":  # the teacher must hear of it: someone is guessing the PIN
            _line(out, {"event": "alert", "message": game.alerts[-1], "pin": game.pin})
        if trace is not None and what in ("closing", "closed"):
            event = "closed" if what == "closing" else "results_sent"
            _line(trace, {"event": event, "question": game.index, "t": time.monotonic()})

    game = Game(deck, settings, typo_tolerance=typo_tolerance)
    for name, factor in (extra_time or {}).items():
        game.set_extra_time(name, factor)
    server = ClassroomServer(game, host=host, port=port, on_change=on_change)
    await server.start()
    try:
        _line(
            out,
            {
                "event": "ready",
                "pin": game.pin,
                "port": server.port,
                "addresses": server.addresses,
                "questions": len(game.rounds),
            },
        )
        if await server.wait_for_players(min_players, lobby_timeout):
            # A moment for the last joiner's lobby update before the first question.
            await asyncio.sleep(0.2)
            result = await server.run_auto()
        else:
            result = server.finish()
        # Let the final frames leave before the connections close.
        await asyncio.sleep(0.2)
    finally:
        await server.stop()
    _line(out, {"event": "finished", "result": result.model_dump(mode="json")})
    if on_finished is not None:
        on_finished(result)
    return result


def _blocking(run: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, R]:
    """`run` called in a new event loop until it returns, with `run`'s own parameters
    (a ParamSpec: the options are written once, in run_headless_async, and checked)."""

    def blocking(*args: P.args, **kwargs: P.kwargs) -> R:
        return asyncio.run(run(*args, **kwargs))

    blocking.__doc__ = f"Blocking form of `{run.__name__}` (the same parameters)."
    return blocking


run_headless = _blocking(run_headless_async)


def main(argv: list[str] | None = None) -> int:
    """`python -m quizapp.classroom.headless DECK_FILE [options]`: used by the benchmark."""
    import argparse

    from quizapp.formats import read_deck
    from quizapp.model import DeckError

    parser = argparse.ArgumentParser(prog="python -m quizapp.classroom.headless")
    parser.add_argument("deck", help="a deck file quizapp reads (TOML, JSON, ...)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--min-players", type=int, default=1)
    parser.add_argument("--lobby-timeout", type=float, default=300.0)
    parser.add_argument("--settings", default="{}", help="ClassroomSettings as JSON")
    parser.add_argument("--trace", action="store_true", help="timing lines on stderr")
    args = parser.parse_args(argv)
    try:
        deck = read_deck(args.deck)
    except DeckError as error:
        print(error, file=sys.stderr)
        return 1
    settings = ClassroomSettings.model_validate_json(args.settings)
    run_headless(
        deck,
        settings,
        host=args.host,
        port=args.port,
        min_players=args.min_players,
        lobby_timeout=args.lobby_timeout,
        trace=sys.stderr if args.trace else None,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
