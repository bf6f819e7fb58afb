"""Anki's reversed notes as one flashcard with `reverse`: each side keeps its own Anki
card's history, the note goes back to the same Anki collection as an update, quizapp's
own package comes back with the same ids, and a library that kept the reverse as a card
of its own (as imports before `reverse` did) is updated, not duplicated."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.export import export_deck
from quizapp.formats import read_file
from quizapp.model import CardState, Deck, Flashcard
from quizapp.model.reverse import reverse_id, reverse_of
from quizapp.store import Library
from quizapp.study.days import utcnow
from quizapp.study.imported import import_into
from tests.formats.anki_full import DAY_MS, export_package
from tests.formats.anki_helpers import import_into_fresh_collection


def _cli(data_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _collection(folder: Path) -> tuple[Path, int]:
    """Two reversed notes and a Basic one; the reverse card of 'chien' studied in Anki."""
    col = Collection(str(folder / "student.anki2"))
    try:
        deck_id = col.decks.id("French")
        nid = 0
        for kind, fields in (
            ("Basic (and reversed card)", ["chien", "dog"]),
            ("Basic (and reversed card)", ["chat", "cat"]),
            ("Basic", ["lune", "moon"]),
        ):
            note = col.new_note(col.models.by_name(kind))
            note.fields[0], note.fields[1] = fields
            col.add_note(note, deck_id)
            nid = nid or note.id
        col.decks.select(deck_id)
        reverse = next(c for c in col.get_note(nid).cards() if c.ord == 1)
        for ease in (3, 3, 3):
            card = col.get_card(reverse.id)
            card.start_timer()
            col.sched.answerCard(card, ease)
        col.db.execute(f"update revlog set id = id - {10 * DAY_MS} where cid = ?", reverse.id)
        return Path(col.path), nid
    finally:
        col.close()


def test_each_side_keeps_its_anki_card_and_the_note_goes_back_as_an_update(
    tmp_path: Path,
) -> None:
    collection, nid = _collection(tmp_path)
    package = export_package(collection, tmp_path / "student.apkg")
    data_dir = tmp_path / "library"
    assert "history: 3 reviews of 1 card imported" in _cli(data_dir, "import", str(package))
    with Library.open(data_dir) as lib:
        deck = lib.deck("french")
        chien = next(c for c in deck.cards if c.prompt == "chien")
        assert isinstance(chien, Flashcard) and chien.reverse and len(deck.cards) == 3
        progress = lib.progress("french")
        studied = progress[reverse_id(chien.id)]
        assert studied.reps == 3 and studied.state is not CardState.new
        assert chien.id not in progress  # the front side was never studied
        assert {r.card_id for r in lib.reviews("french")} == {reverse_id(chien.id)}
        assert lib.card_ids("french") == [c.id for c in deck.study_cards]
        assert [chien.id, reverse_id(chien.id)] in lib.siblings("french")
        study_ids = [c.id for c in deck.study_cards]
    out = tmp_path / "back.apkg"
    _cli(data_dir, "export", "french", "--format", "apkg", "-o", str(out))
    assert [c.id for c in read_file(out).decks[0].study_cards] == study_ids  # the same ids back
    col = Collection(str(collection))
    try:
        before = (col.note_count(), col.card_count())
        col.db.execute("update notes set mod = mod - 1000")  # the export comes later
        log = col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(out), options=ImportAnkiPackageOptions(with_scheduling=False)
            )
        ).log
        assert not log.conflicting and not log.duplicate
        assert (len(log.new), len(log.updated)) == (0, 3)
        assert (col.note_count(), col.card_count()) == before == (3, 5)
        assert col.get_note(nid).note_type()["name"] == "Basic (and reversed card)"
    finally:
        col.close()


def test_quizapps_own_package_gives_two_anki_cards_and_comes_back_with_the_same_ids(
    tmp_path: Path,
) -> None:
    deck = Deck(
        id="fr",
        title="French",
        cards=(
            Flashcard(id="maison", front="maison", back="house", reverse=True,
                      explanation="A noun."),
            Flashcard(id="chat", front="chat", back="cat"),
        ),
    )
    package = tmp_path / "fr.apkg"
    export_deck(deck, package, "apkg")
    notes = {n["fields"][0]: n for n in import_into_fresh_collection(package, tmp_path)}
    assert notes["maison"]["notetype"] == "quizapp Basic (and reversed card)"
    assert notes["maison"]["fields"][1] == "house"  # card 2's question: nothing added to it
    assert notes["maison"]["fields"][2] == "A noun."
    col = Collection(str(tmp_path / "fresh.anki2"))
    try:
        assert col.card_count() == 3  # Anki made the reverse
    finally:
        col.close()
    again = read_file(package).decks[0]
    assert again == deck
    assert [c.id for c in again.study_cards] == ["maison", "maison-card2", "chat"]


def _legacy(deck: Deck) -> Deck:
    """The deck as imports before `reverse` stored it: the reverse a card of its own."""
    cards: list[Flashcard] = []
    for card in deck.cards:
        assert isinstance(card, Flashcard)
        if card.reverse:
            cards += [card.model_copy(update={"reverse": False}), reverse_of(card)]
        else:
            cards.append(card)
    return deck.model_copy(update={"cards": tuple(cards)})


def test_a_library_holding_the_reverse_as_its_own_card_is_updated_not_duplicated(
    tmp_path: Path,
) -> None:
    collection, _ = _collection(tmp_path)
    package = export_package(collection, tmp_path / "student.apkg")
    loaded = read_file(package)
    data_dir = tmp_path / "library"
    with Library.open(data_dir) as lib:
        old = _legacy(loaded.decks[0])
        lib.import_deck(old)
        import_into(lib, old.id, loaded.history[old.id], utcnow())
        before = (lib.progress(old.id), lib.reviews(old.id))
        old_ids = [c.id for c in old.cards]
    out = _cli(data_dir, "import", "--replace", str(package))
    assert "0 new" in out and "1 card already studied here: progress kept" in out
    with Library.open(data_dir) as lib:
        deck = lib.deck(old.id)
        assert len(deck.cards) == 3 and [c.id for c in deck.study_cards] == old_ids
        assert (lib.progress(old.id), lib.reviews(old.id)) == before  # nothing twice
        assert lib.card_ids(old.id) == old_ids
