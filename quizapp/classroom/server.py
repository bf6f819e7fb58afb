"""The host's network side: one WebSocket per student, the browser page on GET /.

It delivers what the game decides and nothing more: every student message goes
through `parse_client_message` and the game; any refusal goes back to that one
student as an `error`, so one bad client never disturbs the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections import deque
from collections.abc import Callable, Coroutine
from importlib import resources
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from quizapp.classroom.game import EVERYONE, Game, Out
from quizapp.classroom.names import name_keys
from quizapp.classroom.players import Refused
from quizapp.classroom.protocol import (
    Answer,
    Error,
    Join,
    Lobby,
    ProtocolError,
    TeacherAction,
    encode,
    parse_client_message,
)
from quizapp.classroom.results import ClassroomResult

log = logging.getLogger(__name__)

#: After this many refused messages a connection is closed (a flood, or a broken client).
MAX_ERRORS = 20
#: Lobby updates are coalesced: at most one broadcast per this many seconds.
LOBBY_EVERY = 0.1
#: Seconds a new connection has to join before it is closed: a page or `quizapp join`
#: sends its join at once, so a socket still silent after this only holds a slot.
JOIN_WITHIN = 5.0
#: Seconds a TCP connection has to finish the WebSocket handshake.
HANDSHAKE_WITHIN = 5.0
WS_PATH = "/ws"
KICKED_CLOSE = 4001
REPLACED_CLOSE = 4002
TOO_MANY_SOCKETS_CLOSE = 4003


def raise_open_file_limit() -> tuple[int, int]:
    """Raise this process's open-file soft limit to its hard limit; returns (soft, hard).

    Each student holds one socket, and the default soft limit (often 1024) would refuse
    everyone after about a thousand; the hard limit is what the system allows us.
    """
    try:
        import resource
    except ImportError:  # not on Windows: there the C runtime's limit applies
        return (0, 0)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    return soft, hard


class RateLimiter:
    """At most `per_second` events per key in any one-second window."""

    def __init__(self, per_second: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.clock = clock
        self.seen: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        if len(self.seen) > 10_000:  # keep memory bounded under a flood of addresses
            self.seen = {k: q for k, q in self.seen.items() if q and now - q[-1] < 1.0}
        times = self.seen.setdefault(key, deque())
        while times and now - times[0] >= 1.0:
            times.popleft()
        if len(times) >= self.per_second:
            return False
        times.append(now)
        return True


def page_html() -> str:
    return resources.files("quizapp.classroom").joinpath("web/index.html").read_text("utf-8")


def local_addresses() -> list[str]:
    """This machine's LAN IPv4 addresses, found without sending anything on the network."""
    found: list[str] = []
    # Connecting a UDP socket only asks the kernel for a route; no packet is sent.
    for target in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect((target, 9))
            ip = s.getsockname()[0]
            if ip not in found and not ip.startswith("127.") and ip != "0.0.0.0":
                found.append(ip)
    return found


