"""Host and students over real WebSockets on 127.0.0.1, in one event loop."""

from __future__ import annotations

import asyncio
import json

import pytest
from conftest import RIGHT, WRONG, address
from websockets.exceptions import ConnectionClosed

from quizapp.classroom import ClassroomClient, JoinRefused
from quizapp.classroom.protocol import Ack, Error, Finished, Kicked, Lobby, Question, Result
from tests.waiting import eventually


async def next_of(client: ClassroomClient, kind, timeout: float = 5):
    while True:
        message = await client.receive(timeout)
        if isinstance(message, kind):
            return message


async def joined(server, name: str, keep_frames: bool = True) -> ClassroomClient:
    client = ClassroomClient(address(server), keep_frames=keep_frames)
    await client.join("424242", name)
    return client


def assert_nothing_revealed(card, frames: list[str]) -> None:
    """Frames sent while `card` is open: only the public question, acks and lobby news."""
    for frame in frames:
        message = json.loads(frame)
        assert message["type"] in ("question", "ack", "lobby"), frame
        assert card.explanation == "" or card.explanation not in frame
        assert "correct" not in frame and "answer_text" not in frame
        if message["type"] != "question":
            continue
        kind = card.kind
        if kind in ("short_answer", "flashcard"):
            accepted = card.answers if kind == "short_answer" else (card.back,)
            assert not any(a in frame for a in accepted), frame
        elif kind == "numeric":
            assert "299792" not in frame and "500" not in frame
        elif kind == "cloze":
            assert not any(g.answer in frame for g in card.gaps), frame
        elif kind == "ordering":  # any order may come up (tests/test_shuffle.py)
            assert sorted(message["items"]) == sorted(card.items)
        elif kind == "matching":
            assert sorted(message["right"]) == sorted(r for _, r in card.pairs)


async def test_whole_game_and_nothing_leaks_before_close(live):
    deck = live.game.deck
    good, bad, late = [await joined(live, n) for n in ("Good", "Bad", "Late")]
    everyone = (good, bad, late)
    live.start_game()
    for i, card in enumerate(deck.cards):
        mark = {c: len(c.frames) for c in everyone}
        for client in everyone:
            question = await next_of(client, Question)
            assert question.index == i
        ack = await good.answer_and_wait(i, RIGHT[card.id])
        assert isinstance(ack, Ack) and ack.question == i
        assert isinstance(await bad.answer_and_wait(i, WRONG[card.id]), Ack)
        # Read each client up to a lobby update sent now: a frame the host sent anyone
        # while the card was open came before it (a fixed sleep only hoped so, and frames
        # nobody reads are never counted).
        live.lock()
        for client in everyone:
            while not (isinstance(m := await client.receive(5), Lobby) and m.locked):
                pass
        live.unlock()
        for client in everyone:
            assert_nothing_revealed(card, client.frames[mark[client] :])
        live.close_question()
        r_good, r_bad = await next_of(good, Result), await next_of(bad, Result)
        r_late = await next_of(late, Result)
        assert r_good.right and not r_bad.right and not r_late.answered, card.id
        assert r_good.answer_text == card.answer_text
        live.next_question()
    finished = await next_of(good, Finished)
    assert finished.podium[0].name == "Good"
    result = live.game.result()
    assert {p.name for p in result.players} == {"Good", "Bad", "Late"}
    for client in (good, bad, late):
        await client.close()


async def test_malformed_oversized_teacher_only_and_unjoined_messages(live):
    other = await joined(live, "Other")
    rogue = ClassroomClient(address(live))
    await rogue.connect()
    cases = [
        ("{not json", "malformed"),
        ("[1, 2]", "malformed"),
        (json.dumps({"type": "answer", "question": 0, "response": "Paris"}), "out_of_order"),
        (json.dumps({"type": "start"}), "teacher_only"),
        (json.dumps({"type": "kick", "name": "Other"}), "teacher_only"),
        (json.dumps({"type": "join", "pin": "424242", "name": "x" * 9000}), "too_large"),
        (json.dumps({"type": "hello"}), "malformed"),
    ]
    for raw, code in cases:
        await rogue.send_raw(raw)
        reply = await rogue.receive(5)
        assert isinstance(reply, Error) and reply.code == code, raw
        assert reply.message
    # Nobody else noticed; the game did not move; the rogue can still join properly.
    assert live.game.phase == "lobby" and list(live.game.players) == ["other"]
    await rogue.join("424242", "Rogue")
    await rogue.send_raw(json.dumps({"type": "join", "pin": "424242", "name": "Again"}))
    assert (await next_of(rogue, Error)).code == "out_of_order"
    live.start_game()
    assert (await next_of(other, Question)).index == 0
    await other.close()
    await rogue.close()


