"""The study service: every step saved in the real library, one undo stack for all of them,
and a refused write leaving the session and the library as they were."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.editing import card_to_raw, parse_card
from quizapp.model import CardState, Rating
from quizapp.store import Library, StoreError
from quizapp.study.service import StudyService
from tests.conftest import make_deck
from tests.store.test_full_disk import small_disk

__all__ = ["small_disk"]  # the fixture, used by name below

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def service(library: Library, clock: Clock | None = None) -> StudyService:
    if not library.has_deck("demo"):
        library.import_deck(make_deck(n=3), backup=False)
    return StudyService.open(library, "demo", clock=clock or Clock(), tz=UTC, fuzz=False)


def next_id(svc: StudyService) -> str | None:
    card = svc.session.next_card()
    return None if card is None else card.id


def test_answer_is_saved_and_undone(library: Library) -> None:
    svc = service(library)
    svc.answer("c0", Rating.good, 1000, None)
    assert [r.card_id for r in library.reviews("demo")] == ["c0"]
    undone = svc.undo()
    assert undone is not None and undone.card.id == "c0"
    assert undone.message == "Undid the answer to card c0."
    assert library.reviews("demo") == []
    assert library.progress("demo")["c0"].state is CardState.new
    assert svc.session.done == 0 and not svc.can_undo


def test_undoing_a_bury_shows_the_card_again(library: Library) -> None:
    svc = service(library)
    assert next_id(svc) == "c0"
    svc.bury("c0")
    assert library.progress("demo")["c0"].buried_until == date(2026, 3, 3)
    assert next_id(svc) == "c1"
    undone = svc.undo()
    assert undone is not None and undone.step.kind == "bury"
    assert library.progress("demo")["c0"].buried_until is None
    assert next_id(svc) == "c0"


def test_undoing_a_suspend_unsuspends(library: Library) -> None:
    svc = service(library)
    svc.suspend("c0")
    assert library.progress("demo")["c0"].suspended and next_id(svc) == "c1"
    svc.undo()
    assert not library.progress("demo")["c0"].suspended and next_id(svc) == "c0"


def test_one_stack_newest_first(library: Library) -> None:
    """An answer, then a bury: u takes back the bury, then the answer (not the reverse)."""
    svc = service(library)
    svc.answer("c0", Rating.easy, 500)
    svc.bury("c1")
    svc.mark("c2")
    assert [s.kind for s in svc.steps] == ["answer", "bury", "mark"]
    kinds = []
    while (undone := svc.undo()) is not None:
        kinds.append(undone.step.kind)
    assert kinds == ["mark", "bury", "answer"]
    assert library.reviews("demo") == []
    progress = library.progress("demo")
    assert not progress["c2"].marked and progress["c1"].buried_until is None
    assert progress["c0"].state is CardState.new


def test_mark_toggles_and_is_kept(data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        svc = service(library)
        assert svc.mark("c1").marked
        assert next_id(svc) == "c0"  # a mark hides nothing
    with Library.open(data_dir) as library:
        assert library.progress("demo")["c1"].marked
        svc = service(library)
        assert not svc.mark("c1").marked
        assert not library.progress("demo")["c1"].marked


def test_an_edit_is_saved_and_undone(library: Library) -> None:
    svc = service(library)
    svc.answer("c1", Rating.good, 100)
    raw = card_to_raw(svc.deck.card("c1")) | {"back": "a better back"}
    edited = svc.edit(parse_card(raw, svc.deck, 1))
    assert edited.back == "a better back"  # type: ignore[union-attr]
    assert library.deck("demo").card("c1").back == "a better back"  # type: ignore[union-attr]
    assert svc.session.deck.card("c1").back == "a better back"  # type: ignore[union-attr]
    # The progress follows the id: the edit kept the answer's state.
    assert library.progress("demo")["c1"].state is CardState.learning
    undone = svc.undo()
    assert undone is not None and undone.step.kind == "edit"
    assert library.deck("demo").card("c1").back == "back 1"  # type: ignore[union-attr]
    assert undone.card.back == "back 1"  # type: ignore[union-attr]
    assert library.progress("demo")["c1"].state is CardState.learning


def test_an_edit_cannot_rename_the_card(library: Library) -> None:
    svc = service(library)
    raw = card_to_raw(svc.deck.card("c1")) | {"id": "renamed"}
    with pytest.raises(ValueError, match="cannot change during review"):
        svc.edit(parse_card(raw, svc.deck, 1))
    assert not svc.can_undo and library.deck("demo").card("c1").id == "c1"


def test_the_session_counts_the_whole_time(library: Library) -> None:
    clock = Clock()
    svc = service(library, clock)
    clock.now += timedelta(seconds=50)  # reading, thinking
    svc.answer("c0", Rating.good, 2000)
    clock.now += timedelta(seconds=10)
    assert svc.session.summary().time_spent == timedelta(seconds=60)


def test_a_refused_write_leaves_everything_as_it_was(data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        library.import_deck(make_deck(n=3), backup=False)
    with Library.open(data_dir, read_only=True) as library:
        svc = StudyService.open(library, "demo", clock=Clock(), tz=UTC, fuzz=False)
        for step in (
            lambda: svc.answer("c0", Rating.good, 100),
            lambda: svc.bury("c0"),
            lambda: svc.suspend("c0"),
            lambda: svc.mark("c0"),
            lambda: svc.edit(parse_card(card_to_raw(svc.deck.card("c0")) | {"back": "x"},
                                        svc.deck, 0)),
        ):
            with pytest.raises(StoreError, match="not saved"):
                step()
            # The session rolled back: same card next, nothing counted, nothing to undo.
            assert next_id(svc) == "c0" and svc.session.done == 0 and not svc.can_undo
            assert svc.session.progress("c0") == svc.session.progress("c0").model_copy(
                update={"suspended": False, "buried_until": None, "marked": False}
            )
        assert svc.deck.card("c0").back == "back 0"  # type: ignore[union-attr]


def test_on_a_full_disk_a_step_and_its_undo_are_refused_then_done(small_disk: Path) -> None:
    """A real full disk (a tmpfs, as root): the refused step leaves no trace, and an undo the
    disk refuses stays on the stack, the session unchanged, until there is room."""
    from tests.store.test_full_disk import fill

    with Library.open(small_disk / "library") as library:
        library.import_deck(make_deck(n=400), backup=False)
        svc = StudyService.open(library, "demo", clock=Clock(), tz=UTC, fuzz=False)
        svc.bury("c0")
        filler = fill(small_disk)
        refused = None
        for n in range(1, 400):  # the journal's last page may still take a few
            try:
                svc.bury(f"c{n}")
            except StoreError as error:
                refused = n, error
                break
        assert refused is not None, "the disk never filled up"
        n, error = refused
        assert "disk is full" in str(error)
        assert svc.session.progress(f"c{n}").buried_until is None  # rolled back
        while svc.can_undo:  # undo until the disk refuses one (the journal may take a few)
            steps = svc.steps
            before = svc.session.progress(steps[-1].card_id)
            try:
                svc.undo()
            except StoreError:
                break
        else:
            raise AssertionError("the full disk took every undo")
        assert svc.steps == steps  # the refused undo is still there to retry
        assert svc.session.progress(steps[-1].card_id) == before  # and the card still buried
        filler.unlink()
        undone = svc.undo()
        assert undone is not None and undone.step.kind == "bury"
        assert library.progress("demo")[undone.card.id].buried_until is None


def test_quizapp_settings_turns_self_rated_clozes_on_and_off(data_dir: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    with Library.open(data_dir) as library:
        library.import_deck(make_deck(n=1), backup=False)
    base = ["--data-dir", str(data_dir), "settings", "demo"]
    runner = CliRunner()
    assert "cloze, typed cards  typed, graded" in runner.invoke(cli, base).output
    on = runner.invoke(cli, [*base, "--reveal-typed"])
    assert on.exit_code == 0 and "cloze, typed cards  self-rated" in on.output
    with Library.open(data_dir) as library:
        assert library.settings("demo").reveal_typed
    off = runner.invoke(cli, [*base, "--no-reveal-typed"])
    assert "cloze, typed cards  typed, graded" in off.output
