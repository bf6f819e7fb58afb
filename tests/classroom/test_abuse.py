"""Pranks against a real host over loopback, with an honest student watching.

Each flood comes from its own loopback source address (127.0.0.x: still this machine);
the honest student's frames must be exactly what they would be without the prank.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

import pytest
from conftest import make_deck
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from quizapp.classroom import ClassroomClient, ClassroomServer, ClassroomSettings, Game
from quizapp.classroom.protocol import Error, Lobby, Welcome, parse_server_message
from tests.waiting import eventually

PIN = "424242"


async def serve(**settings: object) -> ClassroomServer:
    base: dict[str, object] = {"time_per_question": 5, "reveal_seconds": 0,
                               "shuffle_questions": False}  # fmt: skip
    game = Game(make_deck(), ClassroomSettings(**{**base, **settings}), rng=random.Random(1),
                pin=PIN)  # fmt: skip
    server = ClassroomServer(game, host="127.0.0.1", port=0)
    await server.start()
    return server


def url(server: ClassroomServer) -> str:
    return f"ws://127.0.0.1:{server.port}/ws"


async def from_address(server: ClassroomServer, source: str):
    """A raw WebSocket to the host from loopback source address `source`."""
    return await connect(url(server), local_addr=(source, 0), compression=None)


async def first_message(ws, timeout: float = 5.0):
    return parse_server_message(await asyncio.wait_for(ws.recv(), timeout))


async def honest(server: ClassroomServer, name: str = "Honest") -> ClassroomClient:
    client = ClassroomClient(f"127.0.0.1:{server.port}", keep_frames=True)
    await client.join(PIN, name)
    return client


async def heard_until_locked(server: ClassroomServer, client: ClassroomClient) -> list[Any]:
    """Every message `client` is sent from now up to the lobby update `server.lock()` sends.

    The host writes to each socket in order, so whatever a prank made it send this client
    arrives before that update: reading up to it proves what the client heard, where a
    fixed sleep only hoped a stray frame would have come by then (and counting
    `client.frames` without reading them counted nothing)."""
    start = len(client.frames)
    server.lock()
    while True:
        message = await client.receive(5)
        if isinstance(message, Lobby) and message.locked:
            break
    server.unlock()
    return [parse_server_message(f) for f in client.frames[start:]]


def only_lobbies_naming(heard: list[Any], names: set[str]) -> bool:
    """Nothing but lobby updates, and none naming anyone outside `names`."""
    return all(isinstance(m, Lobby) and set(m.names) <= names for m in heard)


async def test_a_socket_flood_from_one_address_locks_out_nobody_else():
    server = await serve(sockets_per_address=20)
    server.join_within = 1.0
    try:
        assert server.open_files[0] == server.open_files[1] or server.open_files[1] == -1
        flood = [await from_address(server, "127.0.0.2") for _ in range(20)]
        extra = await from_address(server, "127.0.0.2")
        said = await first_message(extra)
        assert isinstance(said, Error) and said.code == "too_many_sockets" and said.fatal
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(extra.recv(), 5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4003
        # Another address is not touched by the flood.
        student = await honest(server)
        assert student.welcome is not None
        # The idle sockets are closed within the join window, freeing the address.
        for ws in flood:
            said = await first_message(ws)
            assert isinstance(said, Error) and said.code == "join_timeout"
        await eventually(lambda: server.per_address.get("127.0.0.2", 0) == 0)
        again = await from_address(server, "127.0.0.2")
        await again.send(json.dumps({"type": "join", "pin": PIN, "name": "Later"}))
        assert isinstance(await first_message(again), Welcome)
        await again.close()
        await student.close()
    finally:
        await server.stop()


async def test_a_ghost_player_flood_cannot_pass_the_cap():
    server = await serve(max_players=10, joins_per_second=100)
    try:
        student = await honest(server)
        refused = 0
        for i in range(30):
            ws = await from_address(server, f"127.0.0.{3 + i % 5}")
            await ws.send(json.dumps({"type": "join", "pin": PIN, "name": f"ghost{i}"}))
            said = await first_message(ws)
            if isinstance(said, Error):
                assert said.code == "full"
                refused += 1
            await ws.close()  # join and vanish: the ghost keeps a place
        assert refused == 21 and server.game.in_game == 10
        record = server.finish()
        assert len(record.players) == 10
        await student.close()
    finally:
        await server.stop()


async def test_look_alike_names_do_not_get_in():
    server = await serve()
    try:
        alice = await honest(server, "Alice")
        for name, code in (("Аlice", "bad_name"), ("Ａｌｉｃｅ", "name_taken"),
                           ("Ali\u034fce", "bad_name"), ("\u3164", "bad_name"),
                           ("AIice", "name_taken")):  # fmt: skip
            ws = await from_address(server, "127.0.0.9")
            await ws.send(json.dumps({"type": "join", "pin": PIN, "name": name}))
            said = await first_message(ws)
            assert isinstance(said, Error) and said.code == code, (name, said)
            await ws.close()
        assert only_lobbies_naming(await heard_until_locked(server, alice), {"Alice"})
        assert [p.name for p in server.game.players.values()] == ["Alice"]
        await alice.close()
    finally:
        await server.stop()


async def test_a_distributed_pin_guess_is_stopped_and_the_teacher_told():
    server = await serve(wrong_pins_per_minute=30, joins_per_second=10)
    alerts: list[str] = []
    server.on_change = alerts.append
    try:
        student = await honest(server)
        codes: list[str] = []

        async def guesser(n: int) -> None:
            ws = await from_address(server, f"127.0.1.{n}")
            for guess in range(8):  # under the per-address limit: only the global one bites
                await ws.send(json.dumps({"type": "join", "pin": f"{n:03d}{guess:03d}",
                                          "name": f"g{n}x{guess}"}))  # fmt: skip
                said = await first_message(ws)
                codes.append(said.code)  # type: ignore[union-attr]
            await ws.close()

        await asyncio.gather(*(guesser(n) for n in range(1, 21)))  # 20 addresses, 160 guesses
        assert codes.count("wrong_pin") == 30  # only 30 PINs were ever checked
        assert codes.count("pin_cooldown") == 130
        assert server.game.pin != PIN and "alert" in alerts
        assert server.game.pin in server.game.alerts[0]
        # The honest student saw nothing of it and keeps playing; with their token they
        # could rejoin whatever the PIN is now.
        assert only_lobbies_naming(await heard_until_locked(server, student), {"Honest"})
        token = student.token
        await student.close()
        back = ClassroomClient(f"127.0.0.1:{server.port}")
        assert (await back.join(PIN, "Honest", token)).rejoined
        await back.close()
    finally:
        await server.stop()


async def test_kick_and_let_back_in_cannot_be_taken_over():
    server = await serve()
    try:
        eve = await honest(server, "Eve")
        token = eve.token
        server.kick("Eve")
        server.approve("Eve")
        thief = ClassroomClient(f"127.0.0.1:{server.port}")
        with pytest.raises(Exception) as refused:
            await thief.join(PIN, "Eve")
        assert getattr(refused.value, "code", None) == "kicked"
        await thief.close()
        back = ClassroomClient(f"127.0.0.1:{server.port}")
        welcome = await back.join(PIN, "Eve", token)
        assert welcome.rejoined and welcome.token == token
        await back.close()
    finally:
        await server.stop()


async def test_deep_json_and_junk_get_codes_and_no_traceback(caplog):
    server = await serve()
    try:
        student = await honest(server)
        junk = ["[" * 3000 + "]" * 3000,
                '{"type":"answer","question":0,"response":' + "{\"a\":" * 1200 + "1" + "}" * 1201,
                "\xff", b"\xff\xfe", "null", "{}", '{"type": 5}', '{"type":"join"}',
                '{"type":"answer","question":1e999,"response":1}', "9" * 5000]  # fmt: skip
        ws = await from_address(server, "127.0.0.7")
        with caplog.at_level(logging.DEBUG, logger="quizapp.classroom.server"):
            for frame in junk:
                await ws.send(frame)
                said = await first_message(ws)
                assert isinstance(said, Error) and said.code in ("too_deep", "malformed"), said
        assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
        await ws.close()
        assert only_lobbies_naming(await heard_until_locked(server, student), {"Honest"})
        await student.close()
    finally:
        await server.stop()


async def test_a_second_connection_of_one_player_is_quiet_for_the_others():
    server = await serve()
    try:
        watcher = await honest(server, "Watcher")
        tab = await honest(server, "Tab")
        # The watcher hears of Tab's arrival first: read up to it.
        while not (isinstance(m := await watcher.receive(5), Lobby) and "Tab" in m.names):
            pass
        second = ClassroomClient(f"127.0.0.1:{server.port}")
        await second.join(PIN, "Tab", tab.token)
        with pytest.raises(ConnectionClosed):
            while True:
                await tab.receive(5)
        assert tab.close_code == 4002 and tab.closed_for_good
        # Both moves were the same player in one place: the only lobby update the watcher
        # gets after Tab's arrival is the one the lock sends (one arriving within the
        # host's 0.1 s coalescing would merge into it, and it names the same two).
        heard = await heard_until_locked(server, watcher)
        assert len(heard) == 1 and only_lobbies_naming(heard, {"Watcher", "Tab"}), heard
        await second.close()
        await watcher.close()
    finally:
        await server.stop()
