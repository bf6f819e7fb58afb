"""A package exported without its review log keeps each review card's schedule, as Anki's
own FSRS migration keeps it: memory state from the SM-2 interval and ease, due as in Anki."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
from anki.collection import Collection
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.formats import read_file
from quizapp.model import CardState, Rating
from quizapp.store import Library
from quizapp.study import schedule
from tests.formats.anki_full import export_package


def build(folder: Path) -> tuple[Path, datetime]:
    """Two review cards (SM-2 state set as Anki keeps it), one new; the revlog is empty.
    Returns the collection and the moment the first card is due in Anki."""
    col = Collection(str(folder / "sm2.anki2"))
    try:
        deck = col.decks.id("French")
        ids = []
        for front, back in (("chat", "cat"), ("chien", "dog"), ("lune", "moon")):
            note = col.new_note(col.models.by_name("Basic"))
            note.fields[0], note.fields[1] = front, back
            col.add_note(note, deck)
            ids.append(note.cards()[0].id)
        today = col.sched.today
        for card_id, ivl, factor, in_days in ((ids[0], 30, 2500, 5), (ids[1], 7, 1800, 0)):
            col.db.execute(
                "update cards set type = 2, queue = 2, ivl = ?, factor = ?, due = ?, reps = 6,"
                " lapses = 1 where id = ?",
                ivl, factor, today + in_days, card_id,
            )
        assert col.db.scalar("select count() from revlog") == 0
        due = datetime.fromtimestamp(col.crt, UTC) + timedelta(days=today + 5)
        return Path(col.path), due
    finally:
        col.close()


def test_review_cards_without_a_log_keep_their_schedule(tmp_path: Path) -> None:
    collection, due = build(tmp_path)
    package = export_package(collection, tmp_path / "sm2.apkg")
    loaded = read_file(package)
    history = {h.card_id: h for h in next(iter(loaded.history.values()))}
    assert len(history) == 2  # the new card has no schedule to keep
    data_dir = tmp_path / "library"
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "import", str(package)])
    assert result.exit_code == 0, result.output
    assert "2 cards without reviews kept Anki's schedule" in result.output
    with Library.open(data_dir) as lib:
        deck = lib.deck("french")
        by_front = {c.prompt: c.id for c in deck.cards}
        progress = lib.progress("french")
        settings = lib.settings("french")
    assert by_front["lune"] not in progress
    chat = progress[by_front["chat"]]
    assert chat.state is CardState.review and chat.due == due
    assert (chat.reps, chat.lapses) == (6, 1)
    card = fsrs.Card.from_dict(chat.fsrs)  # type: ignore[arg-type]
    # SM-2 kept 90% retention at its interval, so FSRS's stability is that interval.
    assert card.stability is not None and abs(card.stability - 30) < 0.01
    assert card.last_review == due - timedelta(days=30)
    # A hard card (ease 180%) is harder for FSRS than an average one (250%).
    dog = fsrs.Card.from_dict(progress[by_front["chien"]].fsrs)  # type: ignore[arg-type]
    assert card.difficulty is not None and dog.difficulty is not None
    assert dog.difficulty > card.difficulty and abs(dog.stability - 7) < 0.01  # type: ignore[operator]
    # The schedule goes on from there: Good on the due day takes it well past 30 days.
    after, _ = schedule(chat, Rating.good, due, settings, fuzz=False)
    assert after.due is not None and after.due - due > timedelta(days=30)
    # No reviews were made up.
    with Library.open(data_dir) as lib:
        assert lib.reviews("french") == []
