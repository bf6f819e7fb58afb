"""Answer checking: every kind, right/partial/wrong/unanswered, and nothing that raises."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from quizapp.grading import (
    Grade,
    GradingSettings,
    grade,
    is_unanswered,
    match_text,
    normalise,
    read_number,
)
from quizapp.model import (
    Cloze,
    Flashcard,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    ShortAnswer,
    TrueFalse,
)

MC = MultipleChoice(id="mc", question="Capital of Mali?", choices=("Bamako", "Dakar", "Niamey"),
                    answer="Bamako")
MS = MultiSelect(id="ms", question="Primes?", choices=("2", "3", "4", "5", "6"),
                 answers=("2", "3", "5"))
TF = TrueFalse(id="tf", statement="The Niger flows through Mali.", answer=True)
SA = ShortAnswer(id="sa", question="Capital of Burkina Faso?", answers=("Ouagadougou", "Ouaga"))
BF = ShortAnswer(id="bf", question="Which country was Upper Volta?", answers=("Burkina Faso",))
FC = Flashcard(id="fc", front="Capital of Mali", back="Bamakó")
NUM = Numeric(id="num", question="Length?", answer=1200, unit="km")
CZ = Cloze(id="cz",
           text="{{c1::Paris}} is the capital of {{c2::France}}; it lies on the {{c3::Seine}}.",
           alternatives={"c2": ("French Republic",)})
ORD = Ordering(id="ord", question="Oldest first", items=("A", "B", "C", "D"))
MAT = Matching(id="mat", question="Capitals", pairs=(("Mali", "Bamako"), ("Niger", "Niamey"),
                                                     ("Chad", "N'Djamena"), ("Togo", "Lomé")))
ALL_CARDS = (MC, MS, TF, SA, BF, FC, NUM, CZ, ORD, MAT)


def check(result: Grade, verdict: str, score: float | None = None) -> None:
    assert result.verdict == verdict, result
    if score is not None:
        assert result.score == pytest.approx(score), result
    assert result.correct == (verdict == "correct")
    assert "\n" not in result.feedback


# ------------------------------------------------------------------ normalise


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("U.S.", "us"),
        ("US", "us"),
        ("3.5", "3.5"),
        ("1,200", "1,200"),
        ("Bamakó", "bamako"),
        ("BAMAKO", "bamako"),
        ("  The   Beatles ", "beatles"),
        ("an apple", "apple"),
        ("a", "a"),  # a lone article is the answer itself
        ("Jean-Paul Sartre", "jean paul sartre"),
        ("Jean–Paul Sartre", "jean paul sartre"),  # en dash
        ("“quoted”", "quoted"),
        ("O’Brien", "obrien"),
        ("O'Brien", "obrien"),
        ("Straße", "strasse"),
        ("ＡＢＣ", "abc"),  # full width
        ("-3", "-3"),
        ("İstanbul", "istanbul"),
        ("❤️ love", "❤ love"),  # variation selector dropped
        ("tab\there\x1b[31m", "tab here 31m"),  # control characters go before anything
    ],
)
def test_normalise(raw: str, folded: str) -> None:
    assert normalise(raw) == folded


# ------------------------------------------------------------------ short answer, flashcard


def test_short_answer_exact_case_accents_punctuation() -> None:
    check(grade(SA, "Ouagadougou"), "correct", 1.0)
    check(grade(SA, "  ouagadougou. "), "correct")
    check(grade(SA, "ouaga"), "correct")  # any accepted answer
    check(grade(FC, "Bamako"), "correct")  # accent not needed
    check(grade(FC, "BAMAKÓ"), "correct")
    us = ShortAnswer(id="us", question="?", answers=("U.S.",))
    check(grade(us, "US"), "correct")
    check(grade(us, "u s"), "wrong")


def test_typo_forgiven_and_named() -> None:
    result = grade(BF, "Burkna Faso")
    check(result, "correct", 1.0)
    assert result.feedback == "Accepted (typo): Burkina Faso"
    assert "typo" not in grade(BF, "burkina faso").feedback


def test_typo_tolerance_setting() -> None:
    exact = GradingSettings(typo_tolerance=0.0)
    check(grade(BF, "Burkna Faso", exact), "wrong")
    check(grade(BF, "burkina-faso", exact), "correct")  # normalising is not a typo
    loose = GradingSettings(typo_tolerance=0.4)
    check(grade(BF, "Brkna Fso", loose), "correct")
    check(grade(BF, "Brkna Fso"), "wrong")


def test_typo_limit_is_inclusive() -> None:
    five = ShortAnswer(id="five", question="?", answers=("Paris",))
    check(grade(five, "Parus"), "correct")  # 1 edit in 5 = 0.2, at the limit
    check(grade(five, "Porus"), "wrong")  # 2 edits in 5


def test_no_typos_for_short_answers() -> None:
    ox = ShortAnswer(id="ox", question="?", answers=("Ox",))
    check(grade(ox, "Ax", GradingSettings(typo_tolerance=0.5)), "wrong")
    cat = ShortAnswer(id="cat", question="?", answers=("cat",))
    check(grade(cat, "cot", GradingSettings(typo_tolerance=0.5)), "wrong")
    check(grade(cat, "CAT"), "correct")


def test_no_typos_in_numbers() -> None:
    one = ShortAnswer(id="one", question="?", answers=("1",))
    check(grade(one, "7", GradingSettings(typo_tolerance=1.0)), "wrong")
    war = ShortAnswer(id="war", question="?", answers=("World War 2",))
    check(grade(war, "World War 3"), "wrong")
    check(grade(war, "Wrld War 2"), "correct")
    year = ShortAnswer(id="year", question="?", answers=("1969",))
    check(grade(year, "1968", GradingSettings(typo_tolerance=0.5)), "wrong")
    check(grade(year, 1969), "correct")  # a number typed as a number


def test_short_answer_wrong_and_unanswered() -> None:
    result = grade(SA, "Bamako")
    check(result, "wrong", 0.0)
    assert "Ouagadougou" in result.feedback
    assert result.expected == "Ouagadougou"
    for blank in (None, "", "   ", "\x1b"):
        check(grade(SA, blank), "unanswered", 0.0)
        assert is_unanswered(SA, blank)


def test_unicode_and_emoji_answers() -> None:
    fruit = ShortAnswer(id="fruit", question="?", answers=("🍎",))
    check(grade(fruit, "🍎"), "correct")
    check(grade(fruit, "🍐"), "wrong")
    greek = ShortAnswer(id="greek", question="?", answers=("Σωκράτης",))
    check(grade(greek, "σωκρατης"), "correct")
    japanese = ShortAnswer(id="jp", question="?", answers=("東京",))
    check(grade(japanese, "東京"), "correct")
    check(grade(japanese, "京都"), "wrong")
    punct = ShortAnswer(id="punct", question="?", answers=("?!",))
    check(grade(punct, "?!"), "correct")  # an all-punctuation answer still matches itself
    check(grade(punct, "!?"), "wrong")


def test_match_text_reports_answer_and_typo() -> None:
    assert match_text("ouaga", SA.answers, 0.2) == ("Ouaga", False)
    assert match_text("Ouagadugou", SA.answers, 0.2) == ("Ouagadougou", True)
    assert match_text("Lomé", SA.answers, 0.2) is None


# ------------------------------------------------------------------ choices


def test_multiple_choice() -> None:
    check(grade(MC, "Bamako"), "correct", 1.0)
    check(grade(MC, "bamako"), "correct")  # the one choice equal after normalising
    result = grade(MC, "Dakar")
    check(result, "wrong", 0.0)
    assert "Bamako" in result.feedback
    check(grade(MC, "Bamaco"), "wrong")  # no typo tolerance among choices
    assert "not one of the choices" in grade(MC, "Lomé").feedback
    check(grade(MC, None), "unanswered")


def test_multiple_choice_ambiguous_normalising_needs_exact() -> None:
    card = MultipleChoice(id="c", question="?", choices=("U.S.", "US", "UK"), answer="US")
    check(grade(card, "US"), "correct")
    check(grade(card, "U.S."), "wrong")
    check(grade(card, "u.s"), "wrong")  # matches two choices: no guessing


def test_multi_select_partial_credit() -> None:
    check(grade(MS, ["2", "3", "5"]), "correct", 1.0)
    check(grade(MS, ("5", "3", "2")), "correct", 1.0)
    check(grade(MS, {"2", "3", "5"}), "correct", 1.0)
    check(grade(MS, ["2", "3"]), "partial", 2 / 3)
    check(grade(MS, ["2", "3", "4"]), "partial", 2 / 3 - 1 / 2)
    check(grade(MS, ["2", "4"]), "wrong", 0.0)  # 1/3 - 1/2 floors at 0
    check(grade(MS, ["2", "3", "4", "5", "6"]), "wrong", 0.0)  # ticking every box earns 0
    check(grade(MS, ["2", "3", "5", "4"]), "partial", 1 - 1 / 2)
    check(grade(MS, ["2", "2", "3", "5"]), "correct", 1.0)  # repeats count once
    check(grade(MS, ["2", "3", "5", "7"]), "partial", 1 - 1 / 2)  # no such choice: a wrong pick
    check(grade(MS, "2"), "partial", 1 / 3)  # one text is one pick
    check(grade(MS, []), "unanswered")
    check(grade(MS, ["", None]), "unanswered")


def test_multi_select_all_choices_right() -> None:
    card = MultiSelect(id="all", question="?", choices=("a", "b"), answers=("a", "b"))
    check(grade(card, ["a"]), "partial", 0.5)
    check(grade(card, ["a", "zzz"]), "wrong", 0.0)


@pytest.mark.parametrize(
    ("response", "verdict"),
    [
        (True, "correct"), (False, "wrong"), ("true", "correct"), ("T", "correct"),
        ("yes", "correct"), ("Yes.", "correct"), ("no", "wrong"), ("f", "wrong"),
        ("FALSE", "wrong"), ("maybe", "wrong"), (1, "wrong"), (["true"], "wrong"),
    ],
)
def test_true_false(response: object, verdict: str) -> None:
    check(grade(TF, response), verdict)  # type: ignore[arg-type]


def test_true_false_feedback() -> None:
    assert "true or false" in grade(TF, "maybe").feedback
    false_card = TrueFalse(id="f", statement="?", answer=False)
    check(grade(false_card, False), "correct")
    check(grade(false_card, "no"), "correct")
    assert not is_unanswered(false_card, False)


# ------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("typed", "values", "unit"),
    [
        ("12", ["12"], ""),
        ("12.5", ["12.5"], ""),
        ("12,5", ["12.5"], ""),
        ("1,200", ["1200", "1.200"], ""),
        ("1.200", ["1200", "1.2"], ""),
        ("0,125", ["0.125"], ""),
        ("1 200", ["1200"], ""),
        ("1\u202f200", ["1200"], ""),  # narrow no-break space
        ("1'000'000", ["1000000"], ""),
        ("1,200,000.5", ["1200000.5"], ""),
        ("1.200.000,5", ["1200000.5"], ""),
        ("12 km", ["12"], "km"),
        ("12km", ["12"], "km"),
        ("-3", ["-3"], ""),
        ("−3", ["-3"], ""),  # minus sign
        ("+3", ["3"], ""),
        ("1e3", ["1000"], ""),
        ("2.5E-3", ["0.0025"], ""),
        ("12%", ["12"], "%"),
        ("$5", ["5"], "$"),
        (".5", ["0.5"], ""),
        ("12.", ["12"], ""),
        ("１２", ["12"], ""),  # full width digits
        ("12 km/h", ["12"], "km/h"),
    ],
)
def test_read_number(typed: str, values: list[str], unit: str) -> None:
    read = read_number(typed)
    assert read is not None
    assert read[0] == [Decimal(v) for v in values]  # Decimal equality ignores trailing zeros
    assert read[1] == unit


@pytest.mark.parametrize(
    "typed", ["", "abc", "12 or 13", "1,2,3", "12 5", "1.2.3,4,5", "--3", "1" * 200]
)
def test_read_number_refuses(typed: str) -> None:
    assert read_number(typed) is None


def test_numeric_units() -> None:
    check(grade(NUM, "1200"), "correct")  # no unit typed: fine
    check(grade(NUM, "1,200 km"), "correct")
    check(grade(NUM, "1 200 KM"), "correct")
    result = grade(NUM, "1200 m")
    check(result, "wrong")
    assert "give the answer in km" in result.feedback
    years = Numeric(id="y", question="?", answer=3, unit="years")
    check(grade(years, "3 year"), "correct")
    ms = Numeric(id="ms", question="?", answer=3, unit="m")
    check(grade(ms, "3 ms"), "wrong")
    bare = Numeric(id="legs", question="Legs of a spider?", answer=8)
    check(grade(bare, "8 legs"), "correct")  # a card without a unit ignores a typed one
    pct = Numeric(id="pct", question="?", answer=12, unit="%")
    check(grade(pct, "12%"), "correct")
    check(grade(pct, "12 %"), "correct")
    celsius = Numeric(id="c", question="?", answer=100, unit="°C")
    check(grade(celsius, "100 C"), "correct")


def test_numeric_tolerance_is_inclusive_and_float_safe() -> None:
    card = Numeric(id="t", question="?", answer=0.3, tolerance=0.1)
    check(grade(card, "0.4"), "correct")
    check(grade(card, 0.4), "correct")
    check(grade(card, "0.2"), "correct")
    check(grade(card, "0.41"), "wrong")
    check(grade(card, "0,3"), "correct")
    assert "within" in grade(card, "0.35").feedback
    assert grade(card, "0.3").feedback == "Correct."
    exact = Numeric(id="e", question="?", answer=12.5)
    check(grade(exact, "12.5"), "correct")
    check(grade(exact, "12,5"), "correct")
    check(grade(exact, "12.51"), "wrong")
    check(grade(exact, 12.5), "correct")


def test_numeric_wrong_and_odd_input() -> None:
    card = Numeric(id="n", question="?", answer=-3)
    check(grade(card, "-3"), "correct")
    check(grade(card, "3"), "wrong")
    check(grade(card, -3), "correct")
    check(grade(card, True), "wrong")  # a bool is no number
    check(grade(card, float("nan")), "wrong")
    check(grade(card, float("inf")), "wrong")
    check(grade(card, 10**5000), "wrong")
    check(grade(card, "1e999999999"), "wrong")
    check(grade(card, ["-3"]), "wrong")
    assert "not a number" in grade(card, "minus three").feedback
    big = Numeric(id="big", question="?", answer=1e3)
    check(grade(big, "1e3"), "correct")
    check(grade(big, "1000.0"), "correct")


# ------------------------------------------------------------------ cloze, ordering, matching


def test_cloze() -> None:
    check(grade(CZ, ["Paris", "France", "Seine"]), "correct", 1.0)
    check(grade(CZ, ["paris", "french republic", "the Seine"]), "correct")
    check(grade(CZ, ["Paris", "Spain", "Seine"]), "partial", 2 / 3)
    result = grade(CZ, ["Paris", "", "Loire"])
    check(result, "partial", 1 / 3)
    assert "France" in result.feedback and "Seine" in result.feedback
    check(grade(CZ, ["Paris"]), "partial", 1 / 3)  # missing gaps are blank
    check(grade(CZ, ["Lyon", "Spain", "Loire"]), "wrong", 0.0)
    typo = grade(CZ, ["Paris", "Frence", "Seine"])
    check(typo, "correct")
    assert "typo" in typo.feedback and "France" in typo.feedback
    check(grade(CZ, ["a", "b", "c", "d"]), "wrong")  # more answers than gaps
    check(grade(CZ, ["", "", None]), "unanswered")
    one = Cloze(id="one", text="{{c1::Bamako}} is the capital of Mali.")
    check(grade(one, "Bamako"), "correct")  # one gap, one text


def test_ordering_adjacent_pairs() -> None:
    check(grade(ORD, ["A", "B", "C", "D"]), "correct", 1.0)
    check(grade(ORD, ["a", "b", "c", "d"]), "correct", 1.0)
    check(grade(ORD, ["B", "C", "D", "A"]), "partial", 2 / 3)  # B-C and C-D kept
    check(grade(ORD, ["A", "B", "D", "C"]), "partial", 1 / 3)
    check(grade(ORD, ["D", "C", "B", "A"]), "wrong", 0.0)
    check(grade(ORD, ["A", "B", "C"]), "partial", 2 / 3)  # a missing item
    check(grade(ORD, ["A", "B", "C", "D", "E"]), "partial", 3 / 4)  # extras dilute
    check(grade(ORD, ["A", "B", "A", "B"]), "partial", 1 / 3)  # repeats count once
    check(grade(ORD, {"A", "B", "C", "D"}), "wrong")  # a set has no order
    check(grade(ORD, "A B C D"), "wrong")


def test_matching() -> None:
    right = {"Mali": "Bamako", "Niger": "Niamey", "Chad": "N'Djamena", "Togo": "Lomé"}
    check(grade(MAT, right), "correct", 1.0)
    check(grade(MAT, {"mali": "bamako", "niger": "NIAMEY", "chad": "N’Djamena", "togo": "Lome"}),
          "correct")
    check(grade(MAT, {**right, "Togo": "Niamey"}), "partial", 3 / 4)
    check(grade(MAT, {"Mali": "Bamako", "Niger": "", "Chad": ""}), "partial", 1 / 4)
    check(grade(MAT, {"Mali": "Niamey", "Niger": "Bamako"}), "wrong", 0.0)
    check(grade(MAT, {"Mali": "", "Niger": None}), "unanswered")  # type: ignore[dict-item]
    check(grade(MAT, {}), "unanswered")
    check(grade(MAT, {**right, "Atlantis": "Bamako"}), "correct")  # unknown left ignored
    check(grade(MAT, [("Mali", "Bamako")]), "wrong")  # type: ignore[arg-type]


def test_matching_guessing_with_variant_keys_earns_nothing() -> None:
    guesses = {"Mali": "Bamako", "mali": "Niamey", "MALI": "Lomé"}
    check(grade(MAT, guesses), "wrong", 0.0)


# ------------------------------------------------------------------ shapes and settings


@pytest.mark.parametrize("card", ALL_CARDS, ids=lambda c: c.kind)
@pytest.mark.parametrize("response", [{"x": "y"}, 3.5, b"bytes", object(), [1, 2], True, ["a"]])
def test_wrong_shapes_are_wrong_with_feedback(card: object, response: object) -> None:
    result = grade(card, response)  # type: ignore[arg-type]
    assert result.verdict in ("wrong", "partial", "correct")
    assert result.feedback
    assert result.expected == card.answer_text  # type: ignore[attr-defined]


def test_wrong_shape_feedback_says_what_to_give() -> None:
    assert "Pick one choice" in grade(MC, {"a": "b"}).feedback
    assert "Match each item" in grade(MAT, "Bamako").feedback
    assert "Type a number" in grade(NUM, ["1200"]).feedback


def test_settings_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="typo_tolerance"):
        GradingSettings(typo_tolerance=-0.1)
    with pytest.raises(ValueError, match="typo_tolerance"):
        GradingSettings(typo_tolerance=float("nan"))


def test_feedback_is_one_short_line() -> None:
    long = Flashcard(id="long", front="?", back="line one\nline two " + "x" * 500)
    result = grade(long, "nothing like it")
    assert "\n" not in result.feedback and len(result.feedback) <= 120
    assert result.expected == long.back


# ------------------------------------------------------------------ properties

_text = st.text(max_size=60)
responses = st.one_of(
    st.none(),
    _text,
    st.booleans(),
    st.integers(),
    st.floats(),
    st.lists(_text, max_size=8),
    st.lists(st.one_of(st.none(), _text, st.integers()), max_size=6),
    st.frozensets(_text, max_size=6),
    st.dictionaries(_text, st.one_of(_text, st.none()), max_size=6),
    st.sampled_from(["Bamako", "2", "true", "1,200 km", "Paris", "A", "Mali", "Ouaga"]),
    st.lists(st.sampled_from(["A", "B", "C", "D", "2", "3", "5", "Paris", "France"]), max_size=6),
    st.dictionaries(st.sampled_from(["Mali", "Niger", "Chad", "Togo"]),
                    st.sampled_from(["Bamako", "Niamey", "N'Djamena", "Lomé"])),
)


@settings(deadline=None)
@given(card=st.sampled_from(ALL_CARDS), response=responses,
       tolerance=st.floats(min_value=0, max_value=1))
def test_grade_never_raises_and_stays_in_range(card: object, response: object,
                                               tolerance: float) -> None:
    result = grade(card, response, GradingSettings(typo_tolerance=tolerance))  # type: ignore[arg-type]
    assert 0.0 <= result.score <= 1.0
    assert result.correct == (result.score == 1.0)
    assert result.verdict in ("correct", "partial", "wrong", "unanswered")
    assert (result.verdict == "unanswered") == is_unanswered(card, response)  # type: ignore[arg-type]
    if result.verdict == "partial":
        assert 0.0 < result.score < 1.0
    assert "\n" not in result.feedback


@settings(deadline=None)
@given(answer=st.text(min_size=1, max_size=40), typed=st.text(max_size=40))
def test_short_answer_properties(answer: str, typed: str) -> None:
    try:
        card = ShortAnswer(id="p", question="?", answers=(answer,))
    except ValidationError:
        assume(False)  # not a valid card (e.g. only control characters)
    assert grade(card, card.answers[0]).correct  # the answer itself is always right
    result = grade(card, typed)
    assert 0.0 <= result.score <= 1.0 and result.correct == (result.score == 1.0)


@settings(deadline=None)
@given(text=st.text(max_size=80))
def test_normalise_is_idempotent_and_never_raises(text: str) -> None:
    once = normalise(text)
    # Only dropping one more leading article may change it again ("the a b" -> "a b" -> "b").
    assert normalise(once) == once or once.split()[0] in ("the", "a", "an")


@settings(deadline=None)
@given(order=st.permutations(["A", "B", "C", "D"]))
def test_ordering_full_credit_only_for_the_right_order(order: list[str]) -> None:
    result = grade(ORD, order)
    assert result.correct == (order == ["A", "B", "C", "D"])


@settings(deadline=None)
@given(picks=st.sets(st.sampled_from(MS.choices)))
def test_multi_select_full_credit_only_for_the_exact_set(picks: set[str]) -> None:
    result = grade(MS, sorted(picks))
    assert result.correct == (picks == set(MS.answers))


@settings(deadline=None)
@given(text=st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[-+]?[\d.,' ]{1,12}(e[-+]?\d{1,4})?\s?\w{0,4}", fullmatch=True),
))
def test_read_number_never_raises(text: str) -> None:
    read = read_number(text)
    if read is not None:
        assert read[0] and all(v.is_finite() for v in read[0])


# ---------------------------------------------------------------- the right spelling


def test_spelling_diff_marks_the_mistyped_letters_of_the_right_spelling() -> None:
    from quizapp.grading import spelling_diff

    assert spelling_diff("evidance", "evidence") == ((4, 5),)
    assert spelling_diff("Bamko", "Bamako") == ((3, 4),)  # a letter left out
    assert spelling_diff("Bamakko", "Bamako") == ()  # a letter too many: nothing to mark
    assert spelling_diff("evidanse", "evidence") == ((4, 5), (6, 7))
    assert spelling_diff("evidxxce", "evidence") == ((4, 6),)  # neighbours make one span
    assert spelling_diff("ÉVIDENCE", "evidence") == ()  # case and accents are no typo


def test_a_forgiven_typo_says_what_was_typed_and_the_spelling_accepted() -> None:
    card = ShortAnswer(id="s", question="Q?", answers=["evidence"])
    result = grade(card, "evidance ")
    assert result.correct and result.corrections == (("evidance", "evidence"),)
    assert grade(card, "evidence").corrections == ()
    cloze = Cloze(id="c", text="{{c1::Bamako}} is in {{c2::Mali}}.")
    assert grade(cloze, ["bamakp", "mali"]).corrections == (("bamakp", "Bamako"),)
