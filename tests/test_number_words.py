"""Numbers typed as words ("three", "twenty-one") are read in the deck's language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quizapp.grading import GradingSettings, grade
from quizapp.model import Numeric
from quizapp.typed_numbers import WORD_LANGUAGES, read_number

THREE = Numeric(id="n", question="How many countries?", answer=3, unit="countries")
TWENTY_ONE = Numeric(id="m", question="How many?", answer=21)


@pytest.mark.parametrize(
    ("typed", "language", "value", "unit"),
    [
        ("three", "en", "3", ""),
        ("Three", "en", "3", ""),
        ("three countries", "en", "3", "countries"),
        ("twenty-one", "en", "21", ""),
        ("twenty one", "en", "21", ""),
        ("one", "en", "1", ""),
        ("zero", "en", "0", ""),
        ("one thousand two hundred", "en", "1200", ""),
        ("two point five", "en", "2.5", ""),
        ("three", "en-GB", "3", ""),  # a regional tag reads as its language
        ("trois", "fr", "3", ""),
        ("vingt-et-un", "fr", "21", ""),
        ("vingt et un", "fr", "21", ""),
        ("deux virgule cinq", "fr", "2.5", ""),
        ("einundzwanzig", "de", "21", ""),
        ("drei Länder", "de", "3", "Länder"),
        ("veintiuno", "es", "21", ""),
        ("treinta y uno", "es", "31", ""),
        ("vinte e um", "pt", "21", ""),
        ("eenentwintig", "nl", "21", ""),
        ("tre", "it", "3", ""),
        ("tredive", "da", "30", ""),
    ],
)
def test_number_words_are_read(typed: str, language: str, value: str, unit: str) -> None:
    assert read_number(typed, language) == ([Decimal(value)], unit)


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("third", "en"),  # an ordinal does not say how many
        ("troisième", "fr"),
        ("dritte", "de"),
        ("three or four", "en"),  # two numbers are not one answer
        ("drei", "en"),  # another language's word
        ("three", "fr"),
        ("three", "ru"),  # no number words in this language: digits only
        ("a few", "en"),
        ("threee", "en"),
    ],
)
def test_what_is_not_one_number_in_words(typed: str, language: str) -> None:
    assert read_number(typed, language) is None


def test_the_languages_with_number_words() -> None:
    assert {"en", "fr", "es", "pt", "de", "nl", "da", "it"} == WORD_LANGUAGES


def test_the_grader_accepts_a_number_in_words_in_the_decks_language() -> None:
    assert grade(THREE, "three").correct  # English by default
    assert grade(THREE, "three countries").correct
    assert grade(TWENTY_ONE, "twenty-one").correct
    assert not grade(TWENTY_ONE, "twenty-two").correct
    assert grade(THREE, "four").verdict == "wrong"
    assert grade(THREE, "trois", GradingSettings(language="fr")).correct
    assert grade(THREE, "trois").feedback.startswith("That is not a number.")
    assert grade(TWENTY_ONE, "einundzwanzig", GradingSettings(language="de")).correct
    wrong_unit = grade(THREE, "three years")
    assert wrong_unit.verdict == "wrong" and "countries" in wrong_unit.feedback


def test_a_quiz_grades_number_words_in_its_decks_language() -> None:
    from quizapp.model import Deck
    from quizapp.quiz.build import build_quiz
    from quizapp.quiz.session import QuizSession

    for language, words in (("en", "three"), ("fr", "trois"), ("de", "drei")):
        deck = Deck(id="d", title="T", language=language, cards=(THREE,))
        session = QuizSession(build_quiz(deck))
        (question,) = session.quiz.questions
        assert session.answer(question, words).grade.correct, language


def test_a_classroom_game_grades_in_its_decks_language() -> None:
    from quizapp.classroom.game import Game
    from quizapp.model import Deck

    game = Game(Deck(id="d", title="T", language="fr", cards=(THREE,)))
    assert grade(THREE, "trois", game.grading).correct
    game.use_typo_tolerance(0.0)
    assert grade(THREE, "trois", game.grading).correct
    assert not grade(THREE, "three", game.grading).correct
