"""Damage in every file of a library, in every way: found, said, moved aside, never emptied."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.store import (
    Library,
    LibraryCorrupt,
    LibraryLocked,
    discard_damaged,
    list_backups,
    restore,
)
from tests.conftest import make_deck
from tests.store.test_library import answer, crash


def _studied(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("one", n=4))
        for n in range(1, 6):
            answer(lib, f"c{n % 4}", n, deck="one")
        lib.import_deck(make_deck("two", n=2))  # a backup of "one" and its answers first


def _part(data_dir: Path, table: str) -> Path:
    (path,) = (data_dir / "parts" / table / "one").glob("*.json")
    return path


FILES: dict[str, Callable[[Path], Path]] = {
    "library.json": lambda d: d / "library.json",
    "manifest.json": lambda d: d / "manifest.json",
    "deck file": lambda d: d / "decks" / "one.json",
    "progress part": lambda d: _part(d, "progress"),
    "review segment": lambda d: _part(d, "reviews"),
}
DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: p.write_bytes(b""),
    "missing": lambda p: p.unlink(),
    "not JSON": lambda p: p.write_text('{"decks": {"1": {"id": "one"'),
    "a list": lambda p: p.write_text("[]"),
    "wrong shape": lambda p: p.write_text('{"meta": {"1": {"schema_version": "two"}}}'),
    "deep": lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
}


def _open_everything(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.deck("one")
        lib.progress("one")
        lib.reviews("one")


@pytest.mark.parametrize("how", DAMAGE)
@pytest.mark.parametrize("which", FILES)
def test_damage_is_found_said_and_never_taken_for_an_empty_library(
    data_dir: Path, which: str, how: str
) -> None:
    _studied(data_dir)
    path = FILES[which](data_dir)
    DAMAGE[how](path)
    with pytest.raises(LibraryCorrupt) as caught:
        _open_everything(data_dir)
    message = str(caught.value)
    assert path.name in message and "quizapp restore" in message
    # Every later try says the same, and nothing was quietly emptied or recreated.
    with pytest.raises(LibraryCorrupt):
        _open_everything(data_dir)
    assert not path.exists() or path.stat().st_size == 0 or how != "empty"
    restore(data_dir, list_backups(data_dir)[0])
    with Library.open(data_dir) as lib:
        assert lib.deck("one").id == "one"
        assert [r.duration_ms for r in lib.reviews("one")] == [1, 2, 3, 4, 5]


def test_a_damaged_journal_record_is_skipped_and_every_later_one_kept(data_dir: Path) -> None:
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=3))
    for n in range(1, 31):
        answer(lib, f"c{n % 3}", n)
    crash(lib)
    journal = data_dir / "journal.jsonl"
    lines = journal.read_bytes().split(b"\n")
    lines[10] = lines[10].replace(b'"duration_ms":11', b'"duration_ms":99')  # checksum fails
    journal.write_bytes(b"\n".join(lines))
    with Library.open(data_dir) as lib:
        kept = [r.duration_ms for r in lib.reviews("demo")]
        assert kept == [n for n in range(1, 31) if n != 11]  # 29 of 30, not 10
        assert "1 damaged record" in lib.warnings[0]
    (aside,) = data_dir.glob("journal.jsonl.damaged-*")
    assert b'"duration_ms":99' in aside.read_bytes()
    with Library.open(data_dir) as lib:  # said once; the good records were folded
        assert lib.warnings == []
        assert len(lib.reviews("demo")) == 29


def test_a_deleted_library_json_with_decks_on_disk_is_damage_not_a_new_library(
    data_dir: Path,
) -> None:
    _studied(data_dir)
    (data_dir / "library.json").unlink()
    with pytest.raises(LibraryCorrupt, match=r"library\.json.*is missing"):
        Library.open(data_dir)
    discard_damaged(data_dir)  # go on: the decks are rebuilt from their own files
    with Library.open(data_dir) as lib:
        assert sorted(s.id for s in lib.summaries()) == ["one", "two"]
        assert len(lib.reviews("one")) == 5


def test_restore_brings_back_the_answers_newer_than_the_backup(data_dir: Path) -> None:
    _studied(data_dir)
    lib = Library.open(data_dir)
    for n in range(6, 9):
        answer(lib, "c0", n, deck="one")
    crash(lib)  # those three are in the journal only
    (data_dir / "decks" / "two.json").write_text("{")
    with Library.open(data_dir) as lib, pytest.raises(LibraryCorrupt):
        lib.deck("two")
    restore(data_dir, list_backups(data_dir)[0])  # taken before "two" was imported
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("one")] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_discarding_damage_takes_the_lock(data_dir: Path) -> None:
    _studied(data_dir)
    with Library.open(data_dir), pytest.raises(LibraryLocked):
        discard_damaged(data_dir)


def test_wrong_shape_in_a_deck_file_is_damage_not_a_traceback(data_dir: Path) -> None:
    _studied(data_dir)
    path = data_dir / "decks" / "one.json"
    data = json.loads(path.read_text())
    data["cards"]["1"]["kind"] = "banana"
    path.write_text(json.dumps(data))
    with Library.open(data_dir) as lib, pytest.raises(LibraryCorrupt, match="wrong shape"):
        lib.deck("one")
