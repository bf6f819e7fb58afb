"""The game as a pure state machine: joins, refusals, timing, scoring, the record."""

from __future__ import annotations

import pytest
from conftest import CARDS, RIGHT, WRONG, FakeClock, make_deck, make_game

from quizapp.classroom import ClassroomSettings
from quizapp.classroom.game import EVERYONE, Game, Refused
from quizapp.classroom.protocol import Ack, Finished, Kicked, Question, Result, Welcome
from quizapp.model import StudySettings


def messages(outs, to, kind):
    return [o.message for o in outs if o.to in (to, EVERYONE) and isinstance(o.message, kind)]


def test_join_welcomes_with_a_token(deck, clock):
    game = make_game(deck, clock)
    key, outs = game.join("123456", "  Ada   Lovelace ")
    (welcome,) = messages(outs, key, Welcome)
    assert welcome.name == "Ada Lovelace"
    assert len(welcome.token) >= 24
    assert welcome.questions == len(deck.cards)


@pytest.mark.parametrize(
    ("pin", "name", "code"),
    [
        ("000000", "Ada", "wrong_pin"),
        ("123456", "A" * 21, "bad_name"),
        ("123456", "Ada\x1b]52;c;aGk=\x07", "bad_name"),
        ("123456", "Bob\u202e", "bad_name"),
        ("123456", "   ", "bad_name"),
    ],
)
def test_join_refusals(deck, clock, pin, name, code):
    game = make_game(deck, clock)
    with pytest.raises(Refused) as refused:
        game.join(pin, name)
    assert refused.value.code == code
    assert refused.value.message
    assert game.players == {}


def test_taken_name_case_insensitive_and_touches_no_one(deck, clock):
    game = make_game(deck, clock)
    key, _ = game.join("123456", "Ada")
    with pytest.raises(Refused) as refused:
        game.join("123456", "ADA")
    assert refused.value.code == "name_taken"
    with pytest.raises(Refused):
        game.join("123456", "ada", token="forged")
    assert game.players[key].connected and len(game.players) == 1


def test_locked_lobby_and_full_game(deck, clock):
    game = make_game(deck, clock, max_players=2)
    game.join("123456", "A")
    game.lock()
    with pytest.raises(Refused) as refused:
        game.join("123456", "B")
    assert refused.value.code == "locked"
    game.unlock()
    game.join("123456", "B")
    with pytest.raises(Refused) as refused:
        game.join("123456", "C")
    assert refused.value.code == "full"


def test_kicked_player_needs_approval_to_return(deck, clock):
    game = make_game(deck, clock)
    key, outs = game.join("123456", "Eve")
    token = messages(outs, key, Welcome)[0].token
    outs = game.kick("eve")
    assert isinstance(outs[0].message, Kicked) and outs[0].to == key
    for attempt in (token, None):
        with pytest.raises(Refused) as refused:
            game.join("123456", "Eve", token=attempt)
        assert refused.value.code == "kicked"
    game.approve("Eve")
    again, outs = game.join("123456", "Eve", token=token)
    assert again == key and messages(outs, key, Welcome)[0].rejoined


def test_rejoin_keeps_score_and_answers(deck, clock):
    game = make_game(deck, clock)
    key, outs = game.join("123456", "Ada")
    token = messages(outs, key, Welcome)[0].token
    game.start()
    clock.advance(0.2)
    game.answer(key, 0, RIGHT["mc"])
    game.close()
    score = game.players[key].score
    assert score == 1000
    game.leave(key)
    game.next()
    _, outs = game.join("123456", "Ada", token=token)
    welcome = messages(outs, key, Welcome)[0]
    assert welcome.rejoined and welcome.score == score
    # Back during an open question: it is sent again, with the time already gone.
    clock.advance(3)
    game.leave(key)
    _, outs = game.join("123456", "Ada", token=token)
    (question,) = [o.message for o in outs if isinstance(o.message, Question)]
    assert question.index == 1 and question.remaining == pytest.approx(17)


def test_answers_are_timed_by_the_host_and_scored_kahoot_style(deck, clock):
    game = make_game(deck, clock, time_per_question=20, streaks=False)
    keys = [game.join("123456", n)[0] for n in ("fast", "mid", "slow", "wrong", "silent")]
    game.start()
    clock.advance(0.3)
    game.answer(keys[0], 0, RIGHT["mc"])
    clock.advance(9.7)  # t = 10 s of 20
    acks = game.answer(keys[1], 0, RIGHT["mc"])
    assert isinstance(acks[0].message, Ack) and acks[0].message.time_ms == 10_000
    clock.advance(9.9)  # t = 19.9 s
    game.answer(keys[2], 0, RIGHT["mc"])
    game.answer(keys[3], 0, WRONG["mc"])
    outs = game.close()
    results = {o.to: o.message for o in outs if isinstance(o.message, Result)}
    assert results[keys[0]].points == 1000
    assert results[keys[1]].points == 750
    assert results[keys[2]].points == round((1 - 19.9 / 20 / 2) * 1000)
    assert results[keys[3]].points == 0 and not results[keys[3]].right
    assert not results[keys[4]].answered
    assert results[keys[0]].rank == 1 and results[keys[4]].rank == 4
    assert results[keys[0]].distribution == {"Lyon": 1, "Paris": 3, "Nice": 0}
    assert results[keys[0]].correct_choices == ["Paris"]
    assert results[keys[0]].explanation == "Paris since 987."


def test_accuracy_mode_ignores_time(deck, clock):
    game = make_game(deck, clock, scoring="accuracy", streaks=False)
    key, _ = game.join("123456", "A")
    game.start()
    clock.advance(19)
    game.answer(key, 0, RIGHT["mc"])
    assert messages(game.close(), key, Result)[0].points == 1000


