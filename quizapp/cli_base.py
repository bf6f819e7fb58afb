"""What the command line and the launch of the app share, without the parser (click):
the library opened with the user's errors said plainly, deck names resolved. No UI here:
running the app is quizapp.cli_app.

`quizapp` with no command (the app itself, `quizapp.launch`) starts without importing
click: about 35 ms, a sixth of a bare Textual app's start. The commands (quizapp.cli) use
the same functions; their errors are click's (quizapp.cli_errors), imported when raised.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.model.problems import DeckError
from quizapp.paths import data_dir, shipped_deck_files
from quizapp.store import DeckExists, Library, LibraryCorrupt, LibraryLocked, StoreError
from quizapp.store import restore as store_restore
from quizapp.wording import counted

if TYPE_CHECKING:
    from quizapp.model import Deck


# The options of the app itself (quizapp.launch reads them without the parser).
DATA_DIR = "--data-dir"
READ_ONLY = "--read-only"


def user_error(message: str) -> Exception:
    """The UserError to raise (quizapp.cli_errors: click's kind, imported only now)."""
    from quizapp.cli_errors import UserError

    return UserError(message)


def say(text: str) -> None:
    """A message to the user, on stderr, named as quizapp's."""
    print(f"quizapp: {text}", file=sys.stderr)


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; no (the default) unless the user types y."""
    try:
        answer = input(f"{question} [y/N]: ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _read_shipped(path: Path) -> Deck:
    # Imported only when a shipped file is new or changed: the formats cost start-up time.
    from quizapp.formats import read_deck

    return read_deck(path)

@contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's user-facing errors into a message and exit code 1, never a traceback."""
    try:
        yield
    except DeckError as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        n = len(error.problems)
        raise user_error(f"{counted(n, 'problem')} found; nothing was changed") from None
    except (StoreError, DeckExists) as error:
        raise user_error(str(error)) from None
    except UnicodeDecodeError as error:
        raise user_error(f"a file is not UTF-8 text ({error.reason}); save it as UTF-8") from None
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        raise user_error(f"{where}{error.strerror or error}") from None


class Context:
    def __init__(self, data_dir_option: str | None, read_only: bool) -> None:
        self.data_dir = data_dir(data_dir_option)
        self.read_only = read_only
        self._held: Library | None = None

    @contextmanager
    def library(self, *, sync: bool = True, reading: bool = False) -> Iterator[Library]:
        """Open the library (offering the newest backup if a file is damaged).

        `reading`: the command only reads, so while another quizapp has the library
        it reads a read-only view instead of refusing.
        """
        with user_errors():
            try:
                lib = Library.open(self.data_dir, read_only=self.read_only)
            except LibraryLocked:
                if not reading:
                    raise
                say("the library is open in another quizapp; reading it as it is")
                lib = Library.open(self.data_dir, read_only=True)
            except LibraryCorrupt as error:
                say(str(error))
                if (
                    error.newest_backup
                    and sys.stdin.isatty()
                    and confirm(f"Restore {error.newest_backup} now?")
                ):
                    store_restore(self.data_dir, self.data_dir / "backups" / error.newest_backup)
                    print("Restored.", file=sys.stderr)
                    lib = Library.open(self.data_dir, read_only=self.read_only)
                else:
                    raise user_error("the library was not opened") from None
            for warning in lib.warnings:
                say(warning)
            try:
                if sync and not lib.read_only:
                    lib.sync_shipped(shipped_deck_files(), _read_shipped)
                yield lib
            finally:
                lib.close()

    # For long-running commands (a hosted classroom): one library, open until the command ends.
    def open_library(self) -> Library:
        if self._held is None:
            import click  # a command of the click group, which is running

            ctx = click.get_current_context()
            self._held = ctx.with_resource(self.library())
        return self._held

    def load_deck(self, deck_id: str) -> Deck:
        lib = self.open_library()
        return lib.deck(self.deck_id(lib, deck_id))

    def save_result(self, result: Any) -> None:
        """Keep a classroom result in the library (`quizapp results` exports it)."""
        self.open_library().append_record("classroom", result.model_dump(mode="json"))

    def deck(self, lib: Library, deck_id: str) -> Deck:
        return lib.deck(self.deck_id(lib, deck_id))

    def deck_id(self, lib: Library, deck_id: str) -> str:
        """The id of the deck DECK names: every command that takes DECK asks here."""
        if lib.has_deck(deck_id):
            return deck_id  # an exact id, without listing the library
        return resolve_deck([(s.id, s.title) for s in lib.summaries()], deck_id)


def resolve_deck(decks: list[tuple[str, str]], given: str) -> str:
    """The id of the one deck (id, title) that `given` names: its id, a unique prefix of its
    id, or its title in any case. UserError if none does, or listing the candidates (with
    their ids and what to type) if several do."""
    for deck_id, _ in decks:
        if deck_id == given:
            return deck_id
    wanted = given.casefold()
    found = [d for d in decks if d[1].casefold() == wanted] or [
        d for d in decks if d[0].startswith(given)
    ]
    if len(found) == 1:
        return found[0][0]
    if not found:
        known = ", ".join(f"{i} ({t})" for i, t in decks) or "none yet"
        raise user_error(f"no deck {given!r} in the library; decks: {known}")
    click = sys.modules.get("click")  # the command being run, if the parser is running
    command = click.get_current_context(silent=True) if click is not None else None
    path = command.command_path if command is not None else "quizapp"
    listed = "\n".join(f"  {i}  {t}" for i, t in found)
    raise user_error(
        f"{given!r} names {len(found)} decks:\n{listed}\n"
        f"type one of their ids, for example `{path} {found[0][0]}`"
    )
