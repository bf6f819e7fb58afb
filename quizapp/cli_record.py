"""`quizapp join`'s recording of live answers as reviews in the student's own library.

Opt-out (`--no-record`). Only the student's side is involved: the library is opened
here, on the student's machine, and the host is sent nothing more than without it.
No library is created for it: a machine with none records nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from quizapp.classroom.client import ClassroomClient


@contextmanager
def recording(record: bool, echo: Callable[[str], None]) -> Iterator[Any]:
    """The LiveRecorder to observe the game with (None: not recording), library held open."""
    if not record:
        yield None
        return
    from quizapp.store import Library, LibraryLocked, StoreError
    from quizapp.study.live import LiveRecorder

    context = click.get_current_context().find_root().obj
    folder = getattr(context, "data_dir", None)
    if not isinstance(folder, Path) or not folder.is_dir() or not any(folder.iterdir()):
        yield None  # no library on this machine: nothing to record into, none created
        return
    try:
        library = Library.open(folder)
    except LibraryLocked:
        echo("Your library is open in another quizapp: answers will not be recorded.")
        yield None
        return
    except StoreError as error:
        echo(f"Your library cannot be opened ({error}): answers will not be recorded.")
        yield None
        return
    try:
        yield LiveRecorder(library)
    finally:
        library.close()


def client_factory(recorder: Any) -> Callable[[str], ClassroomClient]:
    from quizapp.classroom.client import ClassroomClient

    if recorder is None:
        return ClassroomClient
    return partial(ClassroomClient, observer=recorder.observe)


def describe(recorder: Any, deck_title: str) -> str:
    """What the student is told on joining about their answers."""
    if recorder is None:
        return "Your answers are not recorded in your library."
    decks = [s for s in recorder.library.summaries() if s.title == deck_title]
    if not decks:
        return f"No deck titled {deck_title!r} in your library: answers will not be recorded."
    return (
        f"Each answer will count as a review of its card in your deck {decks[0].id!r} "
        "(join with --no-record to keep them out)."
    )


def is_answers_path(path: Path) -> bool:
    """Whether `quizapp import` was given a browser student's answers file (not a deck)."""
    from quizapp.study.live import MAX_ANSWERS_BYTES, is_answers_file

    try:
        if not path.is_file() or path.stat().st_size > MAX_ANSWERS_BYTES:
            return False
        with path.open("rb") as handle:
            return is_answers_file(handle.read(200))
    except OSError:
        return False


def import_answers(library: Any, path: Path) -> str:
    """Record an answers file's answered questions as reviews; what to tell the student."""
    from quizapp.cli import UserError
    from quizapp.study.live import read_answers_file, record_live

    try:
        title, source, answers = read_answers_file(path.read_bytes(), str(path))
    except ValueError as error:
        raise UserError(str(error)) from None
    matched = record_live(library, title, answers, source)
    if matched.deck_id is None:
        return (
            f"{path}: no deck titled {title!r} in your library holds these questions; "
            "import the deck first, then the answers"
        )
    missing = f"; {matched.unmatched} not found in it" if matched.unmatched else ""
    return (
        f"{path}: {matched.recorded} answers recorded as reviews of deck {matched.deck_id!r}"
        f"{missing}"
    )
