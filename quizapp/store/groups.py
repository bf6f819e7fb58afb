"""One deck's part of a table in memory: what is on disk, what a fold is writing, what is new.

Reads see three layers, newest first: the changes since the last fold began (`overlay`,
`tail`), the changes a running fold is writing (`folding`), and the parts on disk, read
only when asked for. A fold freezes the first layer into the second; when the fold's
manifest is written, the second layer is on disk and is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from quizapp.store.parts import Doc, Parts, Segment, shard_of
from quizapp.store.summaries import read_sidecar, write_sidecar


class KeyedFrozen(NamedTuple):
    """A keyed group's changes as a fold writes them."""

    shards: int
    files: dict[int, tuple[int, int]]  # shard -> (generation, keys)
    changes: dict[str, Doc | None]  # None: the key was deleted
    from_nothing: bool  # the group was dropped: its old files no longer count


class AppendFrozen(NamedTuple):
    """An append group's new documents as a fold writes them."""

    segments: tuple[Segment, ...]
    new_docs: list[Doc]
    removed: frozenset[int]
    from_nothing: bool


class KeyedGroup:
    def __init__(self, parts: Parts, table: str, group: str) -> None:
        self.parts, self.table, self.group = parts, table, group
        self.shards = 1
        self.files: dict[int, tuple[int, int]] = {}
        self._base: dict[int, dict[str, Doc]] = {}
        self.overlay: dict[str, Doc | None] = {}
        self.folding: dict[str, Doc | None] = {}
        self.cleared = False
        self.folding_cleared = False

    def set_files(self, meta: dict[str, Any]) -> None:
        self.shards = int(meta.get("shards", 1))
        files = meta.get("files", {})
        assert isinstance(files, dict)
        self.files = {int(k): (int(v[0]), int(v[1])) for k, v in files.items()}
        self._base = {}

    def _shard(self, shard: int) -> dict[str, Doc]:
        if shard not in self._base:
            docs: dict[str, Doc] = {}
            if shard in self.files:
                path = self.parts.keyed_path(self.table, self.group, shard, self.files[shard][0])
                for doc in self.parts.read(path):
                    docs[str(doc.pop("_key"))] = doc
            self._base[shard] = docs
        return self._base[shard]

    def get(self, key: str) -> Doc | None:
        if key in self.overlay:
            return self.overlay[key]
        if self.cleared:
            return None
        if key in self.folding:
            return self.folding[key]
        if self.folding_cleared:
            return None
        return self._shard(shard_of(key, self.shards)).get(key)

    def view(self) -> dict[str, Doc]:
        out: dict[str, Doc | None] = {}
        if not self.cleared:
            if not self.folding_cleared:
                for shard in range(self.shards):
                    out.update(self._shard(shard))
            out.update(self.folding)
        out.update(self.overlay)
        return {k: v for k, v in out.items() if v is not None}

    def projected(
        self, name: str, project: Callable[[Doc], Any], *, cache: bool
    ) -> dict[str, Any]:
        """`project` of every key's document: what `view` gives, made small.

        A shard never changes under its generation, so its projection is kept beside it
        (`<shard>.sum-<name>`): counting what is due in a 100k-card deck reads a few
        small files instead of every card's full state.
        """
        out: dict[str, Any] = {}
        if not self.cleared:
            if not self.folding_cleared:
                for shard in range(self.shards):
                    out.update(self._shard_projection(shard, name, project, cache))
            for key, doc in self.folding.items():
                out[key] = None if doc is None else project(doc)
        for key, doc in self.overlay.items():
            out[key] = None if doc is None else project(doc)
        return {k: v for k, v in out.items() if v is not None}

    def _shard_projection(
        self, shard: int, name: str, project: Callable[[Doc], Any], cache: bool
    ) -> dict[str, Any]:
        if shard not in self.files:
            return {}
        if shard in self._base:  # already read: nothing to gain from the cache
            return {k: project(d) for k, d in self._base[shard].items()}
        path = self.parts.keyed_path(self.table, self.group, shard, self.files[shard][0])
        found = read_sidecar(path, name)  # written by the fold (summaries.py), or below
        if found is not None:
            return dict(found)
        projection = {k: project(d) for k, d in self._shard(shard).items()}
        if cache:
            write_sidecar(path, name, projection)
        return projection

    def summarized(
        self, name: str, summarize: Callable[[list[tuple[str, Doc]]], Any], *, cache: bool
    ) -> tuple[list[Any], dict[str, Doc | None]]:
        """`summarize` of each shard (kept beside it, like a projection), and every key
        changed since the shards were written (None: deleted), which the caller reads in
        place of what the shards say of those keys."""
        summaries: list[Any] = []
        changed: dict[str, Doc | None] = {}
        if not self.cleared:
            if not self.folding_cleared:
                for shard in range(self.shards):
                    if shard in self.files:
                        summaries.append(self._shard_summary(shard, name, summarize, cache))
            changed.update(self.folding)
        changed.update(self.overlay)
        return summaries, changed

    def _shard_summary(
        self, shard: int, name: str, summarize: Callable[[list[tuple[str, Doc]]], Any],
        cache: bool,
    ) -> Any:
        if shard in self._base:  # already read: nothing to gain from the cache
            return summarize(list(self._base[shard].items()))
        path = self.parts.keyed_path(self.table, self.group, shard, self.files[shard][0])
        found = read_sidecar(path, name)
        if found is not None:
            return found
        summary = summarize(list(self._shard(shard).items()))
        if cache:
            write_sidecar(path, name, summary)
        return summary

    def put(self, key: str, doc: Doc | None) -> None:
        self.overlay[key] = doc

    def clear(self) -> None:
        self.cleared, self.overlay = True, {}

    @property
    def dirty(self) -> bool:
        return bool(self.overlay) or self.cleared

    def freeze(self) -> KeyedFrozen:
        frozen = KeyedFrozen(self.shards, dict(self.files), self.overlay, self.cleared)
        self.folding, self.overlay = self.overlay, {}
        self.folding_cleared, self.cleared = self.cleared, False
        return frozen

    def folded(self, meta: tuple[int, dict[int, tuple[int, int]]]) -> None:
        shards, files = meta
        rewritten = {s for s, f in files.items() if self.files.get(s) != f}
        if shards != self.shards or self.folding_cleared:
            self._base = {}
        else:
            for shard in rewritten | (set(self.files) - set(files)):
                self._base.pop(shard, None)  # read again when next asked for
        self.shards, self.files = shards, files
        self.folding, self.folding_cleared = {}, False

    def unfreeze(self) -> None:
        """A fold failed: its changes are new again, for the next fold to write."""
        if not self.cleared:
            self.overlay = {**self.folding, **self.overlay}
            self.cleared = self.folding_cleared
        self.folding, self.folding_cleared = {}, False

    def has_files(self) -> bool:
        return bool(self.files)

    def files_doc(self) -> dict[str, object]:
        return {"shards": self.shards, "files": {str(s): list(f) for s, f in self.files.items()}}

    def paths(self) -> list[Path]:
        return [
            self.parts.keyed_path(self.table, self.group, s, gen)
            for s, (gen, _) in self.files.items()
        ]


