"""Importing a 10k-card CSV: quizapp's reader against Anki's own CSV import.

- quizapp: `quizapp.formats.read_file` on the file: decode, Anki header lines, separator
  sniffing, CSV parsing, stable ids, and full validation of the deck by `parse_deck`;
- Anki (PyPI `anki`): `Collection.get_csv_metadata` + `Collection.import_csv` of the same
  file into a fresh collection (creating the collection is not timed).

Run: .venv/bin/python tests/bench/bench_import.py [--cards 10000] [--runs 5]
It prints the median of each and the ratio; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from quizapp.formats import read_file
from quizapp.formats.csv_text import dumps_csv
from quizapp.model import Deck


def make_csv(path: Path, cards: int) -> None:
    deck = Deck.model_validate(
        {
            "id": "bench",
            "title": "Bench",
            "cards": [
                {
                    "id": f"c{i}",
                    "kind": "flashcard",
                    "front": f"What is the capital of country number {i}, in a few words?",
                    "back": f"City {i}, on the river {i % 97}, founded in year {1000 + i % 900}",
                    "tags": ["geo", f"set{i % 20}"],
                }
                for i in range(cards)
            ],
        }
    )
    path.write_text(dumps_csv(deck), "utf-8")


def time_ours(path: Path, runs: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        loaded = read_file(path)
        times.append(time.perf_counter() - start)
        count = sum(len(d.cards) for d in loaded.decks)
    return statistics.median(times), count


def time_anki(path: Path, runs: int, folder: Path) -> tuple[float, int]:
    from anki.collection import Collection, ImportCsvRequest

    times, count = [], 0
    for run in range(runs):
        col = Collection(str(folder / f"anki{run}.anki2"))
        try:
            start = time.perf_counter()
            metadata = col.get_csv_metadata(str(path), delimiter=None)
            metadata.tags_column = 3
            col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))
            times.append(time.perf_counter() - start)
            count = col.note_count()
        finally:
            col.close()
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "bench.csv"
        make_csv(path, args.cards)
        size = path.stat().st_size
        ours, our_count = time_ours(path, args.runs)
        anki, anki_count = time_anki(path, max(1, args.runs // 2 + 1), folder)
    print(f"CSV of {args.cards} cards, {size / 2**20:.1f} MiB")
    print(f"quizapp read_file + parse_deck: {ours * 1000:8.1f} ms  ({our_count} cards)")
    print(f"Anki import_csv:                {anki * 1000:8.1f} ms  ({anki_count} notes)")
    print(f"ratio quizapp / Anki:           {ours / anki:8.2f}")


if __name__ == "__main__":
    main()
