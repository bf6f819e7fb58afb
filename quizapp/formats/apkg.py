"""Anki packages (.apkg, .colpkg): read in full, written back as the notes they were.

Reading: the package is a zip holding the collection as SQLite: `collection.anki21b`
(zstd-compressed, Anki 2.1.50+), else `collection.anki21`, else `collection.anki2`, looked
for in that order because current packages also carry a dummy `collection.anki2` that only
says "please update". No member is ever extracted by name: the chosen one is streamed, with
a size cap (and a bounded zstd window), into a temp file we name, and opened through
sqlite_guard (read-only, no views or triggers, every query bounded). Each Anki deck
(subdecks keep their `A::B` names) with cards becomes a deck:
- every card of a note is one card, its sides given by its template: Basic is one
  flashcard, "Basic (and reversed card)" two (the reverse with id `<id>-card2`), "Basic
  (optional reversed card)" two when Anki made the reverse, "type in the answer" one;
  custom notetypes the same way, and fields on neither side are kept in the explanation
  ("Field: text", shown on reveal);
- Cloze -> one cloze card (its history from the note's most reviewed card); a nested
  gap `{{c1::a {{c2::b}} c}}` is flattened into the outer one, with a warning;
  image occlusion notes are left out;
- HTML becomes text (`<sup>2</sup>` as ², `<sub>2</sub>` as ₂), `[sound:]` and images
  dropped, media files listed as not imported;
- each card keeps its note (GUID, notetype, fields: see model/anki_origin.py) so the
  export gives the note back; card ids come from the GUID, so importing again updates;
- the review log (learning, review, relearning and filtered reviews) and suspended and
  buried cards come back as `Loaded.history`, which the importer turns into FSRS state;
- a package quizapp wrote carries each card whole in a hidden `quizapp` field: it comes
  back with the same deck id, card ids and kinds.
Each note that cannot be used is left out with its note id and reason.

Writing is in `apkg_write.py`.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from pathlib import Path

import zstandard

from quizapp.bulk import collecting_later
from quizapp.formats import Format, Loaded
from quizapp.formats.apkg_collection import Refused
from quizapp.formats.apkg_notes import NoteReader
from quizapp.formats.apkg_write import dumps_apkg, losses
from quizapp.formats.apkg_zip import fail, media_files, open_collection


def read_apkg(path: Path) -> Loaded:
    with collecting_later():  # tens of thousands of records, no cycles: quizapp/bulk.py
        return _read_apkg(path)


def _read_apkg(path: Path) -> Loaded:
    file = str(path)
    try:
        with zipfile.ZipFile(path) as zf, tempfile.TemporaryDirectory() as folder:
            names = set(zf.namelist())
            col = open_collection(zf, names, Path(folder), file)
            images, left = media_files(zf, names, file)
    except Refused as why:
        raise fail(file, f"is refused: {why}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError):
        raise fail(file, "is not an Anki package (.apkg): not a readable zip file") from None
    except zstandard.ZstdError as error:
        raise fail(
            file, f"is not an Anki package: its collection does not unpack ({error})"
        ) from None
    except RecursionError:
        raise fail(
            file, "is not a valid Anki package: its notetypes are nested too deeply"
        ) from None
    except (sqlite3.Error, ValueError, TypeError, KeyError, AttributeError) as error:
        raise fail(
            file, f"is not a valid Anki package: its collection is damaged ({error})"
        ) from None
    except OSError as error:
        raise fail(file, f"cannot be read: {error.strerror or error}") from None
    reader = NoteReader(col, file, path.stem or "Anki", images)
    for note in col.notes:
        reader.note(note)
    if left:
        shown = ", ".join(sorted(left)[:10]) + (", ..." if len(left) > 10 else "")
        reader.skipped.append(
            f"{len(left)} media files not imported (sounds, other files, or too large): {shown}"
        )
    loaded = reader.loaded()
    if not loaded.decks:
        raise fail(
            file,
            "holds no notes quizapp can use"
            + (f" ({len(reader.skipped)} left out: {reader.skipped[0]})" if reader.skipped else ""),
        )
    return loaded


def _sniff(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") and (b"collection.anki2" in head or b"meta" in head)


FORMATS = (
    Format(
        "apkg",
        (".apkg", ".colpkg"),
        read_apkg,
        dumps_apkg,
        _sniff,
        "Anki package",
        losses=losses,
    ),
)

__all__ = ["FORMATS", "dumps_apkg", "losses", "read_apkg"]
