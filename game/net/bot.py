"""Headless players over the network (DESIGN.md §10, `join --bot`): a seat played by a doctrine,
and an observer that follows a game to its end. For tests, load benches and filling a seat."""
from __future__ import annotations

import logging
import queue
import time
from dataclasses import dataclass, field

from game.core.commands import dump_orders
from game.net.client import Client, ConnectionLost, generator_from, view_of
from game.net.protocol import Error, GameOver, TurnOpened, TurnResolved, Welcome

log = logging.getLogger("game.net.bot")


@dataclass
class BotResult:
    exit_code: int  # 0: played to the end; 2: refused or host unreachable; 3: timed out
    seat: str | None = None
    hashes: dict[int, str] = field(default_factory=dict)  # turn -> state hash, as the host announced
    error: str | None = None
    frames: list[str] | None = None  # every frame received, when asked to record
    reconnections: int = 0


def run_bot(address: str, code: str, doctrine: str | None = None, difficulty: str | None = None,
            timeout: float | None = None, team: str = "bot", record_frames: bool = False,
            client: Client | None = None) -> BotResult:
    """Play the seat of `code` with `doctrine` (default: the seat's scenario doctrine, which the
    host sends on joining) until the game is over."""
    from game.ai.registry import make_controller

    client = (client or Client(address, code=code, team=team, bot=True, record_frames=record_frames)).start()
    controller = None
    result = BotResult(exit_code=0)

    def on_message(message: object) -> None:
        nonlocal controller
        if isinstance(message, Welcome):
            result.seat = message.seat
            controller = make_controller(doctrine or message.doctrine or "defensive_realist",
                                         difficulty or message.difficulty or "normal")
            if hasattr(controller, "take_office"):  # the seat's leader, as on the host
                controller.take_office(message.boldness or 0.0)
        elif isinstance(message, TurnOpened) and message.queued is None and controller is not None:
            decision = controller.decide(view_of(message), generator_from(message.ai_rng))
            client.submit(message.turn, dump_orders(decision.orders))
        elif isinstance(message, TurnResolved):
            result.hashes[message.turn] = message.state_hash
        elif isinstance(message, Error) and not message.fatal:
            log.warning("%s: the host refused: %s", result.seat, message.message)

    return _follow(client, on_message, timeout, result)


def run_observer(address: str, timeout: float | None = None, record_frames: bool = False,
                 client: Client | None = None) -> BotResult:
    """Watch a game to its end (the public view only)."""
    client = (client or Client(address, observer=True, record_frames=record_frames)).start()
    result = BotResult(exit_code=0)

    def on_message(message: object) -> None:
        if isinstance(message, TurnResolved):
            result.hashes[message.turn] = message.state_hash

    return _follow(client, on_message, timeout, result)


def _follow(client: Client, on_message, timeout: float | None, result: BotResult) -> BotResult:
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            if deadline is not None and time.monotonic() >= deadline:
                result.exit_code, result.error = 3, f"the game did not end within {timeout} s"
                break
            try:
                message = client.inbox.get(timeout=0.2)
            except queue.Empty:
                if client.done.is_set() and client.inbox.empty():
                    break
                continue
            on_message(message)
            if isinstance(message, GameOver):
                break
            if isinstance(message, ConnectionLost):
                if not message.retrying:
                    break
                result.reconnections += 1
    finally:
        client.close()
    if result.exit_code == 0 and client.exit_code:
        result.exit_code = client.exit_code
        result.error = client.error.message if client.error else client.failure
    result.frames = client.frames
    return result
