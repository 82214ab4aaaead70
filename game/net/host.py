"""The classroom host (DESIGN.md §10): the authoritative Match inside a websockets asyncio server.

The server runs its own event loop in its own thread, so the teacher's console (pygame, on the
main thread) drives it through the thread-safe methods below; every touch of the match happens on
the loop's thread. A turn: automatic seats order at once (Match.decide); each remote seat is sent
its own view and orders when ready; when nobody is pending (or the timer runs out and the silent
are covered as their seat says) the match resolves the turn, the host autosaves, and each seat is
sent the events it may see.

Privacy: a seat's connection is sent its own view, its own queued orders, the events it may see
and what the others said to it (game.net.statements), and on joining its own history of these;
observers the public view (game.net.wire.public_view). Faults cost only their connection: a
frame over the size cap closes it (websockets), a flood hits the rate limit, junk gets an error.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Mapping, TypeVar

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from game.core.commands import dump_orders
from game.errors import NetError, OrderError, SaveError
from game.scenario.models import Scenario
from game.match.match import Match, hold_orders
from game.match.seats import ControllerSeat, RemoteSeat
from game.net import wire
from game.net.protocol import (
    MAX_FRAME_BYTES, PROTOCOL_VERSION, Array, Error, FrameError, GameOver, Hello, IfSilent, Ok, SeatHistory, SeatInfo,
    SeatStatus, StateInfo, Submit, Sync, TurnOpened, TurnResolved, Welcome, Withdraw, clean_team, decode_request, encode,
)
from game.net.statements import said_to

log = logging.getLogger("game.net.host")
_ws_log = logging.getLogger("game.net.host.websockets")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6  # 32**6 ≈ 10**9 codes, against a rate-limited guesser
AUTOSAVE_NAME = "autosave.json"
RATE_PER_SECOND = 20.0  # frames a connection may send, on average...
RATE_BURST = 40.0  # ...and at once
BAD_FRAMES_ALLOWED = 10  # invalid frames before the connection is closed
OUTBOX_LIMIT = 256  # messages waiting for a client that does not read: beyond, it is dropped

T = TypeVar("T")


def new_code(taken: Iterable[str] = ()) -> str:
    taken = set(taken)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def normalise_code(text: str) -> str:
    """What a person types: any case, spaces or dashes between groups."""
    return "".join(ch for ch in text.upper() if ch not in " -")


def network_match(scenario: Scenario, seed: int | None = None, remote: Iterable[str] | None = None,
                  if_silent: IfSilent = "wait", minds: Literal["advisor", "doctrine"] = "advisor") -> Match:
    """A match for the host: the states in `remote` (all of them by default) are remote seats with
    their scenario doctrine as fallback (used when `if_silent` is "ai"); the others are played by
    their doctrine on the host. `minds`: the mind-set the engine gives a remote seat's state — the
    neutral advisor's (as for any person), or its doctrine's (so that bots playing the seats
    reproduce a headless game of the same doctrines exactly)."""
    from game.match.games import doctrine_controllers

    controllers = doctrine_controllers(scenario)
    remote = set(scenario.state_ids if remote is None else remote)
    unknown = remote - set(scenario.state_ids)
    if unknown:
        raise NetError(f"no such state: {', '.join(sorted(unknown))} (states: {', '.join(scenario.state_ids)})")
    seats = {sid: RemoteSeat(team="", if_silent=if_silent, fallback=c) if sid in remote else ControllerSeat(c)
             for sid, c in controllers.items()}
    chosen = {sid: c.mindset for sid, c in controllers.items()} if minds == "doctrine" else None
    return Match(scenario, seats, seed=seed, minds=chosen)


@dataclass(frozen=True)
class SeatRow:
    """One seat as the teacher's console shows it."""

    seat: str
    name: str
    team: str
    code: str | None  # None for a seat played on the host
    remote: bool
    connected: bool
    ordered: bool
    if_silent: str
    alive: bool


@dataclass(frozen=True)
class TurnStat:
    turn: int
    latency: float  # seconds from the last orders in to the next turn's views queued
    cpu: float  # host thread CPU seconds spent resolving and opening


