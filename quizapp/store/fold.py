"""A fold: write the parts a batch of transactions touched, each under a new generation.

It runs in a thread beside the UI and never touches the live tables: it gets a frozen
plan and returns what it wrote; tables.py publishes that in the manifest. Only the shards
and the last segment that changed are written, so a fold costs what changed, not what
the library weighs, and each part is small enough that no single write holds the
interpreter for long. Each part's summaries (summaries.py) are written beside it here,
while its documents are in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizapp.store.groups import AppendFrozen, KeyedFrozen
from quizapp.store.parts import (
    SEGMENT,
    SHARD,
    Doc,
    Parts,
    Segment,
    shard_of,
    shards_for,
    utc_text,
)
from quizapp.store.summaries import keep_appended, keep_keyed


@dataclass(frozen=True)
class FoldPlan:
    generation: int
    seq: int  # the last transaction the fold contains
    keyed: dict[tuple[str, str], KeyedFrozen]
    appended: dict[tuple[str, str], AppendFrozen]


@dataclass
class Written:
    keyed: dict[tuple[str, str], tuple[int, dict[int, tuple[int, int]]]] = field(
        default_factory=dict
    )
    appended: dict[tuple[str, str], tuple[Segment, ...]] = field(default_factory=dict)
    superseded: list[Path] = field(default_factory=list)


def run_fold(parts: Parts, plan: FoldPlan) -> Written:
    written = Written()
    for (table, group), frozen in plan.keyed.items():
        written.keyed[(table, group)] = _fold_keyed(
            parts, table, group, frozen, plan.generation, written.superseded
        )
    for (table, group), frozen_log in plan.appended.items():
        written.appended[(table, group)] = _fold_append(
            parts, table, group, frozen_log, plan.generation, written.superseded
        )
    return written


def _fold_keyed(
    parts: Parts, table: str, group: str, frozen: KeyedFrozen, gen: int, superseded: list[Path]
) -> tuple[int, dict[int, tuple[int, int]]]:
    def path(shard: int, generation: int) -> Path:
        return parts.keyed_path(table, group, shard, generation)

    def read(shard: int) -> dict[str, Doc]:
        if shard not in old:
            return {}
        return {str(d.pop("_key")): d for d in parts.read(path(shard, old[shard][0]))}

    old = {} if frozen.from_nothing else frozen.files
    if frozen.from_nothing:
        superseded += [path(s, g) for s, (g, _) in frozen.files.items()]
    estimate = sum(count for _, count in old.values()) + len(frozen.changes)
    shards = frozen.shards if old else shards_for(estimate)
    if old and estimate > 2 * SHARD * shards:
        shards = shards_for(estimate)  # grown well past its shards: split them
    if shards != frozen.shards and old:
        merged: dict[str, Doc | None] = {}
        for shard in old:
            merged.update(read(shard))
        superseded += [path(s, g) for s, (g, _) in old.items()]
        merged.update(frozen.changes)
        changes_by: dict[int, dict[str, Doc | None]] = {s: {} for s in range(shards)}
        for key, doc in merged.items():
            changes_by[shard_of(key, shards)][key] = doc
        old, files = {}, {}
    else:
        changes_by = {}
        for key, doc in frozen.changes.items():
            changes_by.setdefault(shard_of(key, shards), {})[key] = doc
        files = dict(old)
    for shard, changes in sorted(changes_by.items()):
        docs: dict[str, Doc | None] = dict(read(shard))
        docs.update(changes)
        kept = [{**d, "_key": k} for k, d in docs.items() if d is not None]
        if shard in old:
            superseded.append(path(shard, old[shard][0]))
        if kept:
            parts.write(path(shard, gen), kept)
            keep_keyed(table, path(shard, gen), kept)
            files[shard] = (gen, len(kept))
        else:
            files.pop(shard, None)
    return shards, files


def _fold_append(
    parts: Parts, table: str, group: str, frozen: AppendFrozen, gen: int, superseded: list[Path]
) -> tuple[Segment, ...]:
    def path(segment: Segment) -> Path:
        return parts.segment_path(table, group, segment.n, segment.gen)

    def write(n: int, docs: list[Doc]) -> Segment:
        segment = Segment.of(n, gen, docs, utc_text)
        parts.write(path(segment), docs)
        keep_appended(table, path(segment), docs)
        return segment

    segments = [] if frozen.from_nothing else list(frozen.segments)
    if frozen.from_nothing:
        superseded += [path(s) for s in frozen.segments]
    removed = frozen.removed
    out: list[Segment] = []
    for segment in segments:
        if removed and any(segment.min_id <= i <= segment.max_id for i in removed):
            docs = [d for d in parts.read(path(segment)) if d.get("_id") not in removed]
            superseded.append(path(segment))
            if docs:
                out.append(write(segment.n, docs))
        else:
            out.append(segment)
    new_docs = [d for d in frozen.new_docs if d.get("_id") not in removed]
    if new_docs and out and out[-1].count < SEGMENT:
        last = out.pop()
        room = SEGMENT - last.count
        # A segment this fold has just rewritten (an undone answer taken out of it) is
        # rewritten again under the same name: superseding it would delete the new file
        # once the manifest names it, and with it the deck's whole log up to here.
        if last.gen != gen:
            superseded.append(path(last))
        out.append(write(last.n, parts.read(path(last)) + new_docs[:room]))
        new_docs = new_docs[room:]
    while new_docs:
        out.append(write(out[-1].n + 1 if out else 0, new_docs[:SEGMENT]))
        new_docs = new_docs[SEGMENT:]
    return tuple(out)
