"""Siblings buried as Anki buries them: answering one card of an Anki note (cards sharing
`Card.anki`, as a note's forward and reverse cards do) hides its other cards until tomorrow."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from quizapp.model import Deck, Flashcard
from quizapp.model.anki_origin import AnkiNote
from quizapp.model.progress import CardState, Rating, StudySettings
from quizapp.store import Library
from quizapp.study import StudySession, deck_counts
from tests.test_study import START, Clock


def note(guid: str, ord_: int) -> AnkiNote:
    return AnkiNote(
        guid=guid,
        notetype_id=1,
        notetype="Basic (and reversed card)",
        fields=("Front", "Back"),
        templates=(("Card 1", "{{Front}}", "{{Back}}"), ("Card 2", "{{Back}}", "{{Front}}")),
        values=("f", "b"),
        ord=ord_,
    )


def sibling_deck() -> Deck:
    """Two notes of two cards each, then a card of its own."""
    cards = (
        Flashcard(id="n1", front="cat", back="chat", anki=note("g1", 0)),
        Flashcard(id="n1-card2", front="chat", back="cat", anki=note("g1", 1)),
        Flashcard(id="n2", front="dog", back="chien", anki=note("g2", 0)),
        Flashcard(id="n2-card2", front="chien", back="dog", anki=note("g2", 1)),
        Flashcard(id="alone", front="bird", back="oiseau"),
    )
    return Deck(id="d", title="Deck", cards=cards)


def open_session(clock: Clock, bury: bool = True, reviews=(), progress=None) -> StudySession:
    return StudySession(
        sibling_deck(),
        progress or {},
        StudySettings(bury_siblings=bury),
        reviews,
        clock=clock,
        tz=UTC,
        fuzz=False,
    )


def shown(session: StudySession, rating: Rating = Rating.easy) -> list[str]:
    """Answer every card the session shows today (Easy: each leaves for days), in order."""
    order = []
    while (card := session.next_card()) is not None:
        order.append(card.id)
        session.answer(card.id, rating, 1000)
    return order


def test_answering_a_card_buries_its_siblings_until_tomorrow() -> None:
    clock = Clock()
    session = open_session(clock)
    assert session.counts.new == 5
    assert shown(session) == ["n1", "n2", "alone"]
    assert session.counts.total == 0
    clock.to(START + timedelta(days=1))
    # Tomorrow the buried siblings come back (the answered cards are due in days).
    assert shown(session) == ["n1-card2", "n2-card2"]


def test_without_the_setting_siblings_are_shown_the_same_day() -> None:
    session = open_session(Clock(), bury=False)
    assert shown(session) == ["n1", "n1-card2", "n2", "n2-card2", "alone"]


def test_undo_brings_the_siblings_back() -> None:
    session = open_session(Clock())
    session.answer("n1", Rating.easy, 1000)
    assert session.counts.new == 3
    session.undo()
    assert session.counts.new == 5
    assert session.next_card() is not None and session.next_card().id == "n1"


def test_a_new_session_the_same_day_keeps_them_buried() -> None:
    """Burial follows today's reviews, so quitting and coming back does not show them."""
    clock = Clock()
    first = open_session(clock)
    answered = first.answer("n1", Rating.easy, 1000)
    clock.advance(hours=1)
    again = open_session(
        clock, reviews=[answered.review], progress={answered.progress.key: answered.progress}
    )
    assert again.counts.new == 3
    assert shown(again) == ["n2", "alone"]


def test_a_sibling_in_learning_is_not_buried() -> None:
    """Anki buries only new and review siblings: one being learnt keeps its steps."""
    clock = Clock()
    session = StudySession(
        sibling_deck(), {}, StudySettings(bury_siblings=False), clock=clock, tz=UTC, fuzz=False
    )
    learning = session.answer("n1-card2", Rating.again, 1000)
    burying = open_session(
        clock, reviews=[learning.review], progress={learning.progress.key: learning.progress}
    )
    burying.answer("n1", Rating.easy, 1000)
    assert burying.progress("n1-card2").state is CardState.learning
    clock.advance(minutes=2)
    assert burying.next_card() is not None and burying.next_card().id == "n1-card2"


def test_cli_settings_turns_bury_siblings_off_and_on(data_dir: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    with Library.open(data_dir) as lib:
        lib.import_deck(sibling_deck(), backup=False)
    runner = CliRunner()
    base = ["--data-dir", str(data_dir), "settings", "d"]
    assert "bury siblings       yes" in runner.invoke(cli, base).output
    off = runner.invoke(cli, [*base, "--no-bury-siblings"])
    assert off.exit_code == 0 and "bury siblings       no" in off.output
    with Library.open(data_dir) as lib:
        assert not lib.settings("d").bury_siblings
    on = runner.invoke(cli, [*base, "--bury-siblings"])
    assert "bury siblings       yes" in on.output


def test_counts_leave_out_siblings_buried_today() -> None:
    """The home screen's counts (from card ids and today's reviews) agree with the session."""
    clock = Clock()
    session = open_session(clock)
    answered = session.answer("n1", Rating.easy, 1000)
    deck = sibling_deck()
    progress = {answered.progress.key: answered.progress}
    counts = deck_counts(deck, progress, StudySettings(), clock.now, [answered.review], tz=UTC)
    assert counts == session.counts and counts.new == 3
    off = deck_counts(
        deck, progress, StudySettings(bury_siblings=False), clock.now, [answered.review], tz=UTC
    )
    assert off.new == 4


def test_a_summary_written_before_siblings_were_kept_reads_them_from_the_deck(
    data_dir: Path,
) -> None:
    import json

    with Library.open(data_dir) as lib:
        lib.import_deck(sibling_deck(), backup=False)
        assert lib.siblings("d") == [["n1", "n1-card2"], ["n2", "n2-card2"]]
    index = data_dir / "library.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data["decks"].values():
        del doc["siblings"]
    index.write_text(json.dumps(data), encoding="utf-8")
    with Library.open(data_dir) as lib:
        assert lib.siblings("d") == [["n1", "n1-card2"], ["n2", "n2-card2"]]


@given(st.lists(st.tuples(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 6)))))
def test_sibling_groups_are_the_cards_sharing_a_guid_in_order(
    drawn: list[tuple[int, int | None]],
) -> None:
    from typing import NamedTuple

    from quizapp.model.anki_origin import sibling_groups

    class Side(NamedTuple):
        id: str
        anki: AnkiNote | None

    def note(guid: int) -> AnkiNote:
        return AnkiNote(guid=f"g{guid}", notetype_id=1, notetype="Basic", fields=(),
                        templates=(), values=())

    cards = [Side(f"c{n}", None if g is None else note(g)) for n, g in drawn]
    by_guid: dict[str, list[str]] = {}
    for card in cards:
        if card.anki is not None:
            by_guid.setdefault(card.anki.guid, []).append(card.id)
    assert sibling_groups(cards) == [ids for ids in by_guid.values() if len(ids) > 1]