class _Connection:
    """One client: its role, its rate bucket, and the messages waiting to be written to it (a
    writer task per connection, so one slow client never holds up the others)."""

    def __init__(self, ws: ServerConnection):
        self.ws = ws
        self.role: str | None = None  # "seat" | "observer" once joined
        self.seat: str | None = None
        self.bot = False
        self.outbox: asyncio.Queue[str | None] = asyncio.Queue()
        self.tokens = RATE_BURST
        self.refilled = time.monotonic()
        self.bad_frames = 0
        self.closing = False

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(RATE_BURST, self.tokens + (now - self.refilled) * RATE_PER_SECOND)
        self.refilled = now
        self.tokens -= 1
        return self.tokens >= 0

    def push(self, text: str) -> None:
        if self.closing:
            return
        if self.outbox.qsize() >= OUTBOX_LIMIT:
            self.end()
            return
        self.outbox.put_nowait(text)

    def end(self, last: Error | None = None) -> None:
        """Send `last` (if any), then close."""
        if self.closing:
            return
        if last is not None:
            self.outbox.put_nowait(encode(last))
        self.closing = True
        self.outbox.put_nowait(None)

    @property
    def peer(self) -> str:
        try:
            host, port = self.ws.remote_address[:2]
            return f"{host}:{port}"
        except (TypeError, ValueError):
            return "?"