async def test_join_refusals_over_the_wire(live):
    await joined(live, "Ada")
    for pin, name, code in [
        ("999999", "Bob", "wrong_pin"),
        ("424242", "ada", "name_taken"),
        ("424242", "x" * 21, "bad_name"),
        ("424242", "bell\x07", "bad_name"),
    ]:
        client = ClassroomClient(address(live))
        with pytest.raises(JoinRefused) as refused:
            await client.join(pin, name)
        assert refused.value.code == code
        await client.close()
    live.lock()
    client = ClassroomClient(address(live))
    with pytest.raises(JoinRefused) as refused:
        await client.join("424242", "Latecomer")
    assert refused.value.code == "locked"
    await client.close()


async def test_join_flood_from_one_address_is_throttled(live):
    live.limiter.per_second = 3
    client = ClassroomClient(address(live))
    await client.connect()
    codes = []
    for _ in range(5):
        await client.send_raw(json.dumps({"type": "join", "pin": "000000", "name": "Flood"}))
        codes.append((await next_of(client, Error)).code)
    assert codes == ["wrong_pin"] * 3 + ["too_many_joins"] * 2
    await client.close()


async def test_second_and_late_answers_over_the_wire(live):
    ada = await joined(live, "Ada")
    live.start_game()
    await next_of(ada, Question)
    assert isinstance(await ada.answer_and_wait(0, "Paris"), Ack)
    second = await ada.answer_and_wait(0, "Lyon")
    assert isinstance(second, Error) and second.code == "already_answered"
    live.close_question()
    assert (await next_of(ada, Result)).right
    late = await ada.answer_and_wait(0, "Paris")
    assert isinstance(late, Error) and late.code == "late"
    await ada.close()


async def test_drop_and_rejoin_keeps_score_and_nobody_can_take_the_name(live):
    ada = await joined(live, "Ada")
    live.start_game()
    await next_of(ada, Question)
    await ada.answer_and_wait(0, "Paris")
    live.close_question()
    score = (await next_of(ada, Result)).total
    assert score > 0
    await ada.close()
    await eventually(lambda: not live.game.players["ada"].connected)
    thief = ClassroomClient(address(live))
    with pytest.raises(JoinRefused):
        await thief.join("424242", "Ada")
    await thief.close()
    welcome = await ada.rejoin()
    assert welcome.rejoined and welcome.score == score
    live.next_question()
    assert (await next_of(ada, Question)).index == 1
    await ada.close()


async def test_kicked_player_is_disconnected_and_kept_out(live):
    eve = await joined(live, "Eve")
    token = eve.token
    live.kick("Eve")
    assert isinstance(await next_of(eve, Kicked), Kicked)
    with pytest.raises(ConnectionClosed):
        await eve.receive(5)
    back = ClassroomClient(address(live))
    with pytest.raises(JoinRefused) as refused:
        await back.join("424242", "Eve", token)
    assert refused.value.code == "kicked"
    live.approve("Eve")
    await back.close()
    back = ClassroomClient(address(live))
    assert (await back.join("424242", "Eve", token)).rejoined
    await back.close()


async def test_auto_advance_plays_unattended(live):
    clients = [await joined(live, f"S{i}", keep_frames=False) for i in range(4)]
    deck = live.game.deck

    async def play(client: ClassroomClient, right: bool) -> Finished:
        async for message in client.events():
            if isinstance(message, Question):
                card = deck.cards[message.index]
                await client.answer(message.index, (RIGHT if right else WRONG)[card.id])
            elif isinstance(message, Finished):
                return message
        raise AssertionError("connection closed before the end")

    runner = asyncio.create_task(live.run_auto())
    finals = await asyncio.wait_for(
        asyncio.gather(*(play(c, i % 2 == 0) for i, c in enumerate(clients))), 30
    )
    result = await runner
    assert {f.podium[0].name for f in finals} <= {"S0", "S2"}
    assert sum(p.right for p in result.players) == 2 * len(deck.cards)
    for client in clients:
        await client.close()


async def test_browser_page_is_served(live):
    reader, writer = await asyncio.open_connection("127.0.0.1", live.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = await reader.read()
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"200 OK" in head and b"text/html" in head and b"Content-Security-Policy" in head
    assert b"<html" in body.lower() or b"<!doctype" in body.lower()


async def test_a_socket_that_never_joins_is_closed(live):
    live.join_within = 0.2
    idle = ClassroomClient(address(live))
    await idle.connect()
    said = await idle.receive(5)
    assert isinstance(said, Error) and said.code == "join_timeout" and said.fatal
    with pytest.raises(ConnectionClosed):
        await idle.receive(5)
