"""The library's fast-changing tables on disk, in parts that are each small and immutable.

- A keyed table (card progress, settings) is kept per deck, in shards by a hash of the key:
  `parts/<table>/<deck>/k<shard>.<gen>.json`.
- An append table (review log, quiz attempts, classroom results) is kept per deck, in
  segments of at most `SEGMENT` documents: `parts/<table>/<deck>/s<n>.<gen>.json`.

Every part is a TinyDB file written once under a new name (its generation) and never
rewritten; `manifest.json` names the parts in use. A fold writes the parts that changed,
then the manifest (atomically), then removes what the manifest no longer names: a crash at
any step leaves the old manifest and its parts, or the new ones, whole.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp.store.atomic import AtomicJSONStorage, CorruptFile

Doc = dict[str, Any]

#: Documents per segment of an append table: a fold rewrites at most one partly full
#: segment, so its cost stays flat however long the review log grows.
SEGMENT = 4096
#: Keys per shard of a keyed table before it is split further.
SHARD = 2048
_SAFE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,79}$")
UNGROUPED = "_"


def group_of(doc: Doc) -> str:
    """The deck an appended document belongs to (its part of the table)."""
    deck = doc.get("deck_id")
    return deck if isinstance(deck, str) and deck else UNGROUPED


def safe_name(group: str) -> str:
    """A file name for a group: deck ids are slugs already; anything else is hashed."""
    if group == UNGROUPED or _SAFE.match(group):
        return group
    return "x" + format(zlib.crc32(group.encode("utf-8", "surrogatepass")), "08x")


def shard_of(key: str, shards: int) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % shards if shards > 1 else 0


def shards_for(count: int) -> int:
    """Shards for a keyed group of `count` keys: a power of two, about SHARD keys each."""
    shards = 1
    while shards * SHARD < count and shards < 1024:
        shards *= 2
    return shards


# A UTC time as pydantic writes it (seconds, maybe microseconds, then Z): its UTC ISO text
# is itself with +00:00 for the Z, without parsing it (an import's 11k reviews: 0.1 s).
_PYDANTIC_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{6})?Z")


def utc_text(value: str) -> str:
    """A stored time as UTC ISO text, so segments' time ranges compare as strings."""
    if _PYDANTIC_UTC.fullmatch(value):
        return value[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(value).astimezone(UTC).isoformat()
    except ValueError:
        return value


@dataclass(frozen=True)
class Segment:
    """One segment of an append group, as the manifest records it."""

    n: int
    gen: int
    count: int
    min_id: int
    max_id: int
    first_at: str | None
    last_at: str | None

    @classmethod
    def of(
        cls, n: int, gen: int, docs: list[Doc], normalize: Callable[[str], str] = str
    ) -> Segment:
        ids = [int(d.get("_id", 0)) for d in docs]
        ats = [normalize(d["at"]) for d in docs if isinstance(d.get("at"), str)]
        return cls(
            n, gen, len(docs), min(ids, default=0), max(ids, default=0),
            min(ats, default=None), max(ats, default=None),
        )

    def as_doc(self) -> Doc:
        return dict(self.__dict__)


class Parts:
    """Where each part lives, and reading and writing one."""

    def __init__(self, root: Path) -> None:
        self.root = root / "parts"

    def keyed_path(self, table: str, group: str, shard: int, gen: int) -> Path:
        return self.root / table / safe_name(group) / f"k{shard}.{gen}.json"

    def segment_path(self, table: str, group: str, n: int, gen: int) -> Path:
        return self.root / table / safe_name(group) / f"s{n}.{gen}.json"

    def read(self, path: Path) -> list[Doc]:
        """A part's documents; a missing, empty or wrong-shaped part is damage."""
        data = AtomicJSONStorage(path).read()
        if data is None:
            if not path.exists():
                raise MissingPart(path)
            raise CorruptFile(path, "is empty")
        docs = data.get("docs")
        if docs is None or set(data) != {"docs"}:
            raise CorruptFile(path, "has the wrong shape (no 'docs' table)")
        return list(docs.values())

    def write(self, path: Path, docs: list[Doc]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        AtomicJSONStorage(path).write({"docs": {str(i + 1): d for i, d in enumerate(docs)}})


class MissingPart(CorruptFile):
    """A part the manifest names is not on disk: damage (or, read-only, a fold moved on)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "is missing")


def manifest_shape_ok(manifest: dict[str, Any]) -> bool:
    """Whether a manifest has the shape this module's parts are named in (else: damage)."""
    keyed, append = manifest.get("keyed", {}), manifest.get("append", {})
    return (
        isinstance(manifest.get("generation", 0), int)
        and isinstance(manifest.get("folded_seq", 0), int)
        and isinstance(keyed, dict)
        and isinstance(append, dict)
        and all(isinstance(gs, dict) for gs in [*keyed.values(), *append.values()])
        and all(
            isinstance(meta, dict) and isinstance(meta.get("files"), dict)
            for gs in keyed.values()
            for meta in gs.values()
        )
        and all(
            isinstance(segs, list) and all(isinstance(s, dict) for s in segs)
            for gs in append.values()
            for segs in gs.values()
        )
    )
