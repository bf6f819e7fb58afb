"""Quiz building, timed sessions, scores and attempts (grading itself: test_grading.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.model import Deck, Flashcard, StudySettings
from quizapp.quiz import (
    Attempt,
    QuizError,
    QuizSession,
    QuizSettings,
    build_quiz,
    distractors,
    load_attempts,
    parse_duration,
    retry_missed,
    save_attempt,
)
from quizapp.store import Library

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def wall() -> datetime:
    return T0


def mixed_deck() -> Deck:
    """One card of every kind, plus flashcards of three shapes (years, cities, phrases)."""
    flash = [
        ("f-1960", "Year of Mali's independence", "1960", ["dates"]),
        ("f-1975", "Year ECOWAS was founded", "1975", ["dates"]),
        ("f-2023", "Year Niger's coup took place", "2023", ["dates"]),
        ("f-2012", "Year the Tuareg rebellion began", "2012", ["dates"]),
        ("f-bamako", "Capital of Mali", "Bamako", ["places"]),
        ("f-niamey", "Capital of Niger", "Niamey", ["places"]),
        ("f-ouaga", "Capital of Burkina Faso", "Ouagadougou", ["places"]),
        ("f-dakar", "Capital of Senegal", "Dakar", ["places"]),
        ("f-long", "What did the minister promise?", "to send more instructors next year", []),
    ]
    cards: list[dict[str, object]] = [
        {"id": i, "kind": "flashcard", "front": f, "back": b, "tags": t} for i, f, b, t in flash
    ]
    cards += [
        {
            "id": "mc",
            "kind": "multiple_choice",
            "question": "Pick B",
            "choices": ["A", "B", "C"],
            "answer": "B",
            "points": 2,
        },
        {
            "id": "ms",
            "kind": "multi_select",
            "question": "Pick A and B",
            "choices": ["A", "B", "C", "D"],
            "answers": ["A", "B"],
            "points": 4,
        },
        {"id": "tf", "kind": "true_false", "statement": "Water is wet", "answer": True},
        {"id": "sa", "kind": "short_answer", "question": "Say hello", "answers": ["hello"]},
        {"id": "num", "kind": "numeric", "question": "How many?", "answer": 12, "unit": "km"},
        {"id": "cz", "kind": "cloze", "text": "{{c1::Paris}} is in {{c2::France}}"},
        {"id": "ord", "kind": "ordering", "question": "Order", "items": ["one", "two", "three"]},
        {
            "id": "mat",
            "kind": "matching",
            "question": "Match",
            "pairs": [["Mali", "Bamako"], ["Niger", "Niamey"]],
        },
    ]
    return Deck.model_validate({"id": "mix", "title": "Mixed", "cards": cards})


# ---------------------------------------------------------------- building


def test_every_kind_becomes_a_question_of_its_mode() -> None:
    quiz = build_quiz(mixed_deck(), QuizSettings(seed=3, flashcards="typed"))
    modes = {q.card.id: q.mode for q in quiz.questions}
    assert len(quiz.questions) == 17
    assert modes["mc"] == "choice" and modes["ms"] == "multi" and modes["tf"] == "true_false"
    assert modes["sa"] == modes["num"] == modes["f-1960"] == "typed"
    assert modes["cz"] == "gaps" and modes["ord"] == "order" and modes["mat"] == "match"
    ordering = next(q for q in quiz.questions if q.card.id == "ord")
    assert sorted(ordering.options) == sorted(("one", "two", "three"))
    # Any order may come up, the right one included (issue 14: "never in order" was itself
    # a tell); tests/test_shuffle.py checks that every order does.
    matching = next(q for q in quiz.questions if q.card.id == "mat")
    assert sorted(matching.options) == ["Bamako", "Niamey"]


def test_kinds_tags_and_count_filter() -> None:
    deck = mixed_deck()
    quiz = build_quiz(deck, QuizSettings(kinds=("true_false", "numeric"), seed=1))
    assert sorted(q.card.id for q in quiz.questions) == ["num", "tf"]
    quiz = build_quiz(deck, QuizSettings(tags=("PLACES",), seed=1))
    assert {q.card.id for q in quiz.questions} == {"f-bamako", "f-niamey", "f-ouaga", "f-dakar"}
    quiz = build_quiz(deck, QuizSettings(questions=5, seed=1))
    assert len(quiz.questions) == 5
    assert [q.number for q in quiz.questions] == [1, 2, 3, 4, 5]
    assert len({q.card.id for q in quiz.questions}) == 5
    with pytest.raises(QuizError, match="unknown card kind 'essay'"):
        build_quiz(deck, QuizSettings(kinds=("essay",)))
    with pytest.raises(QuizError, match="no card"):
        build_quiz(deck, QuizSettings(tags=("nothing",)))


def test_no_shuffle_keeps_deck_order() -> None:
    deck = mixed_deck()
    quiz = build_quiz(deck, QuizSettings(shuffle_questions=False, shuffle_choices=False, seed=1))
    assert [q.card.id for q in quiz.questions] == [c.id for c in deck.cards]
    mc = next(q for q in quiz.questions if q.card.id == "mc")
    assert mc.options == ("A", "B", "C")


def test_same_seed_same_quiz_other_seed_other_quiz() -> None:
    deck = mixed_deck()
    a = build_quiz(deck, QuizSettings(seed=42))
    b = build_quiz(deck, QuizSettings(seed=42))
    assert a.questions == b.questions
    others = [build_quiz(deck, QuizSettings(seed=s)).questions for s in range(5)]
    assert any(o != a.questions for o in others)
    # Without a seed one is drawn and kept, so the quiz can be drawn again.
    drawn = build_quiz(deck)
    assert drawn.settings.seed is not None
    assert build_quiz(deck, drawn.settings).questions == drawn.questions


def test_flashcard_distractors_are_plausible_and_distinct() -> None:
    deck = mixed_deck()
    quiz = build_quiz(deck, QuizSettings(seed=7, flashcards="choice", kinds=("flashcard",)))
    years = {"1960", "1975", "2023", "2012"}
    cities = {"Bamako", "Niamey", "Ouagadougou", "Dakar"}
    for q in quiz.questions:
        assert q.mode == "choice"
        assert q.card.back in q.options
        assert len(q.options) == 4 and len(set(q.options)) == 4
        wrong = set(q.options) - {q.card.back}
        if q.card.back in years:
            assert wrong == years - {q.card.back}  # years among years
        elif q.card.back in cities:
            assert wrong == cities - {q.card.back}  # capitals among capitals


def test_distractor_the_grader_would_accept_is_never_offered() -> None:
    import random

    cards = [
        {"id": "a", "kind": "flashcard", "front": "Who?", "back": "Sergei Lavrov"},
        {"id": "b", "kind": "flashcard", "front": "Who else?", "back": "sergei  lavrov"},
        {"id": "c", "kind": "flashcard", "front": "Typo?", "back": "Sergei Lavrof"},
        {"id": "d", "kind": "flashcard", "front": "Other?", "back": "Assimi Goita"},
    ]
    deck = Deck.model_validate({"id": "d", "title": "D", "cards": cards})
    card = deck.card("a")
    assert isinstance(card, Flashcard)
    assert distractors(card, deck, 3, random.Random(1)) == ["Assimi Goita"]


def test_flashcard_choice_falls_back_to_typed_without_other_flashcards() -> None:
    deck = Deck.model_validate(
        {
            "id": "one",
            "title": "One",
            "cards": [{"id": "a", "kind": "flashcard", "front": "F", "back": "B"}],
        }
    )
    quiz = build_quiz(deck, QuizSettings(flashcards="choice", seed=1))
    assert quiz.questions[0].mode == "typed"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("2m30s", 150), ("45", 45)],
)
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "10x", "m", "0s", "25h", "-5m"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"duration|time limit"):
        parse_duration(text)


# ---------------------------------------------------------------- sessions


def ordered(deck: Deck, **settings: object) -> QuizSession:
    quiz = build_quiz(
        deck,
        QuizSettings(shuffle_questions=False, seed=1, flashcards="typed", **settings),  # type: ignore[arg-type]
    )
    return QuizSession(quiz, clock=Clock(), now=wall)


def test_points_partial_credit_and_unanswered() -> None:
    deck = mixed_deck()
    session = ordered(deck, kinds=("multiple_choice", "multi_select", "cloze", "short_answer"))
    responses = {"mc": "B", "ms": ["A"], "sa": "", "cz": ["Paris", "Spain"]}
    while (q := session.current) is not None:
        session.answer(q, responses[q.card.id])
    by_id = {o.question.card.id: o for o in session.outcomes}
    assert by_id["mc"].points == 2.0 and by_id["mc"].verdict == "correct"
    assert by_id["ms"].points == 2.0 and by_id["ms"].verdict == "partial"  # half of 4 points
    assert by_id["sa"].points == 0.0 and by_id["sa"].verdict == "unanswered"
    assert by_id["cz"].points == 0.5 and by_id["cz"].verdict == "partial"
    assert session.finished
    assert session.points == 4.5 and session.max_points == 8.0
    assert session.percent == 56.2  # 4.5 / 8 = 56.25, one decimal


def test_skip_and_times_per_question() -> None:
    deck = mixed_deck()
    clock = Clock()
    quiz = build_quiz(
        deck, QuizSettings(kinds=("true_false", "short_answer"), seed=2, shuffle_questions=False)
    )
    session = QuizSession(quiz, clock=clock, now=wall)
    first = session.current
    assert first is not None and first.card.id == "tf"
    clock.advance(4.25)
    session.skip(first)
    second = session.current
    assert second is not None
    clock.advance(2)
    outcome = session.answer(second, "helo")  # a typo, forgiven
    assert outcome.verdict == "correct" and outcome.time_ms == 2000
    assert [o.verdict for o in session.outcomes] == ["skipped", "correct"]
    assert session.outcomes[0].time_ms == 4250 and session.outcomes[0].points == 0
    assert session.time_taken == 6.25
    # A question answered already keeps its first answer.
    assert session.answer(second, "again") == outcome


@pytest.mark.parametrize(("feedback", "q3_left"), [("deferred", 10), ("immediate", 30)])
def test_per_question_limit_closes_the_question(feedback: str, q3_left: float) -> None:
    deck = mixed_deck()
    clock = Clock()
    quiz = build_quiz(
        deck,
        QuizSettings(
            kinds=("true_false", "short_answer", "numeric"),
            seed=2,
            shuffle_questions=False,
            per_question=30,
            feedback=feedback,  # type: ignore[arg-type]
        ),
    )
    session = QuizSession(quiz, clock=clock, now=wall)
    q1 = session.current
    assert q1 is not None and session.remaining() == 30
    clock.advance(10)
    assert session.remaining() == 20
    session.answer(q1, True)
    clock.advance(5)  # reading the feedback, if any
    q2 = session.current
    # Deferred: q2 started when q1 closed. Immediate: when it was asked for, after feedback.
    assert q2 is not None and session.remaining() == (25 if feedback == "deferred" else 30)
    clock.advance(45)
    q3 = session.current
    assert q3 is not None and q3.number == 3
    # Deferred: q3 started when q2 ran out; immediate: q3 starts now, after the time-out notice.
    assert session.remaining() == q3_left
    late = session.answer(q2, "hello")  # too late: refused, no credit
    assert late.verdict == "timed out" and late.points == 0 and late.time_ms == 30_000
    session.answer(q3, "12 km")
    assert [o.verdict for o in session.outcomes] == ["correct", "timed out", "correct"]
    assert session.points == 2


def test_whole_quiz_limit_ends_the_quiz() -> None:
    deck = mixed_deck()
    clock = Clock()
    quiz = build_quiz(
        deck,
        QuizSettings(
            kinds=("true_false", "short_answer", "numeric"),
            seed=2,
            shuffle_questions=False,
            time_limit=60,
        ),
    )
    session = QuizSession(quiz, clock=clock, now=wall)
    q1 = session.current
    assert q1 is not None
    clock.advance(20)
    session.answer(q1, "true")
    assert session.remaining() == 40
    clock.advance(100)
    assert session.finished and session.current is None
    assert [o.verdict for o in session.outcomes] == ["correct", "timed out", "timed out"]
    assert session.time_taken == 60  # the quiz ended at its limit, not when noticed
    assert session.points == 1 and session.percent == pytest.approx(33.3)


def _timed(**limits: float) -> tuple[QuizSession, Clock]:
    quiz = build_quiz(
        mixed_deck(),
        QuizSettings(
            kinds=("short_answer", "numeric", "true_false"),
            seed=2,
            shuffle_questions=False,
            feedback="deferred",
            **limits,  # type: ignore[arg-type]
        ),
    )
    clock = Clock()
    return QuizSession(quiz, clock=clock, now=wall), clock


def test_per_question_deadline_grades_the_draft_as_it_stood() -> None:
    session, clock = _timed(per_question=30)
    q1 = session.current
    assert q1 is not None and q1.card.id == "tf"
    clock.advance(10)
    session.check_time(False)  # before the deadline a draft changes nothing
    assert session.outcomes == []
    clock.advance(25)  # the timer sees the deadline 5 s late
    session.check_time(True)  # typed (picked), not submitted
    (first,) = session.outcomes
    assert first.verdict == "correct" and first.points == 1 and first.response is True
    assert first.time_ms == 30_000  # answered at the deadline, not when the timer saw it
    q2 = session.current
    assert q2 is not None and q2.number == 2
    # An answer submitted after q2's deadline is still refused.
    clock.advance(31)
    late = session.answer(q2, "hello")
    assert late.verdict == "timed out" and late.response is None and late.points == 0


def test_whole_quiz_deadline_grades_the_current_draft_only() -> None:
    session, clock = _timed(time_limit=60)
    q1 = session.current
    assert q1 is not None
    session.answer(q1, True)
    clock.advance(61)
    session.check_time("hello")  # q2's draft at the end of the quiz
    assert session.finished
    assert [o.verdict for o in session.outcomes] == ["correct", "correct", "timed out"]
    assert [o.response for o in session.outcomes] == [True, "hello", None]
    assert session.time_taken == 60


def test_deadline_without_a_draft_times_out() -> None:
    session, clock = _timed(per_question=30)
    assert session.current is not None
    clock.advance(30)
    session.check_time(None)
    assert session.outcomes[0].verdict == "timed out" and session.outcomes[0].points == 0


def test_immediate_and_deferred_feedback() -> None:
    deck = mixed_deck()
    for mode, seen_before_end in (("immediate", True), ("deferred", False)):
        session = ordered(deck, kinds=("true_false", "short_answer"), feedback=mode)
        q1 = session.current
        assert q1 is not None
        session.answer(q1, False)
        assert (session.visible_feedback(1) is not None) is seen_before_end
        q2 = session.current
        assert q2 is not None
        session.answer(q2, "hello")
        shown = session.visible_feedback(1)
        assert shown is not None and shown.verdict == "wrong"  # everything shows at the end


def test_finish_early_leaves_the_rest_unanswered() -> None:
    session = ordered(mixed_deck(), kinds=("true_false", "short_answer", "numeric"))
    q1 = session.current
    assert q1 is not None
    session.answer(q1, True)
    session.finish()
    assert session.finished
    assert [o.points for o in session.outcomes] == [1, 0, 0]


# ---------------------------------------------------------------- attempts


def finished_attempt(deck: Deck, answers: dict[str, object], **settings: object) -> Attempt:
    session = ordered(deck, **settings)
    while (q := session.current) is not None:
        session.answer(q, answers.get(q.card.id))  # type: ignore[arg-type]
    return session.attempt()


def test_attempt_record_persists_across_reopening(data_dir: Path) -> None:
    deck = mixed_deck()
    attempt = finished_attempt(
        deck,
        {"mat": {"Mali": "Bamako", "Niger": "Bamako"}, "ord": ["one", "two", "three"], "tf": "no"},
        kinds=("matching", "ordering", "true_false"),
    )
    assert attempt.points == 1.5 and attempt.max_points == 3 and attempt.correct == 1
    with Library.open(data_dir) as lib:
        record_id = save_attempt(lib, attempt)
    with Library.open(data_dir) as lib:
        loaded = load_attempts(lib, "mix")
        assert load_attempts(lib, "other") == []
    assert len(loaded) == 1 and loaded[0].id == record_id
    assert loaded[0] == attempt.model_copy(update={"id": record_id})
    items = {i.card_id: i for i in loaded[0].questions}
    assert items["mat"].response == "Mali → Bamako; Niger → Bamako"
    assert items["mat"].score == 0.5 and items["mat"].points == 0.5
    assert items["ord"].response == "one | two | three" and items["ord"].correct
    assert items["tf"].verdict == "wrong" and items["tf"].max_points == 1
    assert loaded[0].settings.kinds == ("matching", "ordering", "true_false")


def test_unreadable_attempt_record_is_skipped(library: Library) -> None:
    library.append_record("attempts", {"deck_id": "mix", "questions": "garbled"})
    assert load_attempts(library, "mix") == []


def test_retry_the_ones_i_missed() -> None:
    deck = mixed_deck()
    attempt = finished_attempt(
        deck,
        {"tf": True, "sa": "nope", "num": "12"},
        kinds=("true_false", "short_answer", "numeric", "cloze"),
        per_question=20,
    )
    assert attempt.missed == ["sa", "cz"]
    retry = retry_missed(deck, attempt, seed=5)
    assert sorted(q.card.id for q in retry.questions) == ["cz", "sa"]
    assert retry.settings.per_question == 20
    perfect = finished_attempt(deck, {"tf": True}, kinds=("true_false",))
    with pytest.raises(QuizError, match="nothing to retry"):
        retry_missed(deck, perfect)


def test_attempt_times_and_clock() -> None:
    deck = mixed_deck()
    clock = Clock()
    moments = iter([T0, T0 + timedelta(seconds=7)])
    quiz = build_quiz(deck, QuizSettings(kinds=("true_false",), seed=1))
    session = QuizSession(quiz, clock=clock, now=lambda: next(moments))
    q = session.current
    assert q is not None
    clock.advance(7)
    session.answer(q, "t")
    attempt = session.attempt()
    assert attempt.started == T0 and attempt.finished == T0 + timedelta(seconds=7)
    assert attempt.time_ms == 7000 and attempt.questions[0].time_ms == 7000


@pytest.mark.parametrize(("tolerance", "verdict"), [(0.0, "wrong"), (0.3, "correct")])
def test_session_grades_with_the_decks_typo_tolerance(tolerance: float, verdict: str) -> None:
    quiz = build_quiz(mixed_deck(), QuizSettings(kinds=("short_answer",), seed=1))
    session = QuizSession(quiz, clock=Clock(), now=wall, typo_tolerance=tolerance)
    question = session.current
    assert question is not None
    assert session.answer(question, "helo").verdict == verdict  # one letter short
    assert session.attempt().settings.typo_tolerance == tolerance


def test_quiz_tolerance_is_the_decks_not_a_setting_of_its_own() -> None:
    quiz = build_quiz(mixed_deck(), QuizSettings(kinds=("short_answer",), seed=1))
    assert quiz.settings.typo_tolerance is None  # not known until the deck's is given
    session = QuizSession(quiz, clock=Clock(), now=wall)  # no library: a deck's default
    assert session.settings.typo_tolerance == StudySettings().typo_tolerance
    question = session.current
    assert question is not None
    session.answer(question, "nope")
    retry = retry_missed(mixed_deck(), session.attempt(), seed=1)
    assert retry.settings.typo_tolerance is None  # graded by the deck's setting of the day
