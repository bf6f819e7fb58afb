"""The library's fast-changing tables: immutable parts on disk plus a journal of transactions.

Two kinds of table live here:
- keyed tables (card progress, settings): table -> group (deck id) -> key -> document;
- append tables (review log, quiz attempts, classroom results): table -> documents, kept
  per deck.

A change is a transaction: a list of ops appended to the journal as one fsync'd record,
then applied in memory by `_apply`, the same function that replays the journal on open.
Recording an answer costs one small append, whatever the size of the library.

Every `COMPACT_EVERY` transactions a *fold* moves the journal into the parts (parts.py).
It runs in a thread: the journal is renamed to `journal.folding.jsonl` and a new one
takes the next answers at once; the thread writes only the parts those transactions
touched, then the manifest, then removes the folded journal. Nothing is read from the
parts until it is asked for, so opening costs the manifest and the journal alone.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from quizapp.files import atomic_write_bytes
from quizapp.store.atomic import AtomicJSONStorage, CorruptFile
from quizapp.store.errors import WriteFailed
from quizapp.store.groups import AppendGroup, KeyedGroup
from quizapp.store.journal import Journal, Op, Replayed
from quizapp.store.parts import Doc, MissingPart, Parts, group_of, manifest_shape_ok

if TYPE_CHECKING:  # the fold's code is imported by the first fold, not at start-up
    from quizapp.store.fold import FoldPlan, Written

COMPACT_EVERY = 2000
FOLDING = "journal.folding.jsonl"


T = TypeVar("T")

class JournaledTables:
    def __init__(self, data_dir: Path, *, read_only: bool = False) -> None:
        self.data_dir = data_dir
        self.manifest_path = data_dir / "manifest.json"
        self.read_only = read_only
        self.parts = Parts(data_dir)
        self.journal = Journal(data_dir / "journal.jsonl")
        self.keyed: dict[str, dict[str, KeyedGroup]] = {}
        self.appended: dict[str, dict[str, AppendGroup]] = {}
        self.seq = 0
        self.folded_seq = 0
        self.generation = 0
        self.lock = threading.RLock()
        self.replayed = Replayed()
        self._fold: threading.Thread | None = None
        self.fold_error: BaseException | None = None
        #: Called (from the fold's thread) when a fold fails; the library reports it.
        self.on_fold_error: Callable[[BaseException], None] | None = None

    # --- loading -----------------------------------------------------------------------

    def exists(self) -> bool:
        return self.manifest_path.exists()

    def load(self) -> None:
        """Read the manifest (CorruptFile if damaged) and replay the journals."""
        for _ in range(5):  # read-only: a writer's fold may move on while we read
            generation = self._load_once()
            if not self.read_only or self._manifest_generation() == generation:
                return
        raise CorruptFile(self.manifest_path, "keeps changing; try again")

    def _load_once(self) -> int:
        self.keyed, self.appended = {}, {}
        manifest = self._read_manifest()
        self.generation = int(manifest.get("generation", 0))
        self.folded_seq = self.seq = int(manifest.get("folded_seq", 0))
        for table, groups in manifest.get("keyed", {}).items():
            for group, meta in groups.items():
                self._keyed(table, group).set_files(meta)
        for table, groups in manifest.get("append", {}).items():
            for group, segments in groups.items():
                self._appended(table, group).set_segments(segments)
        folding = Journal(self.data_dir / FOLDING)
        leftover = list(folding.replay(repair=False))
        current = list(self.journal.replay(repair=not self.read_only))
        self.replayed = self.journal.report
        for seq, ops in [*leftover, *current]:
            if seq > self.seq:
                self._apply(ops)
                self.seq = seq
        if leftover and not self.read_only:
            self._merge_leftover(folding, leftover, current)
        return self.generation

    def _merge_leftover(
        self, folding: Journal, leftover: list[tuple[int, list[Op]]], current: list[Any]
    ) -> None:
        """A fold a crash cut short: put its records back before the current ones."""
        from quizapp.store.journal import frame

        records = [frame(seq, ops) for seq, ops in [*leftover, *current] if seq > self.folded_seq]
        atomic_write_bytes(self.journal.path, b"".join(records))
        self.journal.size, self.journal.entries = sum(map(len, records)), len(records)
        folding.path.unlink(missing_ok=True)

    def _manifest_generation(self) -> int:
        with contextlib.suppress(CorruptFile):
            return int(self._read_manifest().get("generation", 0))
        return -1

    def _read_manifest(self) -> dict[str, Any]:
        data = AtomicJSONStorage(self.manifest_path).read()
        if data is None:
            if self.manifest_path.exists():
                raise CorruptFile(self.manifest_path, "is empty")
            return {}
        manifest = next(iter(data.get("manifest", {}).values()), None)
        if not isinstance(manifest, dict) or not manifest_shape_ok(manifest):
            raise CorruptFile(self.manifest_path, "has the wrong shape")
        return manifest

    def _keyed(self, table: str, group: str) -> KeyedGroup:
        groups = self.keyed.setdefault(table, {})
        if group not in groups:
            groups[group] = KeyedGroup(self.parts, table, group)
        return groups[group]

    def _appended(self, table: str, group: str) -> AppendGroup:
        groups = self.appended.setdefault(table, {})
        if group not in groups:
            groups[group] = AppendGroup(self.parts, table, group)
        return groups[group]

    # --- reading -----------------------------------------------------------------------

    def _reading(self, read: Callable[[], T]) -> T:
        with self.lock:
            try:
                return read()
            except MissingPart:
                if not self.read_only:
                    raise
            self.load()  # read-only: a writer's fold replaced the part; read the new ones
            return read()

    def get(self, table: str, group: str, key: str) -> Doc | None:
        return self._reading(lambda: self._keyed(table, group).get(key))

    def group(self, table: str, group: str) -> dict[str, Doc]:
        return self._reading(lambda: self._keyed(table, group).view())

    def projected(
        self, table: str, group: str, name: str, project: Callable[[Doc], Any]
    ) -> dict[str, Any]:
        """Each key's document of a keyed group through `project`, cached per shard."""
        return self._reading(
            lambda: self._keyed(table, group).projected(name, project, cache=not self.read_only)
        )

    def summarized(
        self, table: str, group: str, name: str,
        summarize: Callable[[list[tuple[str, Doc]]], Any],
    ) -> tuple[list[Any], dict[str, Doc | None]]:
        """Per-shard summaries of a keyed group, and the keys changed since (see KeyedGroup)."""
        return self._reading(
            lambda: self._keyed(table, group).summarized(name, summarize, cache=not self.read_only)
        )

    def docs(
        self, table: str, group: str | None = None, since: str | None = None,
        after: int | None = None,
    ) -> list[Doc]:
        """An append table's documents in order (of one deck, from `since` on and with ids
        after `after`, if given)."""

        def read() -> list[Doc]:
            groups = self.appended.get(table, {})
            chosen = [groups[group]] if group in groups else [] if group else groups.values()
            out = [d for g in chosen for d in g.docs(since, after)]
            if group is None and len(chosen) > 1:
                out.sort(key=lambda d: int(d.get("_id", 0)))
            return out

        return self._reading(read)

    def summaries(
        self, table: str, group: str, name: str, summarize: Callable[[list[Doc]], Doc]
    ) -> list[Doc]:
        """Per-segment summaries of one deck's part of an append table (see AppendGroup)."""

        def read() -> list[Doc]:
            found = self.appended.get(table, {}).get(group)
            if found is None:
                return [summarize([])]
            return found.summaries(name, summarize, cache=not self.read_only)

        return self._reading(read)

    # --- changing ----------------------------------------------------------------------

    def commit(self, ops: list[Op], *, reserve: int = 0) -> int:
        """Make `ops` durable (journal + fsync), then apply them. Returns the transaction's seq.

        `reserve`: ids after the current seq that the ops use (a bulk import's reviews).
        Raises WriteFailed (nothing applied, nothing lost) if the journal cannot be written.
        """
        if any(op[0] in ("drop", "purge") for op in ops):
            self.wait_for_fold()  # rare whole-deck changes never race a fold (not under the lock)
        with self.lock:
            seq = self.seq + 1 + reserve
            self.journal.append(seq, ops)
            self._apply(ops)
            self.seq = seq
            if self.journal.entries >= COMPACT_EVERY:
                self.fold_in_background()
            return seq

    def commit_folded(self, ops: list[Op], *, reserve: int = 0) -> int:
        """`commit` then `checkpoint`, without the journal record a bulk import's fold would
        only write again: the manifest naming the new parts is the one durable step (a crash
        before it leaves the library as it was). A failed fold reads the library back from
        disk, so none of the ops stays in memory, and raises WriteFailed."""
        self.wait_for_fold()
        with self.lock:
            self._apply(ops)
            self.seq += 1 + reserve
            self.fold_error = None
            try:
                self._run_fold(self._plan() or self._freeze())
            except OSError as cause:  # the journal could not be set aside
                self.fold_error = cause
            if (failed := self.fold_error) is not None:
                self.fold_error = None
                self.load()  # what is on disk: the state before these ops
                if isinstance(failed, OSError):
                    raise WriteFailed(failed, self.manifest_path, "the history") from None
                raise failed
            return self.seq

    def _apply(self, ops: Iterable[Op]) -> None:
        for op in ops:
            kind, table = op[0], op[1]
            if kind == "put":
                _, _, group, key, doc = op
                self._keyed(table, group).put(key, doc)
            elif kind == "del":
                _, _, group, key = op
                self._keyed(table, group).put(key, None)
            elif kind == "drop":
                self._keyed(table, op[2]).clear()
            elif kind == "append":
                self._appended(table, group_of(op[2])).append(op[2])
            elif kind == "remove":  # ["remove", table, id, deck]; older records lack the deck
                groups = self.appended.get(table, {})
                chosen = [groups[op[3]]] if len(op) > 3 and op[3] in groups else groups.values()
                for group in chosen:
                    if group.remove(int(op[2])):
                        break
            elif kind == "purge":  # remove every document of a deck from an append table
                self._appended(table, op[2]).clear()

    # --- folding the journal into the parts ---------------------------------------------

    def fold_in_background(self) -> None:
        """Start a fold in a thread, unless one is running (the journal just grows meanwhile)."""
        with self.lock:
            if self.read_only or (self._fold is not None and self._fold.is_alive()):
                return
            try:
                plan = self._plan()
            except OSError as error:  # a full disk, say: the journal still holds everything
                self._report(error)
                return
            if plan is None:
                return
            self._fold = threading.Thread(
                target=self._run_fold, args=(plan,), name="quizapp-fold", daemon=False
            )
            self._fold.start()

    def checkpoint(self) -> None:
        """Fold now and wait for it (on exit, before backups, in tests)."""
        self.wait_for_fold()
        self.fold_error = None
        with self.lock:
            plan = None if self.read_only else self._plan()
            if plan is not None:  # on this thread, under the lock: nothing changes meanwhile
                self._run_fold(plan)
        if self.fold_error is not None:
            error, self.fold_error = self.fold_error, None
            raise error

    def wait_for_fold(self) -> None:
        thread = self._fold
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _plan(self) -> FoldPlan | None:
        """Freeze what the fold will write; new changes go on in memory and the new journal."""
        folding = self.data_dir / FOLDING
        if self.journal.entries == 0 and not folding.exists():
            return None
        if folding.exists():  # an earlier fold failed: its records stay on disk until folded
            current = self.journal.path.read_bytes() if self.journal.path.exists() else b""
            atomic_write_bytes(folding, folding.read_bytes() + current)
            self.journal.reset()  # should this fail, replay skips the records seen twice
        else:
            self.journal.rotate(folding)
        return self._freeze()

    def _freeze(self) -> FoldPlan:
        from quizapp.store.fold import FoldPlan

        keyed = {
            (t, g): kg.freeze() for t, gs in self.keyed.items() for g, kg in gs.items() if kg.dirty
        }
        appended = {
            (t, g): ag.freeze()
            for t, gs in self.appended.items()
            for g, ag in gs.items()
            if ag.dirty
        }
        self.generation += 1
        return FoldPlan(self.generation, self.seq, keyed, appended)

    def _run_fold(self, plan: FoldPlan) -> None:
        from quizapp.store.fold import run_fold

        try:
            written = run_fold(self.parts, plan)
            self._publish(plan, written)
            (self.data_dir / FOLDING).unlink(missing_ok=True)
            for path in written.superseded:
                for stale in [path, *path.parent.glob(path.name + ".sum-*")]:
                    with contextlib.suppress(OSError):
                        stale.unlink()
        except BaseException as error:  # reported; the folded journal stays for the next try
            with self.lock:
                for table, group in plan.keyed:
                    self._keyed(table, group).unfreeze()
                for table, group in plan.appended:
                    self._appended(table, group).unfreeze()
            self._report(error)

    def _publish(self, plan: FoldPlan, written: Written) -> None:
        """Make a fold's parts the library's: the manifest names them (one atomic write)."""
        with self.lock:
            for (table, group), meta in written.keyed.items():
                self._keyed(table, group).folded(meta)
            for (table, group), segments in written.appended.items():
                self._appended(table, group).folded(segments)
            self.folded_seq = plan.seq
            manifest = self._manifest_doc()
            AtomicJSONStorage(self.manifest_path).write({"manifest": {"1": manifest}})

    def write_all_parts(self) -> None:
        """Write everything in memory as parts and a manifest, leaving the journals as they
        are (a migration: until its caller commits, the old files still make the library)."""
        from quizapp.store.fold import run_fold

        with self.lock:
            plan = self._freeze()
            self._publish(plan, run_fold(self.parts, plan))

    def _report(self, error: BaseException) -> None:
        self.fold_error = error
        if self.on_fold_error is not None:
            self.on_fold_error(error)

    def _manifest_doc(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "folded_seq": self.folded_seq,
            "keyed": {
                t: {g: kg.files_doc() for g, kg in gs.items() if kg.has_files()}
                for t, gs in self.keyed.items()
            },
            "append": {
                t: {g: ag.segments_doc() for g, ag in gs.items() if ag.has_files()}
                for t, gs in self.appended.items()
            },
        }

    def create(self) -> None:
        """Write the manifest of a new, empty library."""
        AtomicJSONStorage(self.manifest_path).write({"manifest": {"1": self._manifest_doc()}})

    def named_paths(self) -> list[Path]:
        """Every part the manifest names: the files this library must have."""
        with self.lock:
            return [
                *(p for gs in self.keyed.values() for g in gs.values() for p in g.paths()),
                *(p for gs in self.appended.values() for g in gs.values() for p in g.paths()),
            ]

    def remove_orphans(self) -> None:
        """Delete parts no manifest names (left by a fold a crash cut short)."""
        named = {str(path) for path in self.named_paths()}
        for top, _, names in os.walk(self.parts.root):  # names only: no stat per part
            for name in names:
                part = os.path.join(top, name.split(".sum-")[0])  # a part, or its summary's
                if (name.endswith(".json") or ".sum-" in name) and part not in named:
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(top, name))

    def close(self) -> None:
        self.wait_for_fold()
        try:
            if not self.read_only and (self.journal.entries or (self.data_dir / FOLDING).exists()):
                self.checkpoint()
        finally:
            self.journal.close()

