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
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp import jsonio

Doc = dict[str, Any]

#: What a report over the review log needs of each segment (stats.ReviewSummary merges
#: the pieces); a new name when what it computes changes.
REVIEWS_SUMMARY_NAME = "reviews-v1"


def progress_brief(doc: Doc) -> list[Any]:
    """A stored progress document as ProgressBrief.of reads it back: what counting due
    cards and the state figures need (state, due, suspended, buried until)."""
    return [doc.get("state", "new"), doc.get("due"), doc.get("suspended", False),
            doc.get("buried_until")]


#: The progress of a keyed part as parallel columns, for counting what is due without
#: building a record per card; a new name when its layout changes.
PROGRESS_COLUMNS_NAME = "columns-v1"


def progress_columns(items: list[tuple[str, Doc]]) -> Doc:
    """A keyed part's progress as columns: keys, a state code per key ("n" new, "l"
    learning, "r" relearning, "v" review), due times in microseconds, and the brief of
    every card held out of study by a flag (suspended, buried), which counting reads
    one by one."""
    from quizapp.model.progress import STATE_CODES, micros  # not at start-up: pydantic

    keys: list[str] = []
    codes: list[str] = []
    dues: list[int | None] = []
    held: Doc = {}
    new = 0
    learning: list[int] = []
    review: list[int] = []
    for key, doc in items:
        keys.append(key)
        code = STATE_CODES.get(doc.get("state", "new"), "n")
        due = micros(_utc(datetime.fromisoformat(doc["due"]))) if doc.get("due") else None
        codes.append(code)
        dues.append(due)
        if doc.get("suspended") or doc.get("buried_until"):
            held[key] = progress_brief(doc)
        elif code == "n" or due is None:
            new += 1
        else:
            (review if code == "v" else learning).append(due)
    # The cards no flag holds, by queue, the due times sorted: a shard none of whose
    # cards is special today is counted with two bisections.
    return {"k": keys, "s": "".join(codes), "d": dues, "h": held,
            "n": new, "L": sorted(learning), "R": sorted(review)}


def _columns_ok(found: Doc) -> bool:
    keys, codes, dues, held, new, learning, review = (found.get(c) for c in "ksdhnLR")
    return (
        isinstance(keys, list) and isinstance(codes, str) and isinstance(dues, list)
        and isinstance(held, dict) and len(keys) == len(codes) == len(dues)
        and isinstance(new, int) and isinstance(learning, list) and isinstance(review, list)
        and new + len(learning) + len(review) + len(held) == len(keys)
    )


#: A kept summary that is not the shape its reader needs is computed again (a cache is
#: never trusted further than that).
_CHECKS: dict[str, Callable[[Doc], bool]] = {PROGRESS_COLUMNS_NAME: _columns_ok}


def _utc(moment: datetime) -> datetime:
    """A time stored without a zone is UTC, as study.days reads it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def summarize_reviews(docs: list[Doc]) -> Doc:
    """One piece of the review log: answers per quarter hour (every time zone's offset is
    a multiple of 15 minutes, so a study day is whole quarters anywhere) and the reviews
    behind true retention (passed of total, counting only cards that were in review)."""
    from quizapp.model.progress import CardState, Rating  # not at start-up: pydantic

    quarters: Counter[int] = Counter()
    passed = total = 0
    review, again = CardState.review.value, Rating.again.value
    for doc in docs:
        quarters[int(datetime.fromisoformat(doc["at"]).timestamp()) // 900] += 1
        if doc.get("state_before") == review:
            total += 1
            passed += doc.get("rating") != again
    return {"q": {str(k): v for k, v in quarters.items()}, "p": passed, "t": total}


#: table -> (name, summary of a keyed part's (key, document) pairs). The progress brief
#: (Library.progress_brief) is not among them: nothing on the app's paths reads it, so it
#: is computed when asked for, not at every fold.
KEYED_SUMMARIES: dict[str, tuple[tuple[str, Callable[[list[tuple[str, Doc]]], Any]], ...]] = {
    "progress": ((PROGRESS_COLUMNS_NAME, progress_columns),),
}


#: table -> (name, summary of a segment's documents): kept per append part.
APPENDED_SUMMARIES: dict[str, tuple[tuple[str, Callable[[list[Doc]], Doc]], ...]] = {
    "reviews": ((REVIEWS_SUMMARY_NAME, summarize_reviews),),
}


def sidecar(path: Path, name: str) -> Path:
    return path.with_name(f"{path.name}.sum-{name}")


def read_sidecar(path: Path, name: str) -> Any:
    """The summary `name` kept beside part `path`, or None if there is none, it is torn,
    or the part is no longer the one it was computed from (missing, or not its size: a
    damaged part is then read, and found damaged, rather than hidden by its summary)."""
    with contextlib.suppress(OSError, ValueError):
        found = jsonio.loads(sidecar(path, name).read_bytes())
        if (
            isinstance(found, dict) and found.get("of") == path.stat().st_size
            and isinstance(found.get("sum"), dict) and _CHECKS.get(name, bool)(found["sum"])
        ):
            return found["sum"]
    return None


def write_sidecar(path: Path, name: str, summary: Any) -> None:
    """Keep `summary` beside part `path`, with the part's size: replaced atomically, never
    fsync'd (a cache)."""
    target = sidecar(path, name)
    with contextlib.suppress(OSError):
        kept = {"of": path.stat().st_size, "sum": summary}
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(jsonio.dumps(kept))
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def keep_keyed(table: str, path: Path, docs: list[Doc]) -> None:
    """The summaries of a keyed part just written (its documents carry their `_key`)."""
    kept = KEYED_SUMMARIES.get(table, ())
    if kept:
        items = [(str(d["_key"]), d) for d in docs]
        for name, summarize in kept:
            write_sidecar(path, name, summarize(items))


def keep_appended(table: str, path: Path, docs: list[Doc]) -> None:
    """The summaries of a segment just written."""
    for name, summarize in APPENDED_SUMMARIES.get(table, ()):
        write_sidecar(path, name, summarize(docs))
