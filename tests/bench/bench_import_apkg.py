"""Importing a 10k-note Anki package with its review history and media: quizapp against
Anki itself, the same file and the same work on both sides.

- the package is built by Anki (PyPI `anki`): 10,000 Basic notes (every tenth a "Basic
  (and reversed card)", so 11,000 cards), a third of the cards with three reviews each in
  the log, 100 notes with an image; exported with scheduling and media;
- quizapp: what `quizapp import` does, into a fresh library: read the package (zip,
  guarded SQLite, notes to cards with their Anki notes kept, validation), keep its images
  (`store.media.keep_media`), write the deck (`Library.import_deck`) and turn the history
  into FSRS state written with it (`study.imported.import_into`);
- Anki: `Collection.import_anki_package` of the same package into a fresh collection,
  with scheduling (its notes, cards, review log and media written).
Opening the fresh library / collection is not timed on either side. The runs alternate
(quizapp, Anki, quizapp, ...) so that a busy machine slows both alike.

It also prints the floor of quizapp's stack: the steps any import into it must take,
each timed alone on the same package (the collection read out of its zip and SQLite; the
cards validated by the model, in one pydantic call; the deck's JSON, written by pydantic
in Rust; the FSRS replay of the history, in fsrs-rs; the progress and log documents;
the deck file written and fsync'd). Their sum against Anki's median says how close to
Anki an import can come without leaving pydantic's validation or TinyDB's JSON files.

Run: .venv/bin/python tests/bench/bench_import_apkg.py [--notes 10000] [--runs 7]
It prints median, p99 and max of each and their ratios; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import TypeVar

DAY_MS = 86_400_000
T = TypeVar("T")
IMAGES = 100


def make_package(folder: Path, notes: int) -> Path:
    from anki.collection import Collection, ExportAnkiPackageOptions

    col = Collection(str(folder / "source.anki2"))
    try:
        deck_id = col.decks.id("Bench")
        basic = col.models.by_name("Basic")
        reversed_ = col.models.by_name("Basic (and reversed card)")
        for i in range(notes):
            note = col.new_note(reversed_ if i % 10 == 0 else basic)
            note.fields[0] = f"What is the capital of country number {i}, in a few words?"
            note.fields[1] = f"City {i}, on the <b>river</b> {i % 97}"
            if i < IMAGES:
                picture = folder / f"map{i}.png"
                picture.write_bytes(b"\x89PNG\r\n\x1a\n" + i.to_bytes(4, "big") * 256)
                stored = col.media.add_file(str(picture))
                note.fields[1] += f'<br><img src="{stored}">'
            note.tags = ["geo", f"set{i % 20}"]
            col.add_note(note, deck_id)
        card_ids = col.find_cards("")
        studied = card_ids[: len(card_ids) // 3]
        start = int(time.time() * 1000) - 30 * DAY_MS
        rows = [
            (start + n * 10 + r * 5 * DAY_MS, cid, -1, 3, r + 1, r, 2500, 4000, 1)
            for n, cid in enumerate(studied)
            for r in range(3)
        ]
        col.db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", rows)
        out = folder / "bench.apkg"
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=True, legacy=False
            ),
            limit=None,
        )
        return out
    finally:
        col.close()


PHASES = ("read the package", "keep its images", "write the deck", "history to FSRS + write")


def run_ours(path: Path, folder: Path, phases: list[list[float]]) -> tuple[float, int, int, int]:
    """One import into a fresh library: seconds, cards, reviews, images kept (and the time
    of each of PHASES appended to `phases`)."""
    from quizapp.formats import read_file
    from quizapp.store import Library
    from quizapp.store.media import keep_media
    from quizapp.study.imported import import_into

    lib = Library.open(folder)
    try:
        marks = [time.perf_counter()]
        loaded = read_file(path)
        marks.append(time.perf_counter())
        images = keep_media(lib.data_dir, loaded.media)
        marks.append(time.perf_counter())
        now = datetime.now(UTC)
        for deck in loaded.decks:
            lib.import_deck(deck, skipped=loaded.skips_for(deck.id), backup=False)
        marks.append(time.perf_counter())
        for deck in loaded.decks:
            import_into(lib, deck.id, loaded.history.get(deck.id, []), now)
        marks.append(time.perf_counter())
        seconds = marks[-1] - marks[0]
        phases.append([b - a for a, b in pairwise(marks)])
        cards = sum(len(lib.card_ids(d.id)) for d in loaded.decks)
        reviews = len(lib.reviews())
    finally:
        lib.close()
    return seconds, cards, reviews, images


def floor_steps(path: Path, folder: Path) -> dict[str, float]:
    """Seconds of each step any import into quizapp's stack takes (see the docstring)."""
    import os
    import zipfile

    from quizapp.bulk import collecting_later
    from quizapp.files import atomic_write_bytes
    from quizapp.formats.apkg_notes import NoteReader
    from quizapp.formats.apkg_zip import open_collection
    from quizapp.formats.lenient import _list_adapter
    from quizapp.model import StudySettings
    from quizapp.store.records import _bulk_dump
    from quizapp.study.imported import import_histories
    from quizapp.study.replay import fsrs_card_id, replay_many, sorted_reviews
    from quizapp.study.scheduling import scheduler_for

    steps: dict[str, float] = {}

    def timed(name: str, work: Callable[[], T]) -> T:
        with collecting_later():  # as the import holds the cyclic GC (quizapp/bulk.py)
            start = time.perf_counter()
            result = work()
            steps[name] = time.perf_counter() - start
        return result

    scratch = folder / "floor"
    scratch.mkdir(exist_ok=True)
    with zipfile.ZipFile(path) as zf:
        col = timed("collection out of zip + SQLite", lambda: open_collection(
            zf, set(zf.namelist()), scratch, str(path)))
    reader = NoteReader(col, str(path), "Bench", {})
    for note in col.notes:
        reader.note(note)
    raw = [card for _, cards, _ in reader.decks.values() for card in cards]
    timed("cards validated (pydantic)", lambda: _list_adapter().validate_python(raw))
    deck = reader.loaded().decks[0]
    data = timed("deck JSON (pydantic)", lambda: deck.model_dump_json(exclude_defaults=True))
    histories = reader.loaded().history[deck.id]
    settings = StudySettings()
    scheduler = scheduler_for(settings, fuzz=False)
    replayed = [h for h in histories if h.reviews]
    logs = [sorted_reviews(h) for h in replayed]
    ids = [fsrs_card_id(deck.id, h.card_id) for h in replayed]
    timed("FSRS replay (fsrs-rs)", lambda: replay_many(scheduler, logs, ids))
    now = datetime.now(UTC)
    progress, reviews = import_histories(deck.id, histories, settings, now)
    timed("progress + log documents", lambda: _bulk_dump(progress, reviews))
    timed("deck file written + fsync", lambda: atomic_write_bytes(
        scratch / "deck.json", data.encode()))
    os.sync()
    return steps


