"""kill -9 a writing process, many times: the library always loads, keeps every reported write."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from quizapp.store import Library
from tests.conftest import make_deck

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 120


def test_kill_minus_nine_never_loses_a_reported_write(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=50))
    rng = random.Random(1234)
    reported = 0  # the highest answer number a writer printed (so: durable)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    # One server forks every writer (crash_writer.py says why); each writer is killed here.
    server = subprocess.Popen(
        [sys.executable, str(WRITER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    pid: int | None = None  # the writer alive now, if any
    try:
        for _ in range(KILLS):
            server.stdin.write(f"{data_dir} {reported}\n")
            server.stdin.flush()
            numbers: list[int] = []
            while pid is None or not numbers:  # wait until it is writing
                line = server.stdout.readline().strip()
                assert line != "end" and line, "the writer died before writing"
                if line.startswith("pid "):
                    pid = int(line.split()[1])
                else:
                    numbers.append(int(line))
            time.sleep(rng.uniform(0, 0.03))
            os.kill(pid, signal.SIGKILL)
            while (line := server.stdout.readline().strip()) != "end":
                assert line, "the writer server died"
                numbers.append(int(line))
            pid = None  # killed and reaped by the server
            reported = max(numbers)

            with Library.open(data_dir) as lib:  # must load, every time
                reviews = lib.reviews("demo")
                durable = {r.duration_ms for r in reviews}
                assert set(range(1, reported + 1)) <= durable, "a reported answer was lost"
                latest = lib.progress("demo")[f"c{reported % 50}"]
                assert latest.reps >= reported
    finally:  # a failed assertion leaves no writer or server running
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert reported > KILLS  # the writers really wrote
