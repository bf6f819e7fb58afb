"""The library's fast-changing tables: a TinyDB snapshot plus a journal of transactions.

Two kinds of table live here:
- keyed tables (card progress, settings): table -> group (deck id) -> key -> document;
- append tables (review log, quiz attempts, classroom results): table -> list of documents.

A change is a transaction: a list of ops appended to the journal as one fsync'd line,
then applied in memory by `_apply`, the same function that replays the journal on open.
Every `COMPACT_EVERY` transactions (and on close) the whole state is written as a TinyDB
database (atomically) and the journal is emptied. Recording an answer therefore costs
one small append, whatever the size of the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from quizapp.store.atomic import AtomicJSONStorage
from quizapp.store.journal import Journal, Op

COMPACT_EVERY = 2000
_META = "_snapshot"

Doc = dict[str, Any]


class JournaledTables:
    def __init__(self, snapshot_path: Path, journal_path: Path, *, read_only: bool = False) -> None:
        self.snapshot_path = snapshot_path
        self.read_only = read_only
        self.journal = Journal(journal_path)
        self.keyed: dict[str, dict[str, dict[str, Doc]]] = {}
        self.appended: dict[str, list[Doc]] = {}
        self.seq = 0

    # --- loading -----------------------------------------------------------------------

    def load(self) -> None:
        """Read the snapshot (raises CorruptFile if it does not parse) and replay the journal."""
        db = TinyDB(self.snapshot_path, storage=AtomicJSONStorage)
        try:
            data = db.storage.read() or {}
        finally:
            db.close()
        meta = next(iter(data.get(_META, {}).values()), {})
        self.seq = int(meta.get("seq", 0))
        keyed_names = set(meta.get("keyed", ()))
        for name, table in data.items():
            if name == _META:
                continue
            docs = table.values()
            if name in keyed_names:
                groups: dict[str, dict[str, Doc]] = {}
                for doc in docs:
                    group, key = doc.pop("_group"), doc.pop("_key")
                    groups.setdefault(group, {})[key] = doc
                self.keyed[name] = groups
            else:
                self.appended[name] = list(docs)
        snapshot_seq = self.seq
        for seq, ops in self.journal.replay(cut=not self.read_only):
            if seq > snapshot_seq:
                self._apply(ops)
                self.seq = seq

    # --- changing ----------------------------------------------------------------------

    def commit(self, ops: list[Op]) -> int:
        """Make `ops` durable (journal + fsync), then apply them. Returns the transaction's seq."""
        seq = self.seq + 1
        self.journal.append(seq, ops)
        self._apply(ops)
        self.seq = seq
        if self.journal.entries >= COMPACT_EVERY:
            self.checkpoint()
        return seq

    def _apply(self, ops: Iterable[Op]) -> None:
        for op in ops:
            kind, table = op[0], op[1]
            if kind == "put":
                _, _, group, key, doc = op
                self.keyed.setdefault(table, {}).setdefault(group, {})[key] = doc
            elif kind == "del":
                _, _, group, key = op
                self.keyed.get(table, {}).get(group, {}).pop(key, None)
            elif kind == "drop":
                _, _, group = op
                self.keyed.get(table, {}).pop(group, None)
            elif kind == "append":
                self.appended.setdefault(table, []).append(op[2])
            elif kind == "remove":
                docs = self.appended.get(table, [])
                for index in range(len(docs) - 1, -1, -1):
                    if docs[index].get("_id") == op[2]:
                        del docs[index]
                        break
            elif kind == "purge":  # remove every document of a deck from an append table
                self.appended[table] = [
                    d for d in self.appended.get(table, []) if d.get("deck_id") != op[2]
                ]

    def checkpoint(self) -> None:
        """Write everything to the TinyDB snapshot, then empty the journal."""
        if self.read_only:
            return
        data: dict[str, dict[str, Doc]] = {
            _META: {"1": {"seq": self.seq, "keyed": sorted(self.keyed)}}
        }
        for name, groups in self.keyed.items():
            rows: dict[str, Doc] = {}
            for group, docs in groups.items():
                for key, doc in docs.items():
                    rows[str(len(rows) + 1)] = {**doc, "_group": group, "_key": key}
            data[name] = rows
        for name, docs in self.appended.items():
            data[name] = {str(i + 1): doc for i, doc in enumerate(docs)}
        AtomicJSONStorage(self.snapshot_path).write(data)
        self.journal.reset()

    def close(self) -> None:
        if not self.read_only and self.journal.entries:
            self.checkpoint()
        self.journal.close()
