"""The game's guard rails, sans IO: roster cap, look-alike names, PIN guessing from many
addresses, letting a removed player back, a second tab, extra time, roster files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RIGHT, make_game

from quizapp.classroom import scoring
from quizapp.classroom.game import EVERYONE
from quizapp.classroom.names import name_keys
from quizapp.classroom.players import Refused
from quizapp.classroom.protocol import Lobby, ProtocolError, Question, Welcome, parse_client_message
from quizapp.classroom.roster import RosterError, read_roster


def refused(game, *args, **kwargs) -> str:
    with pytest.raises(Refused) as error:
        game.join(*args, **kwargs)
    return error.value.code


def welcome(outs, key) -> Welcome:
    return next(o.message for o in outs if o.to == key and isinstance(o.message, Welcome))


def test_max_players_counts_those_who_left(deck, clock):
    game = make_game(deck, clock, max_players=3)
    keys = [game.join("123456", f"Ghost {i}")[0] for i in range(3)]
    for key in keys:
        game.leave(key)
    assert game.connected == [] and game.in_game == 3
    assert refused(game, "123456", "Ghost 4") == "full"
    # A kicked player frees their place.
    game.kick("Ghost 0")
    game.join("123456", "Ghost 4")
    assert refused(game, "123456", "Ghost 5") == "full"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("alice", "name_taken"),  # case
        ("ＡＬＩＣＥ", "name_taken"),  # fullwidth letters (NFKC)
        ("AIice", "name_taken"),  # capital I for l
        ("A1ice", "name_taken"),  # digit one for l
        ("\U0001d400lice", "name_taken"),  # mathematical bold A
        ("Аlice", "bad_name"),  # Cyrillic А with Latin letters: mixed scripts
        ("Ali\u034fce", "bad_name"),  # COMBINING GRAPHEME JOINER: invisible
        ("\u3164", "bad_name"),  # HANGUL FILLER: a name that shows as nothing
        ("Alice\u200b", "bad_name"),  # zero width space
    ],
)
def test_look_alike_names_are_refused(deck, clock, name, code):
    game = make_game(deck, clock)
    game.join("123456", "Alice")
    assert refused(game, "123456", name) == code
    assert [p.name for p in game.players.values()] == ["Alice"]


def test_names_in_one_script_or_a_usual_mix_are_welcome(deck, clock):
    game = make_game(deck, clock)
    for name in ("Иван", "李雷", "José", "Zoë", "Ann-Marie O'Neil", "山田 Taro", "Bob"):
        game.join("123456", name)
    assert len(game.players) == 7
    assert name_keys("Tom") == name_keys("Torn")  # "m" and "rn" meet in the skeleton


def test_wrong_pins_from_every_address_trip_one_guard(deck, clock):
    game = make_game(deck, clock, wrong_pins_per_minute=5)
    key, outs = game.join("123456", "Ann")
    token = welcome(outs, key).token
    old = game.pin
    for guess in range(4):
        assert refused(game, f"{guess:06d}", f"Guesser {guess}") == "wrong_pin"
    assert game.pin == old and not game.alerts
    assert refused(game, "000004", "Guesser 4") == "wrong_pin"
    assert game.pin != old  # rotated: the guesses so far are worth nothing
    assert len(game.alerts) == 1 and game.pin in game.alerts[0]
    # The budget is spent for the minute: no PIN is even checked, the right one neither.
    assert refused(game, game.pin, "Late student") == "pin_cooldown"
    # A player already in comes back with their token, PIN or no PIN.
    game.leave(key)
    again, _ = game.join(old, "Ann", token=token)
    assert again == key and game.players[key].connected
    clock.advance(60)
    game.join(game.pin, "Late student")
    assert refused(game, old, "Someone") == "wrong_pin"


def test_let_back_in_keeps_the_token_and_nobody_else_takes_the_name(deck, clock):
    game = make_game(deck, clock)
    key, outs = game.join("123456", "Eve")
    token = welcome(outs, key).token
    game.start()
    clock.advance(1)
    game.answer(key, 0, RIGHT["mc"])
    game.close()
    score = game.players[key].score
    game.kick("Eve")
    game.approve("Eve")
    assert refused(game, "123456", "Eve") == "kicked"  # no token: not Eve
    assert refused(game, "123456", "Eve", token="forged" * 4) == "kicked"
    assert refused(game, "123456", "EVE") == "kicked"
    back, outs = game.join("123456", "Eve", token=token)
    assert back == key and welcome(outs, key).token == token
    assert game.players[key].score == score and not game.players[key].kicked


def test_a_second_tab_changes_nothing_the_others_see(deck, clock):
    game = make_game(deck, clock)
    key, outs = game.join("123456", "Tab")
    token = welcome(outs, key).token
    game.join("123456", "Other")
    again, outs = game.join("123456", "Tab", token=token)  # same player, still connected
    assert again == key and welcome(outs, key).rejoined
    assert not [o for o in outs if o.to is EVERYONE and isinstance(o.message, Lobby)]


def test_extra_time_scales_the_clock_and_costs_no_points(deck, clock):
    game = make_game(deck, clock, time_per_question=20, streaks=False)
    game.set_extra_time("Slow", 2.0)  # from the roster, before they join
    slow, _ = game.join("123456", "Slow")
    fast, _ = game.join("123456", "Fast")
    outs = game.start()
    broadcast = next(o for o in outs if o.to is EVERYONE)
    own = next(o.message for o in outs if o.to == slow)
    assert broadcast.skip == {slow} and broadcast.message.time_limit == 20
    assert isinstance(own, Question) and own.time_limit == 40 and own.remaining == 40
    clock.advance(10)
    game.answer(fast, 0, RIGHT["mc"])  # half of 20 s
    assert game.close_at == game.opened_at + 40  # waits for the student with more time
    clock.advance(10)  # 20 s: half of Slow's 40 s
    game.answer(slow, 0, RIGHT["mc"])
    assert game.close_at == game.deadline  # nobody left to wait for
    game.close()
    expected = scoring.points(1, 10, 20, 1000, "speed", right=True, streak=1, streaks=False)[0]
    assert game.players[fast].score == game.players[slow].score == expected == 750


def test_extra_time_players_answer_after_the_others_time_is_up(deck, clock):
    game = make_game(deck, clock, time_per_question=20)
    slow, _ = game.join("123456", "Slow")
    other, _ = game.join("123456", "Other")
    game.set_extra_time("slow", 1.5)  # from the lobby, after joining
    game.start()
    clock.advance(25)
    with pytest.raises(Refused) as late:
        game.answer(other, 0, RIGHT["mc"])
    assert late.value.code == "late"
    game.answer(slow, 0, RIGHT["mc"])
    assert game.players[slow].answers[0].right
    with pytest.raises(Refused):
        game.set_extra_time("Slow", 5)


def test_roster_files(tmp_path: Path):
    good = tmp_path / "roster.csv"
    good.write_text("# who gets more time\nAnn, x1.5\nBen\t2\n\nSmith, Jo , 1,5\n", "utf-8")
    assert read_roster(good) == {"Ann": 1.5, "Ben": 2.0, "Smith, Jo": 1.5}
    bad = tmp_path / "bad.csv"
    for text, said in (("Ann 1.5\n", "line 1: write the name"), ("Ann, x9\n", "not between"),
                       ("\u3164, 2\n", "the name: names cannot contain")):  # fmt: skip
        bad.write_text(text, "utf-8")
        with pytest.raises(RosterError, match=said) as error:
            read_roster(bad)
        assert str(bad) in str(error.value)
    with pytest.raises(RosterError, match="cannot read"):
        read_roster(tmp_path / "missing.csv")


def test_deeply_nested_json_gets_a_documented_code():
    deep = "[" * 3000 + "]" * 3000  # 6 KB: under the size limit
    for raw in (deep, '{"type":"answer","question":0,"response":' + deep + "}"):
        with pytest.raises(ProtocolError) as error:
            parse_client_message(raw)
        assert error.value.code == "too_deep"
    documented = (Path(__file__).parents[2] / "quizapp/classroom/PROTOCOL.md").read_text("utf-8")
    for code in ("too_deep", "too_many_sockets", "join_timeout", "pin_cooldown"):
        assert f"`{code}`" in documented