@dataclass
class AppendGroup:
    parts: Parts
    table: str
    group: str
    segments: tuple[Segment, ...] = ()
    tail: list[Doc] = field(default_factory=list)
    folding_tail: list[Doc] = field(default_factory=list)
    removed: set[int] = field(default_factory=set)
    folding_removed: set[int] = field(default_factory=set)
    cleared: bool = False
    folding_cleared: bool = False

    def set_segments(self, docs: list[dict[str, Any]]) -> None:
        self.segments = tuple(Segment(**d) for d in docs)

    def segment_path(self, segment: Segment) -> Path:
        return self.parts.segment_path(self.table, self.group, segment.n, segment.gen)

    def docs(self, since: str | None = None, after: int | None = None) -> list[Doc]:
        """In order; `since` (UTC ISO text) skips whole segments that end before it,
        `after` (an id) those whose ids all come before it, and the documents up to it."""
        out: list[Doc] = []
        if not self.cleared:
            if not self.folding_cleared:
                gone = self.removed | self.folding_removed
                for segment in self.segments:
                    if since and segment.last_at is not None and segment.last_at < since:
                        continue
                    if after is not None and segment.max_id <= after:
                        continue
                    docs = self.parts.read(self.segment_path(segment))
                    out += [d for d in docs if d.get("_id") not in gone] if gone else docs
            out += [d for d in self.folding_tail if d.get("_id") not in self.removed]
        out += self.tail
        if after is not None:
            out = [d for d in out if int(d.get("_id", 0)) > after]
        return out

    def summaries(
        self, name: str, summarize: Callable[[list[Doc]], Doc], *, cache: bool
    ) -> list[Doc]:
        """`summarize` of each segment and of what is not folded yet, in order.

        A segment never changes under its generation, so its summary is kept beside it
        (`<segment>.sum-<name>`) and computed once: reports over a long review log read
        a few small files, not the log.
        """
        out: list[Doc] = []
        if not self.cleared:
            if not self.folding_cleared:
                gone = self.removed | self.folding_removed
                for segment in self.segments:
                    if any(segment.min_id <= i <= segment.max_id for i in gone):
                        docs = self.parts.read(self.segment_path(segment))
                        out.append(summarize([d for d in docs if d.get("_id") not in gone]))
                        continue
                    out.append(self._segment_summary(segment, name, summarize, cache))
            pending = [d for d in self.folding_tail if d.get("_id") not in self.removed]
            out.append(summarize(pending))
        out.append(summarize(self.tail))
        return out

    def _segment_summary(
        self, segment: Segment, name: str, summarize: Callable[[list[Doc]], Doc], cache: bool
    ) -> Doc:
        path = self.segment_path(segment)
        found = read_sidecar(path, name)  # written by the fold (summaries.py), or below
        if found is not None:
            return dict(found)
        summary = summarize(self.parts.read(path))
        if cache:
            write_sidecar(path, name, summary)
        return summary

    def append(self, doc: Doc) -> None:
        self.tail.append(doc)

    def remove(self, doc_id: int) -> bool:
        """Remove a document by id; False if this group never had it."""
        for index in range(len(self.tail) - 1, -1, -1):
            if self.tail[index].get("_id") == doc_id:
                del self.tail[index]
                return True
        if self.cleared:
            return False
        if any(d.get("_id") == doc_id for d in self.folding_tail) or (
            not self.folding_cleared and any(self._holds(s, doc_id) for s in self.segments)
        ):
            self.removed.add(doc_id)
            return True
        return False

    def _holds(self, segment: Segment, doc_id: int) -> bool:
        # Ids are shared by all decks: a segment's id range can span another deck's ids.
        if not segment.min_id <= doc_id <= segment.max_id:
            return False
        return any(d.get("_id") == doc_id for d in self.parts.read(self.segment_path(segment)))

    def clear(self) -> None:
        self.cleared, self.tail, self.removed = True, [], set()

    @property
    def dirty(self) -> bool:
        return bool(self.tail or self.removed) or self.cleared

    def freeze(self) -> AppendFrozen:
        frozen = AppendFrozen(self.segments, self.tail, frozenset(self.removed), self.cleared)
        self.folding_tail, self.tail = self.tail, []
        self.folding_removed, self.removed = self.removed, set()
        self.folding_cleared, self.cleared = self.cleared, False
        return frozen

    def folded(self, segments: tuple[Segment, ...]) -> None:
        self.segments = segments
        self.folding_tail, self.folding_removed, self.folding_cleared = [], set(), False

    def unfreeze(self) -> None:
        if not self.cleared:
            self.tail = [*self.folding_tail, *self.tail]
            self.removed |= self.folding_removed
            self.cleared = self.folding_cleared
        self.folding_tail, self.folding_removed, self.folding_cleared = [], set(), False

    def has_files(self) -> bool:
        return bool(self.segments)

    def segments_doc(self) -> list[dict[str, object]]:
        return [s.as_doc() for s in self.segments]

    def paths(self) -> list[Path]:
        return [self.segment_path(s) for s in self.segments]
