"""The deck settings' review count comes from the summaries kept beside the log's segments,
and is len(reviews) through answers, undos, folds and another deck's reviews."""

from __future__ import annotations

from quizapp.store import Library
from tests.conftest import make_deck
from tests.store.test_library import answer


def test_the_review_count_is_the_logs_length_through_answers_undos_and_folds(
    library: Library,
) -> None:
    library.import_deck(make_deck(n=5))
    library.import_deck(make_deck("other", n=2), backup=False)
    assert library.review_count("demo") == 0

    def same() -> None:
        for deck_id in ("demo", "other"):
            assert library.review_count(deck_id) == len(library.reviews(deck_id))

    ids = [answer(library, f"c{i % 5}", i + 1) for i in range(12)]
    answer(library, "c0", 1, deck="other")
    same()
    library.checkpoint()  # into segments, whose summaries are kept beside them
    same()
    previous = library.progress("demo")["c1"]
    library.undo_answer(previous, ids[6])  # one taken out of a folded segment
    same()
    assert library.review_count("demo") == 11
    answer(library, "c2", 3)  # and one not folded yet
    same()
    library.checkpoint()
    same()
