"""The summaries kept beside each part are written with the part, equal what computing
them from the part gives, and a torn one is computed again, never trusted."""

from __future__ import annotations

from pathlib import Path

from quizapp.stats import ReviewSummary
from quizapp.store import Library
from quizapp.store.parts import Parts
from quizapp.store.summaries import (
    PROGRESS_COLUMNS_NAME,
    REVIEWS_SUMMARY_NAME,
    progress_columns,
    read_sidecar,
    sidecar,
    summarize_reviews,
)
from tests.conftest import make_deck
from tests.store.test_library import answer


def _parts(data_dir: Path, table: str) -> list[Path]:
    return sorted((data_dir / "parts" / table).rglob("*.json"))


def _studied(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=30))
        for n in range(1, 61):
            answer(lib, f"c{n % 30}", n)
        lib.checkpoint()


def test_a_fold_writes_each_parts_summaries_beside_it(data_dir: Path) -> None:
    _studied(data_dir)
    parts = Parts(data_dir)
    shards, segments = _parts(data_dir, "progress"), _parts(data_dir, "reviews")
    assert shards and segments
    for path in shards:
        docs = parts.read(path)
        assert read_sidecar(path, PROGRESS_COLUMNS_NAME) == progress_columns(
            [(d["_key"], d) for d in docs]
        )
    for path in segments:
        assert read_sidecar(path, REVIEWS_SUMMARY_NAME) == summarize_reviews(parts.read(path))


def test_the_first_report_reads_no_part(data_dir: Path, monkeypatch) -> None:
    """Stats and counts after a fold come from the summaries alone: no part is parsed."""
    _studied(data_dir)
    read: list[Path] = []
    real = Parts.read

    def counting(self: Parts, path: Path) -> list[dict]:
        read.append(path)
        return real(self, path)

    monkeypatch.setattr(Parts, "read", counting)
    with Library.open(data_dir, read_only=True) as lib:
        columns = lib.progress_columns("demo")
        pieces = lib.review_summaries("demo", ReviewSummary.NAME, ReviewSummary.summarize)
    assert sum(len(part["k"]) for part in columns.parts) == 30 and not columns.changed
    assert ReviewSummary.merge(pieces).retention.total == 0  # all answered from new
    assert sum(ReviewSummary.merge(pieces).quarters.values()) == 60
    assert read == []


def test_a_torn_summary_is_computed_again(data_dir: Path) -> None:
    _studied(data_dir)
    (segment,) = _parts(data_dir, "reviews")
    sidecar(segment, REVIEWS_SUMMARY_NAME).write_bytes(b'{"q": {"1')  # a crash mid-write
    shard = _parts(data_dir, "progress")[0]
    sidecar(shard, PROGRESS_COLUMNS_NAME).write_bytes(b"")
    with Library.open(data_dir) as lib:
        pieces = lib.review_summaries("demo", ReviewSummary.NAME, ReviewSummary.summarize)
        assert sum(ReviewSummary.merge(pieces).quarters.values()) == 60
        assert sum(len(part["k"]) for part in lib.progress_columns("demo").parts) == 30
    assert read_sidecar(segment, REVIEWS_SUMMARY_NAME) == summarize_reviews(
        Parts(data_dir).read(segment)
    )
