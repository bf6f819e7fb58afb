"""Benchmark: from the keypress that rates a card to the next card painted, on a studied deck
of mixed kinds, next to a bare Textual app repainting one label on a key.

Run: .venv/bin/python tests/bench/bench_keypress.py [--sizes 1000,10000,100000] [--presses 300]

Not a test (no timed assertions): it prints figures and ratios.

Both apps run through run_test() in this process, interleaved in blocks of 25 presses.
"Painted" is the first compositor frame handed to the driver (App._display) that shows
the change: for quizapp the next card, for the bare app the label's new text. Textual
paints on its update timer (at most 60 frames a second), so a frame's wait is part of
both figures; "handled" (quizapp only) ends when the rating action returns: the answer
is durable and the next card's widgets hold its text. The card is brought to its revealed
state before the timer starts (flashcards by space, answered kinds by grading the right
answer); only the rating key is timed. Anki has no terminal UI to compare with: the bare
Textual app is the floor any Textual screen pays for a key and a repaint.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Static  # noqa: E402

from quizapp.grading import GradingSettings, grade  # noqa: E402
from quizapp.store import Library  # noqa: E402
from quizapp.ui.app import QuizApp  # noqa: E402
from quizapp.ui.screens.study import StudyOptions, StudyScreen  # noqa: E402
from tests.bench.report import ms, ratio, sizes_option, spread, table  # noqa: E402
from tests.bench.studied import DECK_ID, build_quizapp, now_utc, right_response  # noqa: E402

BLOCK = 25


class Frames:
    """Wraps an app's _display: the time of every frame, with what `probe` saw on screen."""

    def __init__(self, app: App[Any], probe: Any) -> None:
        self.frames: list[tuple[float, Any]] = []
        display = app._display

        def timed(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None:
                self.frames.append((time.perf_counter(), probe(screen)))

        app._display = timed  # type: ignore[method-assign]

    def first_after(self, start: float, changed: Any) -> float | None:
        shown = [t for t, seen in self.frames if t >= start and changed(seen)]
        return shown[0] if shown else None


class Bare(App[None]):
    BINDINGS = [("3", "bump", "Bump")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Static("0", id="label")

    def action_bump(self) -> None:
        self.count += 1
        self.query_one("#label", Static).update(str(self.count))


class QuizappRun:
    """The study screen on the studied deck, driven one rating at a time."""

    def __init__(self, library: Library) -> None:
        options = StudyOptions(tz=None, fuzz=True)
        self.app = QuizApp(library, open_screen=StudyScreen(DECK_ID, options))
        self.frames = Frames(
            self.app, lambda s: s.card.id if isinstance(s, StudyScreen) and s.card else None
        )
        self.handled: list[float] = []
        self.painted: list[float] = []

    async def press(self, pilot: Any) -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, StudyScreen) or screen.card is None:
            return False
        card = screen.card
        response = right_response(card)
        if response is None:
            await pilot.press("space")
        else:
            tolerance = GradingSettings(typo_tolerance=screen.session.settings.typo_tolerance)
            screen._reveal(grade(card, response, tolerance))
        await pilot.pause()
        while screen.phase != "revealed":  # wait for the state, not a fixed time
            await asyncio.sleep(0.005)
        finished: list[float] = []
        rate = StudyScreen.action_rate

        async def timed_rate(rating: int) -> None:
            await rate(screen, rating)
            finished.append(time.perf_counter())

        screen.action_rate = timed_rate  # type: ignore[method-assign]
        self.frames.frames.clear()
        start = time.perf_counter()
        await pilot.press("3")
        await pilot.pause()
        del screen.action_rate
        (end,) = finished
        shown = self.frames.first_after(end, lambda seen: seen != card.id)
        if shown is None:  # the session ended (the summary screen), nothing to paint
            return False
        self.handled.append(end - start)
        self.painted.append(shown - start)
        return True


class BareRun:
    def __init__(self) -> None:
        self.app = Bare()
        self.frames = Frames(self.app, lambda s: self.app.count)
        self.painted: list[float] = []

    async def press(self, pilot: Any) -> bool:
        before = self.app.count
        self.frames.frames.clear()
        start = time.perf_counter()
        await pilot.press("3")
        await pilot.pause()
        shown = self.frames.first_after(start, lambda seen: seen != before)
        assert shown is not None, "the label was never repainted"
        self.painted.append(shown - start)
        return True


async def measure(library: Library, presses: int) -> tuple[QuizappRun, BareRun]:
    ours, bare = QuizappRun(library), BareRun()
    async with (
        ours.app.run_test(size=(100, 30)) as our_pilot,
        bare.app.run_test(size=(100, 30)) as bare_pilot,
    ):
        await our_pilot.pause()
        # The reviewer opens its deck in a thread (a second at 100k): the first key waits
        # for its first card, as a student's would.
        while not (isinstance(ours.app.screen, StudyScreen) and ours.app.screen.card):
            await asyncio.sleep(0.01)
        done = 0
        while done < presses:
            block = min(BLOCK, presses - done)
            for _ in range(block):
                if not await ours.press(our_pilot):
                    return ours, bare
            for _ in range(block):
                await bare.press(bare_pilot)
            done += block
    return ours, bare


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes_option(parser)
    parser.add_argument("--presses", type=int, default=300)
    args = parser.parse_args(argv)
    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            build_quizapp(n, Path(tmp), now_utc())
            with Library.open(Path(tmp)) as library:
                ours, bare = asyncio.run(measure(library, args.presses))
        handled, painted, floor = spread(ours.handled), spread(ours.painted), spread(bare.painted)
        print(f"{n} cards: {len(ours.painted)} presses", flush=True)
        rows.append(
            [
                f"{n:,}",
                str(len(ours.painted)),
                *(ms(v) for v in handled),
                *(ms(v) for v in painted),
                *(ms(v) for v in floor),
                ratio(painted[0], floor[0]),
                ratio(painted[1], floor[1]),
            ]
        )
    print()
    print("key '3' (rate Good) to the next card, ms; bare Textual: key to a label repainted")
    header = ["cards", "presses", "handled p50", "p99", "max", "painted p50", "p99", "max"]
    header += ["bare p50", "p99", "max", "ratio p50", "ratio p99"]
    print(table(header, rows))


if __name__ == "__main__":
    main()