def test_streak_bonus_grows_to_500_and_resets(clock):
    cards = [
        {"kind": "true_false", "id": f"t{i}", "statement": f"S {i}", "answer": True}
        for i in range(9)
    ]
    game = make_game(make_deck(cards), clock, scoring="accuracy")
    key, _ = game.join("123456", "A")
    bonuses = []
    for i in range(9):
        game.next() if i else game.start()
        game.answer(key, i, i != 7)  # wrong on question 8
        bonuses.append(messages(game.close(), key, Result)[0].streak_bonus)
    assert bonuses == [0, 100, 200, 300, 400, 500, 500, 0, 0]


def test_partial_credit_scales_points(deck, clock):
    game = make_game(deck, clock, scoring="accuracy", streaks=False)
    key, _ = game.join("123456", "A")
    game.start()
    game.close()
    game.next()  # multi-select: one of two right choices
    game.answer(key, 1, ["2"])
    result = messages(game.close(), key, Result)[0]
    assert 0 < result.score < 1
    assert 0 < result.points < 1000 and not result.right


@pytest.mark.parametrize(
    ("question", "code"), [(1, "out_of_order"), (0, "already_answered")]
)
def test_second_and_out_of_order_answers_refused(deck, clock, question, code):
    game = make_game(deck, clock)
    key, _ = game.join("123456", "A")
    game.start()
    game.answer(key, 0, RIGHT["mc"])
    with pytest.raises(Refused) as refused:
        game.answer(key, question, RIGHT["mc"])
    assert refused.value.code == code
    assert game.players[key].answers[0].response == "Paris"


def test_late_answers_refused(deck, clock):
    game = make_game(deck, clock, time_per_question=10)
    key, _ = game.join("123456", "A")
    other, _ = game.join("123456", "B")
    with pytest.raises(Refused) as refused:
        game.answer(key, 0, "Paris")
    assert refused.value.code == "out_of_order"
    game.start()
    clock.advance(10.01)
    with pytest.raises(Refused) as refused:
        game.answer(key, 0, RIGHT["mc"])
    assert refused.value.code == "late"
    game.close()
    with pytest.raises(Refused) as refused:
        game.answer(other, 0, RIGHT["mc"])
    assert refused.value.code == "late"
    assert all(p.score == 0 for p in game.players.values())


@pytest.mark.parametrize("response", ["Rome", ["Paris"], True, 3, {"a": "b"}, "x" * 600])
def test_malformed_responses_refused(deck, clock, response):
    game = make_game(deck, clock)
    key, _ = game.join("123456", "A")
    game.start()
    with pytest.raises(Refused) as refused:
        game.answer(key, 0, response)
    assert refused.value.code == "bad_answer"
    assert game.answered == 0


def test_every_kind_plays_and_the_record_keeps_it(deck, clock):
    game = make_game(deck, clock, time_per_question=30)
    good, _ = game.join("123456", "Good")
    bad, _ = game.join("123456", "Bad")
    outs = game.start()
    for i, card in enumerate(deck.cards):
        question = messages(outs, good, Question)[0]
        assert question.index == i
        clock.advance(1)
        game.answer(good, i, RIGHT[card.id])
        game.answer(bad, i, WRONG[card.id])
        assert game.all_answered
        results = {o.to: o.message for o in game.close() if isinstance(o.message, Result)}
        assert results[good].right, card.id
        assert not results[bad].right, card.id
        outs = game.next()
    finished = messages(outs, good, Finished)[0]
    assert finished.podium[0].name == "Good" and finished.you.rank == 1
    record = game.result()
    assert [q.card_id for q in record.questions] == [c.id for c in deck.cards]
    assert record.players[0].name == "Good" and record.players[0].right == len(deck.cards)
    rows = record.to_csv_rows()
    assert len(rows) == 1 + 2 * len(deck.cards)
    assert rows[1][2:5] == ["Good", "Paris", "yes"]


def test_csv_cells_never_start_a_formula(deck, clock):
    game = make_game(deck, clock, questions=4)
    key, _ = game.join("123456", "=cmd")
    game.start()
    for _ in range(3):
        game.close()
        game.next()
    game.answer(key, 3, "=HYPERLINK(1)")
    game.finish()
    rows = game.result().to_csv_rows()
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_pin_comes_from_secrets_and_is_six_digits(deck):
    pins = {make_game_pin(deck) for _ in range(20)}
    assert all(len(p) == 6 and p.isdigit() for p in pins)
    assert len(pins) > 1


def make_game_pin(deck) -> str:
    from quizapp.classroom import Game

    return Game(deck, clock=FakeClock()).pin


@pytest.mark.parametrize(("tolerance", "right"), [(0.0, False), (0.3, True)])
def test_answers_are_graded_with_the_decks_typo_tolerance(clock, tolerance, right):
    deck = make_deck([c for c in CARDS if c["id"] == "sa"])
    game = Game(deck, ClassroomSettings(), clock=clock, pin="123456", typo_tolerance=tolerance)
    key, _ = game.join("123456", "Ann")
    game.start()
    game.answer(key, 0, "Shakespear")  # one letter short
    assert game.players[key].answers[0].right is right


def test_typo_tolerance_is_set_before_the_game_starts(deck, clock):
    game = make_game(deck, clock)
    assert game.grading.typo_tolerance == StudySettings().typo_tolerance  # a deck's default
    game.use_typo_tolerance(0.0)
    assert game.grading.typo_tolerance == 0.0
    game.join("123456", "Ann")
    game.start()
    with pytest.raises(ValueError, match="before the game starts"):
        game.use_typo_tolerance(0.3)