def run_anki(path: Path, folder: Path) -> tuple[float, int, int, int]:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    try:
        start = time.perf_counter()
        col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)
            )
        )
        seconds = time.perf_counter() - start
        reviews = col.db.scalar("select count() from revlog")
        images = len(list(Path(col.media.dir()).iterdir()))
        return seconds, col.card_count(), reviews, images
    finally:
        col.close()


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = make_package(folder, args.notes)
        size = path.stat().st_size
        ours: list[float] = []
        anki: list[float] = []
        phases: list[list[float]] = []
        floor: dict[str, list[float]] = {}
        for run in range(args.runs):  # interleaved
            seconds, cards, reviews, images = run_ours(path, folder / f"lib{run}", phases)
            ours.append(seconds)
            a_seconds, a_cards, a_reviews, a_images = run_anki(path, folder / f"anki{run}")
            anki.append(a_seconds)
            for label, seconds in floor_steps(path, folder).items():
                floor.setdefault(label, []).append(seconds)
    print(f".apkg of {args.notes} notes, {size / 2**20:.1f} MiB, {args.runs} runs each, alternated")
    print(f"quizapp: {cards} cards, {reviews} reviews, {images} images")
    print(f"Anki:    {a_cards} cards, {a_reviews} reviews, {a_images} images")
    print(f"{'':10}{'median':>10}{'p99':>10}{'max':>10}   (ms)")
    rows = (("quizapp", ours), ("Anki", anki))
    for label, times in rows:
        figures = (statistics.median(times), _p99(times), max(times))
        print(f"{label:10}" + "".join(f"{t * 1000:10.1f}" for t in figures))
    ratios = (
        statistics.median(ours) / statistics.median(anki),
        _p99(ours) / _p99(anki),
        max(ours) / max(anki),
    )
    print(f"{'ratio':10}" + "".join(f"{r:10.2f}" for r in ratios))
    print("quizapp by phase (median ms):")
    for index, label in enumerate(PHASES):
        print(f"  {label:26}{statistics.median(p[index] for p in phases) * 1000:10.1f}")
    print("the floor of quizapp's stack, each step alone (median ms):")
    for label, seconds in floor.items():
        print(f"  {label:32}{statistics.median(seconds) * 1000:8.1f}")
    least = sum(statistics.median(seconds) for seconds in floor.values())
    anki_ratio = least / statistics.median(anki)
    print(f"  {'sum':32}{least * 1000:8.1f}  = {anki_ratio:.2f}x Anki's median")


if __name__ == "__main__":
    main()
