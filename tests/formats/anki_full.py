"""A student's real Anki collection, built with the `anki` package: every note type the
importer handles, reviews answered through Anki's own scheduler, suspension, burial,
subdecks, <sup>/<sub>, a nested cloze and a custom three-field notetype."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions

DAY_MS = 86_400_000


def _custom_notetype(col: Collection) -> dict[str, object]:
    models = col.models
    vocab = models.new("Vocab")
    for name in ("Word", "Meaning", "Example", "Source"):
        models.add_field(vocab, models.new_field(name))
    template = models.new_template("Recognise")
    template["qfmt"] = "{{Word}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Meaning}}"
    models.add_template(vocab, template)
    models.add(vocab)
    return models.by_name("Vocab")


def build_student_collection(folder: Path) -> tuple[Path, dict[str, int]]:
    """The collection file and the ids of its notes by a short name."""
    col = Collection(str(folder / "student.anki2"))
    try:
        french = col.decks.id("Lang::French")
        physics = col.decks.id("Physics")
        vocab = _custom_notetype(col)
        notes = {
            "basic": ("Basic", ["chat", "cat"], french),
            "reversed": ("Basic (and reversed card)", ["chien", "dog"], french),
            "optional": ("Basic (optional reversed card)", ["oiseau", "bird", "y"], french),
            "optional-no": ("Basic (optional reversed card)", ["poisson", "fish", ""], french),
            "typed": ("Basic (type in the answer)", ["cheval", "horse"], french),
            "vocab": ("Vocab", ["maison", "house", "La maison est grande.", "Lesson 3"], french),
            "energy": ("Basic", ["Energy?", "E = mc<sup>2</sup>, water is H<sub>2</sub>O"],
                       physics),
            "cloze": ("Cloze", ["{{c1::Paris {{c2::France}} capital}} is big", "extra"],
                      physics),
            "suspended": ("Basic", ["lune", "moon"], french),
            "buried": ("Basic", ["soleil", "sun"], french),
            "picture": (
                "Basic", ["Which animal?", 'a cat <img src="cat.png">[sound:meow.mp3]'], french
            ),
        }
        picture = folder / "cat.png"
        picture.write_bytes(b"\x89PNG\r\n\x1a\n a small cat")
        col.media.add_file(str(picture))
        (folder / "meow.mp3").write_bytes(b"ID3 not a song")
        col.media.add_file(str(folder / "meow.mp3"))
        ids: dict[str, int] = {}
        for key, (kind, fields, deck_id) in notes.items():
            model = vocab if kind == "Vocab" else col.models.by_name(kind)
            note = col.new_note(model)
            for index, value in enumerate(fields):
                note.fields[index] = value
            note.tags = ["fr::animals"] if deck_id == french else ["science"]
            col.add_note(note, deck_id)
            ids[key] = note.id
        # Study the French basic card for real: Anki's scheduler writes the review log.
        col.decks.select(french)
        basic_card = col.get_note(ids["basic"]).cards()[0]
        for ease in (3, 3):
            card = col.get_card(basic_card.id)
            card.start_timer()
            col.sched.answerCard(card, ease)
        # Spread those reviews over past days, as a real student's log is.
        col.db.execute(f"update revlog set id = id - {10 * DAY_MS} where cid = ?", basic_card.id)
        col.sched.suspend_cards([col.get_note(ids["suspended"]).cards()[0].id])
        col.sched.bury_cards([col.get_note(ids["buried"]).cards()[0].id])
        return Path(col.path), ids
    finally:
        col.close()


def export_package(collection: Path, out: Path, legacy: bool = False) -> Path:
    col = Collection(str(collection))
    try:
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=legacy
            ),
            limit=None,
        )
        return out
    finally:
        col.close()
