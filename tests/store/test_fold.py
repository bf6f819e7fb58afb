"""The fold runs in a thread: answers given while it writes are durable and in order, and a
read-only view taken meanwhile never sees a half-folded library."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import quizapp.store.tables as tables
from quizapp.store import Library
from quizapp.store.parts import Parts
from tests.conftest import make_deck
from tests.store.test_library import answer, crash


@pytest.fixture
def held_fold(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event]]:
    """Folds wait inside their first part write until `release` is set."""
    started, release = threading.Event(), threading.Event()
    write = Parts.write

    def waiting_write(self: Parts, path: Path, docs: list[dict[str, Any]]) -> None:
        if threading.current_thread().name == "quizapp-fold":
            started.set()
            assert release.wait(30)
        write(self, path, docs)

    monkeypatch.setattr(Parts, "write", waiting_write)
    monkeypatch.setattr(tables, "COMPACT_EVERY", 50)
    yield started, release
    release.set()


def test_answers_during_a_fold_are_durable_and_in_order(
    data_dir: Path, held_fold: tuple[threading.Event, threading.Event]
) -> None:
    started, release = held_fold
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=10))
    for n in range(1, 51):
        answer(lib, f"c{n % 10}", n)
    assert started.wait(30)  # the 50th answer started a fold, which is now writing
    for n in range(51, 71):
        answer(lib, f"c{n % 10}", n)  # not blocked by the fold
    assert [r.duration_ms for r in lib.reviews("demo")] == list(range(1, 71))
    release.set()
    lib.tables.wait_for_fold()
    assert lib.tables.fold_error is None
    assert [r.duration_ms for r in lib.reviews("demo")] == list(range(1, 71))
    assert lib.progress("demo")["c0"].reps == 70
    crash(lib)  # no close, no final fold
    with Library.open(data_dir) as again:
        assert [r.duration_ms for r in again.reviews("demo")] == list(range(1, 71))


def test_a_read_only_view_during_a_fold_sees_everything(
    data_dir: Path, held_fold: tuple[threading.Event, threading.Event]
) -> None:
    started, release = held_fold
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=10))
        for n in range(1, 41):
            answer(lib, f"c{n % 10}", n)
        lib.checkpoint()  # on this thread: not held
        for n in range(41, 61):
            answer(lib, f"c{n % 10}", n)
        lib.tables.fold_in_background()
        assert started.wait(30)
        view = Library.open(data_dir, read_only=True)
        assert [r.duration_ms for r in view.reviews("demo")] == list(range(1, 61))
        release.set()
        lib.tables.wait_for_fold()
        # The parts the view knew were replaced and removed: it reads the new ones.
        assert [r.duration_ms for r in view.reviews("demo")] == list(range(1, 61))
        assert view.progress("demo")["c0"].reps == 60
        view.close()


def test_a_failed_fold_loses_nothing_and_is_tried_again(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "COMPACT_EVERY", 20)
    write = Parts.write
    failing = {"on": True}

    def flaky(self: Parts, path: Path, docs: list[dict[str, Any]]) -> None:
        if failing["on"]:
            raise OSError(5, "Input/output error")
        write(self, path, docs)

    monkeypatch.setattr(Parts, "write", flaky)
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=5))
    for n in range(1, 46):
        answer(lib, f"c{n % 5}", n)
        lib.tables.wait_for_fold()
    assert lib.tables.fold_error is not None
    failing["on"] = False
    lib.checkpoint()
    assert [r.duration_ms for r in lib.reviews("demo")] == list(range(1, 46))
    crash(lib)
    with Library.open(data_dir) as again:
        assert [r.duration_ms for r in again.reviews("demo")] == list(range(1, 46))
        assert again.progress("demo")["c0"].reps == 45


def test_undoing_a_folded_answer_removes_it_from_its_own_deck_only(data_dir: Path) -> None:
    from quizapp.model import CardProgress

    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("one", n=3))
        lib.import_deck(make_deck("two", n=3))
        answer(lib, "c0", 1, deck="one")  # id a
        target = answer(lib, "c0", 2, deck="two")  # id b: inside one's id range below
        answer(lib, "c1", 3, deck="one")  # id c
        lib.checkpoint()
        lib.undo_answer(CardProgress(deck_id="two", card_id="c0"), target)
        assert [r.duration_ms for r in lib.reviews("one")] == [1, 3]
        assert lib.reviews("two") == []
    with Library.open(data_dir) as lib:
        assert [r.duration_ms for r in lib.reviews("one")] == [1, 3]
        assert lib.reviews("two") == []
