"""An answer undone after it was folded, then a new answer, then a fold: the fold rewrites
the segment the undo changed and appends to it in one go. It once superseded (deleted)
the very file it had just written, and the deck's whole review log went with it."""

from __future__ import annotations

from pathlib import Path

from quizapp.store import Library
from tests.conftest import make_deck
from tests.store.test_library import answer


def test_an_undo_of_a_folded_answer_then_an_answer_and_a_fold_keep_every_answer(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=5))
        ids = [answer(lib, f"c{i % 5}", i + 1) for i in range(12)]
        lib.checkpoint()  # the answers in a segment
        lib.undo_answer(lib.progress("demo")["c1"], ids[6])
        last = answer(lib, "c2", 99)
        lib.checkpoint()  # the segment rewritten without the undone one, and appended to
        kept = [r.duration_ms for r in lib.reviews("demo")]
    with Library.open(data_dir) as lib:  # whole: every file the manifest names is there
        assert [r.duration_ms for r in lib.reviews("demo")] == kept
        assert kept == [n for n in range(1, 13) if n != 7] + [99]
        assert last > ids[-1]
