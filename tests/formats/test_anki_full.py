"""Migrating from Anki without loss: a student's collection in, their schedule kept, and
the notes given back to the same Anki collection as updates, not duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner

from quizapp.cli import cli
from quizapp.formats import read_file
from quizapp.model import CardState
from quizapp.store import Library
from tests.formats.anki_full import build_student_collection, export_package


@pytest.fixture
def student(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    collection, ids = build_student_collection(tmp_path)
    return collection, export_package(collection, tmp_path / "student.apkg"), ids


def _cli(data_dir: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_card_and_field_comes_in(student: tuple[Path, Path, dict[str, int]]) -> None:
    loaded = read_file(student[1])
    decks = {d.title: d for d in loaded.decks}
    assert set(decks) == {"Lang::French", "Physics"}
    # a reversed note is one flashcard with `reverse`, studied as its two Anki cards
    french = {c.prompt: c for c in decks["Lang::French"].study_cards}
    assert french["chien"].answer_text == "dog" and french["dog"].answer_text == "chien"
    assert french["dog"].id == french["chien"].id + "-card2"
    assert french["chien"].reverse and french["oiseau"].reverse  # type: ignore[union-attr]
    assert len(decks["Lang::French"].cards) == len(french) - 2
    assert french["bird"].answer_text == "oiseau"  # the optional reverse Anki made
    assert french["bird"].explanation == ""  # "Add Reverse" is a switch, not content
    assert "fish" not in french  # ... and the one it did not
    assert not french["poisson"].reverse  # type: ignore[union-attr]
    assert french["cheval"].back == "horse"  # type-in: the answer box is not the front
    vocab = french["maison"]
    assert vocab.back == "house"
    # fields 3+ of a custom notetype: the card's extra, shown with the back on reveal
    assert vocab.extra == "Example: La maison est grande.\nSource: Lesson 3"
    assert vocab.explanation == ""
    assert french["chat"].tags == ("fr::animals",)
    physics = {c.kind: c for c in decks["Physics"].cards}
    assert physics["flashcard"].back == "E = mc², water is H₂O"
    assert physics["cloze"].text == "{{c1::Paris France capital}} is big"
    assert any("nested cloze gaps flattened" in s for s in loaded.skipped)
    assert all(c.anki is not None and c.anki.guid for d in loaded.decks for c in d.cards)


def test_the_schedule_comes_with_the_cards(
    student: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    data_dir = tmp_path / "library"
    out = _cli(data_dir, "import", str(student[1]))
    assert "history: 2 reviews of 1 card imported" in out and "1 suspended, 1 buried" in out
    with Library.open(data_dir) as lib:
        deck = lib.deck("lang-french")
        by_prompt = {c.prompt: c.id for c in deck.cards}
        progress = lib.progress("lang-french")
        studied = progress[by_prompt["chat"]]
        assert studied.state is not CardState.new and studied.reps == 2
        assert studied.fsrs is not None and studied.due is not None
        assert [r.rating for r in lib.reviews("lang-french")] == [3, 3]
        assert progress[by_prompt["lune"]].suspended
        assert progress[by_prompt["soleil"]].buried_until is not None
    # importing again neither duplicates the reviews nor resets what was studied here
    out = _cli(data_dir, "import", "--replace", str(student[1]))
    with Library.open(data_dir) as lib:
        assert len(lib.reviews("lang-french")) == 2


def test_back_into_the_same_anki_collection_updates_every_note(
    student: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    collection, package, ids = student
    data_dir = tmp_path / "library"
    _cli(data_dir, "import", str(package))
    with Library.open(data_dir) as lib:  # the student fixes a card in quizapp
        deck = lib.deck("lang-french")
        cards = [c.model_copy(update={"back": "cat (le chat)"}) if c.prompt == "chat" else c
                 for c in deck.cards]
        lib.save_deck(deck.model_copy(update={"cards": tuple(cards)}))
    col = Collection(str(collection))
    try:
        before = col.note_count()
        col.db.execute("update notes set mod = mod - 1000")  # the export comes later
        updated = new = 0
        for deck_id in ("lang-french", "physics"):
            out = tmp_path / f"{deck_id}.apkg"
            _cli(data_dir, "export", deck_id, "--format", "apkg", "-o", str(out))
            log = col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(out), options=ImportAnkiPackageOptions(with_scheduling=False)
                )
            ).log
            assert not log.conflicting and not log.duplicate
            updated, new = updated + len(log.updated), new + len(log.new)
        assert (new, updated, col.note_count()) == (0, before, before)
        assert col.get_note(ids["basic"]).fields == ["chat", "cat (le chat)"]
        energy = col.get_note(ids["energy"])
        assert energy.fields[1] == "E = mc<sup>2</sup>, water is H<sub>2</sub>O"  # as Anki had it
        assert col.get_note(ids["vocab"]).fields[2] == "La maison est grande."
    finally:
        col.close()


def test_each_skip_is_said_once_under_its_deck(
    student: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    out = _cli(tmp_path / "library", "import", str(student[1]))
    french, physics = out.split("Physics (physics)")
    assert "nested cloze" in physics and "nested cloze" not in french
    assert out.count("nested cloze gaps flattened") == 1


def test_images_are_kept_in_the_library_and_given_back(
    student: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    import hashlib

    package = student[1]
    loaded = read_file(package)
    card = next(c for d in loaded.decks for c in d.cards if c.prompt == "Which animal?")
    name = hashlib.sha256(b"\x89PNG\r\n\x1a\n a small cat").hexdigest() + ".png"
    assert card.media == (name,) and card.back == "a cat"
    assert loaded.media == {name: b"\x89PNG\r\n\x1a\n a small cat"}
    assert any("not imported" in s and "meow.mp3" in s for s in loaded.skipped)
    data_dir = tmp_path / "library"
    _cli(data_dir, "import", str(package))
    assert (data_dir / "media" / name).read_bytes() == loaded.media[name]
    out = tmp_path / "back.apkg"
    _cli(data_dir, "export", "lang-french", "--format", "apkg", "-o", str(out))
    col = Collection(str(tmp_path / "fresh.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(out), options=ImportAnkiPackageOptions(with_scheduling=False)))
        note = col.get_note(col.find_notes('"Which animal?"')[0])
        assert f'src="{name}"' in note.fields[1]
        assert (Path(col.media.dir()) / name).read_bytes() == loaded.media[name]
    finally:
        col.close()


def test_an_older_package_gives_the_same(
    student: tuple[Path, Path, dict[str, int]], tmp_path: Path
) -> None:
    legacy = export_package(student[0], tmp_path / "legacy.apkg", legacy=True)
    current, older = read_file(student[1]), read_file(legacy)
    assert [d.cards for d in older.decks] == [d.cards for d in current.decks]
    assert older.history == current.history and older.media == current.media
