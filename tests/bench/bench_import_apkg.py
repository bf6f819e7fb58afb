"""Importing a 10k-note Anki package with its review history: quizapp against Anki itself.

- the package is built by Anki (PyPI `anki`): 10,000 Basic notes, a third of them with
  three reviews each in the log, exported with scheduling;
- quizapp: `read_file` (zip, guarded SQLite, notes to cards with their Anki notes kept,
  validation) plus turning the history into FSRS state (`study.imported.import_histories`),
  i.e. everything but writing the library;
- Anki: `Collection.import_anki_package` of the same package into a fresh collection
  (creating the collection is not timed).

Run: .venv/bin/python tests/bench/bench_import_apkg.py [--notes 10000] [--runs 3]
It prints the median of each and the ratio; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from quizapp.formats import read_file
from quizapp.model import StudySettings
from quizapp.study.imported import import_histories

DAY_MS = 86_400_000


def make_package(folder: Path, notes: int) -> Path:
    from anki.collection import Collection, ExportAnkiPackageOptions

    col = Collection(str(folder / "source.anki2"))
    try:
        deck_id = col.decks.id("Bench")
        basic = col.models.by_name("Basic")
        for i in range(notes):
            note = col.new_note(basic)
            note.fields[0] = f"What is the capital of country number {i}, in a few words?"
            note.fields[1] = f"City {i}, on the <b>river</b> {i % 97}"
            note.tags = ["geo", f"set{i % 20}"]
            col.add_note(note, deck_id)
        card_ids = col.find_cards("")[: notes // 3]
        start = int(time.time() * 1000) - 30 * DAY_MS
        rows = [
            (start + n * 10 + r * 5 * DAY_MS, cid, -1, 3, r + 1, r, 2500, 4000, 1)
            for n, cid in enumerate(card_ids)
            for r in range(3)
        ]
        col.db.executemany("insert into revlog values (?,?,?,?,?,?,?,?,?)", rows)
        out = folder / "bench.apkg"
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False
            ),
            limit=None,
        )
        return out
    finally:
        col.close()


def time_ours(path: Path, runs: int) -> tuple[float, int, int]:
    times, cards, reviews = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        loaded = read_file(path)
        now = datetime.now(UTC)
        for deck in loaded.decks:
            _, entries = import_histories(
                deck.id, loaded.history.get(deck.id, []), StudySettings(), now
            )
            reviews = len(entries)
        times.append(time.perf_counter() - start)
        cards = sum(len(d.cards) for d in loaded.decks)
    return statistics.median(times), cards, reviews


def time_anki(path: Path, runs: int, folder: Path) -> tuple[float, int]:
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    times, count = [], 0
    for run in range(runs):
        col = Collection(str(folder / f"anki{run}.anki2"))
        try:
            start = time.perf_counter()
            col.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)
                )
            )
            times.append(time.perf_counter() - start)
            count = col.note_count()
        finally:
            col.close()
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = make_package(folder, args.notes)
        size = path.stat().st_size
        ours, cards, reviews = time_ours(path, args.runs)
        anki, notes = time_anki(path, args.runs, folder)
    print(f".apkg of {args.notes} notes, {size / 2**20:.1f} MiB")
    print(f"quizapp read + history to FSRS: {ours * 1000:8.1f} ms  ({cards} cards, ", end="")
    print(f"{reviews} reviews)")
    print(f"Anki import_anki_package:       {anki * 1000:8.1f} ms  ({notes} notes)")
    print(f"ratio quizapp / Anki:           {ours / anki:8.2f}")


if __name__ == "__main__":
    main()
