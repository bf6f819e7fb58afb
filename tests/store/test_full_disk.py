"""A really full disk (a small tmpfs, mounted as root): every answer reported saved survives,
nothing is written after a fragment, and nothing crashes. Skipped, with the reason, where a
tmpfs cannot be mounted (CI runs as root, so it runs there)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import quizapp.store.tables as tables
from quizapp.store import Library, WriteFailed, list_backups
from tests.conftest import make_deck
from tests.store.test_library import answer


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int = 0) -> Path:
    """Fill the disk to the last byte, then free `leave` bytes."""
    filler = disk / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    if leave:
        with filler.open("r+b") as handle:
            handle.truncate(max(0, filler.stat().st_size - leave))
    return filler


def test_answers_on_a_full_disk_are_refused_and_every_saved_one_survives(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "COMPACT_EVERY", 40)  # folds meet the full disk too
    data_dir = small_disk / "library"
    saved, refused = [], 0
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=20))
        filler = fill(small_disk, leave=24_000)
        for n in range(1, 600):
            try:
                answer(lib, f"c{n % 20}", n)
                saved.append(n)
            except WriteFailed as error:
                refused += 1
                assert "disk is full" in str(error) and "not saved" in str(error)
        assert refused > 0 and saved  # some fitted, then the disk was full
        filler.unlink()  # space comes back: answering goes on
        for n in range(600, 640):
            answer(lib, f"c{n % 20}", n)
            saved.append(n)
        assert [r.duration_ms for r in lib.reviews("demo")] == saved
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("demo")] == saved
        assert lib.warnings == []  # no damaged record: nothing was written after a fragment


def test_an_import_on_a_full_disk_changes_nothing_and_leaves_no_backup(
    small_disk: Path,
) -> None:
    data_dir = small_disk / "library"
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("first", n=5))
        answer(lib, "c0", 1, deck="first")
        filler = fill(small_disk)
        with pytest.raises(WriteFailed, match="disk is full"):
            lib.import_deck(make_deck("second", n=400))
        assert not lib.has_deck("second")
        assert list_backups(data_dir) == []
        assert not list((data_dir / "backups").glob("*.partial"))
        filler.unlink()
    with Library.open(data_dir) as lib:
        assert [s.id for s in lib.summaries()] == ["first"]
        assert len(lib.reviews("first")) == 1


def test_closing_on_a_full_disk_keeps_the_journal_for_the_next_open(small_disk: Path) -> None:
    data_dir = small_disk / "library"
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=5))
    for n in range(1, 30):
        answer(lib, f"c{n % 5}", n)
    filler = fill(small_disk)
    lib.close()  # the fold cannot be written: close says nothing is lost, and it is not
    filler.unlink()
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("demo")] == list(range(1, 30))