class Host:
    def __init__(self, match: Match | None = None, *, scenario: Scenario | None = None, seed: int | None = None,
                 remote: Iterable[str] | None = None, if_silent: IfSilent = "wait",
                 minds: Literal["advisor", "doctrine"] = "advisor", teams: Mapping[str, str] | None = None,
                 bind: str = "127.0.0.1", port: int = 0, codes: Mapping[str, str] | None = None,
                 turn_seconds: float | None = None, allow_observers: bool = True,
                 autosave_dir: str | Path | None = None, bot_rng: bool = True):
        """Host `match`, or a match of `scenario` and `seed` made by `network_match` (`remote`,
        `if_silent`, `minds`). `codes` (state id -> code) keeps the codes of a class game resumed
        from its autosave; new ones are drawn for the others. `bot_rng`: give bots the generator
        their seat's AI would draw from (the same game as a headless one), derived from the seed
        by a one-way hash. Call `start()`."""
        if match is None:
            if scenario is None:
                raise NetError("give the host a match, or a scenario to make one")
            match = network_match(scenario, seed, remote, if_silent, minds)
        self.match = match
        self.bind = bind
        self.port = port
        self.turn_seconds = turn_seconds
        self.allow_observers = allow_observers
        self.autosave_dir = Path(autosave_dir) if autosave_dir is not None else None
        self.bot_rng = bot_rng
        names = dict(zip(match.engine.ids, match.engine.state.names))
        self._names = names
        self._teams = {sid: (teams or {}).get(sid) or getattr(seat, "team", "") or ""
                       for sid, seat in match.seats.items()}
        self._codes: dict[str, str] = {}
        for sid in match.people():
            given = (codes or {}).get(sid)
            self._codes[sid] = normalise_code(given) if given else new_code(self._codes.values())
        self._by_code = {code: sid for sid, code in self._codes.items()}
        self._seat_conn: dict[str, _Connection] = {}
        self._observers: set[_Connection] = set()
        self._paused = False
        self._deadline: float | None = None
        self._remaining: float | None = None  # timer left while paused
        self._ready_at: float | None = None
        self._status_due = False
        self.turn_stats: list[TurnStat] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._start_error: BaseException | None = None
        self._stop: asyncio.Event | None = None
        self._finished = threading.Event()

    # --- life ------------------------------------------------------------------------------
    def start(self) -> "Host":
        """Open the port and the first turn; returns once clients can connect (NetError if the
        address cannot be bound). Starting a started host does nothing."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name="net-host", daemon=True)
        self._thread.start()
        self._started.wait()
        if self._start_error is not None:
            err = self._start_error
            raise NetError(f"cannot host on {self.bind}:{self.port}: {err}") from None
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Tell every client the host is closing, close the server and end the thread."""
        loop = self._loop
        if loop is not None and self._thread is not None and self._thread.is_alive():
            loop.call_soon_threadsafe(self._close_all)
            self._thread.join(timeout)

    def __enter__(self) -> "Host":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def address(self) -> str:
        return f"{self.bind}:{self.port}"

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the game is over (True) or `timeout` passes (False)."""
        return self._finished.wait(timeout)

    def run_headless(self, out_dir: str | Path, timeout: float | None = None) -> list[Path]:
        """Serve until the game is over, then write simulate's files (summary.json, series.csv,
        replay.json) into `out_dir`, stop, and return their paths."""
        if self._thread is None:
            self.start()
        try:
            if not self.wait(timeout):
                raise NetError(f"the game did not end within {timeout} seconds")
            return self.call(lambda: write_outputs(self.match, out_dir, self._teams))
        finally:
            self.stop()

    # --- the teacher's console (thread-safe) -----------------------------------------------
    def call(self, fn: Callable[[], T], timeout: float = 10.0) -> T:
        """Run `fn` on the host's loop (where the match lives) and return its result."""
        loop = self._loop
        if loop is None or self._thread is None or not self._thread.is_alive():
            return fn()
        if threading.current_thread() is self._thread:
            return fn()
        done: concurrent.futures.Future = concurrent.futures.Future()

        def run() -> None:
            try:
                done.set_result(fn())
            except BaseException as err:  # handed to the caller's thread
                done.set_exception(err)

        loop.call_soon_threadsafe(run)
        return done.result(timeout)

    def seats(self) -> list[SeatRow]:
        return self.call(self._seat_rows)

    def codes(self) -> dict[str, str]:
        return self.call(lambda: dict(self._codes))

    def seconds_left(self) -> float | None:
        return self.call(self._seconds_left)

    @property
    def paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        self.call(self._pause)

    def resume(self) -> None:
        self.call(self._resume)

    def end_turn_now(self) -> bool:
        """Resolve the turn now: silent seats are covered as their policy says, and seats set to
        wait hold their level (the teacher decided the turn must go on). Not while paused:
        returns whether the turn was resolved."""
        def run() -> bool:
            turn = self.match.turn
            self._cover_silent(force=True)
            return self.match.turn > turn
        return self.call(run)

    def set_turn_seconds(self, seconds: float | None) -> None:
        def run() -> None:
            self.turn_seconds = seconds
            self._deadline = time.monotonic() + seconds if seconds and not self.match.finished else None
            self._broadcast_status()
        self.call(run)

    def set_if_silent(self, sid: str, policy: IfSilent) -> None:
        if policy not in ("wait", "hold", "ai"):
            raise ValueError(f"unknown policy {policy!r}: wait, hold or ai")

        def run() -> None:
            self._remote_seat(sid).if_silent = policy
        self.call(run)

    def reissue_code(self, sid: str) -> str:
        """A new code for the seat; the old one stops working and its client is disconnected."""
        def run() -> str:
            self._remote_seat(sid)
            old = self._codes[sid]
            code = new_code(self._by_code)
            del self._by_code[old]
            self._codes[sid] = code
            self._by_code[code] = sid
            conn = self._seat_conn.pop(sid, None)
            if conn is not None:
                conn.end(Error(code="code_reissued", fatal=True,
                               message="The teacher gave your seat a new code: join again with the new code."))
            self._broadcast_status()
            return code
        return self.call(run)

    def kick(self, sid: str) -> bool:
        """Disconnect the seat's client (it may rejoin with its code). True if one was connected."""
        def run() -> bool:
            conn = self._seat_conn.pop(sid, None)
            if conn is None:
                return False
            conn.end(Error(code="kicked", fatal=True, message="The teacher disconnected you."))
            self._broadcast_status()
            return True
        return self.call(run)

    # --- the loop --------------------------------------------------------------------------
    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as err:  # reported to start() or logged: never a silent death
            if not self._started.is_set():
                self._start_error = err
                self._started.set()
            else:
                log.error("the host stopped: %s", err)

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._server = await serve(self._serve_connection, self.bind, self.port, max_size=MAX_FRAME_BYTES,
                                   compression=None, open_timeout=5, logger=_ws_log)
        self.port = self._server.sockets[0].getsockname()[1]
        self._open_turn()
        self._started.set()
        self._loop.call_soon(self._progress)
        timer = asyncio.create_task(self._tick())
        await self._stop.wait()
        timer.cancel()
        self._server.close()
        await self._server.wait_closed()

    def _close_all(self) -> None:
        for conn in [*self._seat_conn.values(), *self._observers]:
            conn.end(Error(code="host_closing", fatal=True, message="The host closed the game."))
        assert self._loop is not None and self._stop is not None
        self._loop.call_later(0.2, self._stop.set)  # let the writers send their last words

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(0.1)
            if self._deadline is not None and not self._paused and time.monotonic() >= self._deadline:
                self._deadline = None
                self._cover_silent(force=False)

    async def _serve_connection(self, ws: ServerConnection) -> None:
        conn = _Connection(ws)
        writer = asyncio.create_task(self._write(conn))
        try:
            async for frame in ws:
                # Once ending, frames are read and dropped so that the closing handshake (queued
                # behind them) is read too; the writer aborts a peer that never closes.
                if conn.closing:
                    continue
                if not conn.allow():
                    conn.end(Error(code="rate_limit", fatal=True, message="Too many messages: slow down."))
                    continue
                self._on_frame(conn, frame)
        except ConnectionClosed:
            pass
        except Exception as err:  # one bad connection must never stop the host
            log.warning("connection %s dropped: %s", conn.peer, err)
        finally:
            self._detach(conn)
            conn.end()
            try:
                await asyncio.wait_for(writer, 2.0)
            except (asyncio.TimeoutError, ConnectionClosed):
                writer.cancel()

    async def _write(self, conn: _Connection) -> None:
        try:
            while True:
                text = await conn.outbox.get()
                if text is None:
                    await conn.ws.close(1000 if conn.role else 1008)
                    return
                await conn.ws.send(text)
        except ConnectionClosed:
            pass

    # --- requests --------------------------------------------------------------------------
    def _on_frame(self, conn: _Connection, frame: str | bytes) -> None:
        try:
            request = decode_request(frame)
        except FrameError as err:
            conn.bad_frames += 1
            fatal = conn.bad_frames > BAD_FRAMES_ALLOWED
            conn.push(encode(Error(id=err.request_id, code="bad_frame", message=str(err), fatal=fatal)))
            if fatal:
                conn.end()
            return
        if isinstance(request, Hello):
            self._on_hello(conn, request)
        elif conn.role is None:
            conn.push(encode(Error(id=request.id, code="not_joined", message="say hello first")))
        elif isinstance(request, Submit):
            self._on_submit(conn, request)
        elif isinstance(request, Withdraw):
            self._on_withdraw(conn, request)
        elif isinstance(request, Sync):
            conn.push(encode(Ok(id=request.id)))
            self._send_turn(conn)

    def _on_hello(self, conn: _Connection, hello: Hello) -> None:
        def refuse(code: str, message: str) -> None:
            conn.end(Error(id=hello.id, code=code, message=message, fatal=True))  # type: ignore[arg-type]

        if conn.role is not None:
            conn.push(encode(Error(id=hello.id, code="bad_frame", message="already joined")))
            return
        if hello.version != PROTOCOL_VERSION:
            return refuse("version", f"This host speaks protocol version {PROTOCOL_VERSION} and your game speaks "
                                     f"version {hello.version}: install the same version of the game as the host.")
        if self.match.finished:
            return refuse("game_over", "This game is over.")
        if hello.observer:
            if not self.allow_observers:
                return refuse("observers_forbidden", "The host does not allow observers in this game.")
            conn.role = "observer"
            self._observers.add(conn)
        else:
            sid = self._by_code.get(normalise_code(hello.code or ""))
            if sid is None:
                return refuse("wrong_code", "No seat has that code: check it with your teacher.")
            old = self._seat_conn.get(sid)
            if old is not None:
                old.end(Error(code="taken_over", fatal=True,
                              message=f"Another computer joined as {self._names[sid]} with your code."))
            conn.role, conn.seat, conn.bot = "seat", sid, hello.bot
            self._seat_conn[sid] = conn
            team = clean_team(hello.team)
            if team:
                self._teams[sid] = team
            log.info("%s joined as %s", conn.peer, sid)
        conn.push(encode(Ok(id=hello.id)))
        conn.push(encode(self._welcome(conn)))
        if conn.seat is not None:
            conn.push(encode(self._history(conn.seat)))
        self._send_turn(conn)
        self._broadcast_status()

    def _on_submit(self, conn: _Connection, submit: Submit) -> None:
        sid = conn.seat
        match = self.match
        if sid is None:
            conn.push(encode(Error(id=submit.id, code="not_now", message="Observers do not give orders.")))
            return
        if match.finished:
            conn.push(encode(Error(id=submit.id, code="game_over", message="The game is over.")))
            return
        if submit.turn != match.turn + 1:
            conn.push(encode(Error(id=submit.id, code="not_now",
                                   message=f"These orders are for turn {submit.turn}; turn {match.turn + 1} is open.")))
            return
        if sid not in match.engine.pending() and match.engine.submitted(sid) is None:
            conn.push(encode(Error(id=submit.id, code="not_now", message="Your state gives no orders any more.")))
            return
        try:
            match.submit(sid, submit.orders)
        except OrderError as err:
            conn.push(encode(Error(id=submit.id, code="illegal_order", message=str(err))))
            return
        conn.push(encode(Ok(id=submit.id)))
        self._broadcast_status()
        if match.ready():
            self._ready_at = time.perf_counter()
            self._progress()

    def _on_withdraw(self, conn: _Connection, withdraw: Withdraw) -> None:
        if conn.seat is not None and not self.match.finished:
            self.match.withdraw(conn.seat)
        conn.push(encode(Ok(id=withdraw.id)))
        self._broadcast_status()

    def _detach(self, conn: _Connection) -> None:
        self._observers.discard(conn)
        if conn.seat is not None and self._seat_conn.get(conn.seat) is conn:
            del self._seat_conn[conn.seat]
            log.info("%s (%s) disconnected", conn.peer, conn.seat)
            self._broadcast_status()

    # --- turns -----------------------------------------------------------------------------
    def _open_turn(self) -> None:
        """Automatic seats order; every client is sent the open turn."""
        self.match.decide()
        self._deadline = time.monotonic() + self.turn_seconds if self.turn_seconds else None
        self._remaining = self.turn_seconds if self._paused and self.turn_seconds else None
        shared: dict = {}  # the views of this turn share the public record: encoded once
        for conn in self._seat_conn.values():
            self._send_turn(conn, shared)
        if self._observers:
            text = encode(self._public_turn())
            for conn in self._observers:
                conn.push(text)
        self._broadcast_status()

    def _progress(self) -> None:
        """Resolve the turn if nobody is pending; the next one is tried on the next loop pass,
        so clients are served between turns even when no person plays."""
        match = self.match
        if self._paused or match.finished or not match.ready():
            return
        cpu = time.thread_time()
        ready_at = self._ready_at if self._ready_at is not None else time.perf_counter()
        self._ready_at = None
        report = match.advance()
        self._autosave()
        explanations = match.explanations(report.turn)
        for sid, conn in self._seat_conn.items():
            events = [e.to_dict() for e in report.events if e.visible(sid)]
            conn.push(encode(TurnResolved(turn=report.turn, events=events, said=said_to(report.turn, explanations, sid),
                                          state_hash=report.state_hash)))
        if self._observers:
            public = [e.to_dict() for e in report.events if e.visible_to is None]
            text = encode(TurnResolved(turn=report.turn, events=public, state_hash=report.state_hash))
            for conn in self._observers:
                conn.push(text)
        if match.finished:
            self._finish()
        else:
            self._open_turn()
        self.turn_stats.append(TurnStat(report.turn, time.perf_counter() - ready_at, time.thread_time() - cpu))
        if not match.finished and match.ready():
            assert self._loop is not None
            self._loop.call_soon(self._progress)

    def _cover_silent(self, force: bool) -> None:
        match = self.match
        if match.finished or self._paused:
            return
        still = match.fill_silent()
        if force:
            for sid in still:
                match.submit(sid, hold_orders(match.engine.view_for(sid)))
        self._broadcast_status()
        if match.ready():
            self._ready_at = time.perf_counter()
            self._progress()

    def _finish(self) -> None:
        st = self.match.engine.state
        survivors = [sid for sid, alive in zip(st.ids, st.alive.tolist()) if alive]
        reason = "one state is left" if len(survivors) <= 1 else f"the last turn ({st.turn}) is played"
        from game.match.saves import record

        replay = record(self.match.engine, seat_specs(self.match), kind="replay").model_dump(mode="json", exclude_none=True)
        text = encode(GameOver(turn=st.turn, reason=reason, survivors=survivors, replay=replay))
        for conn in [*self._seat_conn.values(), *self._observers]:
            conn.push(text)
        self._deadline = None
        self._broadcast_status()
        self._finished.set()

    def _pause(self) -> None:
        if not self._paused:
            self._remaining = self._seconds_left()
            self._paused = True
            self._deadline = None
            self._broadcast_status()

    def _resume(self) -> None:
        if self._paused:
            self._paused = False
            if self._remaining is not None:
                self._deadline = time.monotonic() + self._remaining
            self._remaining = None
            self._broadcast_status()
            self._progress()

    # --- messages --------------------------------------------------------------------------
    def _welcome(self, conn: _Connection) -> Welcome:
        engine = self.match.engine
        sc = engine.scenario
        states = [StateInfo(id=sid, name=name) for sid, name in zip(engine.ids, engine.state.names)]
        common = dict(title=sc.scenario.title, states=states, turn=engine.turn, max_turns=engine.state.max_turns)
        if conn.seat is None:
            return Welcome(role="observer", **common)
        spec = next(s for s in sc.states if s.id == conn.seat)
        return Welcome(role="seat", seat=conn.seat, team=self._teams.get(conn.seat, ""), doctrine=spec.doctrine,
                       difficulty=spec.difficulty, boldness=self.match.boldness[conn.seat], **common)

    def _send_turn(self, conn: _Connection, shared: dict | None = None) -> None:
        """The open turn for one client: its own view and queued orders, or the public view."""
        match = self.match
        if match.finished:
            return
        if conn.seat is None:
            conn.push(encode(self._public_turn()))
            return
        sid = conn.seat
        engine = match.engine
        queued = engine.submitted(sid)
        rng = None
        if conn.bot and self.bot_rng:
            rng = engine.ai_rng(sid).generator.bit_generator.state
        message = TurnOpened(turn=engine.turn + 1, view=wire.view_to_json(engine.view_for(sid), shared),
                             queued=dump_orders(queued) if queued is not None else None, ai_rng=rng,
                             seconds_left=self._seconds_left())
        conn.push(encode(message))

    def _history(self, sid: str) -> SeatHistory:
        """What the seat was shown of the turns played: the rows its views held, the events it
        could see, what the others said to it."""
        engine = self.match.engine
        i = engine.state.index(sid)
        series = engine.series
        belief = series["belief"][:, i, :].copy()
        belief[:, i] = 0.0  # a view holds no belief about its own state
        rows = {"rung": series["rung"], "alive": series["alive"], "Y": series["Y"], "threat": series["threat"][:, i, :],
                "belief": belief}
        said = [s for rec in engine.records for s in said_to(rec.turn, rec.explanations, sid)]
        return SeatHistory(turn=engine.turn, events=[e.to_dict() for e in engine.events_for(sid)], said=said,
                           **{name: Array(**wire.encode_value(rows)) for name, rows in rows.items()})

    def _public_turn(self) -> TurnOpened:
        return TurnOpened(turn=self.match.turn + 1, view=wire.public_view(self.match.engine),
                          seconds_left=self._seconds_left())

    def _broadcast_status(self) -> None:
        """Everyone is told who has ordered; changes within one pass of the loop (a burst of
        orders, a turn resolving and opening) make one message, not one each."""
        if self._status_due:
            return
        self._status_due = True
        if self._loop is not None:
            self._loop.call_soon(self._send_status)
        else:
            self._send_status()

    def _send_status(self) -> None:
        self._status_due = False
        conns = [*self._seat_conn.values(), *self._observers]
        if not conns:
            return
        status = SeatStatus(turn=self.match.turn + 1, paused=self._paused, seconds_left=self._seconds_left(),
                            seats=[SeatInfo(seat=r.seat, team=r.team, remote=r.remote, connected=r.connected,
                                            ordered=r.ordered) for r in self._seat_rows()])
        text = encode(status)
        for conn in conns:
            conn.push(text)

    # --- helpers ---------------------------------------------------------------------------
    def _seat_rows(self) -> list[SeatRow]:
        engine = self.match.engine
        pending = set(engine.pending())
        rows = []
        for k, (sid, seat) in enumerate(self.match.seats.items()):
            alive = bool(engine.state.alive[k])
            rows.append(SeatRow(
                seat=sid, name=self._names[sid], team=self._teams.get(sid, ""), code=self._codes.get(sid),
                remote=sid in self._codes, connected=sid in self._seat_conn,
                ordered=alive and sid not in pending, if_silent=getattr(seat, "if_silent", "-"), alive=alive,
            ))
        return rows

    def _seconds_left(self) -> float | None:
        if self._paused:
            return self._remaining
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - time.monotonic())

    def _remote_seat(self, sid: str) -> RemoteSeat:
        seat = self.match.seats.get(sid)
        if sid not in self._codes or seat is None:
            raise NetError(f"{sid!r} is not a remote seat of this game")
        return seat  # type: ignore[return-value]

    def _autosave(self) -> None:
        if self.autosave_dir is None:
            return
        from game.match.saves import record, write_save

        try:
            write_save(self.autosave_dir / AUTOSAVE_NAME,
                       record(self.match.engine, seat_specs(self.match, self._teams), kind="save",
                              ui={"net": self._net_settings()}))
        except SaveError as err:  # the game goes on; the teacher sees why in the log
            log.warning("autosave failed: %s", err)

    def _net_settings(self) -> dict[str, Any]:
        return {
            "codes": dict(self._codes), "teams": dict(self._teams),
            "if_silent": {sid: getattr(self.match.seats[sid], "if_silent", "wait") for sid in self._codes},
            "turn_seconds": self.turn_seconds, "allow_observers": self.allow_observers,
        }

    # --- resuming --------------------------------------------------------------------------
    @classmethod
    def from_save(cls, save_path: str | Path, **options: Any) -> "Host":
        """A host for a class game saved by `autosave_dir` (or any save): the same world, the same
        remote seats with the same codes, teams and policies. `options` are Host's (bind, port,
        autosave_dir...); the saved timer and observer settings apply unless given."""
        from game.ai.registry import make_controller
        from game.match.saves import read_save, replay_match

        save = read_save(save_path)
        match = replay_match(save, str(save_path))
        net = save.ui.get("net", {})
        policies = net.get("if_silent", {})
        teams = net.get("teams", {})
        for spec in save.scenario.states:
            saved = save.controllers.get(spec.id)
            doctrine = (saved.doctrine if saved and saved.doctrine else spec.doctrine)
            controller = make_controller(doctrine, saved.difficulty if saved else spec.difficulty)
            if saved is not None and saved.kind == "human":
                match.set_seat(spec.id, RemoteSeat(team=teams.get(spec.id, ""), if_silent=policies.get(spec.id, "wait"),
                                                   fallback=controller))
            else:
                match.set_seat(spec.id, ControllerSeat(controller))
        options.setdefault("turn_seconds", net.get("turn_seconds"))
        options.setdefault("allow_observers", net.get("allow_observers", True))
        return cls(match, codes=net.get("codes", {}), teams=teams, **options)


