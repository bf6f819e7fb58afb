"""quizapp.kinds: every kind the model knows has its words, and unknown kinds stay readable."""

from __future__ import annotations

import pytest

from quizapp.kinds import KIND_WORDS, how, label, labelled, short, typed_how
from quizapp.model import KINDS


def test_every_kind_has_its_words_and_no_kind_is_made_up() -> None:
    assert set(KIND_WORDS) == set(KINDS)
    for words in KIND_WORDS.values():
        assert all((words.label, words.short, words.how, words.typed_how))
    shorts = [w.short for w in KIND_WORDS.values()]
    assert len(set(shorts)) == len(shorts)  # the home table tells them apart


@pytest.mark.parametrize(
    ("kind", "text"),
    [("multiple_choice", "multiple choice"), ("true_false", "true false"), ("cloze", "cloze")],
)
def test_label(kind: str, text: str) -> None:
    assert label(kind) == text


def test_a_kind_from_a_newer_file_is_still_shown() -> None:
    assert label("drag_and_drop") == "drag and drop"
    assert short("drag_and_drop") == "drag_and_drop"
    assert how("drag_and_drop") == ""
    assert typed_how("drag_and_drop") == "type an answer"


def test_counts_in_words() -> None:
    counts = {"short_answer": 2, "flashcard": 10}
    assert labelled(counts) == "flashcard 10, short answer 2"
    assert labelled(counts, width="short") == "flash 10 typed 2"
