"""The classroom client: the threading websockets client in a worker thread, every message from
the host handed to the game loop through a `queue.Queue` the loop polls (DESIGN.md §10).

    client = Client("192.168.1.20:8765", code="K7QX2M").start()
    ... each frame:  while not client.inbox.empty(): handle(client.inbox.get_nowait())
    client.submit(turn, dump_orders(orders))     # the reply (Ok/Error) arrives in the inbox

The inbox holds the protocol's notices (Welcome, SeatHistory — `rows_of(msg)` makes its arrays —,
TurnOpened — `view_of(msg)` makes its View —, TurnResolved, SeatStatus, GameOver, Ok, Error) and `ConnectionLost` when the link drops. A dropped
link is retried with the same code for `reconnect_seconds`; the host then sends the open turn
again with the orders already queued. A fatal Error (wrong code, taken over, version...) ends the
client: `exit_code` is then 2.
"""
from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect

from game.core.view import View
from game.errors import NetError
from game.net import wire
from game.net.protocol import (
    PROTOCOL_VERSION, Error, FrameError, GameOver, Hello, SeatHistory, Submit, Sync, TurnOpened, Welcome, Withdraw,
    decode_notice, encode,
)

log = logging.getLogger("game.net.client")

DEFAULT_PORT = 8765
CLIENT_MAX_FRAME = 16 * 1024 * 1024  # the host is trusted to be sane; a big world's view is well under this


@dataclass(frozen=True)
class ConnectionLost:
    """The link to the host dropped; `retrying` says whether the client is trying again."""

    reason: str
    retrying: bool


def to_uri(address: str) -> str:
    """`host`, `host:port` or a ws:// URI."""
    address = address.strip()
    if address.startswith(("ws://", "wss://")):
        return address
    if address.count(":") > 1 and not address.startswith("["):
        return f"ws://[{address}]:{DEFAULT_PORT}"  # a bare IPv6 address
    has_port = ":" in address.rsplit("]", 1)[-1]
    return f"ws://{address}" if has_port else f"ws://{address}:{DEFAULT_PORT}"


def view_of(message: TurnOpened) -> View:
    """The seat's View in a TurnOpened (a doctrine's `decide` takes it)."""
    return wire.view_from_json(message.view)


def rows_of(message: SeatHistory) -> dict[str, np.ndarray]:
    """A seat's history as arrays by name, one row a turn from turn 0: rung, alive, Y (public)
    and the seat's own rows threat and belief."""
    return {name: wire.decode_value(getattr(message, name).model_dump()) for name in ("rung", "alive", "Y", "threat", "belief")}


def public_of(message: TurnOpened) -> dict[str, Any]:
    """An observer's public view in a TurnOpened, arrays and events decoded."""
    return wire.public_from_json(message.view)


def generator_from(state: dict[str, Any] | None) -> np.random.Generator:
    """The generator the seat's AI would draw from on the host (a fixed one if the host gave none)."""
    gen = np.random.Generator(np.random.PCG64(0))
    if state is not None:
        gen.bit_generator.state = state
    return gen


