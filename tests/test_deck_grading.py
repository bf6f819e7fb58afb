"""grading.deck_grading: the one place a deck's settings become grading settings."""

from __future__ import annotations

import pytest

from quizapp.grading import GradingSettings, deck_grading, grade
from quizapp.model import ShortAnswer, StudySettings


def test_from_the_decks_settings_its_tolerance_alone_or_a_new_decks_default() -> None:
    assert deck_grading("fr", StudySettings(typo_tolerance=0.0)) == GradingSettings(0.0, "fr")
    assert deck_grading("en", 0.4) == GradingSettings(0.4, "en")
    default = StudySettings().typo_tolerance
    assert deck_grading("de") == GradingSettings(default, "de")


def test_the_tolerance_decides_a_typo() -> None:
    card = ShortAnswer(id="a", question="Capital of Mali?", answers=("Bamako",))
    assert grade(card, "Bamacko", deck_grading("en", 0.2)).correct
    assert not grade(card, "Bamacko", deck_grading("en", StudySettings(typo_tolerance=0.0))).correct


def test_a_tolerance_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="typo_tolerance"):
        deck_grading("en", 1.5)
