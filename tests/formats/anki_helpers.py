"""Real Anki collections and packages, built with the `anki` package for the tests."""

from __future__ import annotations

from pathlib import Path

from anki.collection import (
    Collection,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

NOTES = [
    ("Basic", ["France<br>capital?", "Paris &amp; <b>more</b> [sound:x.mp3]"]),
    ("Basic (and reversed card)", ["Spain", "<div>Madrid</div><div>on the Manzanares</div>"]),
    ("Basic (optional reversed card)", ["Italy", "Rome"]),
    ("Cloze", ["{{c1::Berlin}} is the capital of {{c2::Germany}}", "extra &lt;info&gt;"]),
]


def build_package(folder: Path, legacy: bool) -> Path:
    """An .apkg made by Anki itself: four usable notes, one image-only note, one media file."""
    col = Collection(str(folder / "source.anki2"))
    try:
        deck_id = col.decks.id("Geo::Europe")
        for name, fields in NOTES:
            note = col.new_note(col.models.by_name(name))
            for index, value in enumerate(fields):
                note.fields[index] = value
            note.tags = ["geo", "eu::west"]
            col.add_note(note, deck_id)
        picture = folder / "pic.jpg"
        picture.write_bytes(b"\xff\xd8 not really a jpeg")
        stored = col.media.add_file(str(picture))
        note = col.new_note(col.models.by_name("Basic"))
        note.fields[0] = f'<img src="{stored}">'
        note.fields[1] = "a picture"
        col.add_note(note, deck_id)
        out = folder / ("legacy.apkg" if legacy else "current.apkg")
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
            ),
            limit=None,
        )
        return out
    finally:
        col.close()


def import_into_fresh_collection(package: Path, folder: Path) -> list[dict[str, object]]:
    """Import a package into a new Anki collection; each note as its notetype, fields, tags."""
    col = Collection(str(folder / "fresh.anki2"))
    try:
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(with_scheduling=False),
            )
        )
        notes = []
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            notes.append(
                {
                    "notetype": note.note_type()["name"],
                    "fields": list(note.fields),
                    "tags": list(note.tags),
                    "guid": note.guid,
                    "deck": col.decks.name(note.cards()[0].did),
                }
            )
        return notes
    finally:
        col.close()
