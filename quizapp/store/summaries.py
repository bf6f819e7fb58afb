"""The small summaries kept beside each part, written when the part is.

A part never changes under its generation, so what reports and counts need of it can be
computed once and kept beside it (`<part>.sum-<name>`). They are written by the fold and
the migration while the documents are still in memory, so that the first `quizapp
stats` of a million-review log, or the first home screen after a fold, reads a few small
files and never the parts themselves. A part written before a summary existed gets it
the first time it is asked for (groups.py), as before.

They are caches, not records: written without fsync (a crash can leave one empty or
torn; a summary that does not parse is computed again from its part), and a full disk
just means no summary.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.model.progress import PROGRESS_BRIEF_NAME, CardState, Rating

Doc = dict[str, Any]

#: What a report over the review log needs of each segment (stats.ReviewSummary merges
#: the pieces); a new name when what it computes changes.
REVIEWS_SUMMARY_NAME = "reviews-v1"


def progress_brief(doc: Doc) -> list[Any]:
    """A stored progress document as ProgressBrief.of reads it back: what counting due
    cards and the state figures need (state, due, suspended, buried until)."""
    return [doc.get("state", "new"), doc.get("due"), doc.get("suspended", False),
            doc.get("buried_until")]


def summarize_reviews(docs: list[Doc]) -> Doc:
    """One piece of the review log: answers per quarter hour (every time zone's offset is
    a multiple of 15 minutes, so a study day is whole quarters anywhere) and the reviews
    behind true retention (passed of total, counting only cards that were in review)."""
    quarters: Counter[int] = Counter()
    passed = total = 0
    review, again = CardState.review.value, Rating.again.value
    for doc in docs:
        quarters[int(datetime.fromisoformat(doc["at"]).timestamp()) // 900] += 1
        if doc.get("state_before") == review:
            total += 1
            passed += doc.get("rating") != again
    return {"q": {str(k): v for k, v in quarters.items()}, "p": passed, "t": total}


#: table -> (name, projection of one document): kept per keyed part as {key: projection}.
PROJECTIONS: dict[str, tuple[tuple[str, Callable[[Doc], Any]], ...]] = {
    "progress": ((PROGRESS_BRIEF_NAME, progress_brief),),
}
#: table -> (name, summary of a segment's documents): kept per append part.
SUMMARIES: dict[str, tuple[tuple[str, Callable[[list[Doc]], Doc]], ...]] = {
    "reviews": ((REVIEWS_SUMMARY_NAME, summarize_reviews),),
}


def sidecar(path: Path, name: str) -> Path:
    return path.with_name(f"{path.name}.sum-{name}")


def read_sidecar(path: Path, name: str) -> Any:
    """The summary `name` kept beside part `path`, or None if there is none (or it is torn)."""
    with contextlib.suppress(OSError, ValueError):
        found = json.loads(sidecar(path, name).read_bytes())
        if isinstance(found, dict):
            return found
    return None


def write_sidecar(path: Path, name: str, summary: Any) -> None:
    """Keep `summary` beside part `path`: replaced atomically, never fsync'd (a cache)."""
    target = sidecar(path, name)
    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(json.dumps(summary, separators=(",", ":")).encode())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def keep_keyed(table: str, path: Path, docs: list[Doc]) -> None:
    """The summaries of a keyed part just written (its documents carry their `_key`)."""
    for name, project in PROJECTIONS.get(table, ()):
        write_sidecar(path, name, {str(d["_key"]): project(d) for d in docs})


def keep_appended(table: str, path: Path, docs: list[Doc]) -> None:
    """The summaries of a segment just written."""
    for name, summarize in SUMMARIES.get(table, ()):
        write_sidecar(path, name, summarize(docs))
