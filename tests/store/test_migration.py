"""Schema 1 (one progress.json snapshot + a journal of bare lines) to schema 2 (parts and a
manifest): nothing lost, a backup first, and a kill -9 at any moment leaves a library that
opens with everything in it."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.store import Library, list_backups
from quizapp.store.decks import summary_doc, write_deck_file
from tests.conftest import REPO, make_deck


def write_v1_library(data_dir: Path, cards: int, journal_answers: int = 3) -> None:
    """A library as quizapp 0.1 (schema 1) left it: every card studied once."""
    deck = make_deck("old", n=cards)
    data_dir.mkdir(parents=True)
    (data_dir / "decks").mkdir()
    content = write_deck_file(data_dir / "decks" / "old.json", deck)
    library = {
        "meta": {"1": {"schema_version": 1}},
        "decks": {"1": summary_doc(deck, content, {}, "user")},
    }
    (data_dir / "library.json").write_text(json.dumps(library))
    start = datetime(2026, 1, 1, tzinfo=UTC)
    progress, reviews = {}, {}
    for i in range(cards):
        progress[str(i + 1)] = {
            "_group": "old", "_key": f"c{i}", "state": "review", "reps": 1,
            "due": (start + timedelta(days=3)).isoformat(),
        }
        reviews[str(i + 1)] = {
            "_id": i + 1, "deck_id": "old", "card_id": f"c{i}", "rating": 3,
            "at": (start + timedelta(seconds=i)).isoformat(), "duration_ms": i,
            "state_before": "new", "state_after": "review",
        }
    snapshot = {
        "_snapshot": {"1": {"seq": cards, "keyed": ["progress", "settings"]}},
        "progress": progress,
        "settings": {"1": {"_group": "old", "_key": "study", "new_per_day": 7}},
        "reviews": reviews,
    }
    (data_dir / "progress.json").write_text(json.dumps(snapshot))
    lines = []
    for n in range(journal_answers):
        seq = cards + n + 1
        review = {**reviews["1"], "_id": seq, "duration_ms": 10_000_000 + n}
        lines.append(json.dumps({"seq": seq, "ops": [["append", "reviews", review]]}))
    (data_dir / "journal.jsonl").write_text("".join(line + "\n" for line in lines))


def check_everything_is_there(data_dir: Path, cards: int, journal_answers: int = 3) -> None:
    with Library.open(data_dir) as lib:
        reviews = lib.reviews("old")
        assert len(reviews) == cards + journal_answers
        assert [r.duration_ms for r in reviews[-journal_answers:]] == [
            10_000_000 + n for n in range(journal_answers)
        ]
        progress = lib.progress("old")
        assert len(progress) == cards and progress["c0"].reps == 1
        assert lib.settings("old").new_per_day == 7
        assert lib.deck("old").card("c0").id == "c0"


def test_a_schema_1_library_is_migrated_with_a_backup_first(data_dir: Path) -> None:
    write_v1_library(data_dir, cards=50)
    check_everything_is_there(data_dir, cards=50)
    (backup,) = list_backups(data_dir)
    assert backup.name.endswith("before-migration-1")
    assert (backup / "progress.json").exists()
    assert not (data_dir / "progress.json").exists()  # the old layout is gone once done
    assert json.loads((data_dir / "library.json").read_text())["meta"]["1"] == {
        "schema_version": 2
    }
    check_everything_is_there(data_dir, cards=50)  # and it opens again as schema 2


OPEN = "import sys; from pathlib import Path; from quizapp.store import Library; " \
       "print('open', flush=True); Library.open(Path(sys.argv[1])).close(); print('done')"


@pytest.mark.parametrize("trial", range(6))
def test_a_kill_during_migration_leaves_the_old_or_the_new_library(
    tmp_path: Path, trial: int
) -> None:
    cards = 20_000
    template = tmp_path.parent / f"v1-template-{cards}"
    if not template.exists():
        write_v1_library(template, cards=cards)
    data_dir = tmp_path / "library"
    shutil.copytree(template, data_dir)
    process = subprocess.Popen(
        [sys.executable, "-c", OPEN, str(data_dir)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "open\n"
    time.sleep(random.Random(trial).uniform(0.0, 1.5))  # a moment to kill at, not a wait
    process.send_signal(signal.SIGKILL)
    process.wait()
    check_everything_is_there(data_dir, cards=cards)