def seat_specs(match: Match, teams: Mapping[str, str] | None = None) -> dict:
    """Who governed each state, for a save: people as "human" (with the doctrine that covers them
    when silent, and their team's name if they gave one), the rest as their doctrine."""
    from game.match.saves import ControllerSpec

    def difficulty(controller: object) -> str:
        value = getattr(controller, "difficulty", "normal")
        return value if value in ("easy", "normal", "hard") else "normal"

    out = {}
    for sid, seat in match.seats.items():
        controller = getattr(seat, "controller", None) or getattr(seat, "fallback", None)
        doctrine = getattr(controller, "name", None)
        kind = "ai" if getattr(seat, "automatic", False) else "human"
        team = ((teams or {}).get(sid) or getattr(seat, "team", "") or None) if kind == "human" else None
        out[sid] = ControllerSpec(kind=kind, doctrine=doctrine, difficulty=difficulty(controller), team=team)
    return out


def write_outputs(match: Match, out_dir: str | Path, teams: Mapping[str, str] | None = None) -> list[Path]:
    """simulate's files for a finished network game: summary.json, series.csv, replay.json."""
    from game.match.games import restraint_counterfactual
    from game.match.outputs import series_csv, summary
    from game.match.saves import record, write_save

    engine = match.engine
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    specs = seat_specs(match, teams)
    doctrines = {sid: spec.doctrine for sid, spec in specs.items() if spec.doctrine}
    summ = summary(engine, doctrines, restraint_counterfactual(engine.scenario, engine.seed))
    paths = [out / "summary.json", out / "series.csv", out / "replay.json"]
    paths[0].write_text(json.dumps(summ, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(series_csv(engine), encoding="utf-8")
    write_save(paths[2], record(engine, specs, kind="replay"))
    return paths

