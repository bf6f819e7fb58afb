"""Quiz mode: draw questions from a deck, time them, grade them, keep the score.

Headless: the UI and the CLI drive it. Grading is `quizapp.grading.grade` (the one
place answers are checked); this package only decides what is asked, how (a
flashcard may become a multiple choice, as in Quizlet's Learn), when time is up,
and what a question is worth (card.points times the grade's partial credit).
The monotonic clock and the wall clock are injected so tests can travel in time.

settings.py: QuizSettings, QuizError, parse_duration, DEFAULT_QUESTIONS; build.py: Question,
Quiz, build_quiz, retry_missed; distractors.py: wrong options for flashcards from a per-deck
index; session.py: QuizSession, Outcome;
attempts.py: Attempt, AttemptItem, save_attempt, load_attempts, response_text;
service.py: QuizRun, the quiz against the library that the quiz screen calls (imported
from quizapp.quiz.service: it needs the store).
"""

from quizapp.quiz.attempts import Attempt, AttemptItem, load_attempts, response_text, save_attempt
from quizapp.quiz.build import (
    FLASHCARD_OPTIONS,
    Question,
    Quiz,
    build_quiz,
    retry_missed,
)
from quizapp.quiz.distractors import distractors, plausibility
from quizapp.quiz.session import Outcome, QuizSession
from quizapp.quiz.settings import DEFAULT_QUESTIONS, QuizError, QuizSettings, parse_duration

__all__ = [
    "DEFAULT_QUESTIONS",
    "FLASHCARD_OPTIONS",
    "Attempt",
    "AttemptItem",
    "Outcome",
    "Question",
    "Quiz",
    "QuizError",
    "QuizSession",
    "QuizSettings",
    "build_quiz",
    "distractors",
    "load_attempts",
    "parse_duration",
    "plausibility",
    "response_text",
    "retry_missed",
    "save_attempt",
]
