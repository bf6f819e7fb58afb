"""The bulk replay of an imported Anki log (study/replay.py, memory states from fsrs-rs)
gives what py-fsrs' `review_card` gives card by card: the same states, steps, due dates
and log entries, stability and difficulty within f32's precision."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from anki.collection import Collection

from quizapp.formats import read_file
from quizapp.model import StudySettings
from quizapp.study.imported import import_histories, progress_from_history
from tests.formats.anki_full import DAY_MS, export_package
from tests.test_imported_replay import assert_same_progress

_GAPS_MS = (60_000, 600_000, 5 * 3_600_000, 20 * 3_600_000, DAY_MS + 7_200_000, 3 * DAY_MS,
            9 * DAY_MS, 40 * DAY_MS)


def _studied_collection(folder: Path, notes: int) -> Path:
    """Notes answered through Anki's own scheduler (its review log, learning, review and
    relearning rows), each card's answers then spread over past days as a student's are."""
    rng = random.Random(13)
    col = Collection(str(folder / "studied.anki2"))
    try:
        deck_id = col.decks.id("Studied")
        col.decks.select(deck_id)
        for i in range(notes):
            note = col.new_note(col.models.by_name("Basic"))
            note.fields[0], note.fields[1] = f"question {i}", f"answer {i}"
            col.add_note(note, deck_id)
        for card_id in col.find_cards(""):
            for _ in range(rng.randint(1, 9)):
                card = col.get_card(card_id)
                card.start_timer()
                col.sched.answerCard(card, rng.choice((1, 2, 3, 3, 3, 4)))
        start = int(datetime(2025, 1, 6, tzinfo=UTC).timestamp() * 1000)
        rows = col.db.all("select id, cid from revlog order by cid, id")
        moved, at, last_card = [], start, None
        for review_id, card_id in rows:
            at = start + rng.randrange(DAY_MS) if card_id != last_card else at
            at += rng.choice(_GAPS_MS) if card_id == last_card else 0
            moved.append((at * 1000 + len(moved) % 1000, review_id))  # ids stay unique
            last_card = card_id
        col.db.executemany("update revlog set id = ? where id = ?", moved)
        col.db.execute("update revlog set id = id / 1000")
        return Path(col.path)
    finally:
        col.close()


def test_the_bulk_replay_of_an_anki_log_is_py_fsrs_card_by_card(tmp_path: Path) -> None:
    package = export_package(_studied_collection(tmp_path, 120), tmp_path / "studied.apkg")
    loaded = read_file(package)
    (deck,) = loaded.decks
    histories = loaded.history[deck.id]
    assert len(histories) == 120 and sum(len(h.reviews) for h in histories) > 400
    now = datetime(2025, 6, 1, tzinfo=UTC)
    for study in (StudySettings(), StudySettings(desired_retention=0.85,
                                                 learning_steps_minutes=(5.0,))):
        many, log = import_histories(deck.id, histories, study, now)
        expected_log = []
        for history, bulk in zip(histories, many, strict=True):
            exact, entries = progress_from_history(deck.id, history, study, now)
            assert_same_progress(bulk, exact)
            expected_log += entries
        assert log == expected_log
        assert {e.state_after.value for e in log} >= {"learning", "review", "relearning"}