class Client:
    def __init__(self, address: str, code: str | None = None, team: str = "", observer: bool = False,
                 bot: bool = False, reconnect_seconds: float = 30.0, open_timeout: float = 5.0,
                 record_frames: bool = False):
        self.uri = to_uri(address)
        self.code = code
        self.team = team
        self.observer = observer
        self.bot = bot
        self.reconnect_seconds = reconnect_seconds
        self.open_timeout = open_timeout
        self.inbox: queue.Queue = queue.Queue()
        self.frames: list[str] | None = [] if record_frames else None  # every frame received, for tests
        self.welcome: Welcome | None = None
        self.game_over: GameOver | None = None
        self.error: Error | None = None  # the fatal error that ended the client
        self.failure: str | None = None  # why the host could not be reached
        self.done = threading.Event()
        self._ids = itertools.count(1)
        self._ws: ClientConnection | None = None
        self._closing = threading.Event()
        self._thread: threading.Thread | None = None

    # --- the game loop's side --------------------------------------------------------------
    def start(self) -> "Client":
        """Connect in the worker thread (starting a started client does nothing)."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name="net-client", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        ws = self._ws
        if ws is not None:
            ws.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5.0)

    @property
    def connected(self) -> bool:
        return self._ws is not None

    @property
    def exit_code(self) -> int:
        """0: the game ended or we left; 2: refused by the host or never reached it."""
        return 2 if self.error is not None or self.failure is not None else 0

    def submit(self, turn: int, orders: list[dict]) -> int | None:
        """Orders for `turn` (plain data: commands.dump_orders). Returns the request id, None if
        the link is down (the host sends the turn again on reconnection)."""
        return self._request(lambda i: Submit(id=i, turn=turn, orders=orders))

    def withdraw(self) -> int | None:
        return self._request(lambda i: Withdraw(id=i))

    def sync(self) -> int | None:
        return self._request(lambda i: Sync(id=i))

    def _request(self, make) -> int | None:
        ws = self._ws
        if ws is None:
            return None
        request_id = next(self._ids)
        try:
            ws.send(encode(make(request_id)))
        except ConnectionClosed:
            return None
        return request_id

    # --- the worker thread -----------------------------------------------------------------
    def _run(self) -> None:
        gave_up_at = time.monotonic() + self.reconnect_seconds
        pause = 0.1
        try:
            while not self._closing.is_set():
                try:
                    ws = connect(self.uri, open_timeout=self.open_timeout, max_size=CLIENT_MAX_FRAME, compression=None)
                except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as err:
                    if time.monotonic() >= gave_up_at:
                        self.failure = f"cannot reach the host at {self.uri}: {err}"
                        self.inbox.put(ConnectionLost(self.failure, retrying=False))
                        return
                    time.sleep(pause)
                    pause = min(2.0, pause * 2)
                    continue
                pause = 0.1
                with ws:
                    reason = self._session(ws)
                if self._closing.is_set() or self.error is not None or self.game_over is not None:
                    return
                gave_up_at = time.monotonic() + self.reconnect_seconds
                self.inbox.put(ConnectionLost(reason, retrying=True))
        finally:
            self._ws = None
            self.done.set()

    def _session(self, ws: ClientConnection) -> str:
        """One connection: hello, then every frame into the inbox. Returns why it ended."""
        try:
            ws.send(encode(Hello(id=next(self._ids), version=PROTOCOL_VERSION, code=self.code,
                                 observer=self.observer, team=self.team, bot=self.bot)))
            self._ws = ws
            for frame in ws:
                if self.frames is not None:
                    self.frames.append(frame if isinstance(frame, str) else frame.decode("utf-8", "replace"))
                try:
                    message = decode_notice(frame)
                except FrameError as err:
                    log.warning("%s", err)
                    continue
                if isinstance(message, Welcome):
                    self.welcome = message
                elif isinstance(message, Error) and message.fatal:
                    self.error = message
                elif isinstance(message, GameOver):
                    self.game_over = message
                self.inbox.put(message)
                if self.error is not None or self.game_over is not None:
                    ws.close()
                    break
            return "the host closed the connection"
        except ConnectionClosed as err:
            return f"the connection dropped ({err})"
        except OSError as err:
            return f"the connection dropped ({err})"
        finally:
            self._ws = None
            ws.close()


def wait_for(client: Client, kind: type, timeout: float = 10.0, keep: list | None = None):
    """The next inbox message of `kind` (others are appended to `keep`); NetError on timeout or
    if the client ends first. For bots and tests."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise NetError(f"no {kind.__name__} within {timeout} s")
        try:
            message = client.inbox.get(timeout=min(left, 0.2))
        except queue.Empty:
            if client.done.is_set() and client.inbox.empty():
                raise NetError(f"the client ended before a {kind.__name__} came"
                               + (f": {client.error.message}" if client.error else "")) from None
            continue
        if isinstance(message, kind):
            return message
        if keep is not None:
            keep.append(message)
