"""A student's side of the protocol: join, answer, and read what the host sends.

Used by the terminal join screen, the tests and the benchmark. It keeps every raw
frame it received (`frames`) so tests can check nothing leaked early.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from urllib.parse import urlsplit

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from quizapp.classroom.protocol import (
    Ack,
    Error,
    Response,
    ServerMessage,
    Welcome,
    parse_server_message,
)


class JoinRefused(Exception):
    """The host said no; `code` and `message` come from its `error` message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def ws_url(address: str) -> str:
    """'192.168.1.5:8765', 'http://host:port/' or 'ws://host:port/ws' -> the socket URL."""
    address = address.strip()
    if "://" not in address:
        address = "http://" + address
    parts = urlsplit(address)
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    if not parts.hostname:
        raise ValueError(f"{address!r} is not an address; type it as shown on the teacher's screen")
    return f"{scheme}://{parts.netloc}/ws"


#: Close codes after which a client must not reconnect (see PROTOCOL.md).
FINAL_CLOSE_CODES = frozenset({1008, 4001, 4002, 4003})


class ClassroomClient:
    def __init__(
        self,
        address: str,
        *,
        keep_frames: bool = False,
        observer: Callable[[ServerMessage], None] | None = None,
        local_addr: str | None = None,
    ) -> None:
        self.url = ws_url(address)
        #: Source address to connect from (the benchmark gives each student its own).
        self.local_addr = local_addr
        self.keep_frames = keep_frames
        #: Sees every message received (the student's opt-in recording of answers as reviews).
        self.observer = observer
        self.frames: list[str] = []
        self.welcome: Welcome | None = None
        self.pin = ""
        self._ws: ClientConnection | None = None

    @property
    def token(self) -> str | None:
        return self.welcome.token if self.welcome else None

    @property
    def close_code(self) -> int | None:
        return self._ws.close_code if self._ws is not None else None

    @property
    def closed_for_good(self) -> bool:
        """True when the host closed this connection so that it must not be reopened:
        removed (4001), replaced by this player's newer connection (4002), too many
        sockets from here (4003) or too many refused messages (1008)."""
        return self.close_code in FINAL_CLOSE_CODES

    async def connect(self) -> None:
        local_addr = (self.local_addr, 0) if self.local_addr else None  # None: the OS picks
        self._ws = await connect(
            self.url, compression=None, open_timeout=10, max_size=2**22, local_addr=local_addr
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    async def send_raw(self, data: str | bytes) -> None:
        assert self._ws is not None, "connect() first"
        await self._ws.send(data)

    async def receive_raw(self, timeout: float | None = None) -> str:
        """The next frame from the host, unparsed (ConnectionClosed when it hung up)."""
        assert self._ws is not None, "connect() first"
        raw = await asyncio.wait_for(self._ws.recv(), timeout)
        text = raw if isinstance(raw, str) else raw.decode("utf-8")
        if self.keep_frames:
            self.frames.append(text)
        return text

    async def receive(self, timeout: float | None = None) -> ServerMessage:
        """The next message from the host (ConnectionClosed when the host hung up)."""
        message = parse_server_message(await self.receive_raw(timeout))
        if self.observer is not None:
            self.observer(message)
        return message

    async def join(
        self, pin: str, name: str, token: str | None = None, timeout: float = 10
    ) -> Welcome:
        """Join (or rejoin with `token`); raises JoinRefused with the host's reason."""
        if self._ws is None:
            await self.connect()
        payload = {"type": "join", "pin": pin, "name": name}
        if token:
            payload["token"] = token
        await self.send_raw(json.dumps(payload))
        while True:
            message = await self.receive(timeout)
            if isinstance(message, Welcome):
                self.welcome, self.pin = message, pin
                return message
            if isinstance(message, Error):
                raise JoinRefused(message.code, message.message)

    async def rejoin(self) -> Welcome:
        """After a dropped connection: a new one, same name, same score."""
        assert self.welcome is not None, "join() first"
        await self.close()
        self._ws = None
        return await self.join(self.pin, self.welcome.name, self.welcome.token)

    async def answer(self, question: int, response: Response) -> None:
        payload = {"type": "answer", "question": question, "response": response}
        await self.send_raw(json.dumps(payload))

    async def answer_and_wait(
        self, question: int, response: Response, timeout: float = 10
    ) -> Ack | Error:
        """Answer and wait for the host's ack or refusal (other messages are skipped)."""
        await self.answer(question, response)
        while True:
            message = await self.receive(timeout)
            if isinstance(message, Ack | Error):
                return message

    async def events(self) -> AsyncIterator[ServerMessage]:
        """Every message from the host until it closes the connection."""
        while True:
            try:
                yield await self.receive()
            except ConnectionClosed:
                return
            except ValidationError:
                continue  # a newer host's message we do not know: skip it

