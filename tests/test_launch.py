"""`quizapp` with no command opens the app without the command-line parser (click), with
the same messages and exit codes as the commands; anything else goes to the parser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.launch import app_options
from quizapp.store import Library


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], (None, False)),
        (["--data-dir", "lib"], ("lib", False)),
        (["--data-dir=lib", "--read-only"], ("lib", True)),
        (["--read-only", "--data-dir", "a", "--data-dir", "b"], ("b", True)),  # as click: last
        (["decks"], None),
        (["--data-dir", "lib", "decks"], None),
        (["--data-dir"], None),  # the parser says what is missing
        (["--data-dir", "--read-only"], None),
        (["--data-dir="], None),
        (["--help"], None),
        (["--version"], None),
        (["--read-onl"], None),
    ],
)
def test_only_the_apps_own_options_skip_the_parser(
    args: list[str], options: tuple[str | None, bool] | None
) -> None:
    assert app_options(args) == options


# The launch up to the app's run, in a fresh process: the library opened as `quizapp` opens
# it, the app's module imported; click is not.
OPENED = """
import sys
from quizapp.cli_base import Context
import quizapp.launch, quizapp.ui.app
with Context(sys.argv[1], False).library() as lib:
    print(len(lib.summaries()) > 0, "click" in sys.modules)
"""


def test_the_app_opens_without_the_parser(data_dir: Path) -> None:
    done = subprocess.run([sys.executable, "-c", OPENED, str(data_dir)],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "False"], done.stderr


# Run the launch in a fresh process (stdin not a terminal): what it prints, its exit code,
# and whether it imported click on the way (to say an error, it does).
LAUNCH = """
import sys
from quizapp.launch import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    print("exit", done.code, "click" in sys.modules)
"""


def launch(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, *args],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )


def test_a_locked_library_is_said_plainly(data_dir: Path) -> None:
    Library.open(data_dir).close()
    with Library.open(data_dir):
        done = launch("--data-dir", str(data_dir))
    assert done.stdout.split() == ["exit", "1", "True"]
    assert done.stderr.startswith("quizapp: ") and "is open in another quizapp" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_damaged_library_is_said_and_left_closed(data_dir: Path) -> None:
    Library.open(data_dir).close()
    (data_dir / "manifest.json").write_text("{not json")
    done = launch("--data-dir", str(data_dir))
    assert done.stdout.split() == ["exit", "1", "True"]
    assert "quizapp: the library was not opened" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_command_goes_to_the_parser(data_dir: Path) -> None:
    done = launch("--data-dir", str(data_dir), "no-such-command")
    assert done.stdout.split() == ["exit", "2", "True"]
    assert "No such command" in done.stderr
