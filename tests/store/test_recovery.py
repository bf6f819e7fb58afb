"""Restoring backups and going on after damage: never lose what the user has."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from quizapp.store import (
    Library,
    LibraryCorrupt,
    LibraryLocked,
    StoreError,
    discard_damaged,
    list_backups,
    restore,
)
from quizapp.store.backups import KEEP, finish_pending_restore
from tests.conftest import make_deck
from tests.store.test_library import answer


def _library_with_backups(data_dir: Path, count: int) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("first"))
        for n in range(count):
            lib.import_deck(make_deck(f"deck{n}"))  # each import backs up the library first


def test_restoring_the_oldest_backup_when_the_list_is_full(data_dir: Path) -> None:
    _library_with_backups(data_dir, KEEP + 1)
    backups = list_backups(data_dir)
    assert len(backups) == KEEP
    oldest = backups[-1]
    restore(data_dir, oldest)  # its own "before-restore" backup must not prune it away first
    with Library.open(data_dir) as lib:
        ids = {s.id for s in lib.summaries()}
    assert "first" in ids and len(ids) == 2  # first + the one imported before that backup
    assert any(p.name.endswith("before-restore") for p in list_backups(data_dir))


def test_an_incomplete_backup_is_refused_and_changes_nothing(data_dir: Path) -> None:
    _library_with_backups(data_dir, 1)
    broken = list_backups(data_dir)[0]
    (broken / "library.json").unlink()
    with pytest.raises(StoreError, match="not a complete backup"):
        restore(data_dir, broken)
    with Library.open(data_dir) as lib:
        assert len(lib.summaries()) == 2


def test_restore_waits_for_the_lock(data_dir: Path) -> None:
    _library_with_backups(data_dir, 1)
    with Library.open(data_dir), pytest.raises(LibraryLocked):
        restore(data_dir, list_backups(data_dir)[0])


def test_a_restore_cut_short_by_a_crash_is_finished_on_the_next_open(data_dir: Path) -> None:
    _library_with_backups(data_dir, 2)
    chosen = list_backups(data_dir)[-1]
    # Stage it as restore_backup does, then "crash" after putting back only one file.
    import shutil

    shutil.copytree(chosen, data_dir / ".restore")
    (data_dir / "restore.pending").write_text(chosen.name)
    shutil.copy2(data_dir / ".restore" / "library.json", data_dir / "library.json")
    with Library.open(data_dir) as lib:  # finishes the restore first
        assert {s.id for s in lib.summaries()} == {"first"}
        assert lib.deck("first").id == "first"
    assert not (data_dir / "restore.pending").exists()
    assert finish_pending_restore(data_dir) is False


def test_a_damaged_progress_file_keeps_the_library_closed_until_the_user_decides(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck())
        answer(lib, "c0", 1)
    (shard,) = (data_dir / "parts" / "progress" / "demo").glob("k*.json")
    shard.write_text('{"broken')
    with Library.open(data_dir) as lib, pytest.raises(LibraryCorrupt, match="moved aside"):
        lib.progress("demo")  # parts are read when asked for: damage is found there
    # Opening again must not quietly start from empty progress.
    with pytest.raises(LibraryCorrupt, match="damaged earlier") as again:
        Library.open(data_dir)
    assert "--discard-damaged" in str(again.value)
    kept = discard_damaged(data_dir)
    assert kept and kept[0].read_text() == '{"broken'
    with Library.open(data_dir) as lib:  # the user chose to go on without it
        assert lib.progress("demo") == {}
        assert len(lib.reviews("demo")) == 1  # what was not damaged is all there


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    from quizapp.export import export_deck

    out = tmp_path / "deck.toml"
    export_deck(make_deck(), out, "toml")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask


def test_writing_into_a_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    from quizapp.export import export_deck
    from quizapp.model import DeckError

    with pytest.raises(DeckError, match="there is no folder"):
        export_deck(make_deck(), tmp_path / "nowhere" / "deck.toml", "toml")
    assert not (tmp_path / "nowhere").exists()
