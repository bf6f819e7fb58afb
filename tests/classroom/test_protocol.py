"""Client message parsing, the points formula, and what a question shows."""

from __future__ import annotations

import json

import pytest
from conftest import make_deck

from quizapp.classroom.protocol import (
    Answer,
    Join,
    ProtocolError,
    TeacherAction,
    parse_client_message,
    parse_server_message,
)
from quizapp.classroom.questions import BadResponse, check_response, public_view
from quizapp.classroom.scoring import base_points, points, streak_bonus


def test_parses_join_and_answer_of_every_shape():
    join = parse_client_message(json.dumps({"type": "join", "pin": "1", "name": "A"}))
    assert isinstance(join, Join) and join.token is None
    for response in ["Paris", ["a", "b"], True, 3, 2.5, {"l": "r"}]:
        raw = json.dumps({"type": "answer", "question": 2, "response": response})
        answer = parse_client_message(raw.encode())
        assert isinstance(answer, Answer) and answer.response == response
        assert type(answer.response) is type(response)
    assert isinstance(parse_client_message('{"type": "kick", "name": "x"}'), TeacherAction)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "malformed"),
        ("\xff\xfe", "malformed"),
        (b"\xff\xfe", "malformed"),
        ("null", "malformed"),
        ('{"pin": "1"}', "malformed"),
        ('{"type": "join", "pin": "1"}', "malformed"),
        ('{"type": "join", "pin": "1", "name": "A", "admin": true}', "malformed"),
        ('{"type": "answer", "question": -1, "response": "x"}', "malformed"),
        ('{"type": "answer", "question": "0", "response": "x"}', "malformed"),
        ('{"type": "answer", "question": 0, "response": null}', "malformed"),
        ('{"type": "answer", "question": 0, "response": [1, 2]}', "malformed"),
        ('{"type": "welcome"}', "malformed"),
    ],
)
def test_refuses_malformed(raw, code):
    with pytest.raises(ProtocolError) as error:
        parse_client_message(raw)
    assert error.value.code == code and error.value.message


def test_size_is_checked_before_parsing():
    huge = "[" * 100_000  # would blow the JSON parser's recursion if parsed
    with pytest.raises(ProtocolError) as error:
        parse_client_message(huge, limit=8192)
    assert error.value.code == "too_large"
    multibyte = json.dumps({"type": "join", "pin": "1", "name": "é" * 5000}, ensure_ascii=False)
    assert len(multibyte) < 8192 < len(multibyte.encode())
    with pytest.raises(ProtocolError) as error:
        parse_client_message(multibyte, limit=8192)
    assert error.value.code == "too_large"


def test_server_messages_round_trip():
    raw = json.dumps({"type": "ack", "question": 1, "time_ms": 5})
    assert parse_server_message(raw).time_ms == 5


@pytest.mark.parametrize(
    ("elapsed", "expected"), [(0.0, 1000), (0.49, 1000), (10, 750), (20, 500), (25, 500)]
)
def test_speed_points(elapsed, expected):
    assert base_points(elapsed, 20, 1000, "speed") == expected


def test_accuracy_points_and_partial_credit():
    assert base_points(19, 20, 1000, "accuracy") == 1000
    args = dict(right=False, streak=0, streaks=True)
    assert points(0.5, 0.1, 20, 1000, "accuracy", **args) == (500, 0)
    assert points(0.0, 0.1, 20, 1000, "speed", **args) == (0, 0)


def test_streak_bonus_rule():
    assert [streak_bonus(n) for n in range(8)] == [0, 0, 100, 200, 300, 400, 500, 500]
    assert points(1, 0.1, 20, 1000, "speed", right=True, streak=3, streaks=True) == (1200, 200)
    assert points(1, 0.1, 20, 1000, "speed", right=True, streak=3, streaks=False) == (1000, 0)


def test_public_views_hide_answers_and_show_every_order():
    """Any order can come up, the right one too: "never in order" would itself be a tell."""
    deck = make_deck()
    seen: dict[str, set[tuple[str, ...]]] = {"mc": set(), "or": set(), "ma": set()}
    for seed in range(300):
        for card in deck.cards:
            view = public_view(card, seed)
            if card.kind == "ordering":
                assert sorted(view.items) == sorted(card.items)
                seen["or"].add(view.items)
            if card.kind == "matching":
                assert sorted(view.right) == sorted(r for _, r in card.pairs)
                seen["ma"].add(view.right)
            if card.kind == "multiple_choice":
                seen["mc"].add(view.choices)
    assert all(len(orders) == 6 for orders in seen.values()), seen  # 3! orders each
    flash = public_view(deck.card("fc"), 0)
    assert flash.kind == "short_answer" and "Au" not in repr(flash)
    numeric = public_view(deck.card("nu"), 0)
    assert "299792" not in repr(numeric) and numeric.unit == "km/s"
    cloze = public_view(deck.card("cl"), 0)
    assert cloze.gaps == 2 and "Rhine" not in cloze.prompt and "[…sea]" in cloze.prompt


def test_responses_are_cleaned_and_checked_against_the_view():
    deck = make_deck()
    short = public_view(deck.card("sa"), 1)
    assert check_response(short, "  Shake\x1b[31mspeare \u202e ") == "Shake[31mspeare"
    matching = public_view(deck.card("ma"), 1)
    with pytest.raises(BadResponse):
        check_response(matching, {"France": "Berlin"})
    ordering = public_view(deck.card("or"), 1)
    with pytest.raises(BadResponse):
        check_response(ordering, [ordering.items[0]] * 3)
    numeric = public_view(deck.card("nu"), 1)
    assert check_response(numeric, 3) == 3.0
    with pytest.raises(BadResponse):
        check_response(numeric, True)


def test_host_text_is_cleaned_on_the_client_side():
    raw = json.dumps(
        {"type": "kicked", "message": "bye\x1b]52;c;ZXZpbA==\x07 \u202eoops"}
    )
    message = parse_server_message(raw)
    assert "\x1b" not in message.message and "\u202e" not in message.message
    assert message.message.startswith("bye]52;c;")