class ClassroomServer:
    """Serves one game. Teacher actions are methods; students come in over /ws."""

    def __init__(
        self,
        game: Game,
        *,
        host: str = "0.0.0.0",
        port: int = 0,
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        self.game = game
        self.host = host
        self.port = port
        self.on_change = on_change
        self.join_within = JOIN_WITHIN
        self.conns: dict[str, ServerConnection] = {}
        #: Open connections per remote address, joined or not (capped: one address
        #: cannot hold hundreds of idle sockets).
        self.per_address: dict[str, int] = {}
        self.open_files = (0, 0)
        self.limiter = RateLimiter(game.settings.joins_per_second, game.clock)
        self.changed = asyncio.Event()
        self._server: Server | None = None
        self._lobby_pending: asyncio.TimerHandle | None = None
        self._html = page_html()
        self._tasks: set[asyncio.Future[None]] = set()

    # --- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        self.open_files = raise_open_file_limit()
        name_keys("warm")  # build the look-alike table now, not on the first student's join
        limit = self.game.settings.max_message_bytes
        self._server = await serve(
            self._handle,
            self.host,
            self.port,
            process_request=self._http,
            max_size=limit * 4,  # bigger frames are cut by websockets; ours get a clear error
            compression=None,  # small JSON frames: deflate would cost more CPU than it saves
            server_header=None,
            open_timeout=HANDSHAKE_WITHIN,
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._lobby_pending is not None:
            self._lobby_pending.cancel()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def addresses(self) -> list[str]:
        """Addresses to type in a browser or `quizapp join`."""
        every = self.host in ("0.0.0.0", "")
        hosts = [*local_addresses(), "127.0.0.1"] if every else [self.host]
        return [f"http://{h}:{self.port}/" for h in hosts]

    # --- HTTP: the page on /, the socket on /ws ------------------------------------

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        if request.path == WS_PATH:
            return None
        if request.path.split("?")[0] not in ("/", "/index.html"):
            return connection.respond(404, "Not found: open / for the quiz page\n")
        body = self._html.encode("utf-8")
        headers = Headers(
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"),
                (
                    "Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
                    "connect-src 'self' ws: wss:; img-src data:; base-uri 'none'; "
                    "form-action 'none'",
                ),
            ]
        )
        return Response(200, "OK", headers, body)

    # --- delivering ---------------------------------------------------------------

    def dispatch(self, outs: list[Out]) -> None:
        for out in outs:
            if out.to is EVERYONE:
                if isinstance(out.message, Lobby):
                    self._lobby_soon()
                elif out.skip:  # those with extra time get their own copy
                    here = [c for k, c in self.conns.items() if k not in out.skip]
                    broadcast(here, encode(out.message))
                else:
                    broadcast(list(self.conns.values()), encode(out.message))
            else:
                conn = self.conns.get(out.to)
                if conn is not None:
                    broadcast([conn], encode(out.message))
        self.changed.set()
        if self.on_change is not None:
            self.on_change("state")

    def _lobby_soon(self) -> None:
        if self._lobby_pending is None:
            loop = asyncio.get_running_loop()
            self._lobby_pending = loop.call_later(LOBBY_EVERY, self._lobby_now)

    def _lobby_now(self) -> None:
        self._lobby_pending = None
        broadcast(list(self.conns.values()), encode(self.game.lobby_message()))

    # --- students -----------------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        address = str(ws.remote_address[0]) if ws.remote_address else "?"
        key: str | None = None
        errors = 0
        held = self.per_address.get(address, 0)
        if held >= self.game.settings.sockets_per_address:
            cap = self.game.settings.sockets_per_address
            text = f"this address already has {cap} connections to the quiz; close some"
            broadcast([ws], encode(Error(code="too_many_sockets", message=text, fatal=True)))
            await ws.close(TOO_MANY_SOCKETS_CLOSE, "too many connections from this address")
            return
        self.per_address[address] = held + 1

        def never_joined() -> None:
            # A socket that never joins only holds a slot: close it.
            if key is None:
                text = f"join within {self.join_within:g} seconds of connecting"
                broadcast([ws], encode(Error(code="join_timeout", message=text, fatal=True)))
                self._later(ws.close(1008, text))

        idle = asyncio.get_running_loop().call_later(self.join_within, never_joined)
        try:
            async for raw in ws:
                alerts = len(self.game.alerts)
                try:
                    key = self._receive(ws, address, key, raw)
                    continue
                except (ProtocolError, Refused) as error:
                    code, text = error.code, error.message
                    if len(self.game.alerts) > alerts and self.on_change is not None:
                        self.on_change("alert")  # the PIN was rotated: tell the teacher
                except Exception:
                    # A bug on our side must cost this one message, not the game.
                    log.exception("classroom: message from %s failed", address)
                    code, text = "internal", "the host could not handle that message; try again"
                errors += 1
                fatal = errors >= MAX_ERRORS
                broadcast([ws], encode(Error(code=code, message=text, fatal=fatal)))
                if fatal:
                    await ws.close(1008, "too many refused messages")
                    break
        except ConnectionClosed:
            pass
        finally:
            idle.cancel()
            left = self.per_address.get(address, 1) - 1
            if left > 0:
                self.per_address[address] = left
            else:
                self.per_address.pop(address, None)
            if key is not None and self.conns.get(key) is ws:
                del self.conns[key]
                self.dispatch(self.game.leave(key))

    def _receive(
        self, ws: ServerConnection, address: str, key: str | None, raw: str | bytes
    ) -> str | None:
        message = parse_client_message(raw, self.game.settings.max_message_bytes)
        if isinstance(message, TeacherAction):
            raise ProtocolError("teacher_only", f"only the teacher can {message.type}")
        if isinstance(message, Join):
            if key is not None:
                raise ProtocolError("out_of_order", "you have already joined")
            if not self.limiter.allow(address):
                raise Refused(
                    "too_many_joins", "too many join attempts; wait a second and try again"
                )
            key, outs = self.game.join(message.pin, message.name, message.token)
            old = self.conns.get(key)
            self.conns[key] = ws
            if old is not None and old is not ws:
                # The same student from a new connection (their token proved it).
                self._later(old.close(REPLACED_CLOSE, "you joined from another connection"))
            self.dispatch(outs)
            return key
        assert isinstance(message, Answer)
        if key is None:
            raise ProtocolError("out_of_order", "join the game before answering")
        self.dispatch(self.game.answer(key, message.question, message.response))
        if self.on_change is not None:
            self.on_change("answer")
        return key

    # --- the teacher --------------------------------------------------------------

    def start_game(self) -> None:
        self._teacher(self.game.start())

    def close_question(self) -> None:
        if self.on_change is not None:
            self.on_change("closing")
        self._teacher(self.game.close())
        if self.on_change is not None:
            self.on_change("closed")

    def next_question(self) -> None:
        self._teacher(self.game.next())

    def finish(self) -> ClassroomResult:
        self._teacher(self.game.finish())
        return self.game.result()

    def lock(self) -> None:
        self._teacher(self.game.lock())

    def unlock(self) -> None:
        self._teacher(self.game.unlock())

    def approve(self, name: str) -> None:
        self.game.approve(name)

    def set_extra_time(self, name: str, factor: float) -> None:
        self.game.set_extra_time(name, factor)
        self.changed.set()  # an open question may now close later (or sooner)

    def kick(self, name: str) -> None:
        outs = self.game.kick(name)
        target = outs[0].to
        self._teacher(outs)
        conn = self.conns.pop(target, None) if target else None
        if conn is not None:
            self._later(conn.close(KICKED_CLOSE, "removed by the teacher"))

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        # Keep a reference so the task is not collected before it runs.
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _teacher(self, outs: list[Out]) -> None:
        self.dispatch(outs)

    # --- unattended ---------------------------------------------------------------

    async def wait_for_players(self, count: int, timeout: float | None) -> bool:
        """Wait until `count` players are connected; False if the timeout came first."""
        loop = asyncio.get_running_loop()
        end = None if timeout is None else loop.time() + timeout
        while len(self.game.connected) < count:
            self.changed.clear()
            left = None if end is None else end - loop.time()
            if left is not None and left <= 0:
                return False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)
        return True

    async def wait_question(self) -> None:
        """Wait until the open question's time is up or every connected player answered."""
        game = self.game
        while not game.all_answered:
            left = game.close_at - game.clock()  # waits for extra time
            if left <= 0:
                return
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), left)

    async def run_auto(self) -> ClassroomResult:
        """Play every question unattended: close on time or when all answered, then go on."""
        game = self.game
        self.start_game()
        while True:
            await self.wait_question()
            self.close_question()
            await asyncio.sleep(game.settings.reveal_seconds)
            if game.is_last:
                return self.finish()
            self.next_question()
