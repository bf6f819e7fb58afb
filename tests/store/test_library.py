"""The library on disk: decks, progress, the journal, locks, damage, backups, migrations."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import quizapp.store.tables as tables
from quizapp.formats import read_deck
from quizapp.model import CardProgress, CardState, Rating, ReviewEntry, StudySettings
from quizapp.store import (
    DeckExists,
    Library,
    LibraryCorrupt,
    LibraryLocked,
    LibraryTooNew,
    ReadOnly,
    list_backups,
    restore_backup,
)
from quizapp.store.migrations import migrate
from tests.conftest import make_deck


def answer(lib: Library, card: str, n: int, deck: str = "demo") -> int:
    progress = CardProgress(deck_id=deck, card_id=card, state=CardState.review, reps=n)
    review = ReviewEntry(
        deck_id=deck,
        card_id=card,
        rating=Rating.good,
        at=datetime.now(UTC),
        duration_ms=n,
        state_before=CardState.new,
        state_after=CardState.review,
    )
    return lib.record_answer(progress, review)


def crash(lib: Library) -> None:
    """Let go of a library the way a killed process does: no compaction, no goodbye."""
    lib.tables.journal.close()
    lib._lock.release()


def test_decks_survive_reopening(data_dir: Path) -> None:
    deck = make_deck(n=5)
    with Library.open(data_dir) as lib:
        report = lib.import_deck(deck)
        assert report.created and report.added == [f"c{i}" for i in range(5)]
    with Library.open(data_dir) as lib:
        assert lib.deck("demo") == deck
        (summary,) = lib.summaries()
        assert (summary.card_count, summary.kinds, summary.sources) == (
            5,
            {"flashcard": 5},
            ("A source",),
        )


def test_reimport_needs_replace_and_keeps_progress_of_unchanged_ids(library: Library) -> None:
    library.import_deck(make_deck(n=3))
    answer(library, "c0", 1)
    answer(library, "c2", 2)
    with pytest.raises(DeckExists, match="--replace"):
        library.import_deck(make_deck(n=3))
    changed = make_deck(n=2).model_copy(
        update={
            "cards": (
                *make_deck(n=2).cards[:1],
                make_deck(n=2).cards[1].model_copy(update={"back": "new"}),
            )
        }
    )
    report = library.import_deck(changed, replace=True)
    assert (report.added, report.updated, report.removed, report.unchanged) == (
        [],
        ["c1"],
        ["c2"],
        1,
    )
    assert library.progress("demo")["c0"].reps == 1
    # A removed card's history stays: bring the card back and its progress returns.
    library.import_deck(make_deck(n=3), replace=True)
    assert library.progress("demo")["c2"].reps == 2


def _parts(data_dir: Path) -> dict[str, int]:
    return {
        str(p.relative_to(data_dir)): p.stat().st_mtime_ns
        for p in [data_dir / "manifest.json", *(data_dir / "parts").rglob("*.json")]
        if p.exists()
    }


def test_answers_are_journaled_not_rewritten(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck())
        before = _parts(data_dir)
        for n in range(1, 11):
            answer(lib, "c1", n)
        assert (data_dir / "journal.jsonl").read_bytes().count(b"\n") == 10
        assert _parts(data_dir) == before  # no part or manifest rewritten per answer
    journal = data_dir / "journal.jsonl"
    assert not journal.exists() or journal.read_bytes() == b""  # closing folded it
    with Library.open(data_dir) as lib:
        assert len(lib.reviews("demo")) == 10
        assert lib.progress("demo")["c1"].reps == 10


def test_a_fold_then_replay_applies_nothing_twice(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "COMPACT_EVERY", 4)
    records = b""
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck())
        for n in range(1, 11):
            answer(lib, "c0", n)
            lib.tables.wait_for_fold()
            for name in ("journal.folding.jsonl", "journal.jsonl"):
                if (data_dir / name).exists():
                    records = (data_dir / name).read_bytes() or records
    # A crash after a fold's manifest was written but before its journal was removed.
    (data_dir / "journal.folding.jsonl").write_bytes(records)
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("demo")] == list(range(1, 11))
        assert lib.progress("demo")["c0"].reps == 10


def test_torn_journal_tail_is_cut_and_kept_aside(data_dir: Path) -> None:
    lib = Library.open(data_dir)
    lib.import_deck(make_deck())
    answer(lib, "c0", 1)
    answer(lib, "c0", 2)
    crash(lib)
    with (data_dir / "journal.jsonl").open("ab") as handle:
        handle.write(b'{"seq": 99, "ops": [["app')
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("demo")] == [1, 2]
        answer(lib, "c0", 3)  # appending after the cut must not glue onto the torn line
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("demo")] == [1, 2, 3]
    (aside,) = data_dir.glob("journal.jsonl.torn-*")
    assert aside.read_bytes().startswith(b'{"seq": 99')


def test_undo_answer_restores_progress_and_removes_the_review(library: Library) -> None:
    library.import_deck(make_deck())
    answer(library, "c0", 1)
    before = library.progress("demo")["c0"]
    review_id = answer(library, "c0", 2)
    library.undo_answer(before, review_id)
    assert library.progress("demo")["c0"] == before
    assert [r.duration_ms for r in library.reviews("demo")] == [1]


def test_settings_and_records_persist(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck())
        assert lib.settings("demo") == StudySettings()
        lib.set_settings("demo", StudySettings(new_per_day=5))
        lib.append_record("attempts", {"deck_id": "demo", "score": 3})
    with Library.open(data_dir) as lib:
        assert lib.settings("demo").new_per_day == 5
        assert [r["score"] for r in lib.records("attempts", "demo")] == [3]


def test_a_second_process_is_refused_with_a_clear_message(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck())
        code = (
            "import sys; from pathlib import Path\n"
            "from quizapp.store import Library, LibraryLocked\n"
            "try:\n    Library.open(Path(sys.argv[1]))\n"
            "except LibraryLocked as e:\n    print(e); sys.exit(3)\n"
        )
        locked = subprocess.run(
            [sys.executable, "-c", code, str(data_dir)], capture_output=True, text=True
        )
        assert locked.returncode == 3
        assert "open in another quizapp" in locked.stdout and "--read-only" in locked.stdout
        with pytest.raises(LibraryLocked):
            Library.open(data_dir)
        reader = Library.open(data_dir, read_only=True)
        with pytest.raises(ReadOnly):
            answer(reader, "c0", 1)
        reader.close()
    Library.open(data_dir).close()  # released on close


def test_lock_is_released_when_the_holder_is_killed(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys,time; from pathlib import Path; from quizapp.store import Library;"
            "Library.open(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(LibraryLocked):
        Library.open(data_dir)
    holder.kill()
    holder.wait()
    Library.open(data_dir).close()


@pytest.mark.parametrize("damaged", ["library.json", "manifest.json"])
def test_a_damaged_file_is_moved_aside_and_the_newest_backup_offered(
    data_dir: Path, damaged: str
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("one"))
        answer(lib, "c0", 1, deck="one")
        lib.checkpoint()
        lib.import_deck(make_deck("two"))  # takes a backup first
    (data_dir / damaged).write_text('{"decks": {"1": {"id": "one"')
    with pytest.raises(LibraryCorrupt) as caught:
        Library.open(data_dir)
    message = str(caught.value)
    assert damaged in message and "moved aside" in message and "quizapp restore" in message
    assert not (data_dir / damaged).exists()  # never silently replaced by an empty one
    aside = list(data_dir.glob(f"{damaged}.corrupt-*"))
    assert aside and aside[0].read_text().startswith('{"decks"')
    restore_backup(data_dir, list_backups(data_dir)[0])
    with Library.open(data_dir) as lib:
        assert [s.id for s in lib.summaries()] == ["one"]
        assert lib.progress("one")["c0"].reps == 1


def test_backups_before_import_replace_and_delete(library: Library) -> None:
    library.import_deck(make_deck("one"))
    assert list_backups(library.data_dir) == []  # nothing to back up in an empty library
    library.import_deck(make_deck("two"))
    library.import_deck(make_deck("two", n=1), replace=True)
    library.delete_deck("one")
    names = [p.name for p in list_backups(library.data_dir)]
    assert len(names) == 3
    assert any("before-delete-one" in n for n in names)
    assert not library.has_deck("one") and library.progress("one") == {}


def test_migrations_run_in_order_and_newer_libraries_are_refused(tmp_path: Path) -> None:
    done: list[int] = []
    steps = {1: lambda d: done.append(1), 2: lambda d: done.append(2)}
    assert migrate(tmp_path, 1, steps, target=3) == 3
    assert done == [1, 2]
    with pytest.raises(LibraryTooNew, match="newer quizapp"):
        migrate(tmp_path, 4, steps, target=3)


def test_a_library_from_a_newer_quizapp_is_refused(data_dir: Path) -> None:
    Library.open(data_dir).close()
    raw = json.loads((data_dir / "library.json").read_text())
    raw["meta"]["1"]["schema_version"] = 99
    (data_dir / "library.json").write_text(json.dumps(raw))
    with pytest.raises(LibraryTooNew):
        Library.open(data_dir)


def test_shipped_decks_are_added_once_and_user_changes_win(data_dir: Path, tmp_path: Path) -> None:
    from quizapp.formats.own import dumps_toml

    shipped = tmp_path / "demo.toml"
    shipped.write_text(dumps_toml(make_deck(n=2)))
    with Library.open(data_dir) as lib:
        assert [r.created for r in lib.sync_shipped([shipped], read_deck)] == [True]
        assert lib.sync_shipped([shipped], read_deck) == []  # unchanged file: not even parsed
        answer(lib, "c0", 1)
    shipped.write_text(dumps_toml(make_deck(n=3)))  # a new release adds a card
    with Library.open(data_dir) as lib:
        (report,) = lib.sync_shipped([shipped], read_deck)
        assert report.added == ["c2"] and lib.progress("demo")["c0"].reps == 1
        lib.save_deck(make_deck(n=1))  # the user edits the deck in the app
    shipped.write_text(dumps_toml(make_deck(n=4)))
    with Library.open(data_dir) as lib:
        assert lib.sync_shipped([shipped], read_deck) == []
        assert len(lib.deck("demo").cards) == 1


def test_a_shipped_deck_hashed_before_orjson_still_takes_a_new_release(
    data_dir: Path, tmp_path: Path
) -> None:
    """A library written when deck hashes came from json.dumps keeps them in its summaries:
    its shipped deck, unchanged by the user, must still be updated by a new release."""
    import hashlib

    from quizapp.formats.own import dumps_toml
    from quizapp.store.atomic import AtomicJSONStorage

    shipped = tmp_path / "demo.toml"
    shipped.write_text(dumps_toml(make_deck(n=2, title="Démo")))  # non-ASCII: escaped then
    with Library.open(data_dir) as lib:
        lib.sync_shipped([shipped], read_deck)
    data = AtomicJSONStorage(data_dir / "decks" / "demo.json").read()
    assert data is not None
    content = {**data["deck"]["1"], "cards": list(data["cards"].values())}
    old = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    raw = json.loads((data_dir / "library.json").read_text())
    summary = raw["decks"]["1"]
    assert summary["hash"] != old  # the hash is computed another way now
    summary["hash"] = summary["shipped_hash"] = old  # as the older quizapp left it
    (data_dir / "library.json").write_text(json.dumps(raw))
    shipped.write_text(dumps_toml(make_deck(n=3, title="Démo")))
    with Library.open(data_dir) as lib:
        (report,) = lib.sync_shipped([shipped], read_deck)
        assert report.added == ["c2"]


def test_reviews_since_a_moment_keeps_exactly_the_later_ones(library: Library) -> None:
    from datetime import timedelta, timezone

    library.import_deck(make_deck())
    base = datetime(2026, 1, 1, 12, tzinfo=UTC)
    moments = [
        base - timedelta(microseconds=1),
        base,
        base + timedelta(microseconds=500_000),
        (base + timedelta(hours=1)).astimezone(timezone(timedelta(hours=-5))),
    ]
    for n, at in enumerate(moments):
        review = ReviewEntry(
            deck_id="demo", card_id="c0", rating=Rating.good, at=at, duration_ms=n,
            state_before=CardState.new, state_after=CardState.review,
        )
        library.record_answer(CardProgress(deck_id="demo", card_id="c0"), review)
    assert [r.duration_ms for r in library.reviews("demo", since=base)] == [1, 2, 3]
    half = base + timedelta(microseconds=250_000)
    assert [r.duration_ms for r in library.reviews("demo", since=half)] == [2, 3]


def test_card_ids_come_from_beside_the_deck_and_a_stale_copy_is_never_believed(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
    assert "card_ids" not in (data_dir / "library.json").read_text()  # start reads no ids
    ids = data_dir / "decks" / "demo.ids.json"
    stale = json.loads(ids.read_text())
    with Library.open(data_dir) as lib:
        assert lib.card_ids("demo") == ["c0", "c1", "c2"]
        lib.import_deck(make_deck(n=2), replace=True)
    ids.write_text(json.dumps(stale))  # as if a crash had kept the old copy
    with Library.open(data_dir) as lib:
        assert lib.card_ids("demo") == ["c0", "c1"]
    ids.unlink()
    with Library.open(data_dir) as lib:
        assert lib.card_ids("demo") == ["c0", "c1"]
    assert ids.exists()  # rebuilt
