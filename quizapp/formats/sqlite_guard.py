"""Opening a SQLite database from an untrusted file so that no query can run away.

An .apkg's collection is a SQLite file made by whoever sent it: its `notes` "table" can be
an endless recursive view (60 s and 3.5 GB measured before this guard), a trigger, or a
row holding a gigabyte blob. Anki packages contain plain tables only, so here:
- the file is opened read-only (`mode=ro`, `query_only`), never trusted to be Anki's;
- an authorizer refuses any read that goes through a view or trigger, and any write;
- a progress handler stops a statement after MAX_STEPS virtual-machine steps or
  MAX_SECONDS, whichever comes first;
- SQLite's own limits bound each value (MAX_VALUE_BYTES), expression depth and compound
  selects, and its page cache is kept small.
Every refusal raises sqlite3.DatabaseError, which the reader turns into a DeckError.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

#: VM steps one statement may take (a 100k-note collection needs well under a tenth).
MAX_STEPS = 400_000_000
MAX_SECONDS = 20.0
#: Largest single value (a note's fields together); Anki notes are kilobytes.
MAX_VALUE_BYTES = 8 * 2**20
_CHECK_EVERY = 10_000

_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION}
_ALLOWED_PRAGMAS = {"query_only", "cache_size"}


class Guard:
    """The budget of the statement running now; reset before each query."""

    def __init__(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS
        self.refused = ""

    def reset(self) -> None:
        self.steps = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def progress(self) -> int:
        self.steps += _CHECK_EVERY
        if self.steps > MAX_STEPS or time.monotonic() > self.deadline:
            self.refused = "a query ran too long (an endless view?)"
            return 1  # non-zero interrupts the statement
        return 0

    def authorize(
        self, action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None
    ) -> int:
        if source is not None:  # the access comes from inside a view or trigger
            self.refused = f"it reads through the view or trigger {source!r}"
            return sqlite3.SQLITE_DENY
        if action == sqlite3.SQLITE_PRAGMA and arg1 in _ALLOWED_PRAGMAS:
            return sqlite3.SQLITE_OK
        if action in _ALLOWED:
            return sqlite3.SQLITE_OK
        self.refused = "it asks for more than reading tables"
        return sqlite3.SQLITE_DENY


def open_guarded(path: Path) -> tuple[sqlite3.Connection, Guard]:
    """A read-only connection whose every statement is bounded (see the module doc)."""
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    guard = Guard()
    # Anki's schema 18 names its columns with a collation of its own.
    db.create_collation(
        "unicase", lambda a, b: (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())
    )
    db.execute("pragma query_only = 1")
    db.execute("pragma cache_size = -16384")  # 16 MiB of page cache at most
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    db.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)
    db.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, 100)
    db.setlimit(sqlite3.SQLITE_LIMIT_COMPOUND_SELECT, 10)
    db.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1)
    db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    db.set_authorizer(guard.authorize)
    db.set_progress_handler(guard.progress, _CHECK_EVERY)
    return db, guard


def hostile_objects(db: sqlite3.Connection) -> list[str]:
    """Views and triggers in the schema (an Anki collection has none)."""
    rows = db.execute("select type, name from sqlite_master where type in ('view', 'trigger')")
    return [f"{kind} {name!r}" for kind, name in rows]
