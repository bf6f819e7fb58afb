"""Benchmark: what sending to an LRS adds to an answer, and what a send round holds the UI.

Run: .venv/bin/python tests/bench/bench_xapi.py [--answers 600] [--queued 10000,100000]

Not a test (no timed assertions): it prints figures and ratios.

1. The answer path. The same loop of `library.record_answer` (what the study screen does
   per answer: one fsync'd journal line) runs with sending off, then with the background
   sender on against a real Ralph LRS (started here, see tests/xapi/ralph.py). As in the
   app, the sender's writes to the library run on the answering thread: its `on_owner`
   queues a call that the loop runs between two answers, like Textual's call_from_thread
   runs it between two key events; the scan, the statements and the HTTP waits run in the
   sender's thread (sharing the GIL). Per-answer times include all that.
   Ralph runs on this machine too (its CPU and disk writes compete with the answers'
   fsync); "of which record_answer itself" shows how much of the difference is the
   answer's own write getting slower rather than work quizapp added.
2. A big log. With N reviews queued (a laptop offline for weeks), one send round: the
   scan and plan in the sender's thread, and the longest single call it makes on the
   UI thread (what a keypress could wait behind).
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizapp.model import CardProgress, CardState, Rating, ReviewEntry  # noqa: E402
from quizapp.store import Library  # noqa: E402
from quizapp.xapi.config import LrsConfig, account_actor  # noqa: E402
from quizapp.xapi.outbox import Outbox, Sender  # noqa: E402
from quizapp.xapi.worker import BackgroundSender  # noqa: E402
from tests.conftest import make_deck  # noqa: E402
from tests.xapi.ralph import HOMEPAGE, PASSWORD, USERNAME, Ralph  # noqa: E402

START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def answer(lib: Library, i: int) -> None:
    card = f"c{i % 50}"
    lib.record_answer(
        CardProgress(deck_id="bench", card_id=card, state=CardState.review, reps=i),
        ReviewEntry(
            deck_id="bench", card_id=card, rating=Rating.good, at=START + timedelta(seconds=i),
            duration_ms=1000, state_before=CardState.review, state_after=CardState.review,
        ),
    )  # fmt: skip


class Owner:
    """The answering thread's share of the sender's work: calls queued by the sender,
    run between answers (as Textual runs call_from_thread callbacks between events)."""

    def __init__(self) -> None:
        self.calls: queue.Queue[tuple[Callable[[], Any], queue.Queue[Any]]] = queue.Queue()
        self.longest = 0.0

    def __call__(self, fn: Callable[[], Any]) -> Any:
        reply: queue.Queue[Any] = queue.Queue()
        self.calls.put((fn, reply))
        ok, value = reply.get()
        if not ok:
            raise value
        return value

    def run_pending(self) -> None:
        while True:
            try:
                fn, reply = self.calls.get_nowait()
            except queue.Empty:
                return
            t0 = time.perf_counter()
            try:
                reply.put((True, fn()))
            except Exception as error:
                reply.put((False, error))
            self.longest = max(self.longest, time.perf_counter() - t0)


def answer_loop(
    lib: Library, n: int, owner: Owner | None, offset: int, alone: list[float] | None = None
) -> list[float]:
    """Per answer: the answer plus the sender's calls run after it; `alone` gets the
    answer's own time (record_answer), to tell the two apart."""
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        answer(lib, offset + i)
        if alone is not None:
            alone.append(time.perf_counter() - t0)
        if owner is not None:
            owner.run_pending()
        times.append(time.perf_counter() - t0)
    return times


