"""Cold start on a studied library at 1k, 10k and 100k cards, in a real pty, in one run.

Each launch is a fresh process (imports included) whose terminal is a pseudo-terminal,
as when a user types `quizapp`. Times run from just before the process is started:
- bare: a Textual app showing one label, until its screen is up (the floor for any
  Textual app on this machine);
- home painted: quizapp's home screen lists the decks and takes keys;
- counts filled: the due counts (computed in a thread after the first paint) are shown;
- anki: a fresh process opening the same library in Anki's backend (Collection) and
  computing its deck tree with due counts (deck_due_tree), the work behind Anki's deck list.
RSS is the process's peak resident memory when it reports (home with counts, for quizapp).
Launches are interleaved so all see the same machine; the table gives p50 / max.

Run: .venv/bin/python tests/bench/bench_startup.py [--sizes 1000,10000,100000] [--runs 5]
It prints figures and ratios; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_library import REPO, build_anki, build_quizapp

REPORT = """
import time
def report(path, *times):
    # Peak RSS of this process (VmHWM: ru_maxrss would keep the forking parent's peak).
    status = Path("/proc/self/status").read_text()
    rss = int(status.split("VmHWM:")[1].split()[0]) / 1024
    Path(path).write_text(" ".join(str(t) for t in (*times, rss)))
"""

BARE = REPORT + """
import os, sys
from pathlib import Path
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

async def ready(pilot):
    await pilot._wait_for_screen()
    report(sys.argv[1], time.time())
    os._exit(0)

Bare().run(auto_pilot=ready)
"""

QUIZAPP = REPORT + """
import asyncio, os, sys
from pathlib import Path
OUT = sys.argv[1]
from quizapp.launch import main  # what the `quizapp` command runs
from quizapp.ui.app import QuizApp

async def ready(pilot):
    try:
        await home_ready(pilot)
    except BaseException:
        import traceback
        Path(OUT + ".err").write_text(traceback.format_exc())
        os._exit(1)

async def home_ready(pilot):
    await pilot._wait_for_screen()
    home = pilot.app.screen
    assert home.query_one("#decks").row_count >= 1
    painted = time.time()
    while "studied" not in home.counts:  # studied.DECK_ID
        await asyncio.sleep(0.005)
    report(OUT, painted, time.time())
    os._exit(0)

_run = QuizApp.run
QuizApp.run = lambda self, **kw: _run(self, auto_pilot=ready, **kw)
sys.argv = ["quizapp", "--data-dir", sys.argv[2]]
main()
"""

ANKI = REPORT + """
import sys
from pathlib import Path
from anki.collection import Collection
col = Collection(sys.argv[2])
col.sched.deck_due_tree()
report(sys.argv[1], time.time())
col.close()
"""


# A user's `pip install .` byte-compiles quizapp, so a launch never compiles its modules; an
# editable checkout gets the same once its first launch has written __pycache__, unless
# PYTHONDONTWRITEBYTECODE is set (as on some CI machines), which would charge every launch
# here for compiling quizapp (about 0.1 s) and none of the bare app's launches.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40",
}


def launch(code: str, *args: str) -> list[float]:
    """Run `code` in a fresh process on a pty; its reported times (from start) and RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        leader, follower = pty.openpty()
        os.set_blocking(leader, False)
        start = time.time()
        process = subprocess.Popen(
            [sys.executable, "-c", code, str(out), *args],
            stdin=follower, stdout=follower, stderr=follower, cwd=REPO,  # Textual draws on stderr
            env=ENV,
        )
        os.close(follower)
        screen = b""
        while process.poll() is None:  # drain the terminal so the app never blocks on it
            try:
                screen = (screen + os.read(leader, 65536))[-4000:]
            except (BlockingIOError, OSError):
                time.sleep(0.002)
        os.close(leader)
        if not out.exists():
            why = Path(f"{out}.err")
            raise SystemExit(f"the launch failed:\n{why.read_text() if why.exists() else screen!r}")
        values = [float(v) for v in out.read_text().split()]
    *times, rss = values
    return [t - start for t in times] + [rss]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("ms p50/max (fresh processes on a pty); RSS MiB; ratios of p50")
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            data_dir = build_quizapp(folder, n, 1)
            anki_path = build_anki(folder, n, 1)
            launch(BARE), launch(QUIZAPP, str(data_dir))  # warm the file cache for all
            bare, painted, counted, anki = [], [], [], []
            rss_ours = rss_anki = 0.0
            for _ in range(args.runs):
                bare.append(launch(BARE)[0])
                p, c, rss_ours = launch(QUIZAPP, str(data_dir))
                painted.append(p)
                counted.append(c)
                a, rss_anki = launch(ANKI, str(anki_path))
                anki.append(a)

        def f(xs: list[float]) -> str:
            return f"{statistics.median(xs) * 1000:6.0f}/{max(xs) * 1000:6.0f}"

        m = {k: statistics.median(v) for k, v in
             {"bare": bare, "painted": painted, "counted": counted, "anki": anki}.items()}
        print(
            f"{n:>7} cards  bare {f(bare)}  home painted {f(painted)}  counts {f(counted)}"
            f"  anki {f(anki)}  | painted/bare {m['painted'] / m['bare']:.2f}x"
            f"  counts/anki {m['counted'] / m['anki']:.2f}x  RSS {rss_ours:.0f} vs {rss_anki:.0f}"
        )


if __name__ == "__main__":
    main()
