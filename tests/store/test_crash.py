"""kill -9 a writing process, many times: the library always loads, keeps every reported write."""

from __future__ import annotations

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
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir), str(reported)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.strip(), "the writer died before writing"
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        lines = [first, *out.splitlines()]
        reported = max(int(line) for line in lines if line.strip())

        with Library.open(data_dir) as lib:  # must load, every time
            reviews = lib.reviews("demo")
            numbers = {r.duration_ms for r in reviews}
            assert set(range(1, reported + 1)) <= numbers, "a reported answer was lost"
            latest = lib.progress("demo")[f"c{reported % 50}"]
            assert latest.reps >= reported
    assert reported > KILLS  # the writers really wrote