def summary(label: str, times: list[float]) -> tuple[float, float]:
    ms = sorted(t * 1000 for t in times)
    median, p99 = statistics.median(ms), ms[int(len(ms) * 0.99) - 1]
    print(f"  {label:<34} median {median:6.3f} ms   p99 {p99:6.3f} ms   max {ms[-1]:6.2f} ms")
    return median, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=600)
    parser.add_argument("--queued", default="10000,100000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ralph = Ralph(root / "lrs")
        ralph.start()
        try:
            config = LrsConfig(
                url=ralph.url, username=USERNAME, password=PASSWORD,
                actor=account_actor(HOMEPAGE, "bench"), enabled=True,
            )  # fmt: skip
            print(f"1. the answer path, {args.answers} answers each (record_answer + fsync)")
            with Library.open(root / "lib") as lib:
                lib.import_deck(make_deck("bench", n=50), backup=False)
                answer_loop(lib, 50, None, 0)  # warm up: files, caches
                off = summary("LRS off", answer_loop(lib, args.answers, None, 100))
                owner = Owner()
                sender = BackgroundSender(
                    Sender(Outbox(lib, config, on_owner=owner)), interval=0.05, retry=0.05
                )
                sender.start()
                try:
                    alone: list[float] = []
                    on = summary(
                        "LRS on, sending in the background",
                        answer_loop(lib, args.answers, owner, 100_000, alone),
                    )
                    summary("  of which record_answer itself", alone)
                    while Outbox(lib, config).status().queued_records and sender.rounds < 10_000:
                        owner.run_pending()
                        time.sleep(0.01)
                finally:
                    stop = threading.Thread(target=sender.stop)
                    stop.start()
                    while stop.is_alive():
                        owner.run_pending()
                        time.sleep(0.005)
                stored = len(ralph.stored())
                print(f"  arrived in the LRS: {stored} statements (sent once each: "
                      f"{stored == len({s['id'] for s in ralph.stored()})})")  # fmt: skip
                print(f"  ratio on/off: median {on[0] / off[0]:.2f}x, p99 {on[1] / off[1]:.2f}x")
                print(f"  longest call on the answering thread: {owner.longest * 1000:.2f} ms")
            print("2. one send round with N reviews queued (the first 500 statements sent):")
            for n in (int(x) for x in args.queued.split(",")):
                with Library.open(root / f"queued-{n}") as lib:
                    lib.import_deck(make_deck("bench", n=50), backup=False)
                    fill(lib, n)
                    timed = TimedOwner()
                    outbox = Outbox(lib, config, on_owner=timed)
                    t0 = time.perf_counter()
                    plan = outbox.plan()
                    planned = (time.perf_counter() - t0) * 1000
                    t0 = time.perf_counter()
                    Sender(outbox).push_round()
                    whole = (time.perf_counter() - t0) * 1000
                    statements = sum(len(b) for b, _ in plan.batches)
                    print(
                        f"  {n:>7} queued: scan + plan of {statements} statements"
                        f" {planned:6.1f} ms,"
                        f" whole round {whole:6.1f} ms (sender's thread);"
                        f" longest UI-thread call {timed.longest * 1000:5.2f} ms"
                    )
        finally:
            ralph.stop()


class TimedOwner:
    """on_owner run directly, timing each call (what the UI thread would run)."""

    longest = 0.0

    def __call__(self, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self.longest = max(self.longest, time.perf_counter() - t0)


def fill(lib: Library, n: int) -> None:
    """n queued reviews, written in a few big transactions: only the plan is measured here,
    and n fsync'd answers (with their compactions) would take minutes. Bench data only:
    the ids are made up above any real record's, unique and increasing like the store's."""
    docs = [
        {
            "_id": 10**9 + i,
            "deck_id": "bench",
            "card_id": f"c{i % 50}",
            "rating": 3,
            "at": (START + timedelta(seconds=i)).isoformat(),
            "duration_ms": 1000,
            "state_before": "review",
            "state_after": "review",
            "due_after": None,
            "correct": None,
        }
        for i in range(n)
    ]
    for start in range(0, n, 5000):
        lib.tables.commit([["append", "reviews", d] for d in docs[start : start + 5000]])


if __name__ == "__main__":
    main()
